"""``flask content check`` and ``flask content status``."""

import shutil

import pytest


@pytest.fixture
def content_runner(content_app):
    return content_app.test_cli_runner()


def test_shipped_content_passes_check(runner):
    result = runner.invoke(args=["content", "check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_warnings_for_missing_and_stale_translations(content_runner):
    result = content_runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "content/guides/english-only.en.md:1: warning: no translation in nl" in result.output
    assert "content/guides/stale.nl.md:5: warning: stale translation" in result.output
    assert content_runner.invoke(args=["content", "check", "--strict"]).exit_code == 1


@pytest.mark.parametrize(
    ("file_text", "expected"),
    [
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\nsumary: typo\n---\nx\n",
         "bad.en.md:5: error: unknown field `sumary`"),
        ("---\ntitle: T\nsummary: S\nupdated: yesterday\n---\nx\n",
         "bad.en.md:4: error: `updated` must be a date (YYYY-MM-DD)"),
        ("---\ntitle: T\nupdated: 2026-01-01\n---\nx\n",
         "bad.en.md:1: error: required field `summary` is missing"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\norder: first\n---\nx\n",
         "bad.en.md:5: error: `order` must be a whole number"),
        ("---\ntitle: [unclosed\nsummary: S\n---\nx\n", "bad.en.md:3: error: front matter"),
        ("no front matter\n", "bad.en.md:1: error: missing front matter"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\n---\n\nSee [x](nowhere.md).\n",
         "bad.en.md:7: error: link to `nowhere.md`: no such article"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\n---\n\nUse [the form](/complain).\n",
         "bad.en.md:7: error: link to `/complain`: no such site page"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\n---\nText\n\n<script>x</script>\n",
         "bad.en.md:8: error: raw HTML is not allowed"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\n---\n[a](javascript:alert(1))\n",
         "bad.en.md:6: error: unsafe link scheme `javascript:`"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\nrelated: [ghost]\n---\nx\n",
         "bad.en.md:5: error: related article `ghost` does not exist"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\nfeatured: yes please\n---\nx\n",
         "bad.en.md:5: error: `featured` must be true or false"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\ntopic: account\nsubtopic: nope\n---\n",
         "bad.en.md:6: error: unknown subtopic `nope` for topic `account`"),
        ("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\ntopic: weather\n---\n",
         "bad.en.md:5: error: unknown topic `weather`"),
    ],
)
def test_errors_have_file_and_line(content_runner, content_dir, file_text, expected):
    (content_dir / "guides" / "bad.en.md").write_text(file_text)
    result = content_runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert expected in result.output


def test_duplicate_slug_across_sections(content_runner, content_dir):
    (content_dir / "other").mkdir()
    shutil.copy(content_dir / "guides" / "stale.en.md", content_dir / "other" / "stale.en.md")
    result = content_runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert "duplicate slug `stale`" in result.output


@pytest.mark.parametrize(
    ("relative", "expected"),
    [("guides/Bad Name.en.md", "file name must be"), ("guides/page.de.md", "file name must be"),
     ("saved/thing.en.md", "section name `saved` is a page of the site")],
)
def test_file_naming_problems(content_runner, content_dir, relative, expected):
    path = content_dir / relative
    path.parent.mkdir(exist_ok=True)
    path.write_text("---\ntitle: T\nsummary: S\nupdated: 2026-01-01\n---\nx\n")
    result = content_runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert expected in result.output


def test_broken_topics_file(content_runner, content_dir):
    (content_dir / "topics.yaml").write_text("grounds: {}\ncomplaint_topics: []\n")
    result = content_runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert "topics.yaml:1: error: grounds.a: needs a label in nl and en" in result.output


def test_status_table(content_runner):
    result = content_runner.invoke(args=["content", "status"])
    assert result.exit_code == 0
    rows = {line.split()[1]: line.split()[2:] for line in result.output.splitlines()[1:]}
    assert rows["first-steps"] == ["present", "present"]
    assert rows["english-only"] == ["missing", "present"]
    assert rows["stale"] == ["stale", "present"]
    assert rows["secret-plan"] == ["missing", "draft"]
