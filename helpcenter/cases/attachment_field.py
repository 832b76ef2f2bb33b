"""The file field of every form with files (complaint, technical issue, reply).

Besides the files chosen now, the field knows the files held from an earlier try of the same
form (``held_uploads``): the page lists them with a "Remove" box, and sends back which ones it
listed (``<name>-held``) and which the partner removed (``<name>-remove``). So a file that
expired meanwhile is named in an error instead of silently missing from the case.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from wtforms import MultipleFileField
from wtforms.utils import unset_value

from helpcenter.cases import held_uploads
from helpcenter.cases.uploads import MAX_FILES, Upload, chosen_files, read_upload

LISTED_NAME_MAX = 80  # characters of a file name shown back (it is only a label)


class AttachmentsField(MultipleFileField):
    """Up to ``MAX_FILES`` files, counting the ones held for this form. Always optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.flags.optional = True

    def process(self, formdata, data=unset_value, extra_filters=None):
        """Read the files, and which held files the page listed and which the partner removed."""
        super().process(formdata, data, extra_filters)
        self.held: list[held_uploads.HeldUpload] = []
        self.kept: list[Upload] = []  # new files that passed their checks
        self.lost: list[str] = []  # names of files the partner must add again
        self.removed: set[str] = set()
        self.listed: dict[str, str] = {}
        if not formdata:
            return
        self.removed = {value for value in formdata.getlist(f"{self.name}-remove")
                        if held_uploads.STORED_NAME.fullmatch(value)}
        for value in formdata.getlist(f"{self.name}-held")[:MAX_FILES * 2]:
            stored, _sep, name = value.partition("/")
            if held_uploads.STORED_NAME.fullmatch(stored):
                self.listed[stored] = name[:LISTED_NAME_MAX] or stored[:8]

    def uploads(self) -> list[Upload]:
        """Everything that goes into the case: the held files (their rows deleted in the
        caller's transaction), then the new ones."""
        return held_uploads.take(self.held) + self.kept


def check_attachments(field: AttachmentsField, key: str | None) -> None:
    """Check the new files and count the held ones; add an error per problem to ``field``.

    Called as the form's ``validate_attachments``. Afterwards ``field.held`` are the held files
    still wanted and ``field.kept`` the new files that passed (as many as there is room for).
    """
    field.held = [row for row in held_uploads.held_files(key)
                  if row.stored_name not in field.removed]
    still_held = {row.stored_name for row in field.held}
    expired = [name for stored, name in field.listed.items()
               if stored not in still_held and stored not in field.removed]
    if expired:
        field.errors.append(_("We keep attached files for an hour only. Add again: %(names)s.",
                              names=", ".join(expired)))
    accepted = []
    for file in chosen_files(field.data):
        upload = read_upload(file, current_app.config["MAX_UPLOAD_BYTES"],
                             current_app.config["MAX_UPLOAD_PIXELS"])
        if isinstance(upload, str):
            field.errors.append(refusal_message(upload, (file.filename or "")[:LISTED_NAME_MAX]))
        else:
            accepted.append(upload)
    room = max(MAX_FILES - len(field.held), 0)
    field.kept, extra = accepted[:room], accepted[room:]
    if extra:
        field.errors.append(_("You can attach at most %(max)d files. Not attached: %(names)s.",
                              max=MAX_FILES, names=", ".join(u.filename for u in extra)))


def refusal_message(reason: str, name: str) -> str:
    """What the partner reads when the file ``name`` is refused for ``reason`` (see
    ``uploads.read_upload``)."""
    if reason == "too-large":
        size = current_app.config["MAX_UPLOAD_BYTES"] / 2**20
        return _("%(name)s is larger than %(size)s MB.", name=name,
                 size=format_decimal(size, format="#,##0.#"))
    if reason == "pixels":
        millions = current_app.config["MAX_UPLOAD_PIXELS"] / 1_000_000
        return _("%(name)s is too large an image: it has more than %(millions)s million pixels. "
                 "Make it smaller and add it again.", name=name,
                 millions=format_decimal(millions, format="#,##0.#"))
    if reason == "damaged":
        return _("%(name)s could not be opened. It may be damaged: save it again or choose "
                 "another file.", name=name)
    if reason == "password":
        return _("%(name)s is protected with a password. Save it without a password and add "
                 "it again.", name=name)
    if reason == "script":
        return _("%(name)s contains scripts or actions that we do not accept. Print it to a "
                 "new PDF and add that one.", name=name)
    return _("%(name)s is not a PNG, JPEG or PDF file.", name=name)


def keep_for_next_try(field: AttachmentsField, key: str | None) -> None:
    """The form came back with errors: hold the new files that passed, forget the removed
    ones, and list what is held now."""
    held_uploads.hold(key, field.kept, field.removed)
    field.held = held_uploads.held_files(key)
    field.kept = []


def files_to_add_again(field: AttachmentsField, key: str | None) -> None:
    """When nothing new could be kept (an expired form): list the files still held, and name
    the new ones the partner has to choose again."""
    field.held = [row for row in held_uploads.held_files(key)
                  if row.stored_name not in field.removed]
    field.lost = [(file.filename or "")[:LISTED_NAME_MAX] for file in chosen_files(field.data)]
