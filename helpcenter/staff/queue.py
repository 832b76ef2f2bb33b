"""The queue (``/<lang>/staff/``): the cases to work on, filtered, oldest first, paged.

The filters are a plain GET form. Every value is checked against the choices offered; one
that is not among them (an old bookmark, a hand-edited URL) is quietly ignored.
"""

from __future__ import annotations

from flask import g, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from helpcenter import clock
from helpcenter.articles import service as articles
from helpcenter.cases import service as cases
from helpcenter.i18n import LANGUAGES, language_label
from helpcenter.staff.auth import current_staff, login_required
from helpcenter.staff.forms import QueueFilterForm
from helpcenter.staff.labels import kind_label
from helpcenter.staff.models import StaffUser
from helpcenter.staff.service import all_staff

ACTIVE, ALL = "active", "all"
ANYONE, ME, UNASSIGNED = "anyone", "me", "none"


@login_required
def queue():
    """The queue page: filters, counts per status, one page of cases."""
    staff = current_staff()
    form = QueueFilterForm(formdata=request.args)
    set_choices(form)
    ignore_unknown_values(form)
    filters = to_filters(form, staff)
    now = clock.utcnow()
    counts = cases.status_counts(filters, now)
    page = cases.queue_page(filters, now, page_number(), counts=counts)
    topics = articles.topics()
    return render_template("staff/queue.html", form=form, page=page, counts=counts,
                           topic_of=lambda case: cases.topic_label(topics, case),
                           queue_url=queue_url(form), filtered=is_filtered(form))


def set_choices(form: QueueFilterForm) -> None:
    """The choices of every filter, in the console's language."""
    form.status.choices = ([(ACTIVE, _l("Not closed or withdrawn")), (ALL, _l("All statuses"))]
                           + [(status, cases.status_name(status)) for status in cases.STATUSES])
    form.kind.choices = [("", _l("All kinds"))] + [
        (kind, kind_label(kind)) for kind in ("complaint", "technical_issue")]
    topics = articles.topics()
    form.topic.choices = {
        None: [("", gettext("All topics"))],
        gettext("Complaints"): [(key, item["label"].get(g.lang_code, key))
                                for key, item in topics.complaint_topics.items()],
        gettext("Technical issues"): [(key, item["label"].get(g.lang_code, key))
                                      for key, item in topics.technical_topics.items()],
    }
    form.lang.choices = [("", _l("All languages"))] + [
        (lang, language_label(lang)) for lang in LANGUAGES]
    colleagues = sorted(all_staff(), key=lambda s: (not s.active, s.name.lower()))
    form.assignee.choices = [(ANYONE, _l("Anyone")), (ME, _l("Me")),
                             (UNASSIGNED, _l("Nobody (unassigned)"))] + [
        (str(s.id), s.name if s.active else gettext("%(name)s (disabled)", name=s.name))
        for s in colleagues]


def choice_values(field) -> set[str]:
    """Every value a select offers (optgroups flattened)."""
    choices = field.choices
    groups = choices.values() if isinstance(choices, dict) else [choices]
    return {str(value) for group in groups for value, _label in group}


def ignore_unknown_values(form: QueueFilterForm) -> None:
    """Put a filter whose value is not on offer back to its default."""
    for field in (form.status, form.kind, form.topic, form.lang, form.assignee):
        if field.data not in choice_values(field):
            field.data = field.default
    if form.overdue.raw_data not in ([], ["y"]):
        form.overdue.data = False


def to_filters(form: QueueFilterForm, staff: StaffUser) -> cases.QueueFilters:
    """The service's filters from the (checked) form."""
    status, who = form.status.data, form.assignee.data
    assignee = staff.id if who == ME else None if who in (ANYONE, UNASSIGNED) else int(who)
    return cases.QueueFilters(
        status=None if status == ALL else status,
        kind=form.kind.data or None,
        topic=form.topic.data or None,
        lang=form.lang.data or None,
        assignee=assignee,
        unassigned=who == UNASSIGNED,
        overdue=bool(form.overdue.data),
    )


def page_number() -> int:
    """The ``page`` asked for; anything that is not a sensible number is page 1."""
    raw = request.args.get("page", "")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 1


def filter_args(form: QueueFilterForm) -> dict[str, str]:
    """The filters that differ from their defaults, as query arguments."""
    args = {field.name: field.data for field in
            (form.status, form.kind, form.topic, form.lang, form.assignee)
            if field.data != field.default}
    if form.overdue.data:
        args["overdue"] = "y"
    return args


def is_filtered(form: QueueFilterForm) -> bool:
    """Whether any filter differs from the default view."""
    return bool(filter_args(form))


def queue_url(form: QueueFilterForm):
    """A function for the template: the queue URL with these filters and some changed.

    ``queue_url(page=2)`` keeps the filters; ``queue_url(status="resolved")`` goes to page 1.
    """
    base = filter_args(form)

    def build(**changes) -> str:
        args = {**base, **{k: v for k, v in changes.items() if v is not None}}
        if args.get("page") == 1:
            args.pop("page")
        if args.get("status") == form.status.default:
            args.pop("status")
        return url_for("staff.queue", **args)

    return build
