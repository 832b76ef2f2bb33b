"""Request bodies for the API tests; each test breaks one thing."""

import pytest

VISITOR_A, VISITOR_B = "a" * 32, "b" * 32


@pytest.fixture
def issue():
    return {"location": "extranet", "topic": "account", "subtopic": "login",
            "message": "The login page shows an error 500 after I enter my two-factor code.",
            "device": "Firefox 140", "property_id": "998877", "name": "Tom Jansen",
            "email": "tom@example.com"}


@pytest.fixture
def complaint():
    return {"requester_type": "partner", "name": "Anna de Vries", "email": "anna@example.nl",
            "property_id": "123456", "country": "NL", "topic": "ranking", "consent": True,
            "message": "Sinds vorige week staat mijn accommodatie onderaan in de resultaten."}
