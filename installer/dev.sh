#!/bin/sh
# One entry point for a fresh Debian machine (as root) and for CI:
#   sh installer/dev.sh run    install what is missing, start a local union service, open a demo desk joined to it
#   sh installer/dev.sh test   install what is missing, then run lint, types and the whole test suite
#   sh installer/dev.sh bundle build the Linux bundle with PyInstaller into dist/ and self-check it
#   sh installer/dev.sh screens every screen in Chinese and English under Xvfb into docs/screens/
set -eu
cd "$(dirname "$0")/.."
VENV="${CARDDESK_VENV:-.venv}"
APT_PACKAGES="python3 python3-venv python3-dev gcc xvfb x11-utils openbox xdotool imagemagick swtpm tpm2-tools fonts-wqy-zenhei fonts-hanazono poppler-utils \
 cups cups-client printer-driver-cups-pdf zbar-tools swig libpcsclite-dev pcscd vsmartcard-vpcd \
 postgresql desktop-file-utils openssl procps qt6-l10n-tools libpulse0 \
 libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 \
 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 \
 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxcb-shm0 libxcb-sync1 libxcb-render0 libx11-xcb1"

need_apt() {
    missing=""
    for p in $APT_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "installing Debian packages:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi
}

need_venv() {
    stamp="$VENV/.carddesk-installed"
    if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements.lock
        "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e .
        touch "$stamp"
    fi
}

cmd="${1:-}"
[ $# -eq 0 ] || shift
case "$cmd" in
    run)
        need_apt; need_venv
        db="${CARDDESK_DEMO_DB:-$PWD/.demo/carddesk-demo.sqlite}"
        mkdir -p "$(dirname "$db")"
        # The demo keeps its settings, data and keyring apart from a real desk of the same user; with no
        # desktop keyring on the machine, an encrypted file keyring holds the demo desk's union token.
        export XDG_CONFIG_HOME="${CARDDESK_DEMO_CONFIG:-$PWD/.demo/config}" XDG_DATA_HOME="$PWD/.demo/data"
        export PYTHON_KEYRING_BACKEND="${PYTHON_KEYRING_BACKEND:-desk_app.demo.keyring_backend.FileKeyring}"
        export CARDDESK_FILE_KEYRING="$PWD/.demo/keyring.cfg"
        # A private PostgreSQL and the union service on this PC (as a one-branch library runs it): the demo's
        # readers and staff live in the union, and the desk joins it and pulls its branch.
        "$VENV/bin/python" -m desk_app.demo.local_union up --desk-db "$db" --profile "${CARDDESK_PROFILE:-foshan}"
        trap '"$VENV/bin/python" -m desk_app.demo.local_union down' EXIT
        trap 'exit 130' INT TERM  # so that the EXIT trap stops the union when the run is interrupted
        if command -v pcscd >/dev/null 2>&1 && ! pgrep -x pcscd >/dev/null 2>&1; then
            # The chip reader is PC/SC: with vsmartcard-vpcd, pcscd offers virtual readers on which
            # `carddesk device emulate chip --uid HEX` lays a card when no real reader is plugged in.
            pcscd >/dev/null 2>&1 || echo "pcscd did not start: the IC card reader stays offline" >&2
        fi
        xvfb_pid=""
        if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
            echo "no display found: starting the desk on a virtual screen (Xvfb :99)"
            Xvfb :99 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
            xvfb_pid=$!
            export DISPLAY=:99
            sleep 1
        fi
        status=0
        "$VENV/bin/carddesk" --db "$db" --profile "${CARDDESK_PROFILE:-foshan}" gui "$@" || status=$?
        [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true
        exit "$status"
        ;;
    test)
        need_apt; need_venv
        . "$VENV/bin/activate"
        ruff format --check .
        ruff check .
        mypy
        lint-imports
        exec python -m pytest -p no:cacheprovider -q
        ;;
    bundle)
        need_apt; need_venv
        "$VENV/bin/python" -m PyInstaller installer/carddesk.spec --noconfirm --log-level WARN \
            --distpath dist --workpath build/pyinstaller
        # The archive holds the bundle and what installs and removes it, beside it.
        cp installer/linux/install.sh installer/linux/uninstall.sh installer/linux/carddesk.desktop \
            installer/linux/carddesk.png dist/
        tar -C dist -czf "dist/carddesk-linux-$(uname -m).tar.gz" carddesk install.sh uninstall.sh \
            carddesk.desktop carddesk.png
        QT_QPA_PLATFORM=offscreen dist/carddesk/carddesk --db "$(mktemp -d)/check.sqlite" --self-check
        echo "bundle: dist/carddesk (install: sh installer/linux/install.sh), archive: dist/carddesk-linux-$(uname -m).tar.gz"
        ;;
    bench)
        need_apt; need_venv
        exec "$VENV/bin/python" bench/run_all.py "$@"
        ;;
    docs)
        need_apt; need_venv
        exec "$VENV/bin/python" -m desk_app.demo.gallery docs/printing
        ;;
    screens)
        # Every screen in both languages, on a real X server at the counter's 1366x768.
        need_apt; need_venv
        # The screens' demo desks keep their file key in a demo keyring of their own (no desktop keyring here).
        export PYTHON_KEYRING_BACKEND=desk_app.demo.keyring_backend.FileKeyring
        export CARDDESK_FILE_KEYRING="$PWD/.demo/screens-keyring.cfg" XDG_DATA_HOME="$PWD/.demo/screens-data"
        mkdir -p .demo
        exec xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
            "$VENV/bin/python" -m desk_app.ui.screens docs/screens
        ;;
    *)
        echo "usage: sh installer/dev.sh run|test|docs|screens|bundle|bench" >&2
        exit 2
        ;;
esac
