"""PDF attachments: accepted when pypdf can read them whole, unchanged.

What we decided, so that a case handler can open every PDF safely:

- A file pypdf cannot parse, or that has no pages, is refused as damaged (``%PDF-`` followed
  by anything else proves nothing).
- Encrypted PDFs are accepted when they open without a password (only the permissions are
  locked, as many invoices are); a PDF that asks for a password is refused, since nobody here
  could read it.
- Active content is refused: JavaScript (in an open action, a page or form field action, the
  document's named scripts or an XFA form) and actions that start a program (``/Launch``).
  Partners send invoices, contracts and screenshots; those have none.

The file is stored as it came: rewriting it could lose signatures or form data.
"""

from __future__ import annotations

import io
import warnings

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/XFA"})
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch"})
MAX_OBJECTS = 100_000  # a PDF with more dictionaries and arrays than this is not a document


def pdf_refusal(data: bytes) -> str | None:
    """Why the PDF in ``data`` is refused (``"damaged"``, ``"password"``, ``"script"``), or
    None when it is fine."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about repairs it made: still readable
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not opens_without_password(reader):
                return "password"
            if len(reader.pages) == 0:
                return "damaged"
            return "script" if has_active_content(reader.trailer) else None
    except Exception:  # noqa: BLE001 - a malformed file can fail anywhere inside a parser
        return "damaged"


def opens_without_password(reader: PdfReader) -> bool:
    """Whether the encrypted document opens with the empty user password, as viewers try."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - an encryption pypdf cannot undo is one we cannot read
        return False


def has_active_content(root: DictionaryObject) -> bool:
    """Whether any object reachable from ``root`` is a script or a program launch.

    Walks the dictionaries and arrays once each (streams by their dictionary only, their
    content is not decoded). Raises ``ValueError`` for a file with an absurd number of them.
    """
    pending: list = [root]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if is_active(item):
                return True
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
        else:
            continue
        visited += 1
        if visited > MAX_OBJECTS:
            raise ValueError("too many objects")
    return False


def is_active(dictionary: DictionaryObject) -> bool:
    """Whether ``dictionary`` holds a script, or is an action that runs one or a program."""
    action = dictionary.get("/S")
    if isinstance(action, IndirectObject):
        action = action.get_object()
    return bool(ACTIVE_KEYS.intersection(dictionary.keys())) or (
        isinstance(action, str) and action in ACTIVE_ACTIONS)
