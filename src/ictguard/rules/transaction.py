"""The transaction document of decisions.md as pydantic models. Unknown extra fields are kept and ignored."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ictguard.errors import TransactionError
from ictguard.limits import MAX_ID_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS

Kind = Literal[
    "export",
    "reexport",
    "transfer",
    "ict_transaction",
    "procurement",
    "federal_contract",
    "federal_grant_purchase",
    "usf_purchase",
    "equipment_authorization",
]
Role = Literal[
    "exporter",
    "consignee",
    "end_user",
    "intermediate",
    "purchaser",
    "supplier",
    "manufacturer",
    "contractor",
    "agency",
    "grantee",
    "carrier",
    "applicant",
]
Category = Literal[
    "telecom_equipment",
    "video_surveillance",
    "software",
    "semiconductors",
    "services",
    "vehicle_software",
    "vehicle_hardware",
    "drone",
    "other",
]


_YMD = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` strings (or dates) are dates: no timestamps, no other formats. Python 3.11's
    ``fromisoformat`` also takes ISO basic and week dates ("20190601", "2019-W22-6"), which the contract does not."""
    if isinstance(value, date) or value is None:
        return value
    if isinstance(value, str) and _YMD.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"not a YYYY-MM-DD date: {value!r}")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


# Names are screened: bounded so one party cannot hold a worker (ictguard.limits); no NUL anywhere in a document
# (PostgreSQL cannot store it), checked on the raw input so unknown extra fields are covered too.
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)]
Text = Annotated[str, Field(max_length=MAX_TEXT_CHARS)]


class Owner(_Open):
    name: Name
    country: str | None = None
    share: float = Field(ge=0.0, le=1.0)
    owners: tuple[Owner, ...] = ()


class Party(_Open):
    role: Role
    name: Name
    country: str | None = None
    owners: tuple[Owner, ...] = ()


class Item(_Open):
    description: Text = ""
    eccn: str | None = None
    category: Category | None = None
    manufacturer: Annotated[str, Field(max_length=MAX_NAME_CHARS)] | None = None
    produced_abroad_with_us_tech: bool | None = None
    # Optional jurisdiction facts (docs/decisions.md): where the item was produced, the share of controlled
    # US-origin content by value (0..1), the exporter's own de minimis finding, and whether a foreign-made item
    # was produced from a Huawei (footnote 1 entity) design.
    origin_country: str | None = Field(default=None, min_length=2)
    us_content_share: float | None = Field(default=None, ge=0.0, le=1.0)
    below_de_minimis: bool | None = None
    huawei_design: bool | None = None


class SpecificLicense(_Open):
    number: str = Field(min_length=1)
    granted: IsoDate | None = None
    expires: IsoDate | None = None


class Context(_Open):
    tgl_prong: (
        Literal["existing_networks", "existing_handsets", "cybersecurity_research", "standards_5g", "consumer_cpe"]
        | None
    ) = None
    contract_date: IsoDate | None = None
    product_public_release: IsoDate | None = None
    specific_license: SpecificLicense | None = None
    waiver: Literal["agency", "dni"] | None = None
    security_purpose: bool | None = None
    exception: Literal["backhaul_roaming_interconnection", "no_user_data_access"] | None = None
    funding: str | None = None
    new_agreement: bool | None = None
    model_year: int | None = None
    production_started: IsoDate | None = None
    model_authorized_before: bool | None = None


class Transaction(_Open):
    id: Annotated[str, Field(max_length=MAX_ID_CHARS)] = ""
    date: IsoDate
    kind: Kind
    parties: tuple[Party, ...] = ()
    items: tuple[Item, ...] = ()
    purpose: Text | None = None
    context: Context = Field(default_factory=Context)


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not part.startswith(("function-", "literal")):
            path += f".{part}" if path else part
    return path


def parse_transaction(data: Any, *, file: str | Path | None = None, index: int | None = None) -> Transaction:
    """Validate one transaction document; errors are :class:`TransactionError` naming the field."""
    prefix = f"[{index}]" if index is not None else ""
    if not isinstance(data, dict):
        raise TransactionError("a transaction must be a JSON object", file=file, field=prefix or None)
    nul = _nul_path(data)
    if nul is not None:
        field = f"{prefix}.{nul}" if prefix and nul else (prefix or nul or None)
        raise TransactionError("text must not contain NUL (U+0000)", file=file, field=field)
    try:
        return Transaction.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = _field_path(tuple(first["loc"]))
        field = f"{prefix}.{path}" if prefix and path else (prefix or path or None)
        raise TransactionError(first["msg"], file=file, field=field) from None


def _nul_path(value: Any, path: str = "") -> str | None:
    """Where (``parties[0].name``) a NUL character is in a decoded JSON document, keys included, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return here
            found = _nul_path(item, here)
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = _nul_path(item, f"{path}[{i}]")
            if found is not None:
                return found
    return None


def parse_transactions(data: Any, *, file: str | Path | None = None) -> tuple[list[Transaction], bool]:
    """One transaction or a JSON list of them; returns the transactions and whether the input was a list."""
    if isinstance(data, list):
        return [parse_transaction(d, file=file, index=i) for i, d in enumerate(data)], True
    return [parse_transaction(data, file=file)], False
