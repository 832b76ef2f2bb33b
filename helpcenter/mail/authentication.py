"""Whether our own mail server vouched for an email's ``From`` (``Authentication-Results``).

The reply address lets an email reach a case, and the case then takes it only from the
address it was filed with. ``From`` alone is easy to forge, so when
``MAIL_RECEIVE_TRUSTED_AUTHSERV_ID`` is set, the ``From`` must also have passed the checks of
the mail server that received the email (OpenDMARC, rspamd, ...: RFC 8601). Only the first
(newest) ``Authentication-Results`` header naming that server counts; headers of any other
server, which a sender may have written themselves, are ignored. The methods that count are
``MAIL_RECEIVE_AUTH_METHODS``: ``dmarc=pass`` for the ``From`` domain by default, or ``spf`` /
``dkim`` passing for a domain aligned with it (the same domain, or one a subdomain of the
other). Without the setting (local development) every ``From`` is taken as it stands.
"""

from __future__ import annotations

from email.message import Message

from flask import current_app

HEADER = "Authentication-Results"
METHODS = ("dmarc", "spf", "dkim")
# The properties that name the domain each method vouched for (RFC 8601 and RFC 7489).
DOMAIN_PROPERTIES = {"dmarc": ("header.from",), "spf": ("smtp.mailfrom",),
                     "dkim": ("header.d", "header.i")}


def from_is_authenticated(message: Message, sender: str) -> bool:
    """Whether ``sender`` (the message's ``From`` address) may be believed.

    True when no ``MAIL_RECEIVE_TRUSTED_AUTHSERV_ID`` is configured; else when our server's
    ``Authentication-Results`` has a passing result of an accepted method for its domain.
    """
    trusted = (current_app.config.get("MAIL_RECEIVE_TRUSTED_AUTHSERV_ID") or "").strip()
    if not trusted:
        return True
    results = trusted_results(message.get_all(HEADER, []), trusted)
    domain = sender.rpartition("@")[2].casefold()
    return bool(domain) and any(
        method in accepted_methods() and result == "pass" and vouches_for(method, props, domain)
        for method, result, props in results)


def accepted_methods() -> set[str]:
    """``MAIL_RECEIVE_AUTH_METHODS`` (a list, or names separated by commas or spaces)."""
    configured = current_app.config.get("MAIL_RECEIVE_AUTH_METHODS") or ["dmarc"]
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    return {str(method).strip().lower() for method in configured} & set(METHODS)


def vouches_for(method: str, props: dict[str, str], domain: str) -> bool:
    """Whether the result of ``method`` was for ``domain``, or a domain aligned with it."""
    named = [props[key].rpartition("@")[2].casefold() for key in DOMAIN_PROPERTIES[method]
             if props.get(key)]
    if method == "dmarc" and not named:
        return True  # DMARC is evaluated for the From domain itself
    return any(aligned(found, domain) for found in named)


def aligned(one: str, other: str) -> bool:
    """The same domain, or one a subdomain of the other (relaxed alignment, roughly)."""
    one, other = one.strip(".").casefold(), other.strip(".").casefold()
    return bool(one) and (one == other or one.endswith("." + other)
                          or other.endswith("." + one))


def trusted_results(headers: list[str], authserv_id: str) -> list[tuple[str, str, dict]]:
    """The (method, result, properties) of the first header whose authserv-id is ours."""
    for header in headers:
        parts = split_unquoted(without_comments(str(header)), ";")
        if not parts or not parts[0].split():
            continue
        if parts[0].split()[0].casefold() != authserv_id.casefold():
            continue
        return [parsed for part in parts[1:] if (parsed := result_of(part)) is not None]
    return []


def result_of(resinfo: str) -> tuple[str, str, dict[str, str]] | None:
    """``method=result ptype.property=value ...`` as (method, result, {property: value})."""
    words = split_unquoted(resinfo, None)
    if not words or "=" not in words[0]:
        return None
    method, _, result = words[0].partition("=")
    props = {}
    for word in words[1:]:
        key, _, value = word.partition("=")
        props[key.strip().lower()] = value.strip().strip('"')
    return method.split("/")[0].strip().lower(), result.strip().lower(), props


def without_comments(text: str) -> str:
    """``text`` without its (nested) parenthesised comments; quoted strings kept."""
    out, depth, quoted, escaped = [], 0, False, False
    for char in text:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(char)
            continue
        if char == "\\":
            escaped = True
            if depth == 0:
                out.append(char)
        elif char == '"' and depth == 0:
            quoted = not quoted
            out.append(char)
        elif char == "(" and not quoted:
            depth += 1
        elif char == ")" and not quoted and depth:
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def split_unquoted(text: str, separator: str | None) -> list[str]:
    """Split on ``separator`` (None: whitespace) outside double quotes; drop empty parts."""
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        is_separator = char.isspace() if separator is None else char == separator
        if is_separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]
