"""The nginx site for this central (``nginx.conf`` beside this file), from its config: the
upstream is where ``serve`` listens, and the allow list is ``staff_networks``, so the proxy and
the central cannot disagree about who is staff."""

from __future__ import annotations

from importlib import resources

from kiosk_central.config import CentralConfig


def _upstream(config: CentralConfig) -> str:
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(config.host, config.host)
    return f"[{host}]:{config.port}" if ":" in host else f"{host}:{config.port}"


def site(
    config: CentralConfig,
    *,
    server_name: str,
    certificate: str,
    key: str,
    static_dir: str,
    http_port: int = 80,
    https_port: int = 443,
) -> str:
    template = resources.files("kiosk_central.deploy").joinpath("nginx.conf").read_text()
    allow = "\n".join(f"    allow {network};" for network in config.staff_networks)
    values = {
        "UPSTREAM": _upstream(config),
        "SERVER_NAME": server_name,
        "CERTIFICATE": certificate,
        "KEY": key,
        "STATIC_DIR": static_dir.rstrip("/"),
        "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port),
        "HTTPS_SUFFIX": "" if https_port == 443 else f":{https_port}",
        "ALLOW": allow,
    }
    for name, value in values.items():
        if any(c in value for c in ";{}\n") and name != "ALLOW":
            raise ValueError(f"{name.lower()}: {value!r} cannot go into an nginx config")
        template = template.replace(f"@{name}@", value)
    return template
