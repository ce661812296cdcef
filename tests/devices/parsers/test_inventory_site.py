"""The inventory's site column is found under each export's name for it (ALIASES "site")."""

from __future__ import annotations

import pytest

from ictguard.devices.parsers.inventory import _columns


@pytest.mark.parametrize(
    ("header", "column"),
    [
        # NetBox export (device_audit.md §3.8): Site wins over Location (a room or floor within the site).
        (["Device Name", "Role", "Status", "Site", "Location", "Rack", "Vendor", "Model", "IPv4"], "Site"),
        (["addresses", "macs", "hw", "site"], "site"),  # runZero
        (["AssetName", "IPAddress", "Manufacturer", "Location", "SiteName"], "SiteName"),  # Lansweeper
        (["AssetName", "IPAddress", "Manufacturer", "Location"], "Location"),
        (["ip", "mac", "site_name"], "site_name"),
        (["ip", "mac", "Building"], "Building"),
    ],
)
def test_site_column_alias(header: list[str], column: str) -> None:
    assert header[_columns(header)["site"]] == column


def test_no_site_column() -> None:
    assert "site" not in _columns(["ip", "mac", "Manufacturer", "Address"])
