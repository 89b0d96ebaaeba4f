#!/usr/bin/env bash
# Install, upgrade or remove the Layanan Kiosk central queue service as a systemd service on
# Debian or Raspberry Pi OS (also on a kiosk's own Pi, for a one-kiosk office).
#
#   sudo scripts/install-central.sh [OPTIONS]              install, or upgrade keeping data
#   sudo scripts/install-central.sh --uninstall [--purge]  remove; --purge deletes data, config
#   scripts/install-central.sh --root DIR --skip-venv      stage into DIR (tests): no apt, no
#                                                          users, no systemctl, no pip
# Options (nginx in front, HTTPS; the central itself listens on 127.0.0.1:8000 only):
#   --staff-network CIDR   a staff network (repeat for more; a regional central names each
#                          office's); asked for when not given; default: this machine only
#   --server-name NAME     the name kiosks and staff use (default: this machine's name)
#   --certificate PEM --key PEM   the office's certificate; default: a self-signed one made
#                          here (give its .crt to each kiosk as [central] ca_bundle)
# Then: kiosk-central --config /etc/kiosk-central/central.toml createsuperuser, and
#       kiosk-central --config /etc/kiosk-central/central.toml register-kiosk kiosk-01
# (run as the kiosk-central user: sudo -u kiosk-central ...). Idempotent: a second run with
# nothing new changes nothing and says so. The waiting room's TV (Chromium full screen, allowed
# to speak without a tap): on the TV's machine, sudo scripts/install-display.sh --url URL.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/_setup.sh
source "$SRC/scripts/_setup.sh"  # install_system_packages
DEST=""
SKIP_VENV=0
UNINSTALL=0
PURGE=0
STAFF_NETWORKS=()
SERVER_NAME=""
CERTIFICATE=""
KEY=""
changed=0

usage() { sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --root) DEST="${2:?--root needs a directory}"; shift 2 ;;
        --skip-venv) SKIP_VENV=1; shift ;;
        --uninstall) UNINSTALL=1; shift ;;
        --purge) PURGE=1; shift ;;
        --staff-network) STAFF_NETWORKS+=("${2:?--staff-network needs a CIDR}"); shift 2 ;;
        --server-name) SERVER_NAME="${2:?--server-name needs a name}"; shift 2 ;;
        --certificate) CERTIFICATE="${2:?--certificate needs a PEM file}"; shift 2 ;;
        --key) KEY="${2:?--key needs a PEM file}"; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "install-central.sh: unknown option $1" >&2; usage 2 ;;
    esac
done

APP="$DEST/opt/layanan-kiosk-central/app"
VENV="$DEST/opt/layanan-kiosk-central/venv"
ETC="$DEST/etc/kiosk-central"
STATE="$DEST/var/lib/kiosk-central"
SYSTEMD="$DEST/etc/systemd/system"
TLS="$ETC/tls"
STATIC="$DEST/opt/layanan-kiosk-central/static"
NGINX_SITE="$DEST/etc/nginx/sites-available/kiosk-central"
NGINX_LINK="$DEST/etc/nginx/sites-enabled/kiosk-central"
# The installed central; a staged run (tests) may name the development one.
CENTRAL_BIN="${KIOSK_CENTRAL_BIN:-$VENV/bin/kiosk-central}"
# The web service, and the short alerts run its timer starts every minute (issue 15).
UNITS=(kiosk-central.service kiosk-central-alerts.service kiosk-central-alerts.timer
    kiosk-central-backup.service kiosk-central-backup.timer)  # backups every 15 min (issue 31)
staging() { [ -n "$DEST" ]; }
say() { echo "==> $*"; }

if ! staging && [ "$(id -u)" != 0 ]; then
    echo "install-central.sh: run as root (sudo), or with --root DIR to stage" >&2
    exit 1
fi

