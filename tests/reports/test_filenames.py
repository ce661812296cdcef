from __future__ import annotations

import re

import pytest

from ictguard.reports.filenames import attachment


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("vendors-screened.csv", "vendors-screened.csv"),
        ("x\"; filename*=UTF-8''evil.html", "x_filename_UTF-8_evil.html"),
        ("a\r\nSet-Cookie: s=1.csv", "aSet-Cookie_s_1.csv"),
        ("华为 供应商.csv", "csv"),
        ("../../etc/passwd", "etc_passwd"),
        ("", "download"),
    ],
)
def test_header_cannot_be_extended_by_the_name(name: str, plain: str) -> None:
    value = attachment(name)
    assert value.startswith(f"attachment; filename=\"{plain}\"; filename*=UTF-8''")
    assert "\r" not in value and "\n" not in value
    # exactly the two parameters: nothing the name adds survives as a parameter of its own
    assert len(re.findall(r";\s*filename\*?=", value)) == 2
    encoded = value.split("filename*=UTF-8''", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9%._~-]*", encoded)
