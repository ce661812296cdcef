#!/usr/bin/env bash
# Runs the whole test suite (SQLite and PostgreSQL). Fails when any test fails or when no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
    echo "no tests ran: failing" >&2
    exit 1
fi
exit "$status"
