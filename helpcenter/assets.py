"""Static files under content-hashed names, cached for a year, with no build step.

At start-up every file in ``helpcenter/static/`` is hashed, and ``url_for('static',
filename='css/site.css')`` gives ``/static/css/site.<12 hex digits>.css``. A hashed name never
changes its content, so it is served with ``Cache-Control: public, max-age=31536000,
immutable``: a browser or proxy keeps it for a year and never asks again, and a deploy that
changes the file changes its name. The plain names keep working with a short cache (old
bookmarks, other sites), and so does a hashed name whose hash is no longer current (a page a
cache kept from before a deploy): it gets today's file, briefly cached.

The app never compresses: a compressing proxy (nginx ``gzip``) does, and turns our strong
ETags into weak ones, which the conditional GETs here accept. ``flask assets collect DIR``
writes every file under both names for a proxy that serves ``/static/`` itself.

With ``flask run --debug`` the plain names are used, so an edited file shows on reload.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import click
from flask import Flask, Response, current_app
from flask.cli import with_appcontext
from werkzeug.exceptions import NotFound

EXTENSION_KEY = "helpcenter.assets"
HASH_LENGTH = 12
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
# What hashed_name makes: the hash after the first dot of the file's name.
HASHED_NAME = re.compile(
    rf"^(?P<stem>(?:.*/)?[^/.]+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[^/]+)?$")


class Manifest:
    """Both ways between each static file's name and its content-hashed name."""

    def __init__(self, hashed: dict[str, str]):
        self.hashed = hashed  # "css/site.css" → "css/site.0123456789ab.css"
        self.original = {value: key for key, value in hashed.items()}


def init_app(app: Flask) -> None:
    """Hash the static files, rewrite ``url_for('static')`` and serve both kinds of name."""
    folder = Path(app.static_folder)
    app.extensions[EXTENSION_KEY] = build_manifest(folder) if folder.is_dir() else Manifest({})
    app.url_defaults(use_hashed_name)
    app.add_template_global(static_path)
    app.view_functions["static"] = serve_static
    app.cli.add_command(assets)


def hashed_name(path: str, content: bytes) -> str:
    """``css/site.css`` → ``css/site.<hash>.css``, the hash taken over ``content``."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    folder, _, name = path.rpartition("/")
    stem, dot, suffix = name.partition(".")
    hashed = f"{stem}.{digest}{dot}{suffix}" if dot else f"{name}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def build_manifest(folder: Path) -> Manifest:
    """Hash every file under ``folder`` (a few small files: milliseconds at start-up)."""
    hashed = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            hashed[name] = hashed_name(name, path.read_bytes())
    return Manifest(hashed)


def manifest() -> Manifest:
    """The current app's manifest."""
    return current_app.extensions[EXTENSION_KEY]


def use_hashed_name(endpoint: str, values: dict) -> None:
    """``url_for('static', filename=...)`` gives the hashed name (outside debug mode)."""
    if endpoint != "static" or current_app.debug:
        return
    filename = values.get("filename")
    hashed = manifest().hashed.get(filename)
    if hashed:
        values["filename"] = hashed


def static_path(filename: str) -> str:
    """The URL path of a static file, built without ``url_for`` (for the untrusted-host page)."""
    name = filename if current_app.debug else manifest().hashed.get(filename, filename)
    return f"{current_app.static_url_path}/{name}"


def serve_static(filename: str) -> Response:
    """Serve a static file: a current hashed name for a year, anything else briefly."""
    original = manifest().original.get(filename)
    if original is not None:
        response = current_app.send_static_file(original)
        response.headers["Cache-Control"] = IMMUTABLE
        return response
    try:
        response = current_app.send_static_file(filename)
    except NotFound:
        match = HASHED_NAME.match(filename)  # a hash from before a deploy: today's file
        if match is None:
            raise
        response = current_app.send_static_file(match["stem"] + (match["suffix"] or ""))
    response.headers["Cache-Control"] = SHORT_CACHE
    return response


@click.group()
def assets() -> None:
    """Static files."""


@assets.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def collect(folder: Path) -> None:
    """Copy the static files into FOLDER under their plain and their hashed names.

    For a proxy that serves /static/ from FOLDER itself: hashed names with the immutable
    cache header, plain names briefly.
    """
    source = Path(current_app.static_folder)
    for name, hashed in manifest().hashed.items():
        for target in (folder / name, folder / hashed):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target)
    click.echo(f"{len(manifest().hashed)} static files copied to {folder} (plain and hashed)")
