"""The Governance page and its dialogs."""
