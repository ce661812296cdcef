"""The font families reports and the web UI name are real installed families (a typo would fall back
silently), and the web UI's CSS names the ones for the non-Latin scripts on the lists."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ictguard.reports.charts import CHART_FONTS
from ictguard.reports.render import SCRIPT_FONTS

APP_CSS = Path(__file__).resolve().parents[2] / "src" / "ictguard" / "web" / "static" / "app.css"
NON_LATIN = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Georgian",
    "Noto Sans Armenian",
)


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list not installed")
def test_every_named_family_is_installed() -> None:
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    installed = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    chart = [name.strip() for name in CHART_FONTS.split(",") if name.strip() != "sans-serif"]
    assert sorted(set(SCRIPT_FONTS) - installed) == [] and sorted(set(chart) - installed) == []


@pytest.mark.parametrize("family", NON_LATIN)
def test_reports_charts_and_web_ui_name_each_non_latin_family(family: str) -> None:
    assert family in SCRIPT_FONTS and family in CHART_FONTS
    assert f'"{family}"' in APP_CSS.read_text(encoding="utf-8")
