"""The web shell has no tables of its own: failed sign-ins are django-axes' (web/lockout.py)."""
