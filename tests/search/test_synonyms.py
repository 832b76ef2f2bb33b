"""The editors' synonym table: read, checked by ``flask content check``, followed when edited."""

import pytest

from helpcenter.search.synonyms import FILE_NAME, load_synonyms
from helpcenter.search.text import stems

GOOD = """\
nl:
  geld: [uitbetaling, betaling]
  review: beoordeling
  niet opdagen: [no-show]
en:
  money: [payout]
"""


def load(tmp_path, text, vocabulary=None):
    (tmp_path / FILE_NAME).write_text(text, encoding="utf-8")
    return load_synonyms(tmp_path, vocabulary)


def test_entries_are_stemmed_phrases(tmp_path):
    table, problems = load(tmp_path, GOOD)
    assert problems == []
    nl = {key: tuple(tuple(stems(word, "nl")) for word in words) for key, words in [
        ("geld", ["uitbetaling", "betaling"]), ("review", ["beoordeling"]),
        ("niet opdagen", ["no-show"])]}
    assert table["nl"] == {tuple(stems(key, "nl")): value for key, value in nl.items()}
    assert table["en"] == {("money",): (("payout",),)}


def test_no_file_is_an_empty_table(tmp_path):
    assert load_synonyms(tmp_path) == ({"nl": {}, "en": {}}, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("nl: {geld: [x}\n", (1, "error", "not valid YAML")),
     ("- geld\n", (1, "error", "must map each language")),
     ("de:\n  geld: [uitbetaling]\n", (1, "error", "unknown language `de`")),
     ("nl: geld\n", (1, "error", "`nl` must map typed words")),
     ("nl:\n  geld:\n", (2, "error", "`geld`: list the words to look for")),
     ("nl:\n  geld: []\n", (2, "error", "`geld`: list the words to look for")),
     ("nl:\n  geld: [uitbetaling]\n  Geld: [betaling]\n", (3, "error", "`Geld` is listed twice")),
     ("nl:\n  klachten: [x]\n  klacht: [y]\n", (3, "error", "`klacht` is listed twice")),
     ("nl:\n  geld: [[a, b]]\n", (2, "error", "expected a word or a few words")),
     ("nl:\n  geld: ['--']\n", (2, "error", "`--` has no words")),
     ("nl:\n  a b c d e f: [x]\n", (2, "error", "at most 5 words")),
     ("nl:\n  geld:\n    - uitbetaling\n    - zzyzx\n", (4, "warning", "no nl article uses")),
     ("nl:\n  klachten: [klacht]\n", (2, "warning", "the typed word itself"))],
)
def test_mistakes_are_reported_with_their_line(tmp_path, text, expected):
    _table, problems = load(tmp_path, text, {"nl": {"uitbetal", "klacht", "x", "y"}, "en": set()})
    line, severity, message = expected
    assert any(p[0] == line and p[1] == severity and message in p[2] for p in problems), problems


def test_a_bad_entry_leaves_the_others_working(tmp_path):
    table, problems = load(tmp_path, "nl:\n  geld: []\n  review: [beoordeling]\n")
    assert len(problems) == 1
    assert table["nl"] == {("review",): (tuple(stems("beoordeling", "nl")),)}


def test_yes_and_no_are_words_not_booleans(tmp_path):
    table, problems = load(tmp_path, "en:\n  no: [none]\n")
    assert problems == [] and table["en"] == {("no",): (("none",),)}


def test_shipped_table_is_clean(runner):
    result = runner.invoke(args=["content", "check", "--strict"])
    assert FILE_NAME not in result.output, result.output


def test_content_check_reports_the_table(content_app, content_dir):
    (content_dir / FILE_NAME).write_text("nl:\n  geld: []\nen:\n  zebra: [crossing]\n")
    result = content_app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert f"content/{FILE_NAME}:2: error: `geld`: list the words to look for" in result.output
    assert f"content/{FILE_NAME}:4: warning: no en article uses `crossing`" in result.output


def test_search_follows_edits_of_the_table(content_app, content_dir):
    client = content_app.test_client()
    assert "Only in English" not in client.get("/en/search?q=zebra").get_data(as_text=True)
    (content_dir / FILE_NAME).write_text("en:\n  zebra: [english]\n")
    assert "Only in English" in client.get("/en/search?q=zebra").get_data(as_text=True)
