"""The Django project: settings from the TOML config, URLs, the WSGI entry point."""
