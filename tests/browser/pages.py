"""Every page type of the site, once: its name, who sees it, how to reach it, its main action.

``tests/browser/test_every_page.py`` opens each entry in Dutch and English at 1280 and 390 px
(axe-core, a screenshot, nothing wider than the screen) and again with JavaScript off (the
page renders and its main action reaches the next page). A new page type is one more
``PageType`` in ``PAGES``; ``ENDPOINTS_WITHOUT_A_PAGE`` names the GET routes that are no page
of their own, so a new route without an entry fails ``test_every_route_has_an_entry``.

Who sees a page: ``stranger`` (a browser without cookies), ``partner`` (the browser that
filed the case, then opened the links of two more: a resolution offered, mediation offered)
or ``staff`` (a logged-in case handler, an admin). Each is one browser context shared by the
whole module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page

from helpcenter.cases import partner_sessions
from tests.cases.sign_in_helpers import sign_in_token

SEARCH_HIT = {"nl": "klacht", "en": "complaint"}
ARTICLE = "complaints/submit-a-complaint"
# One article in each language that the other lacks (written by the module's fixture).
OTHER = {"nl": "en", "en": "nl"}
ONLY_IN = {"en": ("payments", "vat-on-commission", "VAT on your commission"),
           "nl": ("payments", "toeristenbelasting", "Toeristenbelasting")}
STAFF_EMAIL = "kim.handler@example.com"
STAFF_PASSWORD = "correct horse battery staple"
PARTNER_EMAIL = "anna@example.nl"
PARTNER_NAME = "Anna de Vries-van Oldenbarnevelt"
# A long Dutch message with a long word and a long address: it must wrap on a phone.
COMPLAINT_TEXT = (
    "Sinds de wijziging van vorige week staat mijn accommodatie onderaan in de "
    "zoekresultaten, hoewel mijn beoordelingen niet zijn veranderd. Zie "
    "https://extranet.example.com/accommodaties/123456/zoekresultatenoverzicht?periode=2025 "
    "en de klantenservicemedewerkersaantekeningen.")


@dataclass
class Site:
    """What the module made: the live site and the cases its pages show."""

    base: str
    app: object
    reference: str  # the filed case with a thread: partner and staff messages, an attachment
    resolved: str  # a second case of the same partner, with a resolution offered
    disagreed: str  # a third: the partner disagreed, mediation is offered (the EEA)


@dataclass(frozen=True)
class PageType:
    """One kind of page: ``reach(tab, site, lang)`` brings ``tab`` there; ``act``, if any,
    does the page's main action with JavaScript off and checks the page it leads to."""

    name: str
    reach: Callable[[Page, Site, str], None]
    who: str = "stranger"
    endpoints: tuple[str, ...] = ()
    act: Callable[[Page, Site, str], None] | None = None


def visit(path: str) -> Callable[[Page, Site, str], None]:
    """A page reached by its address; ``path`` may use ``{lang}``, ``{reference}``,
    ``{resolved}``, ``{disagreed}``, ``{only}`` (the article only in the other language)."""
    def reach(tab: Page, site: Site, lang: str) -> None:
        only = "/".join(ONLY_IN[OTHER[lang]][:2])
        tab.goto(site.base + path.format(lang=lang, reference=site.reference,
                                         resolved=site.resolved, disagreed=site.disagreed,
                                         only=only))
    return reach


def send(tab: Page, selector: str = ".case-form button[type=submit]") -> None:
    """Press the form's submit button and wait for the page it leads to."""
    tab.locator(selector).first.click()
    tab.wait_for_load_state()


def sent_empty(path: str) -> Callable[[Page, Site, str], None]:
    """A form sent empty, so every error shows."""
    opened = visit(path)

    def reach(tab: Page, site: Site, lang: str) -> None:
        opened(tab, site, lang)
        send(tab)
        tab.locator("#error-summary").wait_for()
    return reach


