"""Request bodies of the REST API and the web forms, validated once for both."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

Country = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")]
Name = Annotated[str, Field(min_length=1, max_length=500, pattern=r"\S")]
AMOUNT_PATTERN = r"^[0-9]{1,16}(\.[0-9]{1,4})?$"


def _iso_date(value: object) -> object:
    """Dates are YYYY-MM-DD only: pydantic's lax mode would read ``0`` or ``1700000000`` as a Unix time."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _exact_amount(value: object) -> object:
    """An amount is a whole JSON number or a decimal string: a JSON float cannot carry an exact quantity."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float) and value.is_integer():  # JSON 2.0 is the integer 2
        return Decimal(int(value))
    if isinstance(value, str) and re.fullmatch(AMOUNT_PATTERN, value.strip()):  # web forms may pad with spaces
        return Decimal(value.strip())
    if isinstance(value, Decimal) and value.is_finite():  # built in Python (the web UI), not parsed from JSON
        return value
    raise ValueError("an amount is a whole number or a decimal string with at most 16 digits and 4 decimals")


Amount = Annotated[
    Decimal,
    BeforeValidator(_exact_amount),
    Field(ge=0, max_digits=20, decimal_places=4),
    # The integer form is documented up to 2**53, the largest a JSON parser holding numbers as doubles keeps
    # exact (10**16 - 1 arrives from such a client as 10**16, too many digits); larger amounts go as strings.
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 2**53}, {"type": "string", "pattern": AMOUNT_PATTERN}]}
    ),
]
# strict: JSON true is not a score of 1.0
Threshold = Annotated[float, Field(ge=0, le=1, strict=True)]
Role = Literal["viewer", "analyst", "reviewer", "admin"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    not_null: ClassVar[tuple[str, ...]] = ()  # optional fields that, when sent, must not be null

    @model_validator(mode="before")
    @classmethod
    def _explicit_nulls(cls, data: object) -> object:
        if isinstance(data, dict):
            for name in cls.not_null:
                if name in data and data[name] is None:
                    raise ValueError(f"{name} cannot be null: omit it to keep the current value")
        return data

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        # PostgreSQL text cannot hold U+0000: refuse it as bad input (422) rather than fail in the driver (500).
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("text must not contain NUL (U+0000)")
        if isinstance(value, list) and any(isinstance(item, str) and "\x00" in item for item in value):
            raise ValueError("text must not contain NUL (U+0000)")
        return value


class ScreenRequest(Strict):
    name: Name
    country: Country | None = None
    as_of: IsoDate | None = None
    limit: int = Field(default=10, ge=1, le=100)
    threshold: Threshold | None = None


class BatchRow(Strict):
    name: Name
    country: Country | None = None


class BatchScreenRequest(Strict):
    rows: list[BatchRow] = Field(min_length=1, max_length=100_000)
    as_of: IsoDate | None = None
    threshold: Threshold | None = None


class CounterpartyIn(Strict):
    name: Name
    country: Country | None = None
    kind: Literal["customer", "vendor", "other"] = "customer"
    external_ref: str | None = Field(default=None, max_length=200)


class CounterpartyPatch(Strict):
    # Omit a field to keep it; null is not allowed where the column is NOT NULL (typed as non-null on purpose).
    name: Name | SkipJsonSchema[None] = None
    country: Country | None = None
    kind: Literal["customer", "vendor", "other"] | SkipJsonSchema[None] = None
    not_null: ClassVar[tuple[str, ...]] = ("name", "kind")
    external_ref: str | None = Field(default=None, max_length=200)


class CounterpartyScreen(Strict):
    as_of: IsoDate | None = None
    threshold: Threshold | None = None
    limit: int = Field(default=10, ge=1, le=100)


class ReviewIn(Strict):
    decision: Literal["true_match", "false_positive"]
    reason: str = Field(min_length=1, max_length=4000, pattern=r"\S")
    expires_on: IsoDate | None = None


class PartyIn(Strict):
    role: Literal["exporter", "consignee", "end_user", "intermediate", "purchaser", "applicant"]
    name: Name
    country: Country | None = None


class ItemIn(Strict):
    eccn: str = Field(min_length=2, max_length=20, pattern=r"^[0-9A-Za-z.]+$")
    description: str = Field(default="", max_length=1000)
    quantity: Amount
    value: Amount


class ApplicationIn(Strict):
    reference: str | None = Field(default=None, max_length=100)
    end_use: str = Field(min_length=1, max_length=4000)
    parties: list[PartyIn] = Field(min_length=1, max_length=50)
    items: list[ItemIn] = Field(min_length=1, max_length=200)


class ApplicationPatch(Strict):
    reference: str | None = Field(default=None, max_length=100)
    # Omit a field to keep it; null is not allowed for these NOT NULL columns (typed as non-null on purpose).
    end_use: Annotated[str, Field(min_length=1, max_length=4000)] | SkipJsonSchema[None] = None
    parties: Annotated[list[PartyIn], Field(min_length=1, max_length=50)] | SkipJsonSchema[None] = None
    items: Annotated[list[ItemIn], Field(min_length=1, max_length=200)] | SkipJsonSchema[None] = None
    not_null: ClassVar[tuple[str, ...]] = ("end_use", "parties", "items")


class Validity(Strict):
    number: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9-]+$")
    valid_from: IsoDate
    valid_until: IsoDate
    conditions: list[str] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _order(self) -> Validity:
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self


class LimitIn(Strict):
    eccn: str = Field(min_length=2, max_length=20, pattern=r"^[0-9A-Za-z.]+$")
    quantity: Amount | None = None
    value: Amount | None = None


class LicenceIn(Validity):
    items: list[LimitIn] = Field(min_length=1, max_length=200)
    parties: list[Name] = Field(default_factory=list, max_length=50)


class DecisionIn(Strict):
    reason: str = Field(min_length=1, max_length=4000)


class ApproveIn(Strict):
    reason: str | None = Field(default=None, max_length=4000)
    licence: Validity


class ShipmentLineIn(Strict):
    eccn: str = Field(min_length=2, max_length=20, pattern=r"^[0-9A-Za-z.]+$")
    quantity: Amount
    value: Amount


class ShipmentIn(Strict):
    ship_date: IsoDate
    consignee: Name
    lines: list[ShipmentLineIn] = Field(min_length=1, max_length=200)


class KeyIn(Strict):
    # The audit actor is "key:<id>:<name>" in a 200-character column.
    name: str = Field(min_length=1, max_length=120, pattern=r"\S")
    role: Role


class RescreenIn(Strict):
    old_version: str | None = Field(default=None, max_length=200)
    threshold: Threshold | None = None
