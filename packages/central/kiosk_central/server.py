"""Serving the central: gunicorn's arbiter over uvicorn's ASGI workers, in this process.

Why gunicorn's arbiter: it runs on any Debian or Raspberry Pi OS box from a wheel, restarts a
worker that dies or hangs, and tells systemd it is ready (sd_notify, ``Type=notify``).

Why ASGI workers (uvicorn) rather than threads (gthread): a display board or a visitor's
status page holds a Server-Sent Events stream open all day. With a thread per request those
streams took the threads (256 at most), and a client sending its headers a byte a second held
one too. Here a connection costs a coroutine until its request and its body are read; a page's
request then runs in one of a fixed pool of threads (kiosk_central.project.asgi: Django's WSGI
handler through a2wsgi, each thread keeping its SQLite connection), and a live page, once its
first state is sent, is a coroutine again (kiosk_central.live.stream). What bounds a server is
then its open files and memory, not its threads.

Stopping: SIGTERM ends every live stream at once (the pages reconnect by themselves), the
requests in flight finish within ``graceful_timeout``, and the process exits.
"""

from __future__ import annotations

import gc

from gunicorn.app.base import BaseApplication
from uvicorn.server import Server
from uvicorn_worker import UvicornWorker

from kiosk_central.config import CentralConfig

GRACEFUL_S = 10  # a request in flight at SIGTERM finishes within this


class _Server(Server):
    def handle_exit(self, sig, frame) -> None:
        from kiosk_central.live.stream import close_all

        close_all()  # the streams would otherwise hold the shutdown to its timeout
        super().handle_exit(sig, frame)


class Worker(UvicornWorker):
    """uvicorn's worker with h11 (pure Python, on every platform), no lifespan events (Django
    has none), and the streams closed on shutdown."""

    CONFIG_KWARGS = {
        "loop": "asyncio",
        "http": "h11",
        "lifespan": "off",
        "timeout_graceful_shutdown": GRACEFUL_S,
        "h11_max_incomplete_event_size": 8192,  # a request line and headers, at most
        # REMOTE_ADDR is the peer: which proxy's X-Forwarded-For to believe is the central's
        # own setting, decided in one place (uvicorn would believe 127.0.0.1's by default)
        "proxy_headers": False,
    }

    def init_process(self) -> None:
        _forget_inherited_pools()
        super().init_process()

    async def _serve(self) -> None:
        import sys

        from gunicorn.arbiter import Arbiter

        self.config.app = self.wsgi
        # What is loaded now (Django, the app, their modules: most of the heap) lives as long
        # as the worker: out of the collector's way. A full collection walked all of it, 30 to
        # 45 ms with a morning's queue held, several times a minute in a rush (Python's
        # gc.freeze(): 8 ms after).
        gc.collect()
        gc.freeze()
        server = _Server(config=self.config)
        self._install_sigquit_handler()
        await server.serve(sockets=self.sockets)
        if not server.started:
            sys.exit(Arbiter.WORKER_BOOT_ERROR)


_INHERITED: list = []


def _forget_inherited_pools() -> None:
    """In a worker just forked: a PostgreSQL pool the arbiter holds (its retention job) came
    across the fork with its sockets; using it here would mix two processes' queries on one
    connection, closing it would close the arbiter's. Keep it referenced, unused: this process
    opens its own."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        from django.db.backends.postgresql.base import DatabaseWrapper

        _INHERITED.append(dict(DatabaseWrapper._connection_pools))
        DatabaseWrapper._connection_pools.clear()


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from kiosk_central.project.asgi import application

        return application


def _open_files() -> None:
    """Every open live page is a socket: raise the soft limit on open files to the hard one."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def _few_arenas() -> None:
    """glibc gives each thread that allocates a malloc arena of its own (up to 8 per core) and
    keeps what was freed in each: with a thread per request, a day's RSS grows with the arenas,
    not with the data. Two are enough for one process's requests (the workers inherit it)."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass  # not glibc (musl has no arenas to limit)


def serve(config: CentralConfig, host: str, port: int) -> int:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    _open_files()
    _few_arenas()
    from kiosk_central.live.stream import max_streams

    # past this many connections and requests at once a worker answers 503 at once
    Worker.CONFIG_KWARGS = {
        **Worker.CONFIG_KWARGS,
        "limit_concurrency": config.threads + max_streams(),
    }
    _Gunicorn(
        {
            "bind": [bind],
            "workers": config.worker_processes,
            "worker_class": "kiosk_central.server.Worker",
            "timeout": 30,
            "graceful_timeout": GRACEFUL_S,
            "keepalive": 30,  # kiosks keep one connection open between syncs
            "accesslog": None,  # paths only, but nobody needs them in the journal
            "errorlog": "-",
            "proc_name": "kiosk-central",
            "limit_request_line": 2048,
        }
    ).run()
    return 0
