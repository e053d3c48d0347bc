"""The meeting a release reports on: its body, number, date, chair and venue."""

import re

from . import names
from .dates import dated_mentions, infer_year, month_day_mentions, year_for_month_day
from .document import flat
from .records import MeetingRecord

MEETING_HEADS = ("회의", "위원회", "협의회", "총회", "포럼")
_MEETING_NUMBER = re.compile(
    r"(?<![\d가-힣])(?:제\s*)?(?P<number>\d{1,3})\s*(?:회|차)(?![가-힣])\s*"
)
_HELD = re.compile(r"개최|열린|열렸|주재|에서는|가졌")
_WORD_TAIL = re.compile(r"(?:은|는|이|가|의|을|를|에서|에|와|과|로|도)$")


def _meeting_body_after(text, start):
    """The body named after "제N회", as written: the longest run of words that ends in
    회의/위원회, up to the first word that carries a particle."""
    best = None
    # A word may hold a bracket with spaces inside: 연구개발(글로벌 R&D), 장관회의(의장 : …).
    for count, word in enumerate(
        re.finditer(r"(?:[^\s,.」』*(]+|\([^()]*\))+", text[start : start + 120])
    ):
        token = re.sub(r"\([^()]*\)$", "", word.group())
        bare = token.rstrip("」』*")
        inflected = not bare.endswith(MEETING_HEADS) and _WORD_TAIL.search(bare)
        if inflected:
            bare = _WORD_TAIL.sub("", bare)  # 위원회를 → 위원회, but 회의 keeps its 의
        if bare.endswith(MEETING_HEADS):
            best = text[start : start + word.start() + len(bare)]
        bracket_after_head = token != word.group() and bare.endswith(MEETING_HEADS)
        if (
            inflected
            or bracket_after_head
            or count >= 6
            or word.group().endswith(("다", "고", "며"))
        ):
            break
    return best


def find_meetings(doc):
    """Every numbered meeting mentioned: (number, written body, entry, sentence, offset)."""
    found = []
    for sentence in doc.sentences:
        text = flat(sentence.text)
        for match in _MEETING_NUMBER.finditer(text):
            body = _meeting_body_after(text, match.end())
            if body is None:
                continue
            if body in MEETING_HEADS:
                # "글로벌 특위 제3회 회의": the body is named earlier in the sentence.
                entry = _committee_named_before(doc, text[: match.start()])
                if entry is None:
                    continue
                body = entry.name
            else:
                entry = doc.directory.committee_matching(body)
            found.append((int(match["number"]), body, entry, sentence, match.start()))
    return found


def _committee_named_before(doc, text):
    best = None
    for entry in doc.directory.committees:
        for known in filter(None, (entry.name, entry.short_name)):
            position = text.rfind(known)
            if len(known) >= 4 and position >= 0 and (best is None or position > best[0]):
                best = (position, entry)
    return best[1] if best else None


def _meeting_score(doc, number, body, entry, sentence, offset):
    score = 0
    key = names.matching_key(body)
    if str(number) in doc.title and key and key[-4:] in names.matching_key(doc.title):
        score += 5
    if any(str(number) in sub and key[-4:] in names.matching_key(sub) for sub in doc.subtitles):
        score += 4
    if _HELD.search(sentence.text):
        score += 3
    if "지난" in flat(sentence.text)[max(0, offset - 12) : offset]:
        score -= 2
    return score


def extract_meeting(doc, people):
    """The meeting the release reports on: the numbered meeting it says was held."""
    candidates = find_meetings(doc)
    if not candidates:
        return None
    number, body, entry, sentence, offset = max(
        candidates, key=lambda c: (_meeting_score(doc, *c), -c[3].start)
    )
    same = [c for c in candidates if c[0] == number and (c[2] == entry if entry else c[1] == body)]
    sentences = [c[3] for c in same]
    day, inferred = _meeting_date(doc, sentences)
    held = [s for s in sentences if _HELD.search(s.text)] or sentences
    chair = next((c for s in held for c in [_chair(s.text, people)] if c), None)
    chair = chair or _committee_chair(doc, people)
    venue = next((v for s in held for v in [_venue(s.text)] if v), "")
    evidence = []
    for s in sentences:
        if doc.evidence(s) not in evidence:
            evidence.append(doc.evidence(s))
    return MeetingRecord(
        body=entry.name if entry else body,
        committee=entry.slug if entry else None,
        name=_written_meeting_name(flat(sentence.text), offset, number, body),
        number=number,
        series=entry.series_on(day) if entry else 1,
        date=day,
        date_inferred=inferred,
        chair=chair,
        venue=venue,
        evidence=evidence,
    )


def _written_meeting_name(text, offset, number, body):
    """The meeting's name as the text writes it: "제3회 국제 연구개발(글로벌 R&D) 특별위원회"."""
    tail = body.split()[-1]
    end = text.find(tail, offset)
    written = text[offset : end + len(tail)] if end >= 0 else ""
    written = written.strip("「『<[ ")
    if not written.startswith("제"):
        written = "제" + written
    return written if tail in written else f"제{number}회 {body}"


def _meeting_date(doc, sentences):
    """The meeting's date: a month-day where it is mentioned (year from the release's
    date, or from the weekday), or a dated 일시 line."""
    for sentence in sentences:
        stated = next((m for m in dated_mentions(sentence.text) if m.day), None)
        if stated is not None:
            return stated.as_date(), False
        for mention in month_day_mentions(sentence.text):
            if doc.date is not None:
                return mention.as_date(year_for_month_day(mention, doc.date)), False
            year, _ = infer_year(mention, doc.years)
            if year:
                return mention.as_date(year), True
    for sentence in doc.sentences:
        if re.search(r"일\s*시", sentence.text):
            for mention in dated_mentions(sentence.text):
                if mention.day:
                    return mention.as_date(), False
    return None, False


def _chair(text, people):
    for person in people:
        position = text.find(person.name)
        if position >= 0 and "주재" in text[position : position + len(person.name) + 40]:
            return person.name
    return None


def _committee_chair(doc, people):
    """With no "주재" stated, the body's chair (위원장인 류광준, 위원장 류광준) chairs."""
    for person in people:
        for evidence in person.evidence:
            if re.search(
                rf"위원장(?:인|\s)\s*{person.name}|{person.name}\s+위원장", evidence.quote
            ):
                return person.name
    return None


def _venue(text):
    match = re.search(r"([가-힣A-Za-z]+(?:청사|센터|호텔|회의실|체험관))(?=에서|와|과|\s간)", text)
    return match.group(1) if match else ""