def received(tab: Page) -> None:
    """The form was accepted: the confirmation page with a reference, not the errors again."""
    errors = tab.locator("#error-summary")
    assert not errors.count(), errors.inner_text()
    assert re.fullmatch(r"HC-\w{4}-\w{4}", tab.locator(".reference strong").inner_text())


def confirmation(tab: Page, site: Site, lang: str) -> None:
    """The confirmation page: only the browser that filed the case may see it."""
    visit("/{lang}/case-received/{reference}")(tab, site, lang)
    tab.locator(".reference strong").wait_for()


def fill_complaint(tab: Page, message: str = COMPLAINT_TEXT) -> None:
    """Fill every field of the complaint form as a Dutch partner would."""
    tab.locator("#requester_type-0").check()
    tab.locator("#property_id").fill("123456")
    tab.locator("#name").fill(PARTNER_NAME)
    tab.locator("#email").fill(PARTNER_EMAIL)
    tab.locator("#country").select_option("NL")
    tab.locator("#topic").select_option("ranking")
    tab.locator("#message").fill(message)
    tab.locator("#consent").check()


def file_complaint(tab: Page, site: Site, lang: str) -> None:
    """Send the complaint form empty (errors, nothing lost), then filled: the confirmation."""
    send(tab)
    assert tab.locator("#error-summary").is_visible()
    fill_complaint(tab, "Ingediend zonder JavaScript, met alles wat erbij hoort.")
    send(tab)
    received(tab)


def report_technical_issue(tab: Page, site: Site, lang: str) -> None:
    """Send the technical-issue form empty, then filled: the confirmation page."""
    send(tab)
    assert tab.locator("#error-summary").is_visible()
    tab.locator("#location-0").check()
    tab.locator("#topic").select_option("account")
    tab.locator("#subtopic").select_option("account/login")
    tab.locator("#message").fill("De inlogpagina vraagt steeds opnieuw om mijn code.")
    tab.locator("#property_id").fill("123456")
    tab.locator("#name").fill("Sam")
    tab.locator("#email").fill("sam@example.com")
    send(tab)
    received(tab)


def search_from_home(tab: Page, site: Site, lang: str) -> None:
    """The home page's search box, sent with Enter: the results page lists articles."""
    tab.locator("#home-search").fill(SEARCH_HIT[lang])
    tab.locator("#home-search").press("Enter")
    tab.wait_for_url(f"**/{lang}/search?q={SEARCH_HIT[lang]}")
    assert tab.locator("main h1").is_visible()
    assert tab.locator(f"main a[href^='/{lang}/complaints/']").count() >= 1


def vote(tab: Page, site: Site, lang: str) -> None:
    """Was this article helpful? Yes: the page comes back with the thanks."""
    tab.locator(".vote-form button[value=yes]").click()
    tab.wait_for_url(f"**/{lang}/{ARTICLE}#feedback")
    assert tab.locator("#feedback .button-form").is_visible()


def reply(tab: Page, site: Site, lang: str) -> None:
    """The partner answers in the thread: the case page says the message was sent."""
    tab.locator(".reply textarea").fill("Antwoord zonder JavaScript.")
    send(tab, ".reply button[type=submit]")
    tab.wait_for_url(f"**/{lang}/cases/{site.reference}")
    assert tab.locator(".flash").is_visible()
    assert "Antwoord zonder JavaScript." in tab.locator(".thread").inner_text()


def ask_for_a_new_link(tab: Page, site: Site, lang: str) -> None:
    """Reference and email sent: the "check your email" page."""
    tab.locator("#reference").fill(site.reference)
    tab.locator("#email").fill(PARTNER_EMAIL)
    send(tab, "main button[type=submit]")
    tab.wait_for_url(f"**/{lang}/cases/lost-link/sent")


def ask_for_a_sign_in_link(tab: Page, site: Site, lang: str) -> None:
    """"My cases": the partner's email sent, the "check your email" page."""
    tab.locator("#email").fill(PARTNER_EMAIL)
    send(tab, "main button[type=submit]")
    tab.wait_for_url(f"**/{lang}/my-cases/sign-in/sent")


