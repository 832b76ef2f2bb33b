"""The per-process content cache: files are scanned at most once a second, parsed and
rendered once per file version.

A page view asks the store for the library; if the last scan is older than
``CONTENT_SCAN_INTERVAL`` seconds, one directory walk compares modification times and sizes,
and only changed files are read again. Rendered Markdown is kept per file version, so an
edit shows on the next page load and a page view never renders Markdown twice.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from helpcenter.articles.library import Article, ContentLibrary, FileVersion, build_library
from helpcenter.articles.render import RenderedArticle, render_markdown

EXTENSION_KEY = "helpcenter.content"


class ContentStore:
    """Keeps the newest ``ContentLibrary`` and the rendered articles of one content folder."""

    def __init__(self, root: Path, scan_interval: float = 1.0, clock=time.monotonic):
        self.root = Path(root)
        self.scan_interval = scan_interval
        self.clock = clock
        self._lock = threading.Lock()
        self._files: dict[Path, FileVersion] | None = None
        self._parsed: dict[FileVersion, object] = {}
        self._rendered: dict[tuple[FileVersion, str], RenderedArticle] = {}
        self._library: ContentLibrary | None = None
        self._next_scan = 0.0
        self.generation = 0  # goes up whenever the content changed

    def library(self) -> ContentLibrary:
        """The current library, rescanning the folder if the last scan is old enough."""
        if self._library is None or self.clock() >= self._next_scan:
            with self._lock:
                if self._library is None or self.clock() >= self._next_scan:
                    self._refresh()
        return self._library

    def rendered(self, article: Article) -> RenderedArticle:
        """The rendered body of ``article``, rendered on first use of this file version."""
        key = (article.file, article.lang)
        found = self._rendered.get(key)
        if found is None:
            library = self.library()
            found = render_markdown(
                article.body, lambda slug: library.url_for_slug(slug, article.lang), article.lang
            )
            self._rendered[key] = found
        return found

    def _refresh(self) -> None:
        """Walk the folder; rebuild the library when any file was added, changed or removed."""
        files = scan(self.root)
        self._next_scan = self.clock() + self.scan_interval
        if files == self._files:
            return
        old_signature = self._library.link_signature() if self._library else None
        library = build_library(self.root, files, self._parsed)
        current = set(files.values())
        self._parsed = {v: p for v, p in self._parsed.items() if v in current}
        if library.link_signature() != old_signature:
            self._rendered = {}  # article links point at other sections now
        else:
            self._rendered = {k: r for k, r in self._rendered.items() if k[0] in current}
        self._files = files
        self._library = library
        self.generation += 1


def scan(root: Path) -> dict[Path, FileVersion]:
    """Every ``.md`` and ``.yaml`` file under ``root`` with its modification time and size."""
    found: dict[Path, FileVersion] = {}
    stack = [str(root)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith((".md", ".yaml")):
                info = entry.stat()
                path = Path(entry.path)
                found[path] = FileVersion(path, info.st_mtime_ns, info.st_size)
    return found


def init_app(app: Flask) -> None:
    """Give the app its content store (``CONTENT_DIR``, ``CONTENT_SCAN_INTERVAL``)."""
    app.extensions[EXTENSION_KEY] = ContentStore(
        Path(app.config["CONTENT_DIR"]), float(app.config["CONTENT_SCAN_INTERVAL"])
    )


def content_store(app: Flask | None = None) -> ContentStore:
    """The content store of ``app`` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION_KEY]