if [ "$UNINSTALL" = 1 ]; then
    staging || systemctl disable --now kiosk-central-alerts.timer kiosk-central-backup.timer \
        kiosk-central.service 2>/dev/null || true
    for name in "${UNITS[@]}"; do rm -f "$SYSTEMD/$name"; done
    rm -f "$NGINX_LINK" "$NGINX_SITE"
    staging || ! command -v nginx >/dev/null || systemctl reload nginx 2>/dev/null || true
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
    # sox: the chime; nginx: in front (TLS, slow clients); openssl: the self-signed certificate
    # and encrypted backups; pg_dump: backups of a PostgreSQL database
    install_system_packages python3-venv ca-certificates espeak-ng sox nginx openssl \
        postgresql-client
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

if { [ -n "$CERTIFICATE" ] && [ -z "$KEY" ]; } || { [ -z "$CERTIFICATE" ] && [ -n "$KEY" ]; }; then
    echo "install-central.sh: --certificate and --key go together" >&2
    exit 2
fi
[ -n "$SERVER_NAME" ] || SERVER_NAME="$(hostname -f 2>/dev/null || hostname)"

# The staff networks: the admin, the counter, the dashboard and the kiosk API answer only
# there. No permissive default (a private range includes the waiting room's guest Wi-Fi).
toml_list() { local out="" n; for n in "$@"; do out+="${out:+, }\"$n\""; done; echo "[$out]"; }
unnamed=0  # a config without staff_networks (new, or from before they existed)
[ -f "$ETC/central.toml" ] && grep -q '^staff_networks *=' "$ETC/central.toml" || unnamed=1
if [ "${#STAFF_NETWORKS[@]}" = 0 ] && [ "$unnamed" = 1 ] && [ -t 0 ] && ! staging; then
    read -r -p "Staff network(s), e.g. 192.168.10.0/24 (empty: this machine only): " answer
    read -r -a STAFF_NETWORKS <<<"$answer"
fi
staff_networks="$(toml_list 127.0.0.0/8 ::1/128 "${STAFF_NETWORKS[@]}")"

# The config is the office's: written once, never overwritten by an upgrade (but for the
# staff networks, when they are given again).
mkdir -p "$ETC"
if [ ! -f "$ETC/central.toml" ]; then
    cat >"$ETC/central.toml" <<TOML
# Layanan Kiosk central queue service (see the README's "Central" section).
[central]
state_dir = ""          # systemd's StateDirectory=: /var/lib/kiosk-central
database_url = ""       # "" = SQLite there; or "postgresql://user:password@host/name"
time_zone = "Asia/Jakarta"
language = "id"
host = "127.0.0.1"      # nginx (HTTPS) in front: kiosks and staff reach it through nginx
port = 8000
allowed_hosts = ["127.0.0.1", "localhost", "$SERVER_NAME"]   # add other names it is reached by
trusted_proxies = ["127.0.0.1", "::1"]   # nginx, on this machine
staff_networks = $staff_networks
TOML
    chmod 644 "$ETC/central.toml"
    say "wrote ${ETC#"$DEST"}/central.toml: staff networks $staff_networks"
    changed=1
elif [ "${#STAFF_NETWORKS[@]}" -gt 0 ] && ! grep -qxF "staff_networks = $staff_networks" "$ETC/central.toml"; then
    sed -i '/^staff_networks *=/d' "$ETC/central.toml"
    sed -i "/^\[central\]/a staff_networks = $staff_networks" "$ETC/central.toml"
    say "${ETC#"$DEST"}/central.toml: staff networks now $staff_networks"
    changed=1
fi
# A config from before nginx stood in front listened on every address: its plain HTTP port
# would bypass nginx's TLS and staff-network rules, so an upgrade moves it behind nginx (the
# old file kept beside it) and trusts nginx as the proxy that names the client.
if grep -Eq '^host *= *"(0\.0\.0\.0|::|)"' "$ETC/central.toml"; then
    cp -p "$ETC/central.toml" "$ETC/central.toml.before-nginx"
    sed -Ei 's/^host *= *"(0\.0\.0\.0|::|)"/host = "127.0.0.1"/' "$ETC/central.toml"
    grep -q '^trusted_proxies *=' "$ETC/central.toml" \
        || sed -i '/^host *=/a trusted_proxies = ["127.0.0.1", "::1"]   # nginx, on this machine' \
            "$ETC/central.toml"
    say "${ETC#"$DEST"}/central.toml: now listens on 127.0.0.1 only, behind nginx" \
        "(the old file is central.toml.before-nginx)"
    changed=1
