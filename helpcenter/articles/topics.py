"""Topics and subtopics of the forms, and the P2B grounds, from ``content/topics.yaml``.

Editors keep the labels in both languages beside the articles; the forms and the article
front matter (``topic``/``subtopic``) refer to them by key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from helpcenter.i18n import LANGUAGES

GROUNDS = ("a", "b", "c")  # P2B Regulation art. 11(1)


@dataclass
class Topics:
    """Labels by key: grounds, complaint topics (with ground) and technical topics."""

    grounds: dict[str, dict[str, str]] = field(default_factory=dict)
    complaint_topics: dict[str, dict] = field(default_factory=dict)
    technical_topics: dict[str, dict] = field(default_factory=dict)

    def has_subtopic(self, topic: str, subtopic: str) -> bool:
        """True when ``subtopic`` belongs to technical topic ``topic``."""
        return subtopic in self.technical_topics.get(topic, {}).get("subtopics", {})


def load_topics(version) -> tuple[Topics, list[tuple[int, str]]]:
    """Read and validate topics.yaml; return what is usable and ``(line, message)`` problems."""
    if version is None:
        return Topics(), [(1, "content/topics.yaml is missing")]
    try:
        data = yaml.safe_load(version.path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return Topics(), [((mark.line + 1) if mark else 1, f"not valid YAML: {error}")]
    if not isinstance(data, dict):
        return Topics(), [(1, "topics.yaml must be a mapping")]
    problems: list[str] = []
    topics = Topics()
    for key in set(data) - {"grounds", "complaint_topics", "technical_topics"}:
        problems.append(f"unknown key `{key}`")
    grounds = data.get("grounds") or {}
    for ground in GROUNDS:
        if _labels(grounds.get(ground), f"grounds.{ground}", problems):
            topics.grounds[ground] = grounds[ground]
    for item in _items(data.get("complaint_topics"), "complaint_topics", problems):
        if item.get("ground") not in GROUNDS:
            problems.append(f"complaint topic `{item['key']}`: ground must be a, b or c")
        if _labels(item.get("label"), f"complaint topic `{item['key']}`", problems):
            topics.complaint_topics[item["key"]] = item
    for item in _items(data.get("technical_topics"), "technical_topics", problems):
        subtopics = {
            sub["key"]: sub
            for sub in _items(item.get("subtopics"), f"{item['key']}.subtopics", problems)
            if _labels(sub.get("label"), f"subtopic `{item['key']}/{sub['key']}`", problems)
        }
        if _labels(item.get("label"), f"technical topic `{item['key']}`", problems):
            topics.technical_topics[item["key"]] = {**item, "subtopics": subtopics}
    return topics, [(1, problem) for problem in problems]


def _items(value, where: str, problems: list[str]) -> list[dict]:
    """The entries of a list of ``{key: ..., label: ...}``, reporting malformed ones."""
    if not isinstance(value, list) or not value:
        problems.append(f"`{where}` must be a non-empty list")
        return []
    seen, items = set(), []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            problems.append(f"`{where}`: every entry needs a `key`")
        elif item["key"] in seen:
            problems.append(f"`{where}`: duplicate key `{item['key']}`")
        else:
            seen.add(item["key"])
            items.append(item)
    return items


def _labels(value, where: str, problems: list[str]) -> bool:
    """True when ``value`` has a non-empty label for every language."""
    if not isinstance(value, dict) or not all(
        isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGUAGES
    ):
        problems.append(f"{where}: needs a label in " + " and ".join(LANGUAGES))
        return False
    return True
