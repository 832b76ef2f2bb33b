"""The Dutch catalogue is complete, correct and compiled; the site is really Dutch in /nl/."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from helpcenter.cli import ROOT, TRANSLATIONS
from helpcenter.extensions import babel

PO_FILE = TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}


def load_catalogue(path: Path = PO_FILE):
    """Read a .po file into a Babel catalogue."""
    with path.open("rb") as handle:
        return read_po(handle, locale="nl")


def source_messages() -> set[str]:
    """Every msgid in the code and templates, extracted as ``flask translate`` does."""
    method_map = [("helpcenter/**.py", "python"), ("templates/**.html", "jinja2"),
                  ("templates/**.txt", "jinja2")]
    options = {"templates/**.html": {"trimmed": "true"}, "templates/**.txt": {"trimmed": "true"}}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_source_string_is_in_the_dutch_catalogue():
    catalogue = load_catalogue()
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
    missing = sorted(source_messages() - known)
    assert not missing, f"Run `flask translate update` and translate: {missing}"


def test_dutch_catalogue_is_fully_translated_and_not_fuzzy():
    catalogue = load_catalogue()
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert not problems, "\n".join(problems)


def test_dutch_placeholders_match_the_english():
    catalogue = load_catalogue()
    problems = [
        f"{message.id!r}: {error}"
        for message, errors in catalogue.check()
        for error in errors
    ]
    assert not problems, "\n".join(problems)


def test_obsolete_messages_are_not_kept():
    assert not load_catalogue().obsolete, "Remove the #~ entries from messages.po"


def test_dutch_is_compiled_and_listed(app):
    mo_file = PO_FILE.with_suffix(".mo")
    assert mo_file.exists(), "Run `flask translate compile` (make does it)"
    with app.app_context():
        languages = {str(locale) for locale in babel.list_translations()}
    assert "nl" in languages


@pytest.mark.parametrize(
    ("path", "text"), [("/nl/", "Hoe kunnen we u helpen?"), ("/en/", "How can we help you?")]
)
def test_pages_really_are_translated(client, path, text):
    assert text in client.get(path).get_data(as_text=True)


def test_translate_compile_command(runner):
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
