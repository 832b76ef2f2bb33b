"""Valid form data to start from; each test breaks one thing."""

import io

import pytest
from PIL import Image
from pypdf import PdfWriter


def small_png() -> bytes:
    """A real 8 x 8 PNG, as Pillow writes it (so re-encoding it on upload changes nothing)."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 200)).save(out, format="PNG")
    return out.getvalue()


def small_pdf() -> bytes:
    """A real one-page PDF."""
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


PNG = small_png()
PDF = small_pdf()


@pytest.fixture
def complaint_data():
    return {
        "requester_type": "partner", "name": "Anna de Vries", "email": "anna@example.nl",
        "phone": "+31 20 123 4567", "property_id": "123456", "country": "NL", "topic": "ranking",
        "message": "Sinds vorige week staat mijn accommodatie onderaan in de zoekresultaten.",
        "consent": "y", "idempotency_key": "a" * 32,
    }


@pytest.fixture
def issue_data():
    return {
        "location": "extranet", "topic": "account", "subtopic": "account/login",
        "message": "The login page shows an error 500 after I enter my two-factor code.",
        "device": "Firefox 140", "property_id": "998877", "name": "Tom Jansen",
        "email": "tom@example.com", "idempotency_key": "b" * 32,
    }


def upload(data: bytes, name: str):
    """A file part for the test client."""
    return (io.BytesIO(data), name)
