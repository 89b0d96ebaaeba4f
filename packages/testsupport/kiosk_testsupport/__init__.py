"""Tools for tests, benchmarks and the demo: a fake central to inject faults with, and a driver
that taps the real kiosk app without a person. Never part of a kiosk's or a central's install."""
