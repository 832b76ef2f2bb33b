"""Search tests use the shipped content, and the small test content for edits."""

from tests.articles.conftest import content_app, content_dir  # noqa: F401
