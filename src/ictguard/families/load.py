"""Load and validate ``data/families/*.yaml``: YAML with line numbers -> pydantic models.

Small and self-contained on purpose (a shared loader is being unified elsewhere): a mapping remembers the line
of each key, so a validation error names the file, the line and the field.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ictguard.errors import DataFileError
from ictguard.families.model import Family

FAMILIES_DIR = Path(__file__).resolve().parents[1] / "data" / "families"


class _Lines(dict[str, Any]):
    line: int = 0
    key_lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> _Lines:
    result = _Lines()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest mapping key on ``loc`` that the document has."""
    line = getattr(data, "line", None)
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            line = data.key_lines.get(part, line) if isinstance(data, _Lines) else line
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
            line = getattr(data, "line", line)
        else:
            break
    return line


def load_family(path: Path) -> Family:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}", file=path, line=mark.line + 1 if mark else None
        ) from None
    if not isinstance(raw, dict):
        raise DataFileError("expected a mapping at the top level", file=path, line=1)
    try:
        family = Family.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc) or None
        raise DataFileError(err["msg"], file=path, line=_line_of(raw, loc), field=field) from None
    if family.id != path.stem:
        raise DataFileError(
            f"id {family.id!r} differs from the file name", file=path, line=_line_of(raw, ("id",)), field="id"
        )
    return family


def load_families(directory: Path | None = None) -> dict[str, Family]:
    """Every family file of ``directory`` (default: the packaged data), validated, by id; parents' company ids
    are checked against the curated regime companies."""
    from ictguard.lists.curated import default_regimes

    base = directory or FAMILIES_DIR
    companies = default_regimes().companies
    families: dict[str, Family] = {}
    for path in sorted(base.glob("*.yaml")):
        family = load_family(path)
        if family.company is not None and family.company not in companies:
            raise DataFileError(
                f"unknown company {family.company!r} (not in data/regimes/companies.yaml)", file=path, field="company"
            )
        families[family.id] = family
    return families


@lru_cache(maxsize=1)
def default_families() -> dict[str, Family]:
    return load_families()


@lru_cache(maxsize=1)
def families_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(FAMILIES_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
