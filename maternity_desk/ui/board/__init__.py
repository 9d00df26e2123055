"""The Board report page and its PDF pack."""
