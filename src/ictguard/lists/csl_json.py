"""trade.gov CSL in its JSON API form: ``{"results": [{...CSV fields, multi-valued ones as arrays...}]}``.

Each result is turned into the CSV row shape and read by the CSV loader's row reader, so both forms give
identical entities. Arrays of objects (the API's ``addresses`` and ``ids``) are flattened the way the CSV
writes them. In errors, ``line`` is the 1-based position of the record in ``results``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ictguard.errors import ListFormatError
from ictguard.lists.csl_csv import REQUIRED_COLUMNS, entity_from_row
from ictguard.model import Entity

_ADDRESS_PARTS = ("address", "city", "state", "postal_code", "country")
_ID_PARTS = ("type", "number", "country")


def _cell(value: Any, key: str, file: str, line: int) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ListFormatError("boolean where text was expected", file=file, line=line, field=key)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "; ".join(_item(v, key, file, line) for v in value if v not in (None, "", {}))
    raise ListFormatError(f"unexpected {type(value).__name__}", file=file, line=line, field=key)


def _item(value: Any, key: str, file: str, line: int) -> str:
    if isinstance(value, dict):
        parts = _ID_PARTS if key == "ids" else _ADDRESS_PARTS
        return ", ".join(_cell(value.get(p), f"{key}.{p}", file, line) for p in parts if value.get(p))
    return _cell(value, key, file, line)


def parse_csl_json(data: bytes, file: str) -> list[Entity]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"not UTF-8: {exc.reason}", file=file, line=data[: exc.start].count(b"\n") + 1) from None
    except json.JSONDecodeError as exc:
        raise ListFormatError(f"not JSON: {exc.msg}", file=file, line=exc.lineno) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
        raise ListFormatError('not a CSL JSON document: expected {"results": [...]}', file=file, line=1)
    entities = []
    for index, record in enumerate(doc["results"], start=1):
        if not isinstance(record, dict):
            raise ListFormatError("record is not an object", file=file, line=index, field="results")
        missing = [c for c in REQUIRED_COLUMNS if c not in record]
        if missing:
            raise ListFormatError(f"missing fields {', '.join(missing)}", file=file, line=index, field=missing[0])
        if "id" in record and "_id" not in record:
            record = {**record, "_id": record["id"]}
        row = {str(k): _cell(v, str(k), file, index) for k, v in record.items()}
        if "\x00" in "".join(row.values()):
            raise ListFormatError("embedded NUL character", file=file, line=index)
        entities.append(entity_from_row(row, file, index))
    return entities


def load_csl_json(path: str | Path) -> list[Entity]:
    p = Path(path)
    return parse_csl_json(p.read_bytes(), str(p))
