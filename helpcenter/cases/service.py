"""Cases, as other features use them: ``from helpcenter.cases import service as cases``.

Everything a view, the staff console or a command needs is named here; the modules behind it
(filing, lifecycle, staff and partner actions, reminders) are the cases feature's own business.

Actions commit their change, its event and its emails in one transaction and return ``Done``;
call ``send_emails(done)`` after them. They raise ``StaleCase`` (the page showed an older
version: nothing saved), ``ForbiddenMove`` (the status does not allow it) or ``InvalidInput``;
all three are ``CaseError`` with a translated ``message``.
"""

from __future__ import annotations

from helpcenter.cases.changes import Done, send_emails
from helpcenter.cases.email_replies import Received, receive_email
from helpcenter.cases.filing import (
    TECHNICAL_GROUND,
    Filed,
    file_case,
    find_by_idempotency_key,
    send_acknowledgement,
)
from helpcenter.cases.filing_limits import accepted_submissions, all_attempts, count_as_accepted
from helpcenter.cases.form_fields import complaint_fields, technical_issue_fields
from helpcenter.cases.forms import ComplaintForm, TechnicalIssueForm, set_topic_choices
from helpcenter.cases.labels import (
    partner_event_label,
    status_explanation,
    status_label,
    topic_label,
)
from helpcenter.cases.lifecycle import (
    FINAL_STATUSES,
    MOVES,
    OPEN_STATUSES,
    OUTCOME_LABELS,
    STATUS_NAMES,
    CaseError,
    ForbiddenMove,
    InvalidInput,
    StaleCase,
    allowed_moves,
    can_move,
    mediation_possible,
    outcome_label,
    status_name,
)
from helpcenter.cases.links import (
    EXPIRED,
    LIVE,
    link_has_expired,
    link_is_live,
    link_state,
    new_access_token,
    open_link,
)
from helpcenter.cases.models import OUTCOMES, STATUSES, Case
from helpcenter.cases.partner_actions import (
    accept_resolution,
    disagree,
    partner_reply,
    reissue_link,
    request_mediation,
    withdraw,
)
from helpcenter.cases.partner_forms import DisagreeForm, ReplyForm, VersionForm
from helpcenter.cases.queries import (
    ThreadEntry,
    TimelineEntry,
    case_by_reference,
    thread,
    timeline,
)
from helpcenter.cases.queue import (
    QueueFilters,
    QueuePage,
    QueueRow,
    queue_page,
    status_counts,
)
from helpcenter.cases.reminders import (
    Reminders,
    cases_due_reminder,
    expected_answer_date,
    is_overdue,
    overdue_before,
    overdue_cases,
    send_reminders,
)
from helpcenter.cases.reply_address import is_reply_domain_address, reply_address
from helpcenter.cases.retention import Purge, purge
from helpcenter.cases.staff_actions import (
    add_note,
    assign,
    close,
    post_update,
    propose_resolution,
    request_information,
    take_up,
)
from helpcenter.cases.workdays import add_working_days, working_days_between
from helpcenter.cases.yearly import YearFigures, data_version, year_figures, years_with_cases

__all__ = [
    # filing
    "TECHNICAL_GROUND", "Filed", "file_case", "find_by_idempotency_key", "send_acknowledgement",
    "complaint_fields", "technical_issue_fields", "accepted_submissions", "all_attempts",
    "count_as_accepted",
    # the forms, for another way in (the JSON API) with the same checks
    "ComplaintForm", "TechnicalIssueForm", "set_topic_choices", "ReplyForm", "DisagreeForm",
    "VersionForm",
    # reading
    "Case", "case_by_reference", "thread", "timeline", "ThreadEntry", "TimelineEntry",
    "status_label", "status_explanation", "partner_event_label",
    # the lifecycle
    "STATUSES", "OPEN_STATUSES", "FINAL_STATUSES", "MOVES", "OUTCOMES", "OUTCOME_LABELS",
    "STATUS_NAMES", "allowed_moves", "can_move", "mediation_possible", "outcome_label",
    "status_name", "CaseError", "ForbiddenMove", "InvalidInput", "StaleCase",
    # staff actions
    "assign", "take_up", "add_note", "post_update", "request_information",
    "propose_resolution", "close",
    # partner actions
    "partner_reply", "accept_resolution", "disagree", "request_mediation", "withdraw",
    # links
    "open_link", "new_access_token", "link_is_live", "link_state", "link_has_expired", "LIVE",
    "EXPIRED",
    "reissue_link",
    # replies by email (``flask mail receive``)
    "reply_address", "is_reply_domain_address", "receive_email", "Received",
    # after an action
    "Done", "send_emails",
    # deadlines and reminders
    "expected_answer_date", "is_overdue", "overdue_before", "overdue_cases",
    "cases_due_reminder", "send_reminders", "Reminders", "add_working_days",
    "working_days_between",
    # keeping personal data only as long as needed
    "Purge", "purge",
    # the staff queue
    "QueueFilters", "QueuePage", "QueueRow", "queue_page", "status_counts", "topic_label",
    # the annual complaint-handling report
    "YearFigures", "year_figures", "years_with_cases", "data_version",
]
