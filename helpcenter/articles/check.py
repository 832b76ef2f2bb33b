"""``flask content check``: everything an editor can get wrong in ``content/``, with file and line.

Errors (exit status 1) are what breaks a page or hides content: bad front matter, unknown
fields, broken links, duplicate slugs, unsafe HTML, unknown topics. Warnings are work to do:
missing and stale translations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helpcenter.articles.library import Article, ContentLibrary
from helpcenter.articles.render import render_markdown, unsafe_html
from helpcenter.i18n import LANGUAGES


@dataclass(frozen=True)
class Problem:
    """One finding: where it is, how bad it is, and what to do about it."""

    path: Path
    line: int
    severity: str  # "error" or "warning"
    message: str

    def format(self, root: Path) -> str:
        """``content/x/y.nl.md:3: error: ...``, relative to the content folder's parent."""
        try:
            shown = self.path.relative_to(root.parent)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.severity}: {self.message}"


# Checks other features register for their own files in the content folder (search adds
# search-synonyms.yaml); each returns its problems for a library.
EXTRA_CHECKS: list[Callable[[ContentLibrary], list[Problem]]] = []


def register_check(check: Callable[[ContentLibrary], list[Problem]]) -> None:
    """Have ``flask content check`` run ``check`` too (once, however often it is registered)."""
    if check not in EXTRA_CHECKS:
        EXTRA_CHECKS.append(check)


def check_library(library: ContentLibrary, reserved: set[str] = frozenset()) -> list[Problem]:
    """Return every problem in ``library``, sorted by file and line.

    ``reserved`` names the URL segments the site uses itself (``saved``, ``search`` …), which
    a section folder must not take.
    """
    problems = [Problem(path, line, "error", message) for path, line, message in library.problems]
    for first, second in library.duplicates:
        problems.append(Problem(second.file.path, 1, "error",
                                f"duplicate slug `{second.slug}`: also {first.file.path}"))
    for section in library.sections.values():
        problems += [Problem(section.file.path, line, "error", msg) for line, msg in section.errors]
    for key in library.section_keys():
        if key in reserved:
            problems.append(Problem(library.root / key, 1, "error",
                                    f"section name `{key}` is a page of the site; rename it"))
        for lang in LANGUAGES:
            if library.in_section(key, lang, drafts=True) and not library.section(key, lang):
                problems.append(Problem(library.root / key / f"_index.{lang}.md", 1, "warning",
                                        "section has articles in this language but no _index"))
    for article in library.articles.values():
        problems += check_article(library, article)
    for check in EXTRA_CHECKS:
        problems += check(library)
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.message))


def check_article(library: ContentLibrary, article: Article) -> list[Problem]:
    """The problems of one article file."""
    path = article.file.path

    def at(field: str) -> int:
        return article.lines.get(field, 1)

    found = [Problem(path, line, "error", message) for line, message in article.errors]
    for slug in article.related:
        if not any((slug, lang) in library.articles for lang in LANGUAGES):
            found.append(Problem(path, at("related"), "error", f"related article `{slug}` "
                                                               "does not exist"))
    found += check_topic(library, article, at)
    body_line = article.body_line - 1
    rendered = render_markdown(article.body, lambda s: library.url_for_slug(s, article.lang),
                               article.lang)
    for line, href in rendered.broken_links:
        what = "site page" if href.startswith("/") else "article"  # `/complaint` or `x.md`
        found.append(Problem(path, body_line + line, "error", f"link to `{href}`: no such {what}"))
    for line, message in unsafe_html(article.body):
        found.append(Problem(path, body_line + line, "error", message))
    other = library.other_language(article, drafts=True)
    if other is None:
        missing = ", ".join(lang for lang in LANGUAGES if lang != article.lang)
        found.append(Problem(path, 1, "warning", f"no translation in {missing}"))
    elif library.is_stale(article):
        found.append(Problem(path, at("source_updated"), "warning",
                             f"stale translation: made from the {article.source_updated} version, "
                             f"but {other.file.path.name} was updated {other.updated}"))
    elif article.source_updated and other.source_updated:
        found.append(Problem(path, at("source_updated"), "error",
                             "both languages say they are a translation (source_updated); "
                             "only the translation may"))
    return found


def check_topic(library: ContentLibrary, article: Article, at) -> list[Problem]:
    """``topic`` and ``subtopic`` must name a technical topic and one of its subtopics."""
    topic, subtopic = article.meta.get("topic"), article.meta.get("subtopic")
    topics = library.topics.technical_topics
    path = article.file.path
    if topic is None:
        if subtopic is not None:
            return [Problem(path, at("subtopic"), "error", "`subtopic` needs a `topic`")]
        return []
    if topic not in topics:
        return [Problem(path, at("topic"), "error", f"unknown topic `{topic}` "
                                                    f"(topics.yaml has: {', '.join(topics)})")]
    if subtopic is not None and not library.topics.has_subtopic(topic, subtopic):
        return [Problem(path, at("subtopic"), "error",
                        f"unknown subtopic `{subtopic}` for topic `{topic}`")]
    return []


def translation_status(library: ContentLibrary) -> list[tuple[str, str, dict[str, str]]]:
    """One row per article: section, slug and per language present/missing/stale/draft."""
    rows = {}
    for (slug, lang), article in library.articles.items():
        section, states = rows.setdefault(slug, (article.section, {}))
        if article.draft:
            states[lang] = "draft"
        elif library.is_stale(article):
            states[lang] = "stale"
        else:
            states[lang] = "present"
    return sorted(
        (section, slug, {lang: states.get(lang, "missing") for lang in LANGUAGES})
        for slug, (section, states) in rows.items()
    )
