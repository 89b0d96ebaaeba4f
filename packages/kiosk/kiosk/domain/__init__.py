"""The kiosk's rules and use cases, in plain Python (stdlib only).

Nothing here imports Kivy, hardware, network or storage code; the outside world is reached
through the small protocols in :mod:`kiosk.domain.ports`.
"""
