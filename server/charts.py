"""Pictures drawn on the server as SVG: the evidence map, a bar chart, a table of shaded counts.

No charting library: each picture is a few rectangles and labels, every text escaped.
Colours are presentation attributes (not inline styles), so the pages' CSP allows them inline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from server.evidence_map import Matrix

__all__ = ["COLOURS", "bar_chart", "count_grid", "map_svg"]

COLOURS = {
    "Positive": "#2e9e5b",
    "NoDifference": "#7b6fd6",
    "Negative": "#d0463c",
    "Mixed": "#e39b2d",
    "Unclear": "#a4adb6",
}
FONT = 'font-family="system-ui, sans-serif"'


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" {FONT} font-size="12">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>\n"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {extra}>{escape(text)}</text>'


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def map_svg(matrix: Matrix, directions: Sequence[tuple[str, str]]) -> str:
    """The evidence map: one square per cell, split into bands by direction, the count inside."""
    cell, left, top = 34, 190, 175
    width = left + cell * max(len(matrix.columns), 1) + 20
    height = top + cell * max(len(matrix.rows), 1) + 60
    body = []
    x = left
    for group, span in matrix.column_groups:
        body.append(f'<rect x="{x}" y="{top - 170}" width="{span * cell - 2}" height="16" fill="#eef2f7"/>')
        body.append(_text(x + 3, top - 158, _clip(group, max(3, span * 4)), extra='font-weight="600"'))
        x += span * cell
    for index, column in enumerate(matrix.columns):
        cx = left + index * cell + cell / 2
        body.append(_text(cx, top - 6, _clip(column.label, 22), extra=f'transform="rotate(-55 {cx:.1f} {top - 6})"'))
    for r, row in enumerate(matrix.rows):
        y = top + r * cell
        body.append(_text(left - 6, y + cell / 2 + 4, _clip(row.label, 30), "end"))
        for c, column in enumerate(matrix.columns):
            x0 = left + c * cell
            counts = matrix.cell(row.iri, column.iri)
            body.append(f'<rect x="{x0}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="#f7f8f9"/>')
            total = sum(counts.values())
            offset = 0.0
            for name, _ in directions:
                n = counts.get(name, 0)
                if not n:
                    continue
                band = (cell - 2) * n / total
                body.append(f'<rect x="{x0 + offset:.1f}" y="{y + cell - 10}" width="{band:.1f}" height="8" '
                            f'fill="{COLOURS[name]}"><title>{escape(f"{n} {name}")}</title></rect>')
                offset += band
            if total:
                body.append(_text(x0 + cell / 2 - 1, y + cell / 2, str(matrix.totals.get((row.iri, column.iri), total)),
                                  "middle", 'font-weight="600"'))
    legend_y = top + cell * max(len(matrix.rows), 1) + 30
    x = left
    for name, label in directions:
        body.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{COLOURS[name]}"/>')
        body.append(_text(x + 16, legend_y, label))
        x += 110
    return _svg(max(width, left + 560), height, body, "Evidence map: studies per role and outcome, by direction")


def bar_chart(bars: Sequence[tuple[str, int]], title: str, width: int = 560, height: int = 220) -> str:
    """Vertical bars with labels under them (e.g. studies per year)."""
    left, bottom, top = 36, 40, 24
    most = max((n for _, n in bars), default=0) or 1
    step = (width - left - 10) / max(len(bars), 1)
    body = [_text(left, 14, title, extra='font-weight="600"')]
    body.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>')
    body.append(_text(left - 4, top + 8, str(most), "end"))
    label_every = max(1, round(len(bars) / 14))
    for index, (label, n) in enumerate(bars):
        h = (height - bottom - top) * n / most
        x = left + index * step
        body.append(f'<rect class="bar" x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{max(step - 2, 1):.1f}" '
                    f'height="{h:.1f}" fill="#1f5fa8"><title>{escape(f"{label}: {n}")}</title></rect>')
        if index % label_every == 0:
            cx = x + step / 2
            body.append(_text(cx, height - bottom + 14, label, "middle", 'font-size="10"'))
    return _svg(width, height, body, title)


def count_grid(rows: Sequence[str], columns: Sequence[str], counts: dict[tuple[str, str], int], title: str) -> str:
    """A table of counts, each cell shaded by its share of the largest (e.g. designs by outcome domain)."""
    left, top, cell_w, cell_h = 170, 110, 64, 22
    most = max(counts.values(), default=0) or 1
    width = left + cell_w * max(len(columns), 1) + 70  # room for the last slanted heading
    height = top + cell_h * max(len(rows), 1) + 10
    body = [_text(4, 14, title, extra='font-weight="600"')]
    for c, column in enumerate(columns):
        cx = left + c * cell_w + cell_w / 2
        body.append(_text(cx, top - 6, _clip(column, 20), extra=f'transform="rotate(-40 {cx:.1f} {top - 6})"'))
    for r, row in enumerate(rows):
        y = top + r * cell_h
        body.append(_text(left - 6, y + 15, _clip(row, 26), "end"))
        for c, column in enumerate(columns):
            n = counts.get((row, column), 0)
            shade = 0.08 + 0.85 * n / most if n else 0.0
            body.append(f'<rect x="{left + c * cell_w}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                        f'fill="#1f5fa8" fill-opacity="{shade:.2f}"/>')
            if n:
                colour = "#fff" if shade > 0.5 else "#1d232a"
                cx = left + c * cell_w + cell_w / 2
                body.append(_text(cx, y + 15, str(n), "middle", f"fill={quoteattr(colour)}"))
    return _svg(width, height, body, title)
