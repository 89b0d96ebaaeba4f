#!/usr/bin/env bash
# Install, upgrade or remove Layanan Kiosk as a systemd service on Raspberry Pi OS Bookworm
# (Lite is enough: the kiosk draws on the display itself, through KMS/DRM).
#
#   sudo scripts/install.sh                         install, or upgrade keeping data and config
#   sudo scripts/install.sh --token-file FILE       ... and install the central API token
#   sudo scripts/install.sh --uninstall [--purge]   remove; --purge also deletes data and config
#   scripts/install.sh --root DIR --skip-venv       stage into DIR (tests): no apt, no users,
#                                                   no systemctl, no pip
#
# Idempotent: a second run with nothing new changes nothing and says so.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/_setup.sh
source "$SRC/scripts/_setup.sh"  # install_system_packages
DEST=""
SKIP_VENV=0
UNINSTALL=0
PURGE=0
TOKEN_FILE=""
APT_PACKAGES=(python3-venv python3-dev libgl1 libegl1 libgles2 libmtdev1 libzbar0 ca-certificates)
GROUPS_NEEDED=(video render input dialout lp gpio)
changed=0
BUILD_DIR=""
trap 'rm -rf "$BUILD_DIR"' EXIT

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --root) DEST="${2:?--root needs a directory}"; shift 2 ;;
        --skip-venv) SKIP_VENV=1; shift ;;
        --uninstall) UNINSTALL=1; shift ;;
        --purge) PURGE=1; shift ;;
        --token-file) TOKEN_FILE="${2:?--token-file needs a file}"; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "install.sh: unknown option $1" >&2; usage 2 ;;
    esac
done

APP="$DEST/opt/layanan-kiosk/app"
VENV="$DEST/opt/layanan-kiosk/venv"
ETC="$DEST/etc/kiosk"
STATE="$DEST/var/lib/kiosk"
UNIT="$DEST/etc/systemd/system/kiosk.service"
UDEV="$DEST/etc/udev/rules.d/60-layanan-kiosk.rules"
APP_FILES=(packages/rules packages/kiosk systemd kiosk.example.toml README.md LICENSE)
staging() { [ -n "$DEST" ]; }
say() { echo "==> $*"; }

if ! staging && [ "$(id -u)" != 0 ]; then
    echo "install.sh: run as root (sudo), or with --root DIR to stage" >&2
    exit 1
fi

# A mistyped --token-file is refused before anything is touched: the installed token stays.
TOKEN=""
if [ -n "$TOKEN_FILE" ] && [ "$UNINSTALL" = 0 ]; then
    if [ ! -f "$TOKEN_FILE" ] || [ ! -r "$TOKEN_FILE" ]; then
        echo "install.sh: --token-file $TOKEN_FILE: not a readable file; nothing changed" >&2
        exit 2
    fi
    TOKEN="$(cat "$TOKEN_FILE")"
    case "$TOKEN" in
        "" | *[[:space:]]*)
            echo "install.sh: --token-file $TOKEN_FILE: expected one token on one line;" \
                "nothing changed" >&2
            exit 2 ;;
    esac
fi

# Write $2 to file $1 with mode $3 only if its content differs: what makes a rerun a no-op.
put() {
    local path="$1" content="$2" mode="$3"
    if [ -f "$path" ] && [ "$(cat "$path")" = "$content" ] \
        && [ "$(stat -c %a "$path")" = "$mode" ]; then
        return 0
    fi
    mkdir -p "$(dirname "$path")"
    # Made private, then opened up to $mode: a secret is never readable by others, even briefly.
    (umask 077 && printf '%s\n' "$content" >"$path.new")
    chmod "$mode" "$path.new"
    mv "$path.new" "$path"
    say "wrote ${path#"$DEST"}"
    changed=1
}

uninstall() {
    if ! staging; then
        systemctl disable --now kiosk.service 2>/dev/null || true
    fi
    rm -f "$UNIT" "$UDEV"
    rm -rf "$DEST/opt/layanan-kiosk"
    if [ "$PURGE" = 1 ]; then
        rm -rf "$ETC" "$STATE"
        if ! staging && id kiosk >/dev/null 2>&1; then userdel kiosk; fi
        say "removed the kiosk, its data and its config"
    else
        say "removed the kiosk; kept ${ETC#"$DEST"} and ${STATE#"$DEST"} (--purge deletes them)"
    fi
    if ! staging; then
        systemctl daemon-reload
        udevadm control --reload
    fi
}

install_packages() {
    staging && return 0
    install_system_packages "${APT_PACKAGES[@]}"
}

create_user() {
    staging && return 0
    for group in "${GROUPS_NEEDED[@]}"; do
        getent group "$group" >/dev/null || { groupadd --system "$group"; changed=1; }
    done
    if ! id kiosk >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/kiosk --no-create-home --shell /usr/sbin/nologin \
            --groups "$(IFS=,; echo "${GROUPS_NEEDED[*]}")" kiosk
        say "created user kiosk"
        changed=1
    fi
}

