"""What the kiosk does for people: a visitor's check-in and rating, the guide library, the
technician's checks. Plain Python over the ports in :mod:`kiosk.domain.ports`; the adapters
(``kiosk.hardware``, ``kiosk.store``, ``kiosk.sync``) are handed in by :mod:`kiosk.bootstrap`."""