def fresh_sign_in_link(site: Site, lang: str) -> str:
    """The address of a new, unused sign-in link for the partner, as it was emailed."""
    with site.app.test_request_context(f"/{lang}/"):
        partner_sessions.request_sign_in(PARTNER_EMAIL, lang)
    return f"{site.base}/{lang}/my-cases/sign-in/{sign_in_token(site.app)}"


def sign_in_confirmation(tab: Page, site: Site, lang: str) -> None:
    """The page an emailed sign-in link opens: a "Sign in" button (it uses up nothing)."""
    tab.goto(fresh_sign_in_link(site, lang))


def my_cases(tab: Page, site: Site, lang: str) -> None:
    """The partner's list of cases, signing in through an emailed link when not yet in."""
    tab.goto(f"{site.base}/{lang}/my-cases")
    if "/my-cases/sign-in" in tab.url:
        tab.goto(fresh_sign_in_link(site, lang))
        send(tab, "main button[type=submit]")
        tab.wait_for_url(f"**/{lang}/my-cases")
    assert tab.locator(".my-case").count() >= 3


def log_in(tab: Page, site: Site, lang: str) -> None:
    """A handler logs in and lands on the queue."""
    tab.locator("#email").fill(STAFF_EMAIL)
    tab.locator("#password").fill(STAFF_PASSWORD)
    send(tab, ".login-form button[type=submit]")
    tab.wait_for_url(re.compile(r"/(nl|en)/staff/$"))  # the console in the handler's language
    assert tab.locator(f"a.reference:text-is('{site.reference}')").count() == 1


def filter_queue(tab: Page, site: Site, lang: str) -> None:
    """The queue's filters are a GET form: filtered on "waiting for the partner"."""
    tab.locator(".queue-filters #status").select_option("waiting_for_partner")
    send(tab, ".queue-filters button[type=submit]")
    assert "status=waiting_for_partner" in tab.url


def write_a_note(tab: Page, site: Site, lang: str) -> None:
    """An internal note on the staff case view: back on the case, the note in the timeline."""
    tab.locator(".action-note textarea").fill("Notitie zonder JavaScript.")
    send(tab, ".action-note button[type=submit]")
    tab.wait_for_url(f"**/{lang}/staff/cases/{site.reference}")
    assert "Notitie zonder JavaScript." in tab.locator("main").inner_text()


def open_a_year(tab: Page, site: Site, lang: str) -> None:
    """The years list links each year's report."""
    tab.locator("main a[href$='/complaint-handling-report/2025']").first.click()
    tab.wait_for_url(f"**/{lang}/complaint-handling-report/2025")