install_app() {
    # The application's files as one tree; replaced only when something in it changed.
    local tmp
    tmp="$(mktemp -d)"
    # The kiosk's own distribution and the shared rules it needs; not the central, not the tests.
    tar -C "$SRC" --exclude='*.egg-info' --exclude=__pycache__ --exclude=build --exclude=dist \
        -cf - "${APP_FILES[@]}" | tar -C "$tmp" -xf -
    if [ -d "$APP" ] && diff -rq "$tmp" "$APP" >/dev/null 2>&1; then
        rm -rf "$tmp"
        return 0
    fi
    mkdir -p "$(dirname "$APP")"
    rm -rf "$APP.old"
    [ -d "$APP" ] && mv "$APP" "$APP.old"
    mv "$tmp" "$APP"
    chmod -R u=rwX,go=rX "$APP"
    rm -rf "$APP.old"
    say "installed the application in ${APP#"$DEST"}"
    changed=1
}

app_digest() {
    (cd "$APP" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum \
        | cut -d' ' -f1
}

build_venv() {
    # The venv is made once; the app goes into it again only when the app's files changed
    # (or an earlier pip run did not finish), which is what the stamp file records.
    [ "$SKIP_VENV" = 1 ] && return 0
    local stamp="$VENV/.layanan-kiosk-app" digest
    digest="$(app_digest)"
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$digest" ]; then
        return 0
    fi
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    say "installing the application into ${VENV#"$DEST"} (takes a few minutes)"
    # pip builds in the source folder (build/, *.egg-info): a throwaway copy keeps them out
    # of $APP, which must stay identical to what install_app compares it with.
    BUILD_DIR="$(mktemp -d)"
    cp -a "$APP/." "$BUILD_DIR/"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
    # Built into wheels and installed from them, as a user's install is: what a wheel lacks,
    # the kiosk lacks.
    "$VENV/bin/pip" install --quiet --disable-pip-version-check \
        "$BUILD_DIR/packages/rules" "$BUILD_DIR/packages/kiosk[pi]"
    printf '%s\n' "$digest" >"$stamp"
    changed=1
}

install_config() {
    # The config and the token are the office's: written once, never overwritten by an upgrade.
    mkdir -p "$ETC"
    if [ ! -f "$ETC/kiosk.toml" ]; then
        # Named, not "": the technician's doctor and outbox (sudo -u kiosk) then look where
        # the service (StateDirectory=kiosk) keeps its data and publishes its live status.
        sed -e 's|^state_dir = ""|state_dir = "/var/lib/kiosk"    # systemd StateDirectory=kiosk|' \
            "$SRC/kiosk.example.toml" >"$ETC/kiosk.toml"
        chmod 644 "$ETC/kiosk.toml"
        say "wrote ${ETC#"$DEST"}/kiosk.toml from the example: edit it, then check-config"
        changed=1
    fi
    if [ -n "$TOKEN" ]; then
        put "$ETC/central-token" "$TOKEN" 600
    elif [ ! -f "$ETC/central-token" ]; then
        # LoadCredential= needs the file; empty is fine while central.url is unset.
        (umask 077 && : >"$ETC/central-token")
        changed=1
    fi
}

install_udev() {
    put "$UDEV" '# Layanan Kiosk: stable names and access for its devices (installed by install.sh).
# Printer on the kernel usblp driver: /dev/kiosk-printer (printer.type = "device").
SUBSYSTEM=="usbmisc", KERNEL=="lp[0-9]*", SYMLINK+="kiosk-printer", GROUP="lp", MODE="0660"
# Printer spoken to directly over USB (printer.type = "usb"): interface class 07 (printer).
SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ENV{ID_USB_INTERFACES}=="*:0701*", GROUP="lp", MODE="0660"
# QR scanner in USB serial (CDC ACM) mode: /dev/kiosk-scanner (scanner.device).
# With more than one ACM device, add ATTRS{idVendor}=="....", ATTRS{idProduct}=="...." here.
SUBSYSTEM=="tty", KERNEL=="ttyACM[0-9]*", SYMLINK+="kiosk-scanner", GROUP="dialout", MODE="0660"
# GPIO for the rating buttons.
SUBSYSTEM=="gpio", KERNEL=="gpiochip[0-9]*", GROUP="gpio", MODE="0660"' 644
}

disable_console_blanking() {
    # The kiosk's screen must never go dark; SDL keeps it lit while it runs, and this keeps
    # the console (seen during boot and restarts) from blanking too.
    local cmdline="$DEST/boot/firmware/cmdline.txt"
    [ -f "$cmdline" ] || return 0
    grep -q 'consoleblank=' "$cmdline" && return 0
    sed -i '1 s/$/ consoleblank=0/' "$cmdline"
    say "disabled console blanking in ${cmdline#"$DEST"} (takes effect at the next boot)"
    changed=1
}

install_unit() {
    put "$UNIT" "$(cat "$SRC/systemd/kiosk.service")" 644
}

start_service() {
    staging && return 0
    mkdir -p "$STATE"
    if [ "$changed" = 1 ]; then
        udevadm control --reload
        udevadm trigger --subsystem-match=usbmisc --subsystem-match=tty --subsystem-match=gpio
        systemctl daemon-reload
        systemctl enable kiosk.service >/dev/null
        systemctl restart kiosk.service
        say "kiosk.service (re)started: journalctl -u kiosk -f to follow it"
    fi
    systemctl is-enabled --quiet kiosk.service || systemctl enable kiosk.service
}

if [ "$UNINSTALL" = 1 ]; then
    uninstall
    exit 0
fi
install_packages
create_user
install_app
build_venv
install_config
install_udev
disable_console_blanking
install_unit
start_service
if [ "$changed" = 0 ]; then
    say "nothing to change: the kiosk is installed and up to date"
fi
