"""The shapes of the API's requests and answers, for the OpenAPI document (pydantic models).

They describe; they do not decide. Input is checked by the site's own WTForms forms, so the
constraints written here (lengths, choices) mirror the forms for the reader and for
Schemathesis, and the forms' answer is the one that counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["nl", "en"]
EXAMPLE_TOKEN = "kq3V1mB0r9yXc2HgT7sPzA4uLwN8eJdF6iOaQ5tRbEo"  # noqa: S105 (an example)
REFERENCE = "HC-7K4M-Q2XP"


def example(**values) -> ConfigDict:
    """A model config carrying one example (shown in the document and on the docs page)."""
    return ConfigDict(json_schema_extra={"examples": [values]})


class LangQuery(BaseModel):
    """``?lang=``: the language of the content and the messages (else Accept-Language)."""

    lang: Lang | None = Field(None, description="nl or en; without it, Accept-Language decides")


class PageQuery(LangQuery):
    """A list: ``limit`` items from ``cursor`` (the previous page's ``next_cursor``)."""

    limit: int | None = Field(None, ge=1, le=100, description="items per page (20)")
    cursor: str | None = Field(None, description="next_cursor of the previous page")


class SearchQuery(PageQuery):
    """The words to look for (the same index and ranking as the site's search page)."""

    q: str = Field(..., max_length=200, description="what the partner typed")


class SuggestQuery(LangQuery):
    """What has been typed so far (two characters or more give suggestions)."""

    q: str = Field(..., max_length=200)


class FieldError(BaseModel):
    """One thing wrong with one field, in the request's language."""

    field: str | None
    code: str = Field(..., description="required, invalid_email, too_short, too_long, "
                      "invalid_format, invalid_choice, file_type, file_too_large, …")
    message: str


class Problem(BaseModel):
    """An error (RFC 9457, ``application/problem+json``), in the request's language."""

    model_config = example(type="https://helpcenter.example/problems/invalid-input",
                           title="Check what you sent", status=400,
                           detail="Some fields need a correction: see errors.",
                           errors=[{"field": "email", "code": "invalid_email",
                                    "message": "Enter an email address like "
                                               "name@example.com."}])
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None
    other_language_url: str | None = Field(
        None, description="the article in the other language, when it exists only there")


class Section(BaseModel):
    """A section (rubriek) in one language."""

    model_config = example(key="complaints", title="Complaints", description="…",
                           url="/en/complaints/", article_count=4)
    key: str
    title: str
    description: str
    url: str
    article_count: int


class SectionPage(BaseModel):
    """A page of sections."""

    items: list[Section]
    next_cursor: str | None


class ArticleSummary(BaseModel):
    """An article in a list: what a card or a result shows."""

    model_config = example(slug="submit-a-complaint", section="complaints", lang="en",
                           title="Submit a complaint", summary="How to …",
                           updated="2025-03-01", url="/en/complaints/submit-a-complaint")
    slug: str
    section: str
    lang: Lang
    title: str
    summary: str
    updated: dt.date | None
    url: str


class ArticlePage(BaseModel):
    """A page of articles."""

    items: list[ArticleSummary]
    next_cursor: str | None


class Heading(BaseModel):
    """An entry of "What this article is about"."""

    level: int
    text: str
    anchor: str


class OtherLanguage(BaseModel):
    """The same article in the other language."""

    lang: Lang
    title: str
    url: str


class Article(ArticleSummary):
    """An article, rendered and sanitized as on its page."""

    model_config = example(slug="submit-a-complaint", section="complaints", lang="en",
                           title="Submit a complaint", summary="How to …",
                           updated="2025-03-01", url="/en/complaints/submit-a-complaint",
                           updated_label="2 months ago", reading_minutes=3,
                           html="<h2 id=\"before-you-start\">Before you start</h2><p>…</p>",
                           headings=[{"level": 2, "text": "Before you start",
                                      "anchor": "before-you-start"}],
                           related=[], other_language={"lang": "nl", "title": "Een klacht "
                                                       "indienen", "url": "/nl/complaints/"
                                                       "submit-a-complaint"}, stale=False)
    updated_label: str | None
    reading_minutes: int
    html: str
    headings: list[Heading]
    related: list[ArticleSummary]
    other_language: OtherLanguage | None
    stale: bool = Field(..., description="a newer version exists in the other language")


class SearchHit(ArticleSummary):
    """A search result: the article and the words around what matched."""

    snippet: str


class SearchPage(BaseModel):
    """A page of search results, best first; ``corrected``: the spelling searched instead."""

    items: list[SearchHit]
    next_cursor: str | None
    corrected: str | None


class Suggestion(BaseModel):
    """A title to offer while the partner types."""

    title: str
    section: str
    url: str


class Suggestions(BaseModel):
    """Up to six titles."""

    items: list[Suggestion]


class Subtopic(BaseModel):
    """A subtopic of a technical topic."""

    key: str
    label: str


class Topic(BaseModel):
    """A topic of a form, with its label in the asked language."""

    key: str
    label: str
    ground: str | None = Field(None, description="P2B art. 11(1) ground (complaints)")
    subtopics: list[Subtopic] | None = None


class Topics(BaseModel):
    """The topics of the complaint form and of the technical-issue form."""

    complaint: list[Topic]
    technical_issue: list[Topic]


class VoteIn(BaseModel):
    """An answer to "Was this article helpful?"; one per visitor id and article."""

    model_config = example(visitor_id="3f2a9c0b7d1e4f6a8b5c2d9e0f1a2b3c", answer="no",
                           reason="unclear", comment="The steps do not match the app.")
    visitor_id: str = Field(..., pattern=r"^[0-9a-f]{32}$",
                            description="a random id the app keeps for this visitor")
    answer: Literal["yes", "no"]
    reason: Literal["inaccurate", "unclear", "incomplete", "not-relevant"] | None = None
    comment: str | None = Field(None, max_length=1000)


class VoteOut(BaseModel):
    """The visitor's answer as recorded (a second vote replaces the first)."""

    state: Literal["yes", "no", "no-detailed"]


class TechnicalIssueIn(BaseModel):
    """The technical-issue form's fields (JSON; multipart adds ``attachments``)."""

    model_config = example(name="Tom Jansen", email="tom@example.com", property_id="998877",
                           location="pulse-app", topic="account", subtopic="login",
                           message="The app logs me out every time I open the calendar.",
                           device="iPhone 15, Pulse 24.3")
    name: str = Field(..., min_length=1, max_length=100)
    email: str = Field(..., max_length=254)
    property_id: str = Field(..., pattern=r"^[0-9]{1,12}$")
    location: Literal["extranet", "pulse-app"]
    topic: str
    subtopic: str
    message: str = Field(..., min_length=30, max_length=5000)
    device: str | None = Field(None, max_length=100)


class TechnicalIssueForm(TechnicalIssueIn):
    """The same fields as multipart, with up to three files (PNG, JPEG, PDF; 5 MB each)."""

    attachments: list[bytes] = []


class ComplaintIn(BaseModel):
    """The complaint form's fields (JSON; multipart adds ``attachments``)."""

    model_config = example(requester_type="partner", name="Anna de Vries",
                           email="anna@example.nl", property_id="123456", country="NL",
                           topic="ranking", consent=True,
                           message="Since last week my property is at the bottom of the "
                                   "search results.")
    requester_type: Literal["partner", "guest"]
    name: str = Field(..., min_length=1, max_length=100)
    email: str = Field(..., max_length=254)
    phone: str | None = None
    property_id: str | None = Field(None, description="required for partners")
    country: str = Field(..., min_length=2, max_length=2)
    topic: str
    message: str = Field(..., min_length=30, max_length=5000)
    consent: bool


class ComplaintForm(ComplaintIn):
    """The same fields as multipart, with up to three files."""

    attachments: list[bytes] = []


class Filed(BaseModel):
    """The case made (or found again with the same ``Idempotency-Key``).

    ``token`` opens the case (``Authorization: Bearer``); it is shown only here and emailed.
    """

    model_config = example(reference=REFERENCE, kind="technical_issue", status="received",
                           status_label="Received", token=EXAMPLE_TOKEN, answer_by="2025-03-07")
    reference: str
    kind: str
    status: str
    status_label: str
    token: str
    answer_by: dt.date | None


class Attachment(BaseModel):
    """A file in the thread (its content is on the case page)."""

    filename: str
    content_type: str
    size: int


class ThreadEntry(BaseModel):
    """A message of the thread; the first is the filing itself."""

    author: Literal["partner", "staff", "system"]
    kind: str
    body: str
    created_at: dt.datetime
    attachments: list[Attachment]


class TimelineEntry(BaseModel):
    """Something that happened to the case."""

    actor: str
    action: str
    label: str
    from_status: str | None
    to_status: str | None
    created_at: dt.datetime


class CaseOut(BaseModel):
    """The case as its partner sees it; ``version`` goes with accept, disagree, mediation."""

    model_config = example(reference=REFERENCE, kind="technical_issue", status="resolved",
                           status_label="Resolved", status_explanation="…", topic="account",
                           topic_label="Account › Log-in", version=5, outcome="upheld",
                           outcome_label="Upheld", resolution="We reset your account.",
                           answer_by="2025-03-07", actions=["accept", "disagree", "reply"],
                           timeline=[], thread=[])
    reference: str
    kind: str
    status: str
    status_label: str
    status_explanation: str
    topic: str
    topic_label: str
    version: int
    outcome: str | None
    outcome_label: str | None
    resolution: str | None
    answer_by: dt.date | None
    actions: list[Literal["reply", "accept", "disagree", "mediation"]]
    timeline: list[TimelineEntry]
    thread: list[ThreadEntry]


class ReplyIn(BaseModel):
    """The partner's message (JSON; multipart adds ``attachments``)."""

    model_config = example(message="The problem is back since this morning.")
    message: str = Field(..., min_length=1, max_length=5000)


class ReplyForm(ReplyIn):
    """The message as multipart, with up to three files."""

    attachments: list[bytes] = []


class DecisionIn(BaseModel):
    """Accept or ask for mediation; ``version`` from the case you read (else the current)."""

    version: int | None = None


class DisagreeIn(DecisionIn):
    """Why the partner disagrees with the offered resolution."""

    model_config = example(reason="The refund covers only one of the two nights.", version=5)
    reason: str = Field(..., min_length=1, max_length=5000)
