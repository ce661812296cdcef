#!/usr/bin/env bash
# Creates .venv with ictguard and its development tools, from this repository's files only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip>=24"
.venv/bin/python -m pip install --quiet -e ".[dev,spark]"
# Debian packages the project uses: Web UI browser tests drive Debian's chromium (never a Playwright browser
# download); PDF reports need Pango; screening reads the English word list (wamerican) to recognise ordinary words;
# MAC lookup reads the IEEE MA-M and MA-S registries from ieee-data (netaddr ships only MA-L and IAB).
# Evidence PDFs and the web UI show names in every script on the lists: DejaVu (Latin, Greek, Cyrillic, and
# basic Arabic/Hebrew/Georgian/Armenian), fonts-noto-core (Noto Sans Arabic, Hebrew, Georgian, Armenian, Thai,
# Indic …) and fonts-noto-cjk (Chinese, Japanese, Korean); poppler-utils (pdffonts, pdftoppm, pdftotext) lets
# the report tests look at the rendered pages.
missing=()
for package in chromium fonts-dejavu-core fonts-noto-core fonts-noto-cjk poppler-utils libpango-1.0-0 \
        libpangoft2-1.0-0 wamerican ieee-data; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    apt-get install -y --no-install-recommends "${missing[@]}" \
        || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; }
fi
