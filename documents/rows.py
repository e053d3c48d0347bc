"""Archives of one release per row: JSON Lines and CSV, each row a release's text (or HTML)
with what the archive states about it (title, date, source URL, issuing body).

Rows are read one at a time (an archive may hold millions); a bad row is that row's
``Source`` with its one-line error, and reading goes on with the next.
"""

import codecs
import csv
import datetime
import hashlib
import json
import re
import sys

# The names archives give each column (compared lower-cased, spaces and "_" ignored), in
# order of preference.
COLUMNS = {
    "key": ("key", "수집키", "키"),
    "id": ("id", "번호", "문서번호", "게시물번호"),
    "title": ("title", "제목", "subject", "headline"),
    "date": ("date", "일자", "날짜", "보도일", "보도일자", "보도일시", "등록일", "작성일",
             "게시일", "published", "publishedat", "pubdate"),
    "source_url": ("sourceurl", "url", "link", "href", "원문", "원문주소", "원문링크", "주소"),
    "issuer": ("issuer", "ministry", "부처", "발표부처", "기관", "발행기관", "담당부처"),
    "text": ("text", "body", "content", "본문", "내용"),
    "html": ("html", "bodyhtml", "contenthtml", "본문html"),
}  # fmt: skip
# The longest field a CSV row may hold: a release's HTML runs past csv's default of 128 KiB.
MAX_FIELD = min(sys.maxsize, 2**31 - 1)
# A key is part of the release's address: no slash, no control character, at most 200.
_KEY_UNSAFE = re.compile(r"[/\\\x00-\x1f\x7f]+")
KEY_LENGTH = 200
_WRITTEN_DATE = re.compile(
    r"^\s*((?:19|20)\d{2})\s*(?:[-./]|년)\s*(\d{1,2})\s*(?:[-./]|월)\s*(\d{1,2})\s*[.일]?"
    r"\s*(?:\([월화수목금토일]\))?(?:[T\s].*)?$"
)


class RowError(ValueError):
    """What is wrong with one row, in one line."""


def read_jsonl(path, stem):
    """One release per line of a JSON Lines file (blank lines skipped), as (key, origin,
    text, metadata fields, error) tuples."""
    with open(path, "rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            origin = f"{path}:{number}"
            try:
                row = json.loads(raw)
                if not isinstance(row, dict):
                    raise RowError(f"a row is a JSON object, not {type(row).__name__}")
                key, text, metadata = row_release(row, stem, number)
                yield key, origin, text, metadata, ""
            except (ValueError, RowError) as error:  # JSONDecodeError is a ValueError
                yield f"{stem}~L{number}", origin, "", {}, _one_line(error)


def read_csv(path, stem):
    """One release per row of a CSV file with a header row (UTF-8, with or without BOM, or
    the CP949 of Korean spreadsheets), as read_jsonl's tuples."""
    csv.field_size_limit(MAX_FIELD)
    encoding = _csv_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        names = [_column_name(name) for name in header]
        line = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # the reader has moved past the bad line
                number, line = line + 1, reader.line_num
                yield f"{stem}~L{number}", f"{path}:{number}", "", {}, f"CSV: {error}"
                continue
            number, line = line + 1, reader.line_num  # a row may span lines: its first
            if not any(v.strip() for v in values):
                continue
            origin = f"{path}:{number}"
            try:
                if len(values) > len(names):
                    raise RowError(f"{len(values)} fields, the header names {len(names)}")
                row = dict(zip(names, values, strict=False))
                key, text, metadata = row_release(row, stem, number)
                yield key, origin, text, metadata, ""
            except RowError as error:
                yield f"{stem}~L{number}", origin, "", {}, _one_line(error)


def row_release(row, stem, number):
    """(key, text, metadata fields) of one row, or RowError."""
    fields = {_column_name(name): value for name, value in row.items()}
    picked = {role: _pick(fields, names) for role, names in COLUMNS.items()}
    text = picked["text"] or picked["html"]
    if not text.strip():
        raise RowError("no text: give the release in a text, body or html column")
    metadata = {
        "title": " ".join(picked["title"].split()),
        "date": parse_written_date(picked["date"]),
        "source_url": picked["source_url"].strip(),
        "issuer": " ".join(picked["issuer"].split()),
    }
    return row_key(picked["key"], picked["id"], stem, number), text, metadata


def row_key(key, row_id, stem, number):
    """The row's key column as it is (a key names the release across archives), else its
    id column after the file's stem (ids are numbered per board: 85055 of one archive is
    not 85055 of another), else the stem and the row's line (stable while the archive keeps
    its order). Made safe for an address: no slash, no control character."""
    if not key.strip() and row_id.strip():
        key = f"{stem}~{row_id}"
    key = _KEY_UNSAFE.sub("~", key.strip()).strip("~ ")
    if len(key) > KEY_LENGTH:  # cut, with a digest so that two long keys stay two
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        key = key[: KEY_LENGTH - 13] + "~" + digest
    return key or f"{stem}~L{number}"  # L: never an id's key (fsc~12 is id 12)


def parse_written_date(value):
    """A date as archives write it: 2024-06-27, 2024.6.27., 2024/06/27, 2024년 6월 27일,
    with a weekday or a time after it; "" is no date, anything else a RowError."""
    value = value.strip()
    if not value:
        return None
    match = _WRITTEN_DATE.match(value)
    try:
        if match:
            return datetime.date(*map(int, match.groups()))
    except ValueError:
        pass
    raise RowError(f"date {value[:40]!r} is not a date (write it 2024-06-27)")


def _pick(fields, names):
    for name in names:
        value = fields.get(name)
        if value is not None and value != "":
            return value if isinstance(value, str) else str(value)
    return ""


def _column_name(name):
    return re.sub(r"[\s_\-]+", "", str(name)).lower().lstrip("\ufeff")


def _csv_encoding(path):
    """UTF-8 (its BOM skipped) if the file's start decodes as UTF-8, else CP949."""
    with open(path, "rb") as handle:
        start = handle.read(1 << 16)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return "cp949"
    return "utf-8-sig"


def _one_line(error):
    return " ".join(str(error).split())[:300]
