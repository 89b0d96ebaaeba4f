"""Serving the central with gunicorn, in this process.

Why gunicorn: it is what Django's deployment docs put first for WSGI; it runs on any Debian
or Raspberry Pi OS box from a wheel; its arbiter restarts a worker that dies or hangs and tells
systemd it is ready (sd_notify, ``Type=notify``); and its threaded workers (``gthread``) give
each request, and later each Server-Sent Events stream of a display board, a thread of its own
rather than a process, so a few screens holding a stream open do not starve the kiosks.
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from kiosk_central.config import CentralConfig


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from kiosk_central.project.wsgi import application

        return application


def serve(config: CentralConfig, host: str, port: int) -> int:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    _Gunicorn(
        {
            "bind": [bind],
            "workers": config.worker_processes,
            "threads": config.threads,
            "worker_class": "gthread",
            "timeout": 30,
            "graceful_timeout": 10,
            "keepalive": 30,  # kiosks keep one connection open between syncs
            "accesslog": None,  # paths only, but nobody needs them in the journal
            "errorlog": "-",
            "proc_name": "kiosk-central",
            "limit_request_line": 2048,
        }
    ).run()
    return 0
