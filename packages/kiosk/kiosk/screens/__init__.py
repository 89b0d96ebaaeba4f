"""Kivy screens: one .py and one .kv each. They show state and forward touches; no rules here."""
