"""Where releases come from: files and folders, and archives of one release per row (JSON
Lines, CSV), read into ``Source`` objects that the parser and the importer take one at a
time. Text and HTML are parsed as they are; PDF, HWPX and HWP are turned into text by
``parse_source`` (in the worker that parses them: see documents/files.py).

A reader never raises for one release's bad bytes: the release comes out with ``error`` set
(a one-line reason), so a run over thousands goes on and reports it.
"""

import dataclasses
import datetime
import hashlib
import os
from pathlib import Path

from . import rows
from .files import BINARY_FORMATS, to_text
from .parsing import UnreadableInput, parse_release
from .parsing.directory import load_directory

TEXT_SUFFIXES = {".txt", ".html", ".htm", ".md"}
ROW_READERS = {".jsonl": rows.read_jsonl, ".csv": rows.read_csv}
# Forms a release may come in that are not read, with what to do instead: reported, never
# skipped in silence.
NOT_READ = {
    ".json": "a .json file is not read: give one release per line as JSON Lines (.jsonl)",
    ".xlsx": "a spreadsheet is not read: save it as CSV (.csv)",
    ".xls": "a spreadsheet is not read: save it as CSV (.csv)",
}
# What a folder is searched for; a file named directly is read whatever its suffix.
READ_SUFFIXES = TEXT_SUFFIXES | set(ROW_READERS) | set(BINARY_FORMATS) | set(NOT_READ)
# Joins the folders of a release found inside a given folder into its key (a key holds no
# slash: it is part of the release's address).
KEY_SEPARATOR = "~"
MAX_URL_LENGTH = 1000  # Announcement.source_url


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
    format: str = "text"  # "text" (text or HTML), or "pdf", "hwpx", "hwp": converted to text

    def text_bytes(self):
        """The release as text (UTF-8) or HTML bytes, converted from PDF/HWPX/HWP; raise
        UnreadableInput (a one-line message) if it cannot be."""
        if self.error:
            raise UnreadableInput(self.error)
        if self.format == "text":
            return self.data
        return to_text(self.data, self.format).encode("utf-8")


def read_sources(paths):
    """Every release in ``paths`` (files, and folders searched recursively), lazily, in a
    stable order. Unknown suffixes inside folders are skipped; a file named directly is
    always read."""
    for path in map(Path, paths):
        if path.is_dir():
            for file in files_below(path):
                if isinstance(file, Source):  # a folder that cannot be listed
                    yield file
                elif file.suffix.lower() in READ_SUFFIXES:
                    yield from read_file(file, key=folder_key(path, file))
        else:
            yield from read_file(path)


def files_below(folder):
    """The files below ``folder``, depth first, sorted by name within each folder: one
    folder's listing in memory at a time, however many files the archive holds. Links to
    folders are not followed (a link to a parent would never end). A folder that cannot be
    listed comes out as a Source with its error."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        reason = f"cannot read folder: {error.strerror or error}"
        yield Source(Path(folder).name, str(folder), error=reason)
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from files_below(entry.path)
        elif entry.is_file():
            yield Path(entry.path)


def folder_key(folder, file):
    """The key of a file found in ``folder``: its path below the folder, without suffix."""
    return KEY_SEPARATOR.join(file.relative_to(folder).with_suffix("").parts)


def read_file(path, key=None):
    """The releases one file holds: one for a text, HTML, PDF, HWPX or HWP file, one per row
    for JSON Lines and CSV (their keys start with the file's)."""
    key = key or Path(path).stem
    suffix = Path(path).suffix.lower()
    if suffix in NOT_READ:
        yield Source(key, str(path), error=NOT_READ[suffix])
        return
    try:
        if suffix in ROW_READERS:
            yield from _row_sources(ROW_READERS[suffix](path, key))
            return
        data = Path(path).read_bytes()
    except OSError as error:
        yield Source(key, str(path), error=f"cannot read file: {error.strerror or error}")
        return
    yield Source(key, str(path), data, format=BINARY_FORMATS.get(suffix, "text"))


def source_from_bytes(name, data, metadata=Metadata(), key=None):
    """One release's bytes as a Source, its format told by the file name's suffix (an upload
    in the admin: a .pdf, .hwpx or .hwp is converted when parsed, anything else is text)."""
    format_ = BINARY_FORMATS.get(Path(name).suffix.lower(), "text")
    return Source(key or Path(name).stem, name, data, metadata, format=format_)


def _row_sources(rows_read):
    for key, origin, text, metadata, error in rows_read:
        if error:
            yield Source(key, origin, error=error)
        else:
            yield Source(key, origin, text.encode("utf-8"), Metadata(**metadata))


def parse_source(source, directory=None):
    """Parse one source; raise UnreadableInput (a one-line message) if it cannot be."""
    parsed = parse_release(source.text_bytes(), file=source.origin, directory=directory)
    return apply_metadata(parsed, source.metadata, directory)


def apply_metadata(parsed, metadata, directory=None):
    """The given metadata over what the parser inferred; ``parsed.given_fields`` names what
    was given. A given issuer is resolved through the ministry directory (as named on the
    release's date); one it does not know stays the release's source name, with a warning."""
    if metadata.title:
        parsed.title = metadata.title
    if metadata.date:
        parsed.date = metadata.date
        parsed.date_precision = "day"
        parsed.date_inferred = False
    if len(metadata.source_url) > MAX_URL_LENGTH:  # past the column: the URL goes, not the release
        parsed.warnings.append(f"source URL of {len(metadata.source_url):,} characters dropped")
        metadata = dataclasses.replace(metadata, source_url="")
    elif metadata.source_url:
        parsed.source_url = metadata.source_url
    if metadata.issuer:
        _apply_issuer(parsed, metadata.issuer, directory or load_directory())
    parsed.given_fields = metadata.given()
    if parsed.given_fields:
        # The importer skips a release whose hash it has: a corrected title or date in the
        # archive is a change too.
        stated = f"{parsed.content_hash}\n{metadata!r}".encode()
        parsed.content_hash = hashlib.sha256(stated).hexdigest()
    return parsed


def _apply_issuer(parsed, issuer, directory):
    parsed.source_name = issuer[:200]
    # "과학기술정보통신부 연구개발정책과": the longest known ministry name the issuer holds.
    written = next((name for name in directory.ministry_names() if name in issuer), None)
    entry = directory.resolve(written, day=parsed.date) if written else None
    if entry is not None:
        parsed.issuing_ministries = [entry.slug]
    elif directory.committee_matching(issuer) is None:
        parsed.warnings.append(f"issuer {issuer[:80]!r} is no known ministry: kept as its source")
