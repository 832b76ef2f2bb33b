"""Reading a partner's email: is it automatic, who sent it, its new text, its files.

The new text is what the partner wrote above the quoted history: mail-parser-reply splits the
text at the quote headers of the common mail programs in English and Dutch ("On … wrote:",
"Op … schreef …:", Outlook's "From:/Sent:" and "Van:/Verzonden:" blocks, "> " lines) and
takes the signature off ("Kind regards," / "Met vriendelijke groet," and what follows, "Sent
from my iPhone"). The quoted history holds our own email with the partner's secret link,
so stripping it also keeps that link out of the case.

Files are the parts sent as attachments; images shown inside the text (a logo in a
signature: inline, with a Content-ID) are not files the partner chose, and are left out.
"""

from __future__ import annotations

import email
import email.policy
import html
import re
from email.message import EmailMessage
from email.utils import getaddresses

import nh3
from mailparser_reply.parser import EmailMessage as ParsedReply

QUOTE_LANGUAGES = ["en", "nl"]
# Subjects of out-of-office and other automatic answers that carry none of the headers.
AUTOMATIC_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto(matic)?[ -]?(reply|response)|autoreply|"
    r"auto:|afwezig|automatisch antwoord|niet aanwezig|abwesenheit|absence)", re.IGNORECASE)
AUTOMATIC_SENDERS = ("mailer-daemon@", "postmaster@", "noreply@", "no-reply@")
# Dutch quote headers the parser does not know (it expects "Op … schreef:"): Gmail's "Op <date>
# schreef <name> <address>:" and Apple Mail's "Op <date> heeft <name> het volgende geschreven:",
# either possibly wrapped onto a second line.
DUTCH_WROTE = re.compile(r"^Op [^\n]*\d[^\n]*(?: schreef\b| het volgende geschreven)"
                         r"[^\n]*(?:\n(?!>)[^\n]{0,120})?:[ \t]*$", re.MULTILINE)
# A phone's line under a message the parser keeps when nothing else precedes the quote.
SENT_FROM = re.compile(r"^(sent from my|verzonden vanaf mijn|verstuurd vanaf mijn|"
                       r"get outlook for|outlook voor) [^\n]*$", re.IGNORECASE | re.MULTILINE)
BLOCK_END = re.compile(r"<\s*(br|/p|/div|/tr|/li|/h[1-6]|/blockquote)\b[^>]*>", re.IGNORECASE)


def parse(raw: bytes) -> EmailMessage:
    """The email in ``raw`` (as it came over SMTP)."""
    return email.message_from_bytes(raw, policy=email.policy.default)


def is_automatic(message: EmailMessage, envelope_sender: str | None) -> bool:
    """Whether ``message`` was sent by a machine (RFC 3834): never stored, never answered.

    A bounce (empty envelope sender), ``Auto-Submitted`` other than "no", ``Precedence`` bulk,
    junk or list, a mailing list, the X-Autoreply headers, or an out-of-office subject.
    """
    if not (envelope_sender or "").strip("<> "):
        return True
    if str(message.get("Auto-Submitted", "no")).strip().lower() != "no":
        return True
    if str(message.get("Precedence", "")).strip().lower() in ("bulk", "junk", "list"):
        return True
    if any(message.get(name) for name in ("X-Autoreply", "X-Autorespond", "List-Id")):
        return True
    sender = (sender_address(message) or "").casefold()
    if sender.startswith(AUTOMATIC_SENDERS):
        return True
    return bool(AUTOMATIC_SUBJECT.match(str(message.get("Subject", ""))))


def sender_address(message: EmailMessage) -> str | None:
    """The one address in ``From``, or None when there is none or more than one."""
    try:
        addresses = [address for _name, address in getaddresses(message.get_all("From", []))
                     if "@" in address]
    except (TypeError, ValueError):
        return None
    return addresses[0].strip() if len(addresses) == 1 else None


def message_id(message: EmailMessage) -> str | None:
    """The Message-ID the sender gave (the same when their server sends it again)."""
    value = str(message.get("Message-ID", "") or "").strip()
    return value or None


def body_text(message: EmailMessage) -> str:
    """The whole text of the email: its plain-text body, else its HTML body as text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset
        content = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    return content.replace("\r\n", "\n").replace("\r", "\n")


def html_to_text(markup: str) -> str:
    """The text of an HTML email: line breaks where blocks end, no tags, scripts or styles."""
    with_breaks = BLOCK_END.sub(lambda match: match.group(0) + "\n", markup)
    return html.unescape(nh3.clean(with_breaks, tags=set()))


def new_text(message: EmailMessage) -> str:
    """What the partner wrote in this email: without the quoted history and the signature."""
    text = body_text(message)
    dutch_quote = DUTCH_WROTE.search(text)
    if dutch_quote:
        text = text[:dutch_quote.start()]
    # keep_hyphen_lists: a list the partner typed ("- the invoice") is no signature
    parsed = ParsedReply(text=text, languages=list(QUOTE_LANGUAGES),
                         keep_hyphen_lists=True).read()
    first = parsed.replies[0] if parsed.replies else None
    if first is None or first.headers:  # nothing above the quote: the first part is quoted
        return ""
    return SENT_FROM.sub("", first.body or "").strip()


def attached_files(message: EmailMessage) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every part sent as an attachment, in order."""
    body = message.get_body(preferencelist=("plain", "html"))
    files = []
    for part in message.walk():
        if part.is_multipart() or part is body:
            continue
        disposition = part.get_content_disposition()
        named_without_place = (disposition is None and part.get_filename()
                               and part.get("Content-ID") is None)
        if disposition == "attachment" or named_without_place:
            files.append((part.get_filename() or "attachment",
                          part.get_payload(decode=True) or b""))
    return files
