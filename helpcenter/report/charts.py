"""Bar charts drawn on the server as SVG: no JavaScript, no chart library in the browser.

Each chart is a horizontal bar chart with a ``<title>`` and a ``<desc>``, its label above
every bar and its value right of it, so the bars are read without telling colours apart;
labels above the bars, wrapped over as many lines as they need, keep the chart narrow enough
that a phone shows it at (nearly) its own size: its text stays legible and nothing is cut.
The page puts the same figures in a table beside it. Colours keep WCAG contrast on white
(dark blue bars, near-black text); no ``style`` attributes (the CSP has no ``unsafe-inline``).
"""

from __future__ import annotations

import textwrap

from markupsafe import Markup, escape

from helpcenter.report.figures import Figure

WIDTH = 360  # a 390 px phone shows it at 95 %: 15 px text stays above 14 px
VALUE_WIDTH = 110
FONT_SIZE = 15
LINE = 19  # one line of a label
LINE_CHARACTERS = 40  # what fits in WIDTH at FONT_SIZE, wide letters included
BAR = 18
GAP = 12  # between a bar and the next label
BAR_COLOUR = "#1d4f91"  # 8.6:1 on white
TEXT_COLOUR = "#1a1a1a"


def bar_chart(chart_id: str, title: str, description: str, figures: list[Figure]) -> Markup:
    """An SVG bar chart of ``figures``; a hidden (small) value gets no bar, only its text."""
    values = [f.value for f in figures if f.value is not None]
    largest = max(values, default=0) or 1
    room = WIDTH - VALUE_WIDTH
    labels = [label_lines(figure.label) for figure in figures]
    height = sum(LINE * len(lines) + BAR + GAP for lines in labels) + 8
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    top = 0
    for figure, lines in zip(figures, labels, strict=True):
        tspans = "".join(f'<tspan x="0" dy="{LINE if n else 0}">{escape(line)}</tspan>'
                         for n, line in enumerate(lines))
        parts.append(f'<text x="0" y="{top + 15}" fill="{TEXT_COLOUR}">{tspans}</text>')
        y, length = top + LINE * len(lines) + 4, 0
        if figure.value:
            length = max(2, round(room * figure.value / largest))
            parts.append(f'<rect x="0" y="{y}" width="{length}" height="{BAR}" '
                         f'fill="{BAR_COLOUR}"/>')
        parts.append(f'<text x="{length + 6}" y="{y + BAR - 4}" '
                     f'fill="{TEXT_COLOUR}">{escape(figure.text)}</text>')
        top = y + BAR + GAP
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text and label above is escaped


def label_lines(label: str) -> list[str]:
    """The label in lines that fit the chart's width, whole words kept together."""
    return textwrap.wrap(label, LINE_CHARACTERS, break_long_words=False) or [""]
