"""Maternity Desk: the records one NHS maternity unit's safety programme runs on."""

__version__ = "0.1.0"
APP_NAME = "Maternity Desk"
APP_SLUG = "MaternityDesk"
