"""Layanan Kiosk: a self-service queue kiosk for Indonesian immigration offices."""

__version__ = "0.1.0"
