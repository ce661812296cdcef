"""Request bodies of the REST API (responses are the store's JSON documents)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Country = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2")]
Name = Annotated[str, Field(min_length=1, max_length=500, pattern=r"\S")]
Amount = Annotated[Decimal, Field(ge=0, max_digits=20, decimal_places=4)]
Role = Literal["viewer", "analyst", "reviewer", "admin"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScreenRequest(Strict):
    name: Name
    country: Country | None = None
    as_of: date | None = None
    limit: int = Field(default=10, ge=1, le=100)
    threshold: float | None = Field(default=None, ge=0, le=1)


class BatchRow(Strict):
    name: Name
    country: Country | None = None


class BatchScreenRequest(Strict):
    rows: list[BatchRow] = Field(min_length=1, max_length=100_000)
    as_of: date | None = None
    threshold: float | None = Field(default=None, ge=0, le=1)


class CounterpartyIn(Strict):
    name: Name
    country: Country | None = None
    kind: Literal["customer", "vendor", "other"] = "customer"
    external_ref: str | None = Field(default=None, max_length=200)


class CounterpartyPatch(Strict):
    name: Name | None = None
    country: Country | None = None
    kind: Literal["customer", "vendor", "other"] | None = None
    external_ref: str | None = Field(default=None, max_length=200)


class CounterpartyScreen(Strict):
    as_of: date | None = None
    threshold: float | None = Field(default=None, ge=0, le=1)
    limit: int = Field(default=10, ge=1, le=100)


class ReviewIn(Strict):
    decision: Literal["true_match", "false_positive"]
    reason: str = Field(min_length=1, max_length=4000, pattern=r"\S")
    expires_on: date | None = None


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
    end_use: str | None = Field(default=None, min_length=1, max_length=4000)
    parties: list[PartyIn] | None = Field(default=None, min_length=1, max_length=50)
    items: list[ItemIn] | None = Field(default=None, min_length=1, max_length=200)


class Validity(Strict):
    number: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9-]+$")
    valid_from: date
    valid_until: date
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
    ship_date: date
    consignee: Name
    lines: list[ShipmentLineIn] = Field(min_length=1, max_length=200)


class KeyIn(Strict):
    name: Name
    role: Role


class RescreenIn(Strict):
    old_version: str | None = Field(default=None, max_length=200)
    threshold: float | None = Field(default=None, ge=0, le=1)
