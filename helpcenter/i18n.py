"""Languages: the locale in every public URL, the visitor's choice, and Babel's locale.

Every public URL starts with ``/nl/`` or ``/en/``. The ``lang`` URL converter only matches the
languages we offer, so an unknown prefix is simply a 404. The locale from the URL is put on
``g`` before the view runs and put back into every ``url_for`` call, so views and templates
never pass it by hand (the pattern from Flask's "URL processors" docs).
"""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

from babel import Locale
from flask import Flask, Request, current_app, g, has_request_context, request, url_for
from flask_babel import format_timedelta, gettext, to_user_timezone
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, RequestRedirect

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
LANGUAGE_COOKIE = "lang"


class LanguageConverter(BaseConverter):
    """URL converter matching only the languages the site is offered in."""

    regex = "|".join(LANGUAGES)


def init_app(app: Flask) -> None:
    """Register the ``lang`` converter and the URL processors that carry the locale."""
    app.url_map.converters["lang"] = LanguageConverter
    app.url_value_preprocessor(pull_lang_code)
    app.url_defaults(push_lang_code)
    app.context_processor(language_context)


def pull_lang_code(endpoint: str | None, values: dict | None) -> None:
    """Move the locale out of the view arguments onto ``g``."""
    if values and "lang_code" in values:
        g.lang_code = values.pop("lang_code")


def push_lang_code(endpoint: str, values: dict) -> None:
    """Put the current locale into ``url_for`` calls for endpoints that need one."""
    if "lang_code" in values or not has_request_context():
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
        # Error pages of unmatched URLs have no locale on g: use the one they are shown in.
        values["lang_code"] = g.lang_code if "lang_code" in g else select_locale()


def select_locale() -> str:
    """Babel's locale: the URL's, else the visitor's preference.

    A URL whose first segment is a language but that matched no route (a 404 or 405) still
    gets its error page in that language.
    """
    if "lang_code" in g:
        return g.lang_code
    first_segment = request.path.lstrip("/").split("/", 1)[0]
    if first_segment in LANGUAGES:
        return first_segment
    return preferred_language(request)


def preferred_language(req: Request) -> str:
    """The visitor's saved choice (cookie), else the best ``Accept-Language`` match, else nl.

    Malformed headers and cookies are ignored rather than rejected: Werkzeug parses
    ``Accept-Language`` leniently and an unknown cookie value is simply not a language.
    """
    saved = req.cookies.get(language_cookie_name())
    if saved in LANGUAGES:
        return saved
    return req.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def language_cookie_name() -> str:
    """``lang``, or ``__Host-lang`` on an HTTPS site (``LANGUAGE_COOKIE_NAME``, see config)."""
    return current_app.config.get("LANGUAGE_COOKIE_NAME", LANGUAGE_COOKIE)


def other_languages() -> list[str]:
    """The languages the current page is not in, for the switcher and hreflang links."""
    current = select_locale()
    return [lang for lang in LANGUAGES if lang != current]


def page_in_language(lang: str) -> str | None:
    """Return the current page's URL in ``lang``, or None when the page has no locale."""
    if request.url_rule is None or request.endpoint is None:
        return None
    if "lang_code" not in request.url_rule.arguments:
        return None
    args = dict(request.view_args or {})
    args["lang_code"] = lang
    return url_for(request.endpoint, **args)


def localized_path(target: str | None, lang: str) -> str:
    """Return the path of page ``target`` in ``lang``; that language's home page otherwise.

    ``target`` comes from the visitor (the switcher's ``next``), so it is never used as a
    redirect target itself: it is matched against our own routes and the URL is rebuilt with
    ``url_for``. Anything that is not a path on this site (``//host``, ``https://host``,
    backslashes, control characters) ends on the home page.
    """
    home = url_for("articles.home", lang_code=lang)
    if not target or not target.startswith("/") or target.startswith("//"):
        return home
    if any(ch == "\\" or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return home
    adapter = current_app.create_url_adapter(request)
    try:
        endpoint, args = _match_get(adapter, parts.path)
    except HTTPException:
        return home
    query = parse_qsl(parts.query, keep_blank_values=True)
    if "lang_code" not in args:
        if endpoint not in LANG_PARAMETER_PAGES:
            return home
        # a page outside the language folders (the API reference) takes its language as ?lang=
        url, query = url_for(endpoint, **args), [(k, v) for k, v in query if k != "lang"]
        query.append(("lang", lang))
    else:
        args["lang_code"] = lang
        url = url_for(endpoint, **args)
    query = urlencode(query)
    return f"{url}?{query}" if query else url


LANG_PARAMETER_PAGES = frozenset({"api.reference"})


def _match_get(adapter, path: str) -> tuple[str, dict]:
    """Match ``path`` as a GET, following one slash redirect (``/nl`` → ``/nl/``)."""
    try:
        return adapter.match(path, method="GET")
    except RequestRedirect as redirect:
        return adapter.match(urlsplit(redirect.new_url).path, method="GET")


def language_context() -> dict:
    """Template globals for the ``<html lang>``, the switcher and the hreflang links."""
    return {
        "current_language": select_locale(),
        "other_languages": other_languages(),
        "language_names": LANGUAGE_NAMES,
        "page_in_language": page_in_language,
        "language_label": language_label,
        "relative_date": relative_date,
    }


def language_label(lang: str) -> str:
    """The name of ``lang`` in the current language: "Engels", "Dutch"."""
    return Locale.parse(lang).get_display_name(select_locale()) or lang


def local_today() -> dt.date:
    """Today's date in the site's time zone (Babel's default time zone).

    Cached for a minute: pages ask for it on every view and the time zone lookup is not free.
    """
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    minute = int(time.time() // 60)
    cached = _today_cache.get(zone)
    if cached is None or cached[0] != minute:
        cached = (minute, to_user_timezone(dt.datetime.now(dt.UTC)).date())
        _today_cache[zone] = cached
    return cached[1]


_today_cache: dict[str, tuple[int, dt.date]] = {}  # time zone → (minute, date)


def relative_date(day: dt.date) -> str:
    """"2 months ago" / "2 maanden geleden" for a past date; "today" for today."""
    delta = day - local_today()
    if delta.days == 0:
        return gettext("today")
    return format_timedelta(delta, granularity="day", add_direction=True)
