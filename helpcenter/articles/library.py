"""The content library: every article and section file in ``content/``, grouped by slug.

Following Hugo's convention, ``content/<section>/<slug>.<lang>.md`` are the language versions
of one article and ``_index.<lang>.md`` describes a section. A library is an immutable
snapshot; ``store.ContentStore`` builds a new one when files change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from helpcenter.articles import frontmatter
from helpcenter.articles.topics import Topics, load_topics
from helpcenter.i18n import LANGUAGES

FILE_NAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
SECTION_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class FileVersion:
    """Identifies one version of a file: its path, modification time and size."""

    path: Path
    mtime_ns: int
    size: int

    @property
    def tag(self) -> str:
        """A short string that changes whenever the file does."""
        return f"{self.mtime_ns:x}-{self.size:x}"


@dataclass
class Article:
    """One language version of an article."""

    section: str
    slug: str
    lang: str
    file: FileVersion
    meta: dict
    body: str
    body_line: int
    errors: list[tuple[int, str]] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    title = property(lambda self: str(self.meta.get("title") or self.slug))
    summary = property(lambda self: str(self.meta.get("summary") or ""))
    order = property(lambda self: self.meta.get("order") if isinstance(
        self.meta.get("order"), int) else 1000)
    draft = property(lambda self: self.meta.get("draft") is True)
    featured = property(lambda self: self.meta.get("featured") is True)
    related = property(lambda self: [s for s in self.meta.get("related") or [] if
                                     isinstance(s, str)])

    @property
    def updated(self) -> dt.date | None:
        """The date the editor last changed this version, or None when it is invalid."""
        value = self.meta.get("updated")
        return value if isinstance(value, dt.date) else None

    @property
    def source_updated(self) -> dt.date | None:
        """For a translation: the ``updated`` date of the source it was translated from."""
        value = self.meta.get("source_updated")
        return value if isinstance(value, dt.date) else None


@dataclass
class Section:
    """A section (topic) in one language, from its ``_index.<lang>.md``."""

    key: str
    lang: str
    file: FileVersion
    meta: dict
    errors: list[tuple[int, str]] = field(default_factory=list)

    title = property(lambda self: str(self.meta.get("title") or self.key))
    description = property(lambda self: str(self.meta.get("description") or ""))
    order = property(lambda self: self.meta.get("order") if isinstance(
        self.meta.get("order"), int) else 1000)


@dataclass
class ContentLibrary:
    """Every content file, indexed the ways the pages and the checks look them up."""

    root: Path
    articles: dict[tuple[str, str], Article]  # (slug, lang) → article; first file wins
    sections: dict[tuple[str, str], Section]  # (section, lang) → section
    topics: Topics
    problems: list[tuple[Path, int, str]]  # file-level problems found while loading
    duplicates: list[tuple[Article, Article]]

    def article(self, slug: str, lang: str, *, drafts: bool = False) -> Article | None:
        """The article ``slug`` in ``lang``, unless it is a draft and drafts are hidden."""
        found = self.articles.get((slug, lang))
        if found is None or (found.draft and not drafts):
            return None
        return found

    def find(self, slug: str, lang: str, *, drafts: bool = False) -> Article | None:
        """The article ``slug`` in ``lang`` if it exists, else in any other language."""
        for candidate in (lang, *LANGUAGES):
            found = self.article(slug, candidate, drafts=drafts)
            if found is not None:
                return found
        return None

    def other_language(self, article: Article, *, drafts: bool = False) -> Article | None:
        """The same article in the other language, if there is one."""
        for lang in LANGUAGES:
            if lang != article.lang:
                other = self.article(article.slug, lang, drafts=drafts)
                if other is not None:
                    return other
        return None

    def section(self, key: str, lang: str) -> Section | None:
        """The section ``key`` described in ``lang``."""
        return self.sections.get((key, lang))

    def section_keys(self) -> list[str]:
        """Every section, in the editors' order."""
        keys = {key for key, _lang in self.sections}
        keys |= {article.section for article in self.articles.values()}
        return sorted(keys, key=lambda key: (self._section_order(key), key))

    def _section_order(self, key: str) -> int:
        orders = [s.order for (k, _), s in self.sections.items() if k == key]
        return min(orders, default=1000)

    def in_section(self, key: str, lang: str, *, drafts: bool = False) -> list[Article]:
        """The articles of one section in one language, in the editors' order."""
        found = [
            a for a in self.articles.values()
            if a.section == key and a.lang == lang and (drafts or not a.draft)
        ]
        return sorted(found, key=lambda a: (a.order, a.title.casefold()))

    def featured(self, lang: str, *, drafts: bool = False) -> list[Article]:
        """The articles editors marked ``featured: true`` in ``lang``, in section order."""
        position = {key: index for index, key in enumerate(self.section_keys())}
        found = [a for a in self.articles.values()
                 if a.featured and a.lang == lang and (drafts or not a.draft)]
        return sorted(found, key=lambda a: (position[a.section], a.order, a.title.casefold()))

    def is_stale(self, article: Article) -> bool:
        """True when this translation was made from an older version of its source."""
        if article.source_updated is None:
            return False
        source = self.other_language(article, drafts=True)
        return bool(source and source.updated and source.updated > article.source_updated)

    def url_for_slug(self, slug: str, lang: str) -> str | None:
        """The path of article ``slug`` in ``lang``: used when rendering article links."""
        article = self.articles.get((slug, lang)) or next(
            (a for (s, _), a in self.articles.items() if s == slug), None
        )
        if article is None:
            return None
        return f"/{lang}/{article.section}/{slug}"

    def link_signature(self) -> frozenset:
        """What article links depend on: which slugs exist in which section."""
        return frozenset((a.slug, a.section) for a in self.articles.values())


