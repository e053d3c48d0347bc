"""Ministries: every name, alias and compressed list (기재·교육·외교부), resolved to the
ministry as named on the release's date."""

import functools
import re

from .cover import SUBMITTER
from .records import MinistryRecord

_COMPRESSED_LIST = re.compile(
    r"((?:[가-힣]{1,4}[·‧ㆍ]\s?){1,}[가-힣]{1,4})(부|처|청)(?=\s|[,)·]|장관|$)"
)
_LIST_DOT = re.compile("[·‧ㆍ]")  # what every compressed list holds: a cheap test first
# After a ministry's name, these syllables make another word: 산업부문, 공공부분, and
# 과학기술부총리 is a title (the deputy prime minister), not the ministry 과학기술부.
_NOT_AFTER_NAME = ("문", "분", "족", "품", "담", "채", "속", "총리")


@functools.lru_cache(maxsize=8)
def _mention_pattern(ministry_names):
    """Any of the names (longest first), not inside a longer word."""
    names_pattern = "|".join(re.escape(n) for n in ministry_names)
    # The lookahead for a name's first letter adds nothing to what matches; it lets the
    # engine give up at once at the many letters no name starts with.
    first_letters = "".join(sorted({re.escape(n[0]) for n in ministry_names}))
    return re.compile(f"(?=[{first_letters}])(?<![가-힣])(?:{names_pattern})")


def find_ministry_mentions(doc):
    """(written name, offset) of every ministry name or alias in the content, in order."""
    pattern = _mention_pattern(doc.directory.ministry_names())
    found = []
    for sentence in doc.sentences:
        for match in pattern.finditer(sentence.text):
            if sentence.text.startswith(_NOT_AFTER_NAME, match.end()):
                continue
            written = _joined_across_break(doc, sentence.text[: match.start()], match.group())
            found.append((written, sentence.start + match.start(), sentence))
        if not _LIST_DOT.search(sentence.text):
            continue
        for match in _COMPRESSED_LIST.finditer(sentence.text):
            # 기재·교육·외교·국방·행안·문체·산업·복지·기후·노동·중기부 장관: each stem + 부.
            for stem in re.split(r"[·‧ㆍ]\s?", match.group(1)):
                written = stem + match.group(2)
                if doc.directory.candidates(written):
                    found.append((written, sentence.start + match.start(), sentence))
    for line in doc.header_lines:
        # An agenda cover sheet's submitter ("제 출 자 산업통상자원부 산업기술정책과")
        # presents the item: the ministry acts in the text.
        if submitter := SUBMITTER.match(line.text):
            for match in pattern.finditer(submitter["who"]):
                offset = line.start + submitter.start("who") + match.start()
                found.append((match.group(), offset, line))
    return sorted(found, key=lambda item: item[1])


def _joined_across_break(doc, before, written):
    """The longer name a page copy broke over a line: "과학기술\n정보통신부" is
    과학기술정보통신부, not the 정보통신부 of 1994–2008."""
    stem = _word_before_break(before)
    if not stem:
        return written
    for name in doc.directory.ministry_names():
        if len(name) > len(written) and (stem + written).endswith(name):
            return name
    return written


def _word_before_break(before):
    """The Hangul letters that end ``before`` ahead of its trailing spaces ("" if it ends
    in none, or in no space): what a regex search for "([가-힣]+)\\s+$" finds, without
    trying every offset of a long sentence."""
    stripped = before.rstrip()
    if len(stripped) == len(before):
        return ""
    start = len(stripped)
    while start > 0 and "가" <= stripped[start - 1] <= "힣":
        start -= 1
    return stripped[start:]


def ministry_windows_allow(doc, mentions):
    """A test of a year: did every ministry named by a unique full name exist then?"""
    entries = []
    for written, _, _ in mentions:
        candidates = doc.directory.candidates(written)
        if len(candidates) == 1 and candidates[0].name == written:
            entries.append(candidates[0])
    return lambda year: all(entry.active_in(year) for entry in entries)


def extract_ministries(doc, mentions):
    """Each ministry mentioned, as named on the document's date, first mention first."""
    records, seen = [], set()
    named_in_full = {
        entry.slug
        for written, _, _ in mentions
        for entry in doc.directory.candidates(written)
        if entry.name == written
    }
    for written, _, sentence in mentions:
        entry = doc.directory.resolve(written, doc.date, doc.years)
        if doc.date is None:
            # Undated, "산업부" is most likely the 산업통상자원부 the text also names in full.
            entry = next(
                (e for e in doc.directory.candidates(written) if e.slug in named_in_full), entry
            )
        if entry is None or entry.slug in seen:
            continue
        seen.add(entry.slug)
        records.append(MinistryRecord(entry.slug, entry.name, written, doc.evidence(sentence)))
    acting = {_slug(doc, w) for w, offset, _ in mentions if not _in_name_table(doc, offset)}
    # A ministry named only in a table of bare names (a history chart of reorganisations)
    # does not act in the text (CONVENTIONS: ministries); keep all if none acts.
    return [r for r in records if r.slug in acting] or records


def _slug(doc, written):
    entry = doc.directory.resolve(written, doc.date, doc.years)
    return entry.slug if entry else None


# A line of bare names: no particle, verb ending or punctuation of prose in it.
_PROSE_MARK = re.compile(
    r"[은는이가을를의에와과로도다며고]\s|[은는이가을를의에와과로도다]$|[.,:()]"
)


def _in_name_table(doc, offset):
    """Whether the mention stands in a short line of bare names beside another such line
    (a chart flattened into lines), not in prose."""
    start = doc.text.rfind("\n", 0, offset) + 1
    end = doc.text.find("\n", offset)
    line = doc.text[start : end if end >= 0 else len(doc.text)]
    if len(line) > 30 or _PROSE_MARK.search(line):
        return False
    neighbours = [n for n in doc.text[max(0, start - 80) : start].split("\n")[-3:] if n.strip()]
    neighbours += [n for n in doc.text[end + 1 : end + 80].split("\n")[:3] if n.strip()]
    return any(len(n) <= 30 and not _PROSE_MARK.search(n) for n in neighbours)


def resolve_ministry(doc, written):
    entry = doc.directory.resolve(written, doc.date, doc.years)
    return entry.slug if entry else None
