#!/usr/bin/env bash
# Creates .venv with ictguard and its development tools, from this repository's files only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip>=24"
.venv/bin/python -m pip install --quiet -e ".[dev]"
# Web UI browser tests drive Debian's chromium (never a Playwright browser download); PDF reports need Pango.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    apt-get install -y --no-install-recommends chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 \
        || { apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
             libpango-1.0-0 libpangoft2-1.0-0; }
fi
# MAC lookup reads the IEEE MA-M and MA-S registries from Debian's ieee-data (netaddr ships only MA-L and IAB).
if [ ! -f /usr/share/ieee-data/mam.csv ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    apt-get install -y --no-install-recommends ieee-data \
        || { apt-get update && apt-get install -y --no-install-recommends ieee-data; }
fi
