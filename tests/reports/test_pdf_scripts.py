"""Names in every script the lists use print as themselves in PDF evidence: a font with a real glyph for each
character is embedded, nothing is drawn as .notdef, and the rendered page shows no tofu boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from ictguard.reports.render import render_pdf, render_report
from tests.reports.pdf_pages import box_glyphs, needs_poppler, notdef_draws, page_images, uncovered, words

pytest.importorskip("weasyprint")

#: One list-style name per script (PRC, Taiwan, DPRK, Iran, Israel, Georgia, Armenia, Russia, Greece, Japan).
NAMES = {
    "Han (simplified)": "华为技术有限公司",
    "Han (traditional)": "臺灣積體電路製造股份有限公司",
    "Hangul": "조선광선은행",
    "Arabic": "بانک ملی ایران",
    "Hebrew": "אלביט מערכות",
    "Georgian": "საქართველოს ბანკი",
    "Armenian": "Հայաստանի Կենտրոնական Բանկ",
    "Cyrillic": "Рособоронэкспорт",
    "Greek": "Ελληνική Τράπεζα",
    "Kana": "ファーウェイ・ジャパン株式会社",
}
NO_FONT_HAS_IT = "\u0378"  # an unassigned code point: no font can draw it, the control for the checks


def _evidence(query: str, names: list[str]) -> bytes:
    hits = [
        {
            "entity_id": f"test:{i}",
            "name": name,
            "matched_name": name,
            "source": "EL",
            "score": 0.9,
            "explanation": [{"feature": "identical", "score": 0.9, "detail": name}],
            "federal_register_notice": "84 FR 22961",
            "license_requirement": "For all items subject to the EAR",
            "license_policy": "Presumption of denial",
            "start_date": "2019-05-16",
        }
        for i, name in enumerate(names)
    ]
    context = {
        "query": query,
        "country": None,
        "as_of": "2026-11-23",
        "list_version": "v1",
        "screened_at": "2026-11-23 12:00 UTC",
        "result": "potential match",
        "hits": hits,
        "reviews": [],
    }
    return render_pdf(render_report("screening_evidence", context))


@pytest.fixture(scope="module")
def every_script(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    pdf = _evidence(NAMES["Han (simplified)"], list(NAMES.values()))
    path = tmp_path_factory.mktemp("scripts") / "scripts.pdf"
    path.write_bytes(pdf)
    return pdf, path


@pytest.fixture(scope="module")
def control(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    pdf = _evidence(f"Acme {NO_FONT_HAS_IT}{NO_FONT_HAS_IT}", [f"Acme {NO_FONT_HAS_IT}{NO_FONT_HAS_IT}"])
    path = tmp_path_factory.mktemp("control") / "control.pdf"
    path.write_bytes(pdf)
    return pdf, path


@pytest.mark.parametrize("script", sorted(NAMES))
def test_an_embedded_font_has_a_glyph_for_every_character(every_script: tuple[bytes, Path], script: str) -> None:
    assert uncovered(every_script[0], NAMES[script]) == set()


def test_nothing_is_drawn_as_notdef(every_script: tuple[bytes, Path]) -> None:
    assert notdef_draws(every_script[0]) == 0


def test_the_checks_see_a_character_no_font_has(control: tuple[bytes, Path]) -> None:
    assert uncovered(control[0], NO_FONT_HAS_IT) == {NO_FONT_HAS_IT}
    assert notdef_draws(control[0]) >= 2


@needs_poppler
def test_rendered_pages_show_no_tofu_boxes(every_script: tuple[bytes, Path], tmp_path: Path) -> None:
    images = [Image.open(p) for p in page_images(every_script[1], tmp_path, dpi=100)]
    letters = set("".join(NAMES.values())) - {" "}
    shown = [w for w in words(every_script[1]) if set(w.text) & letters]
    assert {c for w in shown for c in w.text} >= letters  # every character is on the page, in the text layer
    boxes = {w.text: n for w in shown if (n := box_glyphs(images[w.page - 1], w, 100))}
    assert boxes == {}


@needs_poppler
def test_the_pixel_check_sees_tofu(control: tuple[bytes, Path], tmp_path: Path) -> None:
    images = [Image.open(p) for p in page_images(control[1], tmp_path, dpi=100)]
    shown = [w for w in words(control[1]) if NO_FONT_HAS_IT in w.text]
    assert sum(box_glyphs(images[w.page - 1], w, 100) for w in shown) >= 2
