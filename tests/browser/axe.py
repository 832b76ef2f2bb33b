"""axe-core in the browser tests: every page state a test visits is checked for violations.

axe-core comes from npm (``package.json``, ``package-lock.json``; ``make test`` runs
``npm ci``). It is injected into the open page and run against WCAG 2.0, 2.1 and 2.2 A/AA
plus axe's best practices. Any violation fails the test with a list a person can act on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Rules we switch off, each with the reason a reviewer accepted. Keep this empty if you can.
DISABLED_RULES: dict[str, str] = {}

RUN_AXE = """async ([tags, disabled]) => {
  const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
  const results = await axe.run(document, {
    runOnly: { type: "tag", values: tags }, rules, resultTypes: ["violations"],
  });
  // Remember that this DOM was checked; any later change makes it unchecked again.
  window.__axeChecked = true;
  new MutationObserver(() => { window.__axeChecked = false; }).observe(
    document, { subtree: true, childList: true, attributes: true, characterData: true });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
}"""


def axe_script() -> str:
    """The text of axe.min.js; a clear failure when ``npm ci`` has not been run."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(
            f"axe-core not found at {AXE_SCRIPT}: run `make test` (or `npm ci`) first; "
            "the browser tests check every page with it."
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")


def run_axe(page) -> list[dict]:
    """Inject axe-core into ``page`` (once per document) and return its violations.

    The script is evaluated rather than added as a ``<script>`` tag, so it also runs in a
    context with JavaScript switched off (the no-JavaScript journeys are checked too).
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    return page.evaluate(RUN_AXE, [AXE_TAGS, list(DISABLED_RULES)])


def format_violations(violations: list[dict], where: str) -> str:
    """One line per rule (id, impact, help), then each offending element's selector."""
    lines = [f"axe-core found {len(violations)} violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f"  <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def assert_accessible(page, name: str = "") -> None:
    """Fail when axe-core finds any violation on the page as it is now."""
    violations = run_axe(page)
    if violations:
        where = f"{name} ({page.url})" if name else page.url
        pytest.fail(format_violations(violations, where), pytrace=False)


def assert_accessible_without_js(browser, tab, name: str = "") -> None:
    """Check a tab that has JavaScript switched off, where axe-core itself cannot run.

    axe needs timers, which a context without JavaScript never fires. So the page as that tab
    shows it (its DOM, i.e. the server's HTML) is served again to a fresh tab with JavaScript
    on, at the same address and size, with every script of the site blocked; axe runs there.
    """
    html, url = tab.content(), tab.url
    context = browser.new_context(viewport=tab.viewport_size, bypass_csp=True)
    try:
        copy = context.new_page()

        def serve(route):
            if route.request.is_navigation_request():
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            elif route.request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        copy.route("**/*", serve)
        copy.goto(url)
        assert_accessible(copy, f"{name} without JavaScript" if name else "without JavaScript")
    finally:
        context.close()
    tab.evaluate("window.__axeChecked = true")


def already_checked(page) -> bool:
    """Whether axe ran on the page as it is now: same document, nothing changed since."""
    return page.evaluate("window.__axeChecked === true")
