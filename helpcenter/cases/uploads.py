"""Attachments: checked by what the bytes are, not by the file name, and limited in size.

The first bytes name the type (PNG, JPEG, PDF); then the whole file must be that type:
images are decoded under a pixel limit and stored encoded afresh without metadata
(``images.py``), PDFs must parse and hold no scripts (``pdfs.py``). A refused file comes back
as a reason, which the form turns into a translated error (``attachment_field.py``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from helpcenter.cases.images import FORMATS as IMAGE_TYPES
from helpcenter.cases.images import ImageRefused, clean_image
from helpcenter.cases.pdfs import pdf_refusal

SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"%PDF-": "application/pdf",
}
MAX_FILES = 3


@dataclass(frozen=True)
class Upload:
    """A checked file, ready to be stored with its case."""

    filename: str
    content_type: str
    data: bytes
    stored_name: str


def sniff(data: bytes) -> str | None:
    """The content type the first bytes prove (PNG, JPEG, PDF), or None."""
    for signature, content_type in SIGNATURES.items():
        if data.startswith(signature):
            return content_type
    return None


def chosen_files(files: list[FileStorage] | None) -> list[FileStorage]:
    """The file inputs that actually carry a file (an empty input sends an empty part)."""
    return [f for f in files or [] if isinstance(f, FileStorage) and f.filename]


def read_upload(file: FileStorage, max_bytes: int, max_pixels: int) -> Upload | str:
    """An ``Upload``, or the reason it is refused: ``"too-large"``, ``"type"``, ``"pixels"``
    (an image over ``max_pixels``), ``"damaged"``, ``"password"`` or ``"script"`` (a PDF)."""
    data = file.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return "too-large"
    content_type = sniff(data)
    if content_type is None:
        return "type"
    if content_type in IMAGE_TYPES:
        try:
            data = clean_image(data, content_type, max_pixels)
        except ImageRefused as refused:
            return refused.reason
        if len(data) > max_bytes:  # encoded afresh it may come out a little larger
            return "too-large"
    elif refusal := pdf_refusal(data):
        return refusal
    name = secure_filename(file.filename or "")[:150] or "attachment"
    return Upload(name, content_type, data, secrets.token_hex(16))
