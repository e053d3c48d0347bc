"""Where releases come from: files and folders (and, later, archives of many releases per
file), read into ``Source`` objects that the parser and the importer take one at a time.

A reader never raises for one release's bad bytes: the release comes out with ``error`` set
(a one-line reason), so a run over thousands goes on and reports it.
"""

import dataclasses
import datetime
from pathlib import Path

from .parsing import UnreadableInput, parse_release

TEXT_SUFFIXES = {".txt", ".html", ".htm", ".md"}
# Joins the folders of a release found inside a given folder into its key (a key holds no
# slash: it is part of the release's address).
KEY_SEPARATOR = "~"


@dataclasses.dataclass(frozen=True)
class Metadata:
    """What an archive states about a release beside its text. Given values win over what
    the parser infers and are recorded as given."""

    title: str = ""
    date: datetime.date | None = None
    source_url: str = ""
    issuer: str = ""  # the issuing body's name, as the archive writes it

    def given(self):
        """The names of the fields that hold a value."""
        return [f.name for f in dataclasses.fields(self) if getattr(self, f.name)]


@dataclasses.dataclass(frozen=True)
class Source:
    """One release as read: its import key, where it came from, its bytes (text or HTML) and
    what was given with it; or the one-line reason it could not be read."""

    key: str
    origin: str  # a path, or path:line for a release that is one row of a file
    data: bytes = b""
    metadata: Metadata = Metadata()
    error: str = ""


def read_sources(paths):
    """Every release in ``paths`` (files, and folders searched recursively), lazily, in a
    stable order. Unknown suffixes inside folders are skipped; a file named directly is
    always read."""
    for path in map(Path, paths):
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in TEXT_SUFFIXES:
                    yield from read_file(file, key=folder_key(path, file))
        else:
            yield from read_file(path)


def folder_key(folder, file):
    """The key of a file found in ``folder``: its path below the folder, without suffix."""
    return KEY_SEPARATOR.join(file.relative_to(folder).with_suffix("").parts)


def read_file(path, key=None):
    """The releases one file holds (one, for a text or HTML file)."""
    key = key or Path(path).stem
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        yield Source(key, str(path), error=f"cannot read file: {error.strerror or error}")
        return
    yield Source(key, str(path), data)


def parse_source(source, directory=None):
    """Parse one source; raise UnreadableInput (a one-line message) if it cannot be."""
    if source.error:
        raise UnreadableInput(source.error)
    parsed = parse_release(source.data, file=source.origin, directory=directory)
    return apply_metadata(parsed, source.metadata)


def apply_metadata(parsed, metadata):
    """The given metadata over what the parser inferred; ``parsed.given_fields`` names what
    was given."""
    if metadata.title:
        parsed.title = metadata.title
    if metadata.date:
        parsed.date = metadata.date
        parsed.date_precision = "day"
        parsed.date_inferred = False
    if metadata.source_url:
        parsed.source_url = metadata.source_url
    parsed.given_fields = metadata.given()
    return parsed
