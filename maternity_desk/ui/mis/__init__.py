"""The Incentive scheme page (the Maternity Incentive Scheme tracker) and its dialogs."""
