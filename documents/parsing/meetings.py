"""The meeting a release reports on: its body, number, date, chair and venue."""

import bisect
import re

from . import names
from .cover import read_cover
from .dates import (
    HELD_PAST,
    dated_mentions,
    day_in_month_of,
    day_only_mentions,
    infer_year,
    month_day_mentions,
    year_for_month_day,
)
from .document import flat
from .records import MeetingRecord

MEETING_HEADS = ("회의", "위원회", "협의회", "총회", "포럼")
_MEETING_NUMBER = re.compile(
    # (?=[제\d]): how a number starts; said first, the look-behind is tried only there.
    r"(?=[제\d])(?<![\d가-힣])(?:제\s*)?(?P<number>\d{1,3})\s*(?:회|차)(?![가-힣])\s*"
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
        if "회" not in sentence.text and "차" not in sentence.text:
            continue  # no meeting number: it is counted in 회 or 차
        text = flat(sentence.text)
        for match in _MEETING_NUMBER.finditer(text):
            body = _meeting_body_after(text, match.end())
            if body is None:
                continue
            if body in MEETING_HEADS:
                # "글로벌 특위 제3회 회의": the body is named earlier in the sentence.
                entry = _committee_named_before(doc, text[: match.start()])
                if entry is None:
                    body = _body_named_before(doc, text[: match.start()])
                    if body is None:
                        continue
                else:
                    body = entry.name
            else:
                entry = doc.directory.committee_matching(body)
                if entry is None and body in SESSION_WORDS:
                    # "개인정보위는 … 제4회 전체회의를 개최": the session of the body named before.
                    issuer = _body_named_before(doc, text[: match.start()])
                    if issuer is not None:
                        body = f"{issuer} {body}"
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


# Sessions named only by their kind: whose they are is said before (개인정보위는 … 제4회
# 전체회의, 금융위원회 제12차 정례회의).
SESSION_WORDS = ("전체회의", "정례회의", "정기회의", "임시회의", "본회의")
# A body that meets, written as a noun phrase: 양자 개척자(퀀텀 프론티어) 전략협의회.
_BODY_PHRASE = re.compile(
    r"((?:[가-힣A-Za-z&]+(?:\([^()]*\))?\s){0,4}[가-힣A-Za-z&]*(?:위원회|협의회|심의회))"
    r"(?:\([^()]*\))?(?=[은는이가을를의에와과도\s]|$)"
)


def _body_named_before(doc, text):
    """The deliberative body last named in ``text``: a ministry that is a 위원회 (by its full
    name), else a noun phrase ending in 위원회/협의회/심의회."""
    best = None
    for written in doc.directory.ministry_names():
        position = text.rfind(written)
        entry = doc.directory.resolve(written, doc.date, doc.years) if position >= 0 else None
        later = best is None or position > best[0]
        if entry is not None and entry.name.endswith("위원회") and later:
            best = (position, entry.name)
    phrases = list(_BODY_PHRASE.finditer(text))
    if phrases and (best is None or phrases[-1].start() > best[0] + 1):
        phrase = _noun_phrase(phrases[-1].group(1))
        if phrase and not doc.directory.candidates(phrase):
            return phrase
    return best[1] if best else None


def _noun_phrase(words_text):
    """The words after the last inflected one: "지원을 위해 양자 … 협의회" → "양자 … 협의회";
    a leading count or day goes ("13일 산업기술 … 간담회"), a leading year stays ("2013년도
    업무보고")."""
    words = re.findall(r"[^\s(]+(?:\([^()]*\))?", words_text)
    cut = 0
    for index, word in enumerate(words[:-1]):
        bare = re.sub(r"\([^()]*\)$", "", word)
        if bare == "및":  # "전자문서법 및 전자고지 지원사업 설명회" is one name
            continue
        if _YEAR_WORD.fullmatch(bare):
            continue  # "2015년도 업무보고": its 도 is no particle
        punctuated = re.search(r"[.,:;!?」』’”>\]|]$", bare)
        counted = re.search(r"\d", bare)
        if names.ends_with_particle(bare) or punctuated or counted:
            cut = index + 1
    return " ".join(words[cut:])


_YEAR_WORD = re.compile(r"(?:19|20)\d{2}(?:년도?)?")
# Events where policy is reported, deliberated or presented (CONVENTIONS: meeting), and
# bodies that meet; ceremonies (협약식, 출범식, 시상식) end in none of these.
EVENT_HEADS = (
    "업무보고", "설명회", "간담회", "토론회", "공청회", "서밋", "포럼", "심의회", "협의회",
    "위원회", "회의",
)  # fmt: skip
_EVENT_PHRASE = re.compile(
    r"((?:[^\s(]+(?:\([^()]*\))?\s){0,5}[^\s(]*(?:" + "|".join(EVENT_HEADS) + r"))"
    r"(?=[은는이가을를의에와과도\s,]|$)"
)
# Said of the event itself: it was (or will be) held, or something was decided there.
_HOLDING = re.compile(
    r"^[」’'』]?\s*(?:을|를|이|가)?\s*(?:\S+\s){0,3}?(?:개최|열고|열어|열린|열렸|열었|가졌|가진|진행)"
    r"|^[」’'』]?\s*에서(?:는)?\s.{0,80}?(?:심의|의결|확정|발표|논의|보고)(?:했|하였|하고|한|됐|되었|된)"
)
# An event of a body that is not a meeting of it: its ceremony, or a legislative session.
_NOT_A_MEETING = re.compile(
    r"^[」』’'\s]*(?:\([^()]*\)\s*)?"
    r"(?:출범식|협약식|개소식|시상식|발대식|기념식|출범|창립|(?:공동)?(?:위원장|의장|회장|간사))"
)
_LEGISLATIVE = re.compile(r"국회|(?<![심협])의회")  # 심의회, 협의회 hold 의회 too
# Words of time or reference before a name that are not part of it: 오늘 기금운용심의회.
_LEADING_REFERENCE = re.compile(r"^(?:(?:오늘|금일|이날|이번|올해|동|본|해당|당일)\s)+")
_RECOUNTED = re.compile(r"(?:한|했던|된|있었던)\s*바\s*(?:있|가\s*있)")
_PASSING = re.compile(r"(?:지난|앞서|이전|향후|다음)\s(?:\S+\s){0,5}$")


_COVER_LINES = 4


def find_events(doc):
    """Unnumbered meetings and events: (name as written, its score, sentence, offset), a
    name quoted or standing before a particle, scored by how the text treats it."""
    found = {}
    # A title that headlines a ceremony gives no credit to the body holding it.
    ceremony = re.search(r"출범식|협약식|개소식|시상식|발대식|기념식|출범", doc.title)
    title_key = "" if ceremony else names.matching_key(doc.title)
    for sentence in doc.sentences:
        text = flat(_ASIDE.sub(" ", sentence.text))
        for name, start, end in _event_names(text):
            if not _may_be_event(doc, name, text[end:]):
                continue
            key = names.matching_key(name)
            score = _event_score(text, name, start, end, title_key, flat(sentence.text) == name)
            previous = found.get(key)
            if previous is None or score > previous[1]:
                found[key] = (name, score + (previous[1] if previous else 0) // 4, sentence, start)
    # A cover that opens with the event's name on a line of its own ("2013년도 업무보고",
    # then slogans and the date) is the event's own paper: a headline.
    for line in doc.lines[:_COVER_LINES]:
        text = flat(line.text)
        for name, _, _ in _event_names(text):
            key = names.matching_key(name)
            if name == text and _may_be_event(doc, name, "") and key not in title_key:
                sentence = next((s for s in doc.sentences if s.start <= line.start < s.end), None)
                previous = found.get(key)
                if sentence is not None and (previous is None or previous[1] < 6):
                    found[key] = (name, 6, sentence, line.start - sentence.start)
    title = flat(doc.title)
    for name, _, end in _event_names(title):
        key = names.matching_key(name)
        if key not in found and _may_be_event(doc, name, title[end:]):
            sentence = next((s for s in doc.sentences if key in names.matching_key(s.text)), None)
            found[key] = (name, 4 + 2 * (name == title), sentence, 0)
    return _merge_shorter_events(list(found.values()))


def _may_be_event(doc, name, after):
    """Not a ministry, a bare head, a legislative session, nor a body at its ceremony."""
    return not (
        doc.directory.candidates(name)
        or names.matching_key(name) in MINISTRY_LIKE
        or _LEGISLATIVE.search(name)
        or _NOT_A_MEETING.match(after)
    )


def _event_score(text, name, start, end, title_key, alone):
    """How surely the text reports this event as held: held or headlined, then its own
    quoted name or a line of its own; less when mentioned as past (지난 …)."""
    holding = bool(_HOLDING.search(text[end : end + 120]))
    headlined = names.matching_key(name) in title_key
    score = 4 * holding + 4 * headlined
    if holding or headlined:
        score += 5 * (start > 0 and text[start - 1] in "‘'「『｢\"") + 2 * alone
    if _PASSING.search(text[max(0, start - 30) : start]):
        score -= 4
    if _RECOUNTED.search(text[end:]):
        score -= 8  # "…를 개최해 … 수립한 바 있다": a past event recalled, not the news
    return score


def _merge_shorter_events(events):
    """ "업무보고" and "2015년도 업무보고" name one event: the fuller name keeps both scores."""
    merged = []
    for event in sorted(events, key=lambda e: -len(names.matching_key(e[0]))):
        key = names.matching_key(event[0])
        fuller = next((m for m in merged if key in names.matching_key(m[0])), None)
        if fuller is None:
            merged.append(event)
        else:
            index = merged.index(fuller)
            merged[index] = (fuller[0], max(fuller[1], event[1]) + 1, fuller[2], fuller[3])
    return merged


MINISTRY_LIKE = {"위원회", "회의", "협의회"}
_ASIDE = re.compile(r"\(이하[^()]*\)")


_ANY_EVENT_HEAD = re.compile("|".join(EVENT_HEADS))


def _event_names(text):
    """Quoted event names, and noun phrases ending in an event head."""
    if not _ANY_EVENT_HEAD.search(text):
        return
    for raw, start, end in names.quoted_names(text):
        name = names.clean_name(raw)[0]
        if name.endswith(EVENT_HEADS) and name not in EVENT_HEADS and len(name) <= 60:
            yield name, start, end
    for match in _event_phrase_matches(text):
        name = _noun_phrase(match.group(1))
        name = _LEADING_REFERENCE.sub("", re.sub(r"^[^\w(]+", "", name))
        if len(name) >= 4 and name.split()[-1] not in MEETING_HEADS and len(name) <= 60:
            yield name, match.start(1) + match.group(1).rfind(name.split()[0]), match.end()


# Where a head that can end an event phrase starts (every such offset, overlaps too).
_EVENT_HEAD_START = re.compile(
    "(?=(?:" + "|".join(EVENT_HEADS) + r")(?=[은는이가을를의에와과도\s,]|$))"
)
_INNERMOST_BRACKET = re.compile(r"\([^()]*\)")
_WHITESPACE = re.compile(r"\s")


def _event_phrase_matches(text):
    """What _EVENT_PHRASE.finditer(text) finds, without trying the pattern at the offsets
    where no match can start (tried there, it reads up to six words back and forth at
    each: a third of the meeting rules' time).

    A match is up to five words, each ending in one space, then letters and a head; a
    word may carry a bracket, spaces and all. So a space of the match that stands in no
    bracket ends one of its words, and a match that starts before the next head holds at
    most five such spaces before that head: it starts after the sixth-last of them. The
    pattern's own search, from there, finds it (tests/documents/test_parse_meetings.py
    holds the two to the same results)."""
    heads = [match.start() for match in _EVENT_HEAD_START.finditer(text)]
    if not heads:
        return
    bracketed = [match.span() for match in _INNERMOST_BRACKET.finditer(text)]
    spaces = [
        match.start()
        for match in _WHITESPACE.finditer(text)
        if not any(start < match.start() < end for start, end in bracketed)
    ]
    position = 0
    while True:
        head = bisect.bisect_left(heads, position)
        if head == len(heads):
            return  # every match holds a head at or after its start
        before_head = spaces[
            bisect.bisect_left(spaces, position) : bisect.bisect_left(spaces, heads[head])
        ]
        start = before_head[-6] + 1 if len(before_head) > 5 else position
        match = _EVENT_PHRASE.search(text, start)
        if match is None:
            return
        yield match
        position = match.end()


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
    """The meeting the release reports on: the session an agenda cover sheet goes to, else
    the numbered meeting it says was held."""
    if (sheet := read_cover(doc)) is not None:
        return _cover_meeting(doc, sheet)
    candidates = find_meetings(doc)
    if not candidates:
        return _event_meeting(doc, people)
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


def _cover_meeting(doc, sheet):
    """The session named on an agenda cover sheet, on the sheet's day."""
    entry = sheet.entry
    return MeetingRecord(
        body=entry.name if entry else sheet.body,
        committee=entry.slug if entry else None,
        name=f"제{sheet.session}회 {sheet.body}",
        number=sheet.session,
        series=entry.series_on(sheet.day) if entry else 1,
        date=sheet.day,
        date_inferred=False,
        chair=None,
        venue="",
        evidence=[doc.evidence(sheet.sentence)],
    )


# An event is the meeting only when the text holds it or headlines it.
EVENT_THRESHOLD = 4


def _event_meeting(doc, people):
    """The unnumbered meeting or event the release reports on, if one stands out."""
    events = [e for e in find_events(doc) if e[1] >= EVENT_THRESHOLD]
    if not events:
        return None
    name, _, sentence, _ = max(events, key=lambda e: (e[1], -(e[2].start if e[2] else 0)))
    key = names.matching_key(name)
    sentences = [s for s in doc.sentences if key in names.matching_key(s.text)]
    sentences = sentences or ([sentence] if sentence else [])
    entry = doc.directory.committee_matching(name)
    day, inferred = _meeting_date(doc, sentences)
    if day is None and any(flat(line.text) == name for line in doc.lines[:_COVER_LINES]):
        day, inferred = doc.date, False  # the event's own paper is dated as the event
    held = [s for s in sentences if _HELD.search(s.text)] or sentences
    chair = next((c for s in held for c in [_chair(s.text, people)] if c), None)
    evidence = []
    for s in sentences:
        if doc.evidence(s) not in evidence:
            evidence.append(doc.evidence(s))
    return MeetingRecord(
        body=entry.name if entry else name,
        committee=entry.slug if entry else None,
        name=name,
        number=None,
        series=entry.series_on(day) if entry else 1,
        date=day,
        date_inferred=inferred,
        chair=chair,
        venue=next((v for s in held for v in [_venue(s.text)] if v), ""),
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


# Said of an event still to come: its day is not the text's (CONVENTIONS: meeting date).
_UPCOMING = re.compile(r"개최\s?(?:한다|할|될|된다|예정)|열린다|열릴|개최를 앞두")


def _meeting_date(doc, sentences):
    """The meeting's date: a month-day where it is mentioned (year from the release's
    date, or from the weekday), or a dated 일시 line; none for an event still to come."""
    texts = [flat(s.text) for s in sentences]
    if any(_UPCOMING.search(t) for t in texts) and not any(HELD_PAST.search(t) for t in texts):
        return None, False
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
        for mention in day_only_mentions(sentence.text):
            day = day_in_month_of(mention, doc.date)
            if day is not None:
                return day, True
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
