"""The content store: edits show without a restart, files are parsed and rendered once."""

import os

from helpcenter.articles import store as store_module
from helpcenter.articles.store import ContentStore


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def touch(path, text):
    """Write ``text`` and move the modification time on, as a later edit would."""
    path.write_text(text)
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_edit_shows_after_the_scan_interval(content_dir):
    clock = FakeClock()
    store = ContentStore(content_dir, scan_interval=1.0, clock=clock)
    assert store.library().article("english-only", "en").title == "Only in English"
    path = content_dir / "guides" / "english-only.en.md"
    touch(path, path.read_text().replace("Only in English", "Edited title"))
    clock.now += 0.5
    assert store.library().article("english-only", "en").title == "Only in English"
    clock.now += 0.6
    assert store.library().article("english-only", "en").title == "Edited title"


def test_at_most_one_scan_per_interval(content_dir, monkeypatch):
    clock = FakeClock()
    scans = []
    real_scan = store_module.scan
    monkeypatch.setattr(store_module, "scan", lambda root: scans.append(1) or real_scan(root))
    store = ContentStore(content_dir, scan_interval=1.0, clock=clock)
    for _ in range(50):
        store.library()
    assert len(scans) == 1
    clock.now += 1.0
    store.library()
    assert len(scans) == 2


def test_only_changed_files_are_parsed_again(content_dir, monkeypatch):
    store = ContentStore(content_dir, scan_interval=0)
    before = store.library()
    touch(content_dir / "guides" / "stale.en.md",
          (content_dir / "guides" / "stale.en.md").read_text() + "\nMore.\n")
    after = store.library()
    assert after is not before
    assert after.article("english-only", "en") is before.article("english-only", "en")
    assert after.article("stale", "en") is not before.article("stale", "en")


def test_markdown_is_rendered_once_per_file_version(content_dir, monkeypatch):
    calls = []
    real_render = store_module.render_markdown
    monkeypatch.setattr(store_module, "render_markdown",
                        lambda *args: calls.append(1) or real_render(*args))
    store = ContentStore(content_dir, scan_interval=0)
    for _ in range(5):
        store.rendered(store.library().article("first-steps", "en"))
    assert len(calls) == 1
    path = content_dir / "guides" / "first-steps.en.md"
    touch(path, path.read_text().replace("Intro.", "New intro."))
    rendered = store.rendered(store.library().article("first-steps", "en"))
    assert "New intro." in rendered.html
    assert len(calls) == 2


def test_new_and_deleted_files_are_noticed(content_dir):
    store = ContentStore(content_dir, scan_interval=0)
    assert store.library().article("english-only", "nl") is None
    (content_dir / "guides" / "english-only.nl.md").write_text(
        "---\ntitle: Alleen Engels\nsummary: x\nupdated: 2026-06-02\n---\nTekst\n")
    assert store.library().article("english-only", "nl").title == "Alleen Engels"
    (content_dir / "guides" / "english-only.nl.md").unlink()
    assert store.library().article("english-only", "nl") is None


def test_library_drafts_stale_and_missing(content_dir):
    library = ContentStore(content_dir).library()
    assert library.article("secret-plan", "en") is None
    assert library.article("secret-plan", "en", drafts=True).draft
    assert library.is_stale(library.article("stale", "nl"))
    assert not library.is_stale(library.article("first-steps", "nl"))
    assert library.other_language(library.article("english-only", "en")) is None
    assert [a.slug for a in library.in_section("guides", "en")] == [
        "first-steps", "english-only", "stale"]
