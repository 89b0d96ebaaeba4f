"""Backups of the central's database, their restore, and what a restore tells the kiosks."""
