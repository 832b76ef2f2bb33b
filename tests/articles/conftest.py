"""A small content folder written per test, so pages and checks can be tried on any content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"


def article(title: str, body: str = "Some text.\n", **fields) -> str:
    """The text of an article file with front matter ``fields``."""
    lines = ["---", f"title: {title!r}", f"summary: {'About ' + title!r}",
             f"updated: {fields.pop('updated', '2026-06-01')}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n---\n" + body


@pytest.fixture
def content_dir(tmp_path) -> Path:
    """A content folder: one section, a pair, an English-only article, a draft, a stale pair."""
    root = tmp_path / "content"
    section = root / "guides"
    section.mkdir(parents=True)
    shutil.copy(REAL_CONTENT / "topics.yaml", root / "topics.yaml")
    (section / "_index.en.md").write_text("---\ntitle: Guides\ndescription: How to\n---\n")
    (section / "_index.nl.md").write_text("---\ntitle: Handleidingen\norder: 1\n---\n")
    (section / "first-steps.en.md").write_text(article(
        "First steps",
        "Intro.\n\n## Before you start\n\n1. Log in\n2. Click\n\n"
        "## Links\n\nSee [the other](english-only.md#part) and [moved](../guides/stale.md).\n",
        order=1, related='["english-only", "stale"]', topic="account", subtopic="other"))
    (section / "first-steps.nl.md").write_text(article(
        "Eerste stappen", "Inleiding.\n\n## Voordat u begint\n\nTekst.\n",
        order=1, source_updated="2026-06-01"))
    (section / "english-only.en.md").write_text(article("Only in English", order=2))
    (section / "secret-plan.en.md").write_text(article("Secret plan", draft="true"))
    (section / "stale.en.md").write_text(article("Fresh source", updated="2026-08-01"))
    (section / "stale.nl.md").write_text(article("Oude vertaling", updated="2026-05-02",
                                                 source_updated="2026-05-01"))
    return root


@pytest.fixture
def content_app(make_app, content_dir):
    """An app serving ``content_dir`` that notices edits at once."""
    return make_app(CONTENT_DIR=str(content_dir), CONTENT_SCAN_INTERVAL=0)


@pytest.fixture
def content_client(content_app):
    """A client of ``content_app``."""
    return content_app.test_client()