fi
if ! grep -q '^staff_networks *=' "$ETC/central.toml"; then
    say "WARNING: central.toml names no staff_networks: only this machine reaches the staff" \
        "pages and the kiosk API; run again with --staff-network CIDR (the office's LAN)"
fi

# TLS: the office's certificate, or one made here once (ten years, this machine's names).
mkdir -p "$TLS"
chmod 755 "$TLS"
if [ -n "$CERTIFICATE" ]; then
    if ! cmp -s "$CERTIFICATE" "$TLS/central.crt" || ! cmp -s "$KEY" "$TLS/central.key"; then
        install -m 644 "$CERTIFICATE" "$TLS/central.crt"
        install -m 600 "$KEY" "$TLS/central.key"
        say "installed the office's certificate in ${TLS#"$DEST"}"
        changed=1
    fi
elif [ ! -f "$TLS/central.crt" ]; then
    names="DNS:$SERVER_NAME,DNS:localhost,IP:127.0.0.1"
    if ! staging; then
        for address in $(hostname -I 2>/dev/null); do names+=",IP:$address"; done
    fi
    (umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=$SERVER_NAME" \
        -addext "subjectAltName=$names" -keyout "$TLS/central.key" -out "$TLS/central.crt" \
        2>/dev/null)
    chmod 644 "$TLS/central.crt"
    say "made a self-signed certificate ${TLS#"$DEST"}/central.crt ($names):" \
        "give it to each kiosk as [central] ca_bundle"
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

# nginx in front: the static files where it reads them, and its site made from central.toml
# (the staff networks mirrored, the upstream where the central listens).
if [ -x "$CENTRAL_BIN" ]; then
    as_central=()
    staging || as_central=(runuser -u kiosk-central -- env STATE_DIRECTORY=/var/lib/kiosk-central)
    staging && as_central=(env STATE_DIRECTORY="$STATE")
    mkdir -p "$STATIC"
    install -d -m 700 "$STATE"
    staging || chown kiosk-central: "$STATE" "$STATIC"
    "${as_central[@]}" "$CENTRAL_BIN" --config "$ETC/central.toml" collect-static "$STATIC" >/dev/null
    site="$("${as_central[@]}" "$CENTRAL_BIN" --config "$ETC/central.toml" nginx-config \
        --server-name "$SERVER_NAME" --certificate "${TLS#"$DEST"}/central.crt" \
        --key "${TLS#"$DEST"}/central.key" --static "${STATIC#"$DEST"}")"
    if [ ! -f "$NGINX_SITE" ] || [ "$(cat "$NGINX_SITE")" != "$site" ]; then
        mkdir -p "$(dirname "$NGINX_SITE")" "$(dirname "$NGINX_LINK")"
        printf '%s\n' "$site" >"$NGINX_SITE"
        ln -sfn ../sites-available/kiosk-central "$NGINX_LINK"
        # Debian's welcome site would answer plain HTTP instead of sending it to HTTPS.
        rm -f "$DEST/etc/nginx/sites-enabled/default"
        say "wrote ${NGINX_SITE#"$DEST"}"
        if ! staging; then
            nginx -t -q
            systemctl enable --now nginx >/dev/null
            systemctl reload nginx
            say "nginx reloaded: https://$SERVER_NAME/"
        fi
        changed=1
    fi
fi

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
        systemctl enable --now kiosk-central-backup.timer >/dev/null
        say "kiosk-central-backup.timer enabled: a backup every 15 minutes (README: Backups)"
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
