"""Mail test fixtures: an SMTP server started when the test wants it, and valid form data."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller

from tests.cases.conftest import complaint_data, issue_data  # noqa: F401 (fixtures)
from tests.mail.smtp_server import Inbox, free_port


@pytest.fixture
def start_smtp():
    """Start an SMTP server on 127.0.0.1 (on ``port``, else a free one); stopped after the test."""
    controllers = []

    def start(port: int | None = None) -> tuple[int, Inbox]:
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port(),
                                ready_timeout=3)
        controller.start()
        controllers.append(controller)
        return controller.port, inbox

    yield start
    for controller in controllers:
        controller.stop()
