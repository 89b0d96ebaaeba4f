"""The queue: offices, services, counters, kiosks, tickets and their events (Django app)."""
