"""The case's columns from a validated complaint or technical-issue form.

One mapping for every way in: the HTML forms (``cases.views``) and the JSON API
(``helpcenter.api``) both file what these return, so a rule about a column lives here once.
"""

from __future__ import annotations

from helpcenter.cases.filing import TECHNICAL_GROUND
from helpcenter.cases.forms import ComplaintForm, TechnicalIssueForm
from helpcenter.cases.models import COMPLAINT, TECHNICAL_ISSUE
from helpcenter.clock import utcnow


def common_fields(form) -> dict:
    """The columns both forms fill in."""
    return {
        "idempotency_key": form.idempotency_key.data,
        "name": form.name.data.strip(),
        "email": form.email.data.strip(),
        "message": form.message.data.strip(),
    }


def complaint_fields(form: ComplaintForm, topics) -> dict:
    """A complaint's columns; its P2B ground comes from its topic (``content/topics.yaml``)."""
    return common_fields(form) | {
        "kind": COMPLAINT,
        "requester_type": form.requester_type.data,
        "phone": (form.phone.data or "").strip() or None,
        "property_id": form.property_id.data or None,  # emptied for a guest
        "country": form.country.data,
        "topic": form.topic.data,
        "ground": topics.complaint_topics[form.topic.data]["ground"],
        "consent_at": utcnow(),
    }


def technical_issue_fields(form: TechnicalIssueForm) -> dict:
    """A technical issue's columns: always ground (b), technological issues."""
    return common_fields(form) | {
        "kind": TECHNICAL_ISSUE,
        "location": form.location.data,
        "topic": form.topic.data,
        "subtopic": form.subtopic.data.split("/", 1)[1],
        "ground": TECHNICAL_GROUND,
        "device": (form.device.data or "").strip() or None,
        "property_id": form.property_id.data.strip(),
    }
