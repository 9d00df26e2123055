"""The national benchmark page: the unit among the published national figures."""
