"""The training page: compliance, staff register, sessions and sign-in."""
