from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process (as a user would)."""
    full_env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run([sys.executable, "-m", "ictguard", *args], capture_output=True, text=True, env=full_env)


def test_version() -> None:
    proc = run_cli("version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0.1.0"


def test_unknown_command_is_usage_error_without_traceback() -> None:
    proc = run_cli("no-such-command")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
