"""The central queue service: the server the kiosks sync with (Django)."""
