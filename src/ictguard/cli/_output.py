"""Shared helpers for CLI output: one JSON document, or JSON Lines."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_jsonl(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")
