#!/usr/bin/env bash
# Creates .venv with ictguard and its development tools, from this repository's files only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade "pip>=24"
.venv/bin/python -m pip install --quiet -e ".[dev]"
