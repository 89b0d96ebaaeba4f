"""Debian's Chromium for the browser tests: where it is and how it must start here.

As root (CI) it needs --no-sandbox; the rest keep it off the closed network, whose refused
connections otherwise arrive many at a time.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
