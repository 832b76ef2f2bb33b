"""What a person sees as broken on a page: sideways scrolling, cut text, overlapping controls.

The checks run in the page itself (``layout_problems.js``); ``assert_fits`` fails with one
line per problem, naming each element by tag, id, classes and the start of its text.
"""

from __future__ import annotations

from pathlib import Path

LAYOUT_PROBLEMS = (Path(__file__).parent / "layout_problems.js").read_text(encoding="utf-8")


def layout_problems(tab) -> list[str]:
    """The problems ``layout_problems.js`` finds on the page as it is now."""
    return tab.evaluate(LAYOUT_PROBLEMS)


def assert_fits(tab, where: str) -> None:
    """Fail when anything sticks out of the viewport, is cut off or overlaps another control."""
    problems = layout_problems(tab)
    assert not problems, f"{where}:\n" + "\n".join(problems)
