"""Look at rendered PDFs the way a reader does: embedded fonts (fontTools), glyphs drawn, pages as pixels
(poppler's pdftoppm) and where each word sits on the page (pdftotext -bbox)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftoppm, pdftotext) not installed")


def _fonts(pdf: bytes) -> list[tuple[str, Any, Any]]:
    """(base font name, font program as fontTools TTFont, font dict) of every embedded font."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    seen: dict[str, tuple[str, Any, Any]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            if name in seen:
                continue
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            program = next(
                (descriptor[k].get_object() for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor), None
            )
            seen[name] = (name, TTFont(io.BytesIO(program.get_data())) if program is not None else None, font)
    return list(seen.values())


def _has_outline(font: Any, gid: int) -> bool:
    if gid == 0:
        return False
    glyph = font.getGlyphOrder()[gid]
    if "glyf" in font:
        return bool(font["glyf"][glyph].numberOfContours)
    charstring = font["CFF "].cff[0].CharStrings[glyph]
    charstring.decompile()
    return len(charstring.program) > 2  # more than "width endchar"


_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_CIDCHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s+(\d+)")


def _code_map(font: Any) -> tuple[dict[int, str], dict[int, int]]:
    """(code → text from the ToUnicode CMap, code → glyph id from the encoding). WeasyPrint writes
    Identity-H when every glyph was found, and its own CMap sending each missing character's code to glyph 0
    (.notdef) otherwise."""
    text: dict[int, str] = {}
    if "/ToUnicode" in font:
        for code, hexed in _BFCHAR.findall(font["/ToUnicode"].get_object().get_data()):
            text[int(code, 16)] = bytes.fromhex(hexed.decode()).decode("utf-16-be")
    encoding = font.get("/Encoding")
    if encoding == "/Identity-H":
        gids = {code: code for code in text}
    else:
        body = encoding.get_object().get_data()
        gids = {int(code, 16): int(gid) for code, gid in _CIDCHAR.findall(body.split(b"begincidchar", 1)[-1])}
    return text, gids


def uncovered(pdf: bytes, text: str) -> set[str]:
    """Characters of ``text`` (other than spaces) that no embedded font draws with a real glyph: each is
    either absent or shown as .notdef. Read through the ToUnicode maps, so shaped scripts (Arabic contextual
    forms, ligatures) count by the characters a glyph stands for."""
    drawn: set[str] = set()
    for _name, program, font in _fonts(pdf):
        if program is None:
            continue
        chars, gids = _code_map(font)
        drawn.update(c for code, t in chars.items() if _has_outline(program, gids.get(code, 0)) for c in t)
    return set(text) - {" ", "\n"} - drawn


def notdef_draws(pdf: bytes) -> int:
    """How many glyphs the page content draws as .notdef (glyph 0): each is a tofu box on the page."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    count = 0
    for page in reader.pages:
        zero_codes: dict[str, set[int]] = {}
        for key, font in (page["/Resources"].get("/Font") or {}).items():
            _chars, gids = _code_map(font.get_object())
            zero_codes[str(key)] = {code for code, gid in gids.items() if gid == 0} | {0}
        current: set[int] = set()
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = zero_codes.get(str(operands[0]), set())
            elif operator in (b"Tj", b"TJ"):
                for part in operands[0] if operator == b"TJ" else [operands[0]]:
                    raw = getattr(part, "original_bytes", None)
                    if raw is not None:
                        count += sum(
                            1 for i in range(0, len(raw) - 1, 2) if int.from_bytes(raw[i : i + 2], "big") in current
                        )
    return count


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    page_width: float
    page_height: float


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words(pdf_path: Path) -> list[Word]:
    """Every word poppler finds, with its box in points and its page's size."""
    import html

    out = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, check=True, text=True)
    found: list[Word] = []
    page, size = 0, (0.0, 0.0)
    for line in out.stdout.splitlines():
        if (match := _PAGE.search(line)) is not None:
            page += 1
            size = (float(match.group(1)), float(match.group(2)))
        elif (match := _WORD.search(line)) is not None:
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
            found.append(Word(page, html.unescape(match.group(5)), x0, y0, x1, y1, *size))
    return found


def page_images(pdf_path: Path, out_dir: Path, dpi: int = 100) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf_path), str(out_dir / "page")], check=True)
    return sorted(out_dir.glob("page-*.png"))


def box_glyphs(image: Any, word: Word, dpi: int) -> int:
    """How many glyph blobs inside ``word``'s box on ``image`` look like a .notdef box: a rectangle whose
    border is inked all round and whose inside is empty (the way DejaVu and Noto draw .notdef)."""
    scale = dpi / 72
    crop = image.convert("L").crop(
        (
            int(word.x_min * scale) - 1,
            int(word.y_min * scale) - 1,
            int(word.x_max * scale) + 2,
            int(word.y_max * scale) + 2,
        )
    )
    width, height = crop.size
    ink = [[crop.getpixel((x, y)) < 128 for x in range(width)] for y in range(height)]
    columns = [any(ink[y][x] for y in range(height)) for x in range(width)]
    boxes, x = 0, 0
    while x < width:
        if not columns[x]:
            x += 1
            continue
        start = x
        while x < width and columns[x]:
            x += 1
        rows = [y for y in range(height) if any(ink[y][start:x])]
        top, bottom, left, right = rows[0], rows[-1], start, x - 1
        if right - left < 3 or bottom - top < 5:
            continue
        edges = [ink[top][i] for i in range(left, right + 1)] + [ink[bottom][i] for i in range(left, right + 1)]
        edges += [ink[j][left] for j in range(top, bottom + 1)] + [ink[j][right] for j in range(top, bottom + 1)]
        inside = [ink[j][i] for j in range(top + 2, bottom - 1) for i in range(left + 2, right - 1)]
        if sum(edges) >= 0.9 * len(edges) and inside and sum(inside) <= 0.05 * len(inside):
            boxes += 1
    return boxes
