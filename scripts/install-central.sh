#!/usr/bin/env bash
# Install, upgrade or remove the Layanan Kiosk central queue service as a systemd service on
# Debian or Raspberry Pi OS (also on a kiosk's own Pi, for a one-kiosk office).
#
#   sudo scripts/install-central.sh                        install, or upgrade keeping data
#   sudo scripts/install-central.sh --uninstall [--purge]  remove; --purge deletes data, config
#   scripts/install-central.sh --root DIR --skip-venv      stage into DIR (tests): no apt, no
#                                                          users, no systemctl, no pip
#
# Then: kiosk-central --config /etc/kiosk-central/central.toml createsuperuser, and
#       kiosk-central --config /etc/kiosk-central/central.toml register-kiosk kiosk-01
# (run as the kiosk-central user: sudo -u kiosk-central ...). Idempotent: a second run with
# nothing new changes nothing and says so.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/_setup.sh
source "$SRC/scripts/_setup.sh"  # install_system_packages
DEST=""
SKIP_VENV=0
UNINSTALL=0
PURGE=0
changed=0

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --root) DEST="${2:?--root needs a directory}"; shift 2 ;;
        --skip-venv) SKIP_VENV=1; shift ;;
        --uninstall) UNINSTALL=1; shift ;;
        --purge) PURGE=1; shift ;;
        -h|--help) usage 0 ;;
        *) echo "install-central.sh: unknown option $1" >&2; usage 2 ;;
    esac
done

APP="$DEST/opt/layanan-kiosk-central/app"
VENV="$DEST/opt/layanan-kiosk-central/venv"
ETC="$DEST/etc/kiosk-central"
STATE="$DEST/var/lib/kiosk-central"
SYSTEMD="$DEST/etc/systemd/system"
# The web service, and the short alerts run its timer starts every minute (issue 15).
UNITS=(kiosk-central.service kiosk-central-alerts.service kiosk-central-alerts.timer)
staging() { [ -n "$DEST" ]; }
say() { echo "==> $*"; }

if ! staging && [ "$(id -u)" != 0 ]; then
    echo "install-central.sh: run as root (sudo), or with --root DIR to stage" >&2
    exit 1
fi

if [ "$UNINSTALL" = 1 ]; then
    staging || systemctl disable --now kiosk-central-alerts.timer kiosk-central.service \
        2>/dev/null || true
    for name in "${UNITS[@]}"; do rm -f "$SYSTEMD/$name"; done
    rm -rf "$DEST/opt/layanan-kiosk-central"
    if [ "$PURGE" = 1 ]; then
        rm -rf "$ETC" "$STATE"
        if ! staging && id kiosk-central >/dev/null 2>&1; then userdel kiosk-central; fi
        say "removed the central, its data and its config"
    else
        say "removed the central; kept ${ETC#"$DEST"} and ${STATE#"$DEST"} (--purge deletes them)"
    fi
    staging || systemctl daemon-reload
    exit 0
fi

if ! staging; then
    install_system_packages python3-venv ca-certificates espeak-ng sox  # sox: the chime
    if ! id kiosk-central >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/kiosk-central --no-create-home \
            --shell /usr/sbin/nologin kiosk-central
        say "created user kiosk-central"
        changed=1
    fi
fi

# The application's files as one tree; replaced only when something in it changed.
tmp="$(mktemp -d)"
# The central's own distribution and the shared rules: no kiosk, no Kivy, no tests.
tar -C "$SRC" --exclude='*.egg-info' --exclude=__pycache__ --exclude=build --exclude=dist \
    -cf - packages/rules packages/central systemd README.md LICENSE | tar -C "$tmp" -xf -
app_changed=0
if [ -d "$APP" ] && diff -rq "$tmp" "$APP" >/dev/null 2>&1; then
    rm -rf "$tmp"
else
    mkdir -p "$(dirname "$APP")"
    rm -rf "$APP"
    mv "$tmp" "$APP"
    chmod -R u=rwX,go=rX "$APP"
    say "installed the application in ${APP#"$DEST"}"
    changed=1
    app_changed=1
fi

if [ "$SKIP_VENV" = 0 ]; then
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV"
        app_changed=1
    fi
    if [ "$app_changed" = 1 ]; then
        say "installing the central into ${VENV#"$DEST"} (takes a few minutes)"
        "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
        # Built into wheels and installed from them, from a throwaway copy: pip's build
        # folders stay out of the app tree that the next run compares.
        build="$(mktemp -d)"
        cp -a "$APP/." "$build/"
        "$VENV/bin/pip" install --quiet --disable-pip-version-check \
            "$build/packages/rules" "$build/packages/central"
        rm -rf "$build"
        changed=1
    fi
fi

# The config is the office's: written once, never overwritten by an upgrade.
mkdir -p "$ETC"
if [ ! -f "$ETC/central.toml" ]; then
    cat >"$ETC/central.toml" <<'TOML'
# Layanan Kiosk central queue service (see the README's "Central" section).
[central]
state_dir = ""          # systemd's StateDirectory=: /var/lib/kiosk-central
database_url = ""       # "" = SQLite there; or "postgresql://user:password@host/name"
time_zone = "Asia/Jakarta"
language = "id"
host = "0.0.0.0"        # the kiosks reach it over the office LAN
port = 8000
allowed_hosts = ["127.0.0.1", "localhost"]   # add this server's name and LAN address
TOML
    chmod 644 "$ETC/central.toml"
    say "wrote ${ETC#"$DEST"}/central.toml: add this server's address to allowed_hosts"
    changed=1
fi

for name in "${UNITS[@]}"; do
    unit="$(cat "$SRC/systemd/$name")"
    if [ ! -f "$SYSTEMD/$name" ] || [ "$(cat "$SYSTEMD/$name")" != "$unit" ]; then
        mkdir -p "$SYSTEMD"
        printf '%s\n' "$unit" >"$SYSTEMD/$name"
        chmod 644 "$SYSTEMD/$name"
        say "wrote ${SYSTEMD#"$DEST"}/$name"
        changed=1
    fi
done

if ! staging; then
    mkdir -p "$STATE"
    if [ "$changed" = 1 ]; then
        systemctl daemon-reload
        systemctl enable kiosk-central.service >/dev/null
        systemctl restart kiosk-central.service
        say "kiosk-central.service (re)started: journalctl -u kiosk-central -f to follow it"
        # The timer, not the service: the alerts run is a oneshot the timer starts.
        systemctl enable --now kiosk-central-alerts.timer >/dev/null
        say "kiosk-central-alerts.timer enabled: systemctl list-timers kiosk-central-alerts"
    fi
    # The display's spoken segments (espeak-ng's Indonesian voice), after the service's own
    # migrate; only changed texts are made again, an office's recordings are never touched.
    if [ "$SKIP_VENV" = 0 ]; then
        runuser -u kiosk-central -- env STATE_DIRECTORY=/var/lib/kiosk-central \
            "$VENV/bin/kiosk-central" --config "$ETC/central.toml" generate-segments
        # The reports' digests of the history the timer's 7 days do not reach (an upgrade, an
        # import): two years, the longest period a report takes; a day already digested costs
        # only its check, so a re-run is cheap.
        runuser -u kiosk-central -- env STATE_DIRECTORY=/var/lib/kiosk-central \
            "$VENV/bin/kiosk-central" --config "$ETC/central.toml" digest --days 731
    fi
fi
[ "$changed" = 1 ] || say "nothing to change: the central is installed and up to date"
