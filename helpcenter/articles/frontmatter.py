"""Front matter: the YAML block at the top of every content file, parsed and validated.

Unknown fields and wrong types are errors, reported with the line they are on, so an
editor's typo (``sumary:``) is caught by ``flask content check`` instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ARTICLE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "summary": str,
    "updated": dt.date,
    "order": int,
    "tags": list,
    "related": list,
    "draft": bool,
    "featured": bool,
    "source_updated": dt.date,
    "topic": str,
    "subtopic": str,
}
ARTICLE_REQUIRED = ("title", "summary", "updated")
SECTION_FIELDS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "description": str,
    "order": int,
}
SECTION_REQUIRED = ("title",)
TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list",
              dt.date: "a date (YYYY-MM-DD)"}


@dataclass
class Parsed:
    """A content file split into its fields and its Markdown body."""

    meta: dict
    body: str
    body_line: int  # line number (1-based) of the body's first line in the file
    errors: list[tuple[int, str]] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # field → line in the file


def parse(text: str, fields: dict, required: tuple[str, ...]) -> Parsed:
    """Split ``text`` into front matter and body; validate the fields against ``fields``."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return Parsed({}, text, 1, [(1, "missing front matter: the file must start with ---")])
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return Parsed({}, "", 1, [(1, "front matter is not closed with ---")])
    block = "".join(lines[1:end])
    body = "".join(lines[end + 1 :])
    try:
        meta = yaml.load(block, Loader=Loader) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or "not valid YAML"
        return Parsed({}, body, end + 2, [(line, f"front matter: {problem}")])
    if not isinstance(meta, dict):
        return Parsed({}, body, end + 2, [(2, "front matter must be a list of `field: value`")])
    lines = field_lines(block)
    return Parsed(meta, body, end + 2, validate(meta, fields, required, lines), lines)


def field_lines(block: str) -> dict[str, int]:
    """Map each top-level field to its line number in the file (front matter starts on 2)."""
    found = {}
    for number, line in enumerate(block.splitlines(), start=2):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match:
            found.setdefault(match.group(1), number)
    return found


def validate(meta: dict, fields: dict, required: tuple[str, ...], lines: dict[str, int]):
    """Return ``(line, message)`` for every unknown, missing or mistyped field."""
    errors = []
    for name in required:
        if meta.get(name) in (None, ""):
            errors.append((1, f"required field `{name}` is missing"))
    for name, value in meta.items():
        line = lines.get(str(name), 1)
        expected = fields.get(name)
        if expected is None:
            known = ", ".join(fields)
            errors.append((line, f"unknown field `{name}` (known fields: {known})"))
        elif value is not None and not _is_type(value, expected):
            errors.append((line, f"`{name}` must be {TYPE_NAMES.get(expected, expected)}"))
        elif expected is list and not all(isinstance(item, str) for item in value or []):
            errors.append((line, f"`{name}` must be a list of text"))
    return errors


def _is_type(value, expected) -> bool:
    """isinstance, except that a bool is not a number and a datetime is not a date."""
    if expected is int and isinstance(value, bool):
        return False
    if expected is dt.date and isinstance(value, dt.datetime):
        return False
    return isinstance(value, expected)
