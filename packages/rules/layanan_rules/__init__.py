"""The rules the kiosk and the central both apply, and the wire contract between them.

Plain Python over the standard library (jsonschema checks the contract): nothing here needs a
screen, a device, a database or a web framework, so the central installs it without the kiosk's
Kivy, printer or GPIO libraries, and both sides compute a number, a date or an index the same way.
"""
