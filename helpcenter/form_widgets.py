"""What the one forms macro file (``templates/_forms.html``) needs from Python.

The macros are imported without the page's context, so these are Jinja globals: whether a
field is required, a text field's limits with the numbers in the page's language and the
character count's messages for ``static/js/forms.js``, and file sizes as people read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import Flask
from flask_babel import format_decimal, format_number, get_locale, gettext, ngettext

MEGABYTE = 1024 * 1024


def init_app(app: Flask) -> None:
    """Make the helpers available to every template (and so to the imported macros)."""
    app.jinja_env.globals.update(label_parts=label_parts, text_limits=text_limits,
                                 file_size=file_size, file_upload_texts=file_upload_texts)


def label_parts(field, requirement=None) -> tuple[str, str | None]:
    """A label's words and its marker: "required", "optional" or another word, translated.

    ``requirement`` overrides what the validators say: a string is shown as it is, ``False``
    shows nothing. A label whose text already ends in "(optional)" is split, so the marker
    looks the same everywhere.
    """
    words = str(field.label.text).rstrip()
    if requirement is False:
        return words, None
    if isinstance(requirement, str):
        marker = requirement
    elif field.flags.required:
        marker = gettext("required")
    elif field.flags.optional:
        marker = gettext("optional")
    else:
        return words, None
    return words.removesuffix(f"({marker})").rstrip(), marker


@dataclass(frozen=True)
class TextLimits:
    """A text field's lower and upper limit, and what the page says about them."""

    min: int
    max: int
    minimum_text: str | None  # "Write at least 30 characters." (None when 0 or 1)
    maximum_text: str  # "You can enter up to 5,000 characters." (visible without JS)
    data: dict[str, str]  # data- attributes for the live character count


def text_limits(field) -> TextLimits | None:
    """The limits of a text field from its validators (``max`` and optional ``min``)."""
    limit = next((v for v in field.validators
                  if isinstance(getattr(v, "max", None), int) and v.max > 0), None)
    if limit is None:
        return None
    minimum = max(getattr(limit, "min", 0) or 0, 0)
    count = "{count}"
    data = {
        "data-character-count": "",
        "data-max": str(limit.max),
        "data-group": get_group_symbol(get_locale()),
        "data-remaining-one": ngettext("You have %(count)s character remaining",
                                       "You have %(count)s characters remaining", 1, count=count),
        "data-remaining-other": ngettext("You have %(count)s character remaining",
                                         "You have %(count)s characters remaining", 2,
                                         count=count),
        "data-over-one": ngettext("You have %(count)s character too many",
                                  "You have %(count)s characters too many", 1, count=count),
        "data-over-other": ngettext("You have %(count)s character too many",
                                    "You have %(count)s characters too many", 2, count=count),
    }
    return TextLimits(
        min=minimum, max=limit.max,
        minimum_text=gettext("Write at least %(min)s characters.", min=format_number(minimum))
        if minimum > 1 else None,
        maximum_text=gettext("You can enter up to %(max)s characters.",
                             max=format_number(limit.max)),
        data=data)


def file_size(size: int) -> str:
    """"12 kB" or "1.4 MB" (1,4 MB in Dutch): rounded up, never "0 kB"."""
    if size < MEGABYTE:
        return gettext("%(size)s kB", size=format_number(max(1, -(-size // 1024))))
    return gettext("%(size)s MB", size=format_decimal(size / MEGABYTE, format="#,##0.#"))


def file_upload_texts(max_files: int) -> dict[str, str]:
    """The file control's words for ``forms.js`` (data- attributes), in the page's language."""
    count, size = "{count}", "{size}"
    locale = get_locale()
    return {
        "data-file-upload": "",
        "data-max-files": str(max_files),
        "data-choose": gettext("Choose files"),
        "data-drop": gettext("or drop them here"),
        "data-none": gettext("No file chosen"),
        "data-chosen-one": ngettext("%(count)s file chosen", "%(count)s files chosen", 1,
                                    count=count),
        "data-chosen-other": ngettext("%(count)s file chosen", "%(count)s files chosen", 2,
                                      count=count),
        "data-remove": gettext("Remove"),
        "data-too-many": gettext("You can attach at most %(max)s files.",
                                 max=format_number(max_files)),
        "data-kb": gettext("%(size)s kB", size=size),
        "data-mb": gettext("%(size)s MB", size=size),
        "data-decimal": get_decimal_symbol(locale),
        "data-group": get_group_symbol(locale),
    }
