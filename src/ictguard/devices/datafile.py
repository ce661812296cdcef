"""Load curated YAML data files with the line of every record, and validate their keys strictly."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ictguard.errors import DataFileError
from ictguard.yamlfile import read_yaml

LINE_KEY = "__line__"


def data_dir() -> Path:
    """Directory of the packaged device data files."""
    return Path(str(resources.files("ictguard") / "data" / "devices"))


def load_yaml(path: Path) -> dict[str, Any]:
    document = read_yaml(path, line_key=LINE_KEY)
    if not isinstance(document, dict):
        raise DataFileError("top level must be a mapping", file=path, line=1)
    return document


def records(document: Mapping[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    """The list under ``key``; every item must be a mapping."""
    items = document.get(key)
    if not isinstance(items, list):
        raise DataFileError(f"expected a list under {key!r}", file=path, line=document.get(LINE_KEY), field=key)
    for item in items:
        if not isinstance(item, dict):
            raise DataFileError("every record must be a mapping", file=path, field=key)
    return items


def check_keys(record: Mapping[str, Any], path: Path, *, required: Iterable[str], optional: Iterable[str] = ()) -> None:
    """Unknown keys and missing (or empty) required keys are DataFileErrors naming file, line and field."""
    line = record.get(LINE_KEY)
    required = tuple(required)
    allowed = set(required) | set(optional) | {LINE_KEY}
    for key in record:
        if key not in allowed:
            raise DataFileError("unknown key", file=path, line=line, field=str(key))
    for key in required:
        value = record.get(key)
        if value is None or (isinstance(value, str | list) and len(value) == 0):
            raise DataFileError("missing required value", file=path, line=line, field=key)


def text(record: Mapping[str, Any], key: str, path: Path) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise DataFileError("expected a string", file=path, line=record.get(LINE_KEY), field=key)
    return value


def text_list(record: Mapping[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = record.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError("expected a list of strings", file=path, line=record.get(LINE_KEY), field=key)
    return tuple(value)
