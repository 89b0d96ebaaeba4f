#!/usr/bin/env bash
# Set up the waiting room's TV (a Raspberry Pi or PC with a desktop, signed in automatically):
# Chromium shows the central's display board full screen from the moment the desktop starts,
# allowed to play the announcements without a tap, restarted if it exits.
#
#   sudo scripts/install-display.sh --url http://CENTRAL:8000/display/ [--root DIR]
#   sudo scripts/install-display.sh --uninstall
#
# Installs chromium (apt), /usr/local/bin/layanan-display, /etc/layanan-display.conf (URL=...)
# and /etc/xdg/autostart/layanan-display.desktop, which every desktop session (LXDE, labwc and
# wayfire on Raspberry Pi OS, GNOME, XFCE) starts for the signed-in user. --root DIR stages the
# files into DIR without apt (tests). Idempotent: a second run changes nothing.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/_setup.sh
source "$SRC/scripts/_setup.sh"  # install_system_packages
DEST=""
URL=""
UNINSTALL=0

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --url) URL="${2:?--url needs the address of the board}"; shift 2 ;;
        --root) DEST="${2:?--root needs a directory}"; shift 2 ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) usage 0 ;;
        *) echo "install-display.sh: unknown option $1" >&2; usage 2 ;;
    esac
done

BIN="$DEST/usr/local/bin/layanan-display"
CONF="$DEST/etc/layanan-display.conf"
AUTOSTART="$DEST/etc/xdg/autostart/layanan-display.desktop"

if [ -z "$DEST" ] && [ "$(id -u)" != 0 ]; then
    echo "install-display.sh: run as root (sudo), or with --root DIR to stage" >&2
    exit 1
fi
if [ "$UNINSTALL" = 1 ]; then
    rm -f "$BIN" "$AUTOSTART"
    echo "==> removed the display's autostart; kept ${CONF#"$DEST"}"
    exit 0
fi
# The address lands in a shell-sourced file: only the characters a board's address needs.
safe='^https?://[A-Za-z0-9.:-]+/display/[A-Za-z0-9._/?=,&%-]*$'
if ! [[ "$URL" =~ $safe ]]; then
    echo "install-display.sh: --url must be the board's address, http(s)://HOST:PORT/display/..." >&2
    exit 2
fi

[ -n "$DEST" ] || install_system_packages chromium x11-xserver-utils
changed=0
put() {  # put SOURCE TARGET MODE: copy only when different
    if ! cmp -s "$1" "$2"; then
        install -D -m "$3" "$1" "$2"
        changed=1
    fi
}
put "$SRC/systemd/display/layanan-display" "$BIN" 755
put "$SRC/systemd/display/layanan-display.desktop" "$AUTOSTART" 644
conf="$(mktemp)"
printf "# The display board this TV shows (scripts/install-display.sh --url ...)\nURL='%s'\n" \
    "$URL" >"$conf"
put "$conf" "$CONF" 644
rm -f "$conf"
if [ "$changed" = 1 ]; then
    echo "==> the TV shows $URL full screen, with sound, from the next desktop start"
else
    echo "==> nothing to change: the TV already shows $URL"
fi
