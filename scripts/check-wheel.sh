#!/usr/bin/env bash
# Builds the wheel, installs it WITHOUT extras into a fresh temporary venv and runs the contract commands from
# it, so an import the package does not declare fails here (the dev venv has every extra and would hide it).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" .
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/ictguard-*.whl
bin="$work/venv/bin/ictguard"

export ICTGUARD_DB="sqlite:///$work/ictguard.db"
# Run from the temporary directory so nothing is imported from the repository's src/ by accident.
cd "$work"
"$bin" lists update --source "$repo/../shared/data/lists"
"$bin" lists status --json >/dev/null
"$bin" screen "Huawei Technologies Co., Ltd." --json >/dev/null
"$bin" decide "$repo/examples/transaction.json" --json >/dev/null
"$bin" identify --kind mac 28:57:BE:00:00:01 --json >/dev/null
# Exit 1 is audit's "read, and covered equipment found" (the contract): the scan holds Hikvision cameras.
status=0
"$bin" audit "$repo/tests/devices/fixtures/scan_cameras.xml" -o "$work/report.json" >/dev/null || status=$?
test "$status" -le 1
"$work/venv/bin/python" -c 'import json, sys; assert json.load(open(sys.argv[1]))["devices"]' "$work/report.json"
echo "wheel check: installed without extras, lists update / screen / decide / identify / audit ran"
