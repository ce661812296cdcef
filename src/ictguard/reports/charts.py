"""Small server-rendered SVG charts: no JavaScript, no CDN, and they print the same in PDF reports."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

BAR_HEIGHT = 22
LABEL_WIDTH = 170
PALETTE = ("#1f5fa8", "#b3541e", "#2e7d32", "#6a1b9a", "#00838f", "#8d6e63")
#: Labels are site and vendor names in any script: the same families as the report text (render.SCRIPT_FONTS,
#: unquoted — each is a valid CSS identifier sequence — so they fit an SVG attribute).
CHART_FONTS = (
    "DejaVu Sans, Noto Sans, Noto Sans CJK SC, Noto Sans CJK TC, Noto Sans CJK JP, Noto Sans CJK KR, "
    "Noto Sans Arabic, Noto Sans Hebrew, Noto Sans Georgian, Noto Sans Armenian, Noto Sans Thai, sans-serif"
)


def bar_chart(
    data: Sequence[tuple[str, float]],
    *,
    title: str,
    width: int = 560,
    unit: str = "",
    scale_max: float | None = None,
) -> Markup:
    """A horizontal bar chart as inline SVG with an accessible title; empty data gives a short note.

    Bars are scaled to the largest value, or to ``scale_max`` when the values have a natural full scale
    (a share of a limit: 40 % must look like 40 %, not like a full bar). A value over it draws a full bar.
    """
    if not data:
        return Markup('<p class="chart-empty">{}: no data.</p>').format(title)
    peak = scale_max or max(value for _label, value in data) or 1.0
    bar_space = width - LABEL_WIDTH - 60
    height = BAR_HEIGHT * len(data) + 10
    parts = [
        Markup(
            '<svg class="chart" role="img" aria-label="{t}" width="{w}" height="{h}" '
            'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" font-family="{f}"><title>{t}</title>'
        ).format(t=title, w=width, h=height, f=CHART_FONTS)
    ]
    for index, (label, value) in enumerate(data):
        y = 5 + index * BAR_HEIGHT
        length = max(1, round(bar_space * min(value, peak) / peak)) if value > 0 else 0
        colour = PALETTE[index % len(PALETTE)]
        shown = f"{value:g}{unit}"
        parts.append(
            Markup(
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="12" fill="#222">{label}</text>'
                '<rect x="{bx}" y="{y}" width="{len}" height="{bh}" fill="{c}"></rect>'
                '<text x="{vx}" y="{ty}" font-size="12" fill="#222">{shown}</text>'
            ).format(
                lx=LABEL_WIDTH - 6,
                ty=y + 15,
                label=_shorten(label),
                bx=LABEL_WIDTH,
                y=y + 2,
                len=length,
                bh=BAR_HEIGHT - 6,
                c=colour,
                vx=LABEL_WIDTH + length + 4,
                shown=shown,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _shorten(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


__all__ = ["bar_chart", "escape"]
