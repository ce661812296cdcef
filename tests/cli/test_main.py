from __future__ import annotations

from tests._cli import run_cli


def test_version() -> None:
    proc = run_cli("version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0.1.0"


def test_unknown_command_is_usage_error_without_traceback() -> None:
    proc = run_cli("no-such-command")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
