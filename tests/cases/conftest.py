"""Valid form data to start from; each test breaks one thing."""

import io

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


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
