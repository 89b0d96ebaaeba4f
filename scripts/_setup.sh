# Shared by scripts/demo, scripts/test, scripts/screenshots and scripts/bench: system packages
# (when root, on Debian/Raspberry Pi OS) and the project's virtual environment in .venv.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KIOSK_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

# What Kivy's wheel needs at run time (libGL, EGL, mtdev), Xvfb for a window without a screen,
# zbar for the tests that read QR codes back, openssl to make test certificates, systemd
# (systemd-analyze) and shellcheck for the service unit and install script tests.
# shellcheck disable=SC2034  # used by the scripts that source this file
SYSTEM_PACKAGES=(python3-venv libgl1 libegl1 libmtdev1 xvfb xauth libzbar0 openssl systemd
    shellcheck)
SYSTEM_PACKAGES+=(espeak-ng sox poppler-utils chromium librsvg2-bin)  # announcements, reports
# The central's tests also run on a real PostgreSQL server (Debian's, started by the tests in
# a throwaway cluster); gettext compiles the admin's translations; npm fetches axe-core for the
# pages' accessibility checks; nginx runs the shipped site config in front of a test central.
# shellcheck disable=SC2034
CENTRAL_TEST_PACKAGES=(postgresql gettext npm nginx)

# axe-core from the npm registry, at the version tests/axe/package-lock.json pins, into
# tests/axe/node_modules where the browser tests look for it; again only when the lock changed.
install_axe() {
    local dir="$ROOT/tests/axe"
    if ! command -v npm >/dev/null; then
        echo "==> npm missing: install it (apt-get install npm) for the accessibility tests" >&2
        return 1
    fi
    if [ ! -f "$dir/node_modules/axe-core/axe.min.js" ] \
        || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        echo "==> installing axe-core (npm ci in tests/axe)"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

install_system_packages() {
    local wanted=("$@")
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        return 0
    fi
    local missing=()
    for pkg in "${wanted[@]}"; do
        # An npm already on PATH counts: NodeSource's nodejs bundles its own npm and conflicts
        # with Debian's npm package, so asking apt for it there fails the whole install.
        if [ "$pkg" = npm ] && command -v npm >/dev/null; then
            continue
        fi
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "==> installing system packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    fi
}

# make_venv PART...: the project's virtual environment with the shared rules and each PART
# installed editable: kiosk, central, testsupport (packages/PART), or dev (requirements-dev.txt:
# all of them and the test tools).
make_venv() {
    if [ ! -x "$PY" ]; then
        echo "==> creating virtual environment in $VENV"
        python3 -m venv "$VENV"
    fi
    local wanted=(-e "$ROOT/packages/rules")
    local part
    for part in "$@"; do
        case "$part" in
            dev) wanted+=(-r "$ROOT/requirements-dev.txt") ;;
            *) wanted+=(-e "$ROOT/packages/$part") ;;
        esac
    done
    echo "==> installing into $VENV: rules $*"
    "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
    (cd "$ROOT" && "$PY" -m pip install --quiet --disable-pip-version-check "${wanted[@]}")
}

# Run a command in a window: the real screen if there is one, else a virtual one.
with_display() {
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
        "$@"
    else
        xvfb-run -a -s "-screen 0 1280x800x24" "$@"
    fi
}