PAGES: list[PageType] = [
    PageType("home", visit("/{lang}/"), endpoints=("articles.home",), act=search_from_home),
    PageType("section", visit("/{lang}/complaints/"), endpoints=("articles.section",)),
    PageType("article", visit("/{lang}/" + ARTICLE), endpoints=("articles.article",), act=vote),
    PageType("article-in-other-language", visit("/{lang}/{only}")),
    PageType("search-hit", lambda tab, site, lang: tab.goto(
        f"{site.base}/{lang}/search?q={SEARCH_HIT[lang]}"), endpoints=("search.results",)),
    PageType("search-miss", visit("/{lang}/search?q=zzyzxq")),
    PageType("saved", visit("/{lang}/saved"), who="partner", endpoints=("articles.saved_list",)),
    PageType("complaint", visit("/{lang}/complaint"), endpoints=("cases.complaint",),
             act=file_complaint),
    PageType("complaint-errors", sent_empty("/{lang}/complaint")),
    PageType("technical-issue", visit("/{lang}/technical-issue"),
             endpoints=("cases.technical_issue",), act=report_technical_issue),
    PageType("technical-issue-errors", sent_empty("/{lang}/technical-issue")),
    PageType("confirmation", confirmation, who="partner", endpoints=("cases.received",)),
    PageType("case-thread", visit("/{lang}/cases/{reference}"), who="partner",
             endpoints=("cases.case_page",), act=reply),
    PageType("case-resolution-offered", visit("/{lang}/cases/{resolved}"), who="partner"),
    PageType("case-mediation-offered", visit("/{lang}/cases/{disagreed}"), who="partner"),
    PageType("case-how-to-get-in", visit("/{lang}/cases/{reference}")),
    PageType("withdraw", visit("/{lang}/cases/{reference}/withdraw"), who="partner",
             endpoints=("cases.withdraw",)),
    PageType("lost-link", visit("/{lang}/cases/lost-link"), endpoints=("cases.lost_link",),
             act=ask_for_a_new_link),
    PageType("lost-link-sent", visit("/{lang}/cases/lost-link/sent"),
             endpoints=("cases.lost_link_sent",)),
    PageType("my-cases-sign-in", visit("/{lang}/my-cases/sign-in"),
             endpoints=("cases.sign_in",), act=ask_for_a_sign_in_link),
    PageType("my-cases-sign-in-sent", visit("/{lang}/my-cases/sign-in/sent"),
             endpoints=("cases.sign_in_sent",)),
    PageType("my-cases-sign-in-link", sign_in_confirmation, endpoints=("cases.sign_in_link",)),
    PageType("my-cases-link-failed", visit("/{lang}/my-cases/sign-in/" + "x" * 43)),
    PageType("my-cases", my_cases, who="partner", endpoints=("cases.my_cases",)),
    PageType("staff-login", visit("/{lang}/staff/login"), endpoints=("staff.login",),
             act=log_in),
    PageType("staff-queue", visit("/{lang}/staff/"), who="staff", endpoints=("staff.queue",),
             act=filter_queue),
    PageType("staff-case", visit("/{lang}/staff/cases/{reference}"), who="staff",
             endpoints=("staff.case",), act=write_a_note),
    PageType("staff-feedback", visit("/{lang}/staff/feedback"), who="staff",
             endpoints=("staff.feedback",)),
    PageType("staff-content", visit("/{lang}/staff/content"), who="staff",
             endpoints=("staff.content",)),
    PageType("report-list", visit("/{lang}/complaint-handling-report"),
             endpoints=("report.index",), act=open_a_year),
    PageType("report-year", visit("/{lang}/complaint-handling-report/2025"),
             endpoints=("report.year",)),
    PageType("not-found", visit("/{lang}/no-such-section/no-such-page")),
    PageType("api-reference", visit("/api/v1/docs?lang={lang}"), endpoints=("api.reference",)),
]
PAGE_TYPES = {page_type.name: page_type for page_type in PAGES}

# GET routes that are not a page of their own, and why.
ENDPOINTS_WITHOUT_A_PAGE = {
    "static": "files",
    "core.healthz": "plain-text probe",
    "core.readyz": "plain-text probe",
    "core.root": "redirects to a language",
    "core.switch_language": "redirects to the same page in the other language",
    "cases.open_case": "exchanges the secret link for a session, then redirects",
    "cases.attachment": "a file download",
    "staff.attachment": "a file download",
    "cases.reply": "GET redirects to the case page",
    "cases.accept": "GET redirects to the case page",
    "cases.disagree": "GET redirects to the case page",
    "cases.mediation": "GET redirects to the case page",
    "cases.download_my_data": "a JSON download (My cases)",
    "report.latest": "redirects to the newest year",
    "report.year_csv": "a CSV download",
    "search.suggest": "JSON for the suggestions",
    # The JSON API: its reference page is "api-reference" above.
    "api.openapi": "the OpenAPI document (JSON)",
    "api.no_such_operation": "problem+json 404/405 for any other API path",
    "api.sections": "JSON", "api.section_articles": "JSON", "api.all_articles": "JSON",
    "api.article": "JSON", "api.search_articles": "JSON", "api.suggestions": "JSON",
    "api.topics": "JSON", "api.case": "JSON (bearer token)",
}
