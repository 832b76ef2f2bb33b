"""The layout checks of ``layout.py`` find what they promise, and pass a page that fits.

Each case is a small page set as content (no server) in a 390 px tab; its CSS comes in a
``<style>`` element, which is fine here: the site's CSP does not apply to these pages.
"""

from __future__ import annotations

import pytest

from tests.browser.layout import layout_problems

pytestmark = pytest.mark.browser

CASES = {
    "fits": ("<p>Tekst die gewoon past.</p><a href='#a'>een</a> <a href='#b'>twee</a>", None),
    "sideways": ("<div class='wide'>breed</div>", "the page is"),
    "beyond the edge": ("<p class='beyond'>Uitloggen</p>", 'p.beyond "Uitloggen" reaches'),
    "cut text": ("<p class='cut'>Klachtenafhandelingsmedewerkersaantekeningen</p>",
                 "cuts off its content"),
    "cut select": ("<select class='narrow'><option>Niet gesloten of ingetrokken</option>"
                   "</select>", 'cuts "Niet gesloten of ingetrokken"'),
    "overlap": ("<button>Eerste</button><button class='onto'>Tweede</button>",
                'button "Eerste" overlaps button.onto "Tweede"'),
    "small chart text": ("<svg viewBox='0 0 1000 40' width='1000'><text y='20' font-size='14'>"
                         "Klein</text></svg><style>svg { max-width: 100%; height: auto }</style>",
                         'text "Klein" is drawn at'),
    "chart text cut": ("<svg viewBox='0 0 100 40' width='100'><text y='20' font-size='14'>"
                       "Grond a: Niet-naleving van de verordening</text></svg>",
                       "is cut off by its picture"),
}
STYLE = """<style>
body { margin: 0; font: 16px sans-serif; }
.wide { width: 500px; }
.beyond { position: absolute; left: 360px; margin: 0; }
.cut { overflow: hidden; width: 100px; white-space: nowrap; }
.narrow { width: 80px; }
.onto { position: relative; left: -30px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; }
</style><p class="visually-hidden">Verborgen tekst voor schermlezers, die niet past</p>"""


@pytest.fixture(scope="module")
def phone_tab(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("case", CASES)
def test_layout_check_finds_the_problem(phone_tab, case):
    html, expected = CASES[case]
    phone_tab.set_content(STYLE + html)
    problems = layout_problems(phone_tab)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems), problems
