"""Search synonyms from ``content/search-synonyms.yaml``: the words partners type that the
articles say differently ("geld" → "uitbetaling", "review" → "beoordeling").

Editors keep the table beside the articles, per language, as ``typed: [what the articles
say, ...]``. It works one way: a search for the typed word also finds the others. Either side
may be a few words in a row ("no show", "log in"). Everything is compared by stem, so word
forms and accents do not matter. ``flask content check`` reports mistakes with their line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from helpcenter.articles.check import Problem
from helpcenter.articles.library import ContentLibrary
from helpcenter.i18n import LANGUAGES
from helpcenter.search.text import plain_text, stems

FILE_NAME = "search-synonyms.yaml"
MAX_PHRASE_WORDS = 5

Phrase = tuple[str, ...]  # the stems of one word or of a few words in a row
# language → typed phrase → what else to look for
Synonyms = dict[str, dict[Phrase, tuple[Phrase, ...]]]
Finding = tuple[int, str, str]  # line, "error" or "warning", message


def load_synonyms(root: Path, vocabulary: dict[str, set[str]] | None = None,
                  ) -> tuple[Synonyms, list[Finding]]:
    """Read and validate the table in the content folder ``root``; a missing file is empty.

    Returns what is usable and the problems found; a bad entry is left out, the rest still
    works. With ``vocabulary`` (the stems of the articles, per language), a word to look for
    that no article uses is a warning: it can never find anything.
    """
    path = Path(root) / FILE_NAME
    table: Synonyms = {lang: {} for lang in LANGUAGES}
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return table, []
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        return table, [((mark.line + 1) if mark else 1, "error", f"not valid YAML: {error}")]
    if node is None:
        return table, []
    if not isinstance(node, yaml.MappingNode):
        return table, [(line(node), "error", "must map each language to its synonyms")]
    problems: list[Finding] = []
    for lang_node, entries in node.value:
        lang = lang_node.value
        if lang not in LANGUAGES:
            problems.append((line(lang_node), "error", f"unknown language `{lang}` "
                                                       f"(one of: {', '.join(LANGUAGES)})"))
        elif not isinstance(entries, yaml.MappingNode):
            problems.append((line(entries), "error",
                             f"`{lang}` must map typed words to a list of words"))
        else:
            known = vocabulary.get(lang, set()) if vocabulary is not None else None
            read_language(entries, lang, table[lang], problems, known)
    return table, problems


def read_language(node: yaml.MappingNode, lang: str, into: dict[Phrase, tuple[Phrase, ...]],
                  problems: list[Finding], known: set[str] | None) -> None:
    """Add the entries of one language to ``into``, reporting malformed or repeated ones."""
    for key_node, value_node in node.value:
        typed = phrase(key_node, lang, problems)
        if value_node.tag.endswith(":null") or (
                isinstance(value_node, yaml.SequenceNode) and not value_node.value):
            problems.append((line(key_node), "error",
                             f"`{key_node.value}`: list the words to look for"))
            continue
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        found = [phrase(item, lang, problems) for item in items]
        if typed is None or None in found:
            continue
        if typed in into:
            problems.append((line(key_node), "error", f"`{key_node.value}` is listed twice in "
                                                      f"`{lang}` (word forms count as one word)"))
            continue
        if known is not None:
            problems += [(line(item), "warning", f"no {lang} article uses `{item.value}`, so it "
                                                 "finds nothing")
                         for item, stemmed in zip(items, found, strict=True)
                         if not set(stemmed) <= known]
        others = tuple(dict.fromkeys(p for p in found if p != typed))
        if not others:
            problems.append((line(key_node), "warning", f"`{key_node.value}`: the words to look "
                                                        "for are the typed word itself"))
        into[typed] = others


def phrase(node: yaml.Node, lang: str, problems: list[Finding]) -> Phrase | None:
    """The stems of one word or phrase, or None (and a problem) when it is not one."""
    if not isinstance(node, yaml.ScalarNode):
        problems.append((line(node), "error", "expected a word or a few words, not a list"))
        return None
    found = tuple(stems(node.value, lang))
    if not found:
        problems.append((line(node), "error", f"`{node.value}` has no words to search for"))
        return None
    if len(found) > MAX_PHRASE_WORDS:
        problems.append((line(node), "error", f"`{node.value}`: at most {MAX_PHRASE_WORDS} "
                                              "words"))
        return None
    return found


def line(node: yaml.Node) -> int:
    """The 1-based line a YAML node starts on."""
    return node.start_mark.line + 1


def check_synonyms(library: ContentLibrary) -> list[Problem]:
    """``flask content check`` for the synonyms: errors, and words no article uses."""
    vocabulary: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for article in library.articles.values():
        tags = " ".join(tag for tag in article.meta.get("tags") or [] if isinstance(tag, str))
        text = f"{article.title} {tags} {article.summary} {plain_text(article.body)}"
        vocabulary.setdefault(article.lang, set()).update(stems(text, article.lang))
    _table, findings = load_synonyms(library.root, vocabulary)
    path = Path(library.root) / FILE_NAME
    return [Problem(path, line, severity, message) for line, severity, message in findings]
