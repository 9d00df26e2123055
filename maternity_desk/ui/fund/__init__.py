"""The training fund page: ledger, figures, burn-down, spend by category, statement of use."""