def read_article(version: FileVersion, section: str, slug: str, lang: str) -> Article:
    """Read and parse one article file."""
    parsed = frontmatter.parse(
        version.path.read_text(encoding="utf-8"),
        frontmatter.ARTICLE_FIELDS,
        frontmatter.ARTICLE_REQUIRED,
    )
    return Article(section, slug, lang, version, parsed.meta, parsed.body, parsed.body_line,
                   parsed.errors, parsed.lines)


def read_section(version: FileVersion, key: str, lang: str) -> Section:
    """Read and parse one ``_index.<lang>.md``."""
    parsed = frontmatter.parse(
        version.path.read_text(encoding="utf-8"),
        frontmatter.SECTION_FIELDS,
        frontmatter.SECTION_REQUIRED,
    )
    return Section(key, lang, version, parsed.meta, parsed.errors)


def build_library(root: Path, files: dict[Path, FileVersion], cache: dict | None = None):
    """Build a library from scanned ``files``, reusing parsed files from ``cache``.

    ``cache`` maps a ``FileVersion`` to its parsed ``Article`` or ``Section``; only new or
    changed files are read again.
    """
    cache = cache if cache is not None else {}
    articles: dict[tuple[str, str], Article] = {}
    sections: dict[tuple[str, str], Section] = {}
    problems: list[tuple[Path, int, str]] = []
    duplicates: list[tuple[Article, Article]] = []
    topics_file = root / "topics.yaml"
    topics, topic_problems = load_topics(files.get(topics_file))
    problems += [(topics_file, line, message) for line, message in topic_problems]

    for path, version in sorted(files.items()):
        if path.suffix != ".md":
            continue
        relative = path.relative_to(root)
        if len(relative.parts) != 2:
            problems.append((path, 1, "articles belong in content/<section>/<slug>.<lang>.md"))
            continue
        section_key, name = relative.parts
        if not SECTION_NAME.match(section_key):
            problems.append((path, 1, f"section folder `{section_key}` must be lowercase, "
                                      "words joined by hyphens"))
            continue
        index = re.match(r"^_index\.([a-z]{2})\.md$", name)
        match = FILE_NAME.match(name)
        lang = index.group(1) if index else match.group("lang") if match else None
        if lang not in LANGUAGES:
            problems.append((path, 1, "file name must be <slug>.<lang>.md with lang one of "
                                      + ", ".join(LANGUAGES) + " (slug lowercase-hyphenated)"))
            continue
        parsed = cache.get(version)
        if index:
            if parsed is None:
                parsed = read_section(version, section_key, lang)
            sections[(section_key, lang)] = parsed
        else:
            if parsed is None:
                parsed = read_article(version, section_key, match.group("slug"), lang)
            key = (parsed.slug, lang)
            if key in articles:
                duplicates.append((articles[key], parsed))
            else:
                articles[key] = parsed
        cache[version] = parsed
    return ContentLibrary(root, articles, sections, topics, problems, duplicates)
