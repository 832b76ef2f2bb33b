"""Bar charts drawn on the server as SVG: no JavaScript, no chart library in the browser.

Each chart is a horizontal bar chart with a ``<title>`` and a ``<desc>``, its label above
every bar and its value right of it, so the bars are read without telling colours apart;
labels above the bars keep the chart narrow enough to stay legible on a phone.
The page puts the same figures in a table beside it. Colours keep WCAG contrast on white
(dark blue bars, near-black text); no ``style`` attributes (the CSP has no ``unsafe-inline``).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from helpcenter.report.figures import Figure

WIDTH = 480
VALUE_WIDTH = 110
ROW = 46  # a label line, then its bar
BAR = 18
BAR_COLOUR = "#1d4f91"  # 8.6:1 on white
TEXT_COLOUR = "#1a1a1a"


def bar_chart(chart_id: str, title: str, description: str, figures: list[Figure]) -> Markup:
    """An SVG bar chart of ``figures``; a hidden (small) value gets no bar, only its text."""
    values = [f.value for f in figures if f.value is not None]
    largest = max(values, default=0) or 1
    room = WIDTH - VALUE_WIDTH
    height = ROW * len(figures) + 8
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="sans-serif" font-size="14">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for row, figure in enumerate(figures):
        top = row * ROW
        parts.append(f'<text x="0" y="{top + 16}" '
                     f'fill="{TEXT_COLOUR}">{escape(shorten(figure.label))}</text>')
        y, length = top + 22, 0
        if figure.value:
            length = max(2, round(room * figure.value / largest))
            parts.append(f'<rect x="0" y="{y}" width="{length}" height="{BAR}" '
                         f'fill="{BAR_COLOUR}"/>')
        parts.append(f'<text x="{length + 6}" y="{y + BAR - 4}" '
                     f'fill="{TEXT_COLOUR}">{escape(figure.text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text and label above is escaped


def shorten(label: str, limit: int = 58) -> str:
    """A label that fits beside the bar; the table beside the chart has it in full."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
