"""The cover sheet of an agenda item submitted to a meeting (의안), as the deliberation
bodies print it: "의안번호 제 2 호", "심의사항", "연 월 일 2025. 5. 30.", the session
"(제 72 회)", the item's title over one or more lines, the body it goes to, and
"제 출 자 산업통상자원부 …". The sheet is the document itself: its session is the meeting
the text is about and its title the agenda item."""

import datetime
import re
from dataclasses import dataclass

from documents.text import normalize_name

_ITEM_NUMBER = re.compile(r"의\s*안\s*번\s*호\s*제\s*(?P<number>\d+)\s*호")
_SESSION = re.compile(r"^\(\s*제\s*(?P<number>\d+)\s*[회차]\s*\)$")
_DAY = re.compile(
    r"연\s*월\s*일\s*(?P<year>(?:19|20)\d{2})\s*\.\s*(?P<month>\d{1,2})\s*\.\s*(?P<day>\d{1,2})"
)
SUBMITTER = re.compile(r"^\s*제\s*출\s*자\s+(?P<who>\S.*)$")
# A cover sheet states its number near the top of the document.
_COVER_REACH = 400


@dataclass
class Cover:
    item_number: int
    session: int
    title: str
    body: str
    entry: object  # the known body, if the directory knows it
    day: datetime.date | None
    sentence: object  # the span holding session, title and body


def read_cover(doc):
    """The agenda cover sheet the document opens with, or None."""
    number = _ITEM_NUMBER.search(doc.text[:_COVER_REACH])
    if number is None:
        return None
    for sentence in doc.sentences[:6]:
        lines = [line.strip() for line in sentence.text.split("\n") if line.strip()]
        session = _SESSION.match(lines[0]) if lines else None
        if session is None or len(lines) < 3:
            continue
        title_lines, body, entry = _title_and_body(doc, lines[1:])
        if not title_lines:
            return None
        return Cover(
            item_number=int(number["number"]),
            session=int(session["number"]),
            title=" ".join(title_lines),
            body=body,
            entry=entry,
            day=_cover_day(doc.text[:_COVER_REACH]),
            sentence=sentence,
        )
    return None


def _title_and_body(doc, lines):
    """Split the lines after the session into the title and the body's name: the body is
    the shortest run of last lines that names a known body, else the last line."""
    for split in range(len(lines) - 1, 0, -1):
        written = " ".join(lines[split:])
        entry = doc.directory.committee_matching(written)
        known = entry and normalize_name(written) in {
            normalize_name(n) for n in (entry.name, entry.short_name) if n
        }
        if known:
            return lines[:split], written, entry
    if re.search(r"(?:위원회|회의)$", lines[-1]):
        return lines[:-1], lines[-1], None
    return [], "", None


def _cover_day(text):
    match = _DAY.search(text)
    if match is None:
        return None
    try:
        return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
