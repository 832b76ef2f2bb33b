"""Feedback tests run on the small test content (tests/articles/conftest.py)."""

from tests.articles.conftest import content_app, content_client, content_dir  # noqa: F401
