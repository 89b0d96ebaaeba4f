"""The kiosks' API: the contract ``kiosk/sync/openapi.json``, implemented over the queue."""
