"""Tools for developers, tests and benchmarks: drive the real app without a person."""
