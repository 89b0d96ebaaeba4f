"""Adapters for the kiosk's devices, each with a real and a simulated implementation."""
