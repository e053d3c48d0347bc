"""Entities from the sentences of a release: ministries, people, the meeting it reports on,
agenda items, strategies with their tasks, programs with budgets, centers, tables.

Every rule is about a form — brackets, numbering, markers, units, sentence patterns — and
each record cites the sentence it came from.
"""

import bisect
import re
from dataclasses import dataclass, field

from . import names
from .amounts import find_amounts
from .dates import dated_mentions, infer_year, month_day_mentions, year_for_month_day
from .records import (
    AgendaItemRecord,
    AmountRecord,
    CenterRecord,
    Evidence,
    MeetingRecord,
    MinistryRecord,
    PersonRecord,
    ProgramRecord,
    RankRecord,
    StrategyRecord,
    TargetRecord,
    TaskRecord,
)


@dataclass
class Document:
    """What the extractors share: the text, its sentences, date and the directory."""

    text: str
    sentences: list  # layout.Span
    directory: object
    lines: list = field(default_factory=list)  # content lines, for tables
    date: object = None
    years: list = field(default_factory=list)
    title: str = ""
    subtitles: list = field(default_factory=list)
    _starts: list = None

    def evidence(self, sentence):
        return Evidence(sentence.start, sentence.end, sentence.text)

    def sentence_at(self, offset):
        """The sentence that holds ``offset``, or None."""
        index = self.index_at(offset)
        sentence = self.sentences[index] if index is not None else None
        return sentence if sentence is not None and offset < sentence.end else None

    def index_at(self, offset):
        """The index of the last sentence starting at or before ``offset``."""
        if self._starts is None:
            self._starts = [s.start for s in self.sentences]
        index = bisect.bisect_right(self._starts, offset) - 1
        return index if index >= 0 else None


def flat(text):
    """One line: wrapped sentences read as one."""
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- ministries

_COMPRESSED_LIST = re.compile(
    r"((?:[가-힣]{1,4}[·‧ㆍ]\s?){1,}[가-힣]{1,4})(부|처|청)(?=\s|[,)·]|장관|$)"
)
# After a ministry's name, these syllables make another word: 산업부문, 공공부분, and
# 과학기술부총리 is a title (the deputy prime minister), not the ministry 과학기술부.
_NOT_AFTER_NAME = ("문", "분", "족", "품", "담", "채", "속", "총리")


def find_ministry_mentions(doc):
    """(written name, offset) of every ministry name or alias in the content, in order."""
    names_pattern = "|".join(re.escape(n) for n in doc.directory.ministry_names())
    pattern = re.compile(f"(?<![가-힣])(?:{names_pattern})")
    found = []
    for sentence in doc.sentences:
        for match in pattern.finditer(sentence.text):
            if sentence.text[match.end() :].startswith(_NOT_AFTER_NAME):
                continue
            found.append((match.group(), sentence.start + match.start(), sentence))
        for match in _COMPRESSED_LIST.finditer(sentence.text):
            # 기재·교육·외교·국방·행안·문체·산업·복지·기후·노동·중기부 장관: each stem + 부.
            for stem in re.split(r"[·‧ㆍ]\s?", match.group(1)):
                written = stem + match.group(2)
                if doc.directory.candidates(written):
                    found.append((written, sentence.start + match.start(), sentence))
    return sorted(found, key=lambda item: item[1])


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
    return records


def resolve_ministry(doc, written):
    entry = doc.directory.resolve(written, doc.date, doc.years)
    return entry.slug if entry else None


# ---------------------------------------------------------------- people

SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄"
    "채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복"
    "태목형피두감음빈동온호좌범라승간상시갈"
)
TITLE_WORDS = (
    "국무총리", "부총리", "대통령", "장관", "차관보", "차관", "본부장", "실장", "국장", "과장",
    "청장", "차장", "처장", "부위원장", "위원장", "센터장", "이사장", "원장", "단장", "소장",
    "회장", "의장", "대변인", "정책관", "담당관", "비서관", "수석", "조정관", "교수",
    "사무관", "서기관", "총장",
)  # fmt: skip
# Words of two or three syllables that start like a surname but are not names.
NOT_NAMES = {
    "정부", "정책", "정보", "이번", "이하", "이후", "이를", "이와", "기존", "강화", "한국", "한편",
    "조정", "조사", "주요", "주재", "전략", "전문", "전체", "국무", "공공", "공동", "민간", "민관",
    "신규", "신설", "오늘", "우리", "유관", "임무", "최고", "최근", "최종", "최대", "관계", "부처",
    "관련", "정상", "국가", "국내", "국제", "지난", "동안", "장기", "고위", "차세대", "가운데",
    "전원", "위원", "사무", "안전", "문화", "방송", "고용", "기획", "기후", "교육", "국방", "겸",
    "외교", "통일", "법무", "행정", "산업", "보건", "환경", "해양", "중소", "금융", "지방", "각",
    "신임", "전임", "현직", "초대", "부", "대한", "주한", "양국", "모든", "함께", "이어", "이날",
    "오는", "이에", "또한", "특히", "우선", "한국형", "주관",
}  # fmt: skip
_TITLE = "|".join(TITLE_WORDS)
_NAME = f"[{SURNAMES}][가-힣]{{1,2}}"
_PARTICLE_TAIL = re.compile(r"(?:은|는|이|가|의|을|를|께서|께|과|와|도|에게|으로|로|이며|이자|인)$")
_TITLE_TOKEN = re.compile(rf"^(?P<title>[가-힣A-Za-z&·‧]*(?:{_TITLE}))(?P<rest>.*)$")
# Words that may stand between a name and the title: an institution (과기정통부, 한국과학기술원).
_INSTITUTION = re.compile(
    r"(?:부|청|처|원|회|실|단|관|소|센터|대학교|대학|연구원|공단|재단|본부|위|AI|R&D)$"
)
# 과학기술정보통신부(장관 이종호, 이하 …) / 원자력진흥위원회(위원장 이낙연 국무총리, …)
TITLE_THEN_NAME = re.compile(
    rf"(?P<org>[가-힣]+)?\(\s*(?P<role>{_TITLE})\s*:?\s*(?P<name>{_NAME})"
    rf"(?:\s+(?P<title>[가-힣\s]*?(?:{_TITLE})))?\s*[,)]"
)
# 부위원장(방효충 한국과학기술원 교수) 주재
ROLE_THEN_PERSON = re.compile(
    rf"(?P<role>{_TITLE})\(\s*(?P<name>{_NAME})\s+(?P<title>[가-힣A-Za-z\s]*?(?:{_TITLE}))\s*\)"
)
_ASIDE = re.compile(r"\(이하[^()]*\)|\(이하[^()]*$")
_QUOTE = re.compile(r"[“\"]([^”\"]{5,})[”\"]")


def _is_name(word):
    # 국방부, 우주청: an organisation is never a person, though 국 is a surname.
    return (
        bool(re.fullmatch(_NAME, word))
        and word not in NOT_NAMES
        and not word.endswith(("부", "처", "청"))
    )


def _names_before_titles(text):
    """(name, title, offset, is_subject) for "name [institution…] title" word runs."""
    words = list(re.finditer(r"\S+", text))
    found = []
    for index, word in enumerate(words):
        bare = _PARTICLE_TAIL.sub("", word.group().rstrip(",.”’"))
        match = _TITLE_TOKEN.match(bare)
        if not match or match["rest"]:
            continue
        between = []
        position = index - 1
        while position >= 0 and len(between) < 2 and _INSTITUTION.search(words[position].group()):
            if _is_name(words[position].group()):
                break
            between.insert(0, words[position].group())
            position -= 1
        if position < 0:
            continue
        name, start = words[position].group(), words[position].start()
        if position > 0 and len(name) == 1 and len(words[position - 1].group()) == 1:
            # "서 욱 국방부 장관": a two-syllable name written with a space.
            name, start = words[position - 1].group() + name, words[position - 1].start()
        if not _is_name(name):
            continue
        title = " ".join([*between, match["title"]])
        subject = word.group().rstrip(",.").endswith(("은", "는", "이", "가"))
        found.append((name, title, start, subject))
    return found


def extract_people(doc):
    """People named with a title, and the words quoted from them."""
    people = {}
    last_speaker = None
    for sentence in doc.sentences:
        text = _ASIDE.sub(lambda m: " " * len(m.group()), sentence.text)
        found = []
        for match in TITLE_THEN_NAME.finditer(text):
            title = flat(match["title"] or "")
            if not title:
                org = match["org"] or ""
                title = (
                    f"{org} {match['role']}" if org.endswith(("부", "청", "처")) else match["role"]
                )
            found.append((match["name"], title, match.start("name"), False))
        for match in ROLE_THEN_PERSON.finditer(text):
            found.append((match["name"], flat(match["title"]), match.start("name"), False))
        taken = {f[2] for f in found}
        found += [f for f in _names_before_titles(text) if f[2] not in taken]
        speaker = None
        for name, title, _, subject in sorted(found, key=lambda f: f[2]):
            person = people.get(name)
            if person is None:
                person = people[name] = PersonRecord(name, title, _ministry_in_title(doc, title))
            elif len(title) > len(person.title) and person.title in title:
                person.title = title
            if doc.evidence(sentence) not in person.evidence:
                person.evidence.append(doc.evidence(sentence))
            if subject and speaker is None:
                speaker = person
        quotes = list(_QUOTE.finditer(sentence.text))
        opens_with_quote = re.match(r"^[ㅇ\-\s]*[“\"]", sentence.text)
        if speaker is None and quotes and last_speaker and opens_with_quote:
            speaker = last_speaker  # "ㅇ “…”고 밝혔다" goes on with the previous speaker
        if speaker is not None and quotes:
            for quote in quotes:
                start = sentence.start + quote.start(1)
                speaker.statements.append(Evidence(start, start + len(quote[1]), quote[1]))
            last_speaker = speaker
        elif found:
            last_speaker = None
    return list(people.values())


def _ministry_in_title(doc, title):
    for written in doc.directory.ministry_names():
        if written in title:
            return resolve_ministry(doc, written)
    return None


# ---------------------------------------------------------------- meetings

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


# ---------------------------------------------------------------- agenda items

KIND_WORDS = (("보고", "보고"), ("의결", "의결"), ("확정", "의결"), ("심의", "심의"))
_BRACKET_ITEM = re.compile(
    r"^\[\s*제\s*(?P<number>\d+)\s*호\s*(?:\(\s*(?P<kind>[^)]+?)\s*\))?\s*"
    r"(?P<closed><\s*비공개\s*>)?\s*:\s*(?P<title>.+?)\s*\]?\s*$"
)
_ANGLE_ITEM = re.compile(r"^<\s*안건\s*(?P<number>\d+)\s*>\s*(?P<title>.+)$")
_PROSE_NUMBER = re.compile(r"제\s*(?P<number>\d+)\s*호\s*안건으로")
_INLINE_NUMBER = re.compile(r"(?P<title>[^()]{4,80}?)\(\s*(?P<number>\d+)\s*호\s*안건\s*\)")
_TABLE_ROW = re.compile(
    r"^(?P<number>\d{1,2})\s+(?P<title>.+?)\s+(?P<ministry>[가-힣]+(?:부|처|청|위))\s+"
    r"(?P<kind>심의|보고|의결)(?![가-힣])"
)
_AGENDA_VERB = re.compile(r"상정|심의|의결|보고|확정")
_LIST_BEFORE_AGENDA = re.compile(r"(?:등\s*(?:총\s*\d+\s*건의\s*)?|등의\s*)안건")
_NOT_AGENDA = re.compile(r"(?:법|법률|규정|령|시행령|조례|협약|양해각서)$")


def _kind_from_words(text):
    for word, kind in KIND_WORDS:
        if word in text:
            return kind
    return None


class _Agenda:
    """Agenda items as they are found, merged when two mentions name one item."""

    def __init__(self, doc):
        self.doc = doc
        self.items = []

    def add(self, number, raw_title, kind, closed, sentence, header=False):
        title, draft, _ = names.clean_name(raw_title)
        if len(title) < 3:
            return None
        item = self.find(number, title)
        if item is None:
            item = AgendaItemRecord(number, title, kind, closed, position=sentence.start)
            item.draft, item.section_start = draft, sentence.start
            self.items.append(item)
        else:
            if header:  # a numbered header states the title authoritatively
                item.title, item.section_start = title, sentence.start
            item.number = item.number if item.number is not None else number
            item.kind = kind or item.kind
            item.closed = item.closed or closed
            item.draft = item.draft or draft
            item.position = min(item.position, sentence.start)
        if self.doc.evidence(sentence) not in item.evidence:
            item.evidence.append(self.doc.evidence(sentence))
        return item

    def find(self, number, title):
        if number is not None:
            numbered = next((i for i in self.items if i.number == number), None)
            if numbered is not None:
                return numbered
        key = names.matching_key(title)
        exact = next((i for i in self.items if names.matching_key(i.title) == key), None)
        if exact is not None:
            return exact
        loose = [i for i in self.items if number is None or i.number is None]
        scored = [(names.similarity(i.title, title), i) for i in loose]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        return best[1] if best[0] >= 0.6 else None


def extract_agenda_items(doc, meeting):
    """Agenda items in every form the releases use, merged where they name one item."""
    agenda = _Agenda(doc)
    for sentence in doc.sentences:
        text = flat(sentence.text)
        if match := _BRACKET_ITEM.match(text):
            kind = _kind_from_words(match["kind"] or "")
            agenda.add(
                int(match["number"]), match["title"], kind, bool(match["closed"]), sentence, True
            )
            continue
        if match := _ANGLE_ITEM.match(text):
            agenda.add(int(match["number"]), match["title"], None, False, sentence, True)
            continue
        for match in _INLINE_NUMBER.finditer(text):
            title = re.sub(r"^\([^)]*\)", "", match["title"]).strip()
            agenda.add(int(match["number"]), title, None, False, sentence)
        if match := _PROSE_NUMBER.search(text):
            rest = text[match.end() :]
            quoted = next(names.quoted_names(rest), None)
            if quoted:
                kind = _kind_from_words(rest[quoted[2] :][:30])
                agenda.add(int(match["number"]), quoted[0], kind, False, sentence)
            continue
        if meeting is not None:
            _prose_items(text, sentence, agenda)
    for row, sentence in _table_rows(doc):
        item = agenda.add(int(row["number"]), row["title"], row["kind"], False, sentence, True)
        slug = resolve_ministry(doc, row["ministry"])
        if item is not None and slug and slug not in item.presenting_ministries:
            item.presenting_ministries.append(slug)
    _presenting_ministries(doc, agenda.items)
    return sorted(agenda.items, key=lambda i: (i.number is None, i.number or 0, i.position))


def _prose_items(text, sentence, agenda):
    """Items named in prose: 「…」도 심의·의결되었다; △A, △B 등 총 4건의 안건을 심의하였다."""
    listed = _LIST_BEFORE_AGENDA.search(text)
    if listed:
        head = re.sub(r"^.*?(?:에서는|에서|회의는)\s+", "", text[: listed.start()])
        pieces = re.split(r"\s*[△▲]\s*|,\s+|(?<=[)안략획도향])(?:과|와)\s+", head)
        kind = _kind_from_words(text[listed.end() :])
        for piece in pieces:
            title = names.clean_name(piece)[0]
            if names.kind_of(title) and not _NOT_AGENDA.search(title):
                agenda.add(None, piece, kind, False, sentence)
        return
    quoted = list(names.quoted_names(text))
    if not quoted:
        return
    tail = text[quoted[-1][2] :]
    verb = _AGENDA_VERB.search(tail[:40])
    if verb is None:
        return
    for raw, _, end in quoted:
        title = names.clean_name(raw)[0]
        if _NOT_AGENDA.search(title) or names.kind_of(title) != "strategy":
            continue
        if re.match(r"^[」』｣’']?\s*(?:이|가|도|을|를|과|와|은|는|의)", text[end : end + 3]):
            agenda.add(None, raw, _kind_from_words(tail), False, sentence)


def _table_rows(doc):
    """Rows of a flattened agenda table (번호 안건명 소관부처 구분), on one line or spread
    over several; each row cites its first line."""
    rows = []
    for index, line in enumerate(doc.lines):
        if not re.match(r"^\d{1,2}(?:\s|$)", line.text):
            continue
        window = flat(" ".join(s.text for s in doc.lines[index : index + 4]))
        match = _TABLE_ROW.match(window)
        if match and ("(안)" in match["title"] or names.kind_of(match["title"])):
            rows.append((match, line))
    return rows


def _presenting_ministries(doc, items):
    """A ministry that is the subject ("국방부는") in an item's section presents it."""
    starts = sorted(i.section_start for i in items)
    for item in items:
        later = [s for s in starts if s > item.section_start]
        end = later[0] if later else len(doc.text)
        section = doc.text[item.section_start : end]
        for match in re.finditer(r"(?<![가-힣])([가-힣]+(?:부|청|처|위원회))(?:는|은)\s", section):
            slug = resolve_ministry(doc, match.group(1))
            if slug and slug not in item.presenting_ministries:
                item.presenting_ministries.append(slug)
                break


# ---------------------------------------------------------------- strategies, programs, centers

_ENUMERATION_END = re.compile(
    r"(?:의|이라는|라는|등)?\s*(?P<count>\d+|[두세네]|다섯)\s*(?:대|가지|개)\s*(?:추진\s*)?(?:전략|과제|추진과제|기반|분야|축|목표)"
)
_ENUM_MARK = re.compile(r"[①-⑳❶-❿➀-➉△▲]")
_LINE_TASK = re.compile(r"^(?P<label>[❶-❿①-⑳➀-➉])\s*(?P<title>.+)$")
_PILLAR_HEADER = re.compile(r"^【\s*(?P<title>.*?전략\s*(?P<n>[①-⑳\d]).*?)\s*】$")
_FOLLOW_UP = re.compile(r"에\s*따른\s*후속|의\s*후속\s*조치|후속\s*조치로")


def _candidate_names(doc):
    """Quoted names, names standing alone on a line (blog headings), and unbracketed
    noun phrases ending in a head noun (plans only where the text quotes none)."""
    quoted_strategy = False
    for sentence in _named_sentences(doc):
        for raw, start, _ in names.quoted_names(sentence.text):
            quoted_strategy = (
                quoted_strategy or names.kind_of(names.clean_name(raw)[0]) == "strategy"
            )
            yield raw, sentence, sentence.start + start
        line = flat(sentence.text)
        if (
            len(line) > 60
            or re.search(r"[.。!?]$|다$|[「『｢‘'\[<【]|\(\)", line)
            or re.match(r"^[\d(]", line)
        ):
            continue
        for piece in re.split(r"(?<=[략획안향])(?:과|와)\s+", line):
            if names.kind_of(piece) and not names.has_inflected_word(piece):
                yield piece, sentence, sentence.start
    yield from _unquoted_names(doc, names.PROGRAM_HEADS, _specific_program)
    yield from _bracketed_programs(doc)
    if not quoted_strategy:
        yield from _unquoted_names(doc, names.STRATEGY_HEADS, _specific_strategy)


_PHONE = re.compile(r"\d{2,4}-\d{3,4}-\d{4}")


def _named_sentences(doc):
    """Sentences that may name policies: not contact lines (과학기술전략과(044-…) is a
    division, not a strategy)."""
    return [s for s in doc.sentences if not _PHONE.search(s.text)]


def _unquoted_names(doc, heads, specific):
    """Noun phrases that end in a head noun followed by a particle or bracket: texts name
    programs without brackets (원천기술개발사업(…)을), and copies that drop every bracket
    (blog rewrites) name plans that way too ("이번 글로벌 R&D 추진전략은")."""
    alternatives = "|".join(heads) + (r"|전략\s지도" if "전략지도" in heads else "")
    head_word = re.compile(f"(?:{alternatives})" + r"(?=[은는이가을를과와의로도,.(」’]|$)")
    for sentence in _named_sentences(doc):
        for match in head_word.finditer(sentence.text):
            phrase = names.phrase_before(sentence.text, match.end())
            if specific(phrase):
                yield phrase, sentence, sentence.start + match.start()


def _specific_strategy(phrase):
    """An unbracketed plan name: two words or more, the head grown onto its last word
    (외교전략, 추진방향), and no inflected word inside."""
    words = phrase.split()
    if len(words) < 2 or names.has_inflected_word(phrase) or "【" in phrase or ":" in phrase:
        return False
    head = names.head_of(phrase, names.STRATEGY_HEADS) or ""
    attached = len(words[-1]) > len(head) or phrase.endswith(" 전략 지도")
    return attached and not names.is_generic(phrase)


def _specific_program(phrase):
    """An unbracketed program name: one compound word whose stem, three syllables or
    more, says which program (원천기술개발사업, 기초연구사업)."""
    if " " in phrase or not re.fullmatch("[가-힣]+", phrase):
        return False
    head = names.head_of(phrase, names.PROGRAM_HEADS) or ""
    return len(phrase) - len(head) >= 3 and not names.is_generic(phrase)


_BRACKETED_PROGRAM = re.compile(r"\(([^()]{2,30}?(?:" + "|".join(names.PROGRAM_HEADS) + r"))\)")


def _bracketed_programs(doc):
    """A program named in brackets after its description: 사후지원(A/S 바우처)."""
    for sentence in doc.sentences:
        for match in _BRACKETED_PROGRAM.finditer(sentence.text):
            name = re.sub(r"^\d+\s*개\s*", "", match.group(1))
            if not names.is_generic(name):
                yield name, sentence, sentence.start + match.start(1)


def _add_named(records, record, sentence, offset, doc):
    """Add ``record``, or merge it into the one of the same name: evidence, draft mark."""
    key = names.matching_key(_title_of(record))
    existing = next((r for r in records if names.matching_key(_title_of(r)) == key), None)
    if existing is None:
        record.position = offset
        records.append(record)
        existing = record
    elif getattr(record, "draft", False):
        existing.draft = True
    if doc.evidence(sentence) not in existing.evidence:
        existing.evidence.append(doc.evidence(sentence))
    return existing


def _title_of(record):
    return getattr(record, "title", None) or record.name


def _strategy_title(title):
    """A strategy's title: the name before " - " (the fields a roadmap covers)."""
    return title.split(" - ")[0].strip()


def extract_policies(doc, agenda_items, amounts):
    """Strategies (with tasks and relations), programs (with budgets) and centers."""
    strategies, programs, centers = [], [], []
    for raw, sentence, offset in _candidate_names(doc):
        title, draft, provisional = names.clean_name(raw)
        kind = names.kind_of(title)
        if not title or kind is None or names.is_generic(title) or len(title) > 80:
            continue
        if names.has_inner_count(title) or (re.match(r"^\d+\s*개\s", title) and kind == "center"):
            continue  # "현재 102개 센터", "96개 센터": a tally, not a name
        if kind == "strategy":
            title = _strategy_title(title)
            _add_named(strategies, StrategyRecord(title, draft), sentence, offset, doc)
        elif kind == "program":
            _add_named(programs, ProgramRecord(title), sentence, offset, doc)
        elif kind == "center":
            _add_named(centers, CenterRecord(title, provisional), sentence, offset, doc)
    _open_centers(doc, centers)
    _main_strategy_from_title(doc, strategies)
    _list_strategies(doc, strategies)
    for item in agenda_items:
        if names.kind_of(item.title) != "strategy":
            continue
        title = _strategy_title(item.title)
        carried = _most_similar(strategies, title, 0.7)
        sentence = doc.sentence_at(item.evidence[0].start)
        if carried is None:
            carried = _add_named(
                strategies, StrategyRecord(title, item.draft), sentence, item.position, doc
            )
        carried.draft = carried.draft or item.draft
        for evidence in item.evidence:
            if evidence not in carried.evidence:
                carried.evidence.append(evidence)
        item.strategy = carried.title
    _attach_amounts(doc, programs, amounts)
    _attach_tasks(doc, strategies, agenda_items)
    _attach_relations(doc, strategies, agenda_items)
    _attach_center_details(doc, centers)
    return _merge_spellings(strategies), _merge_spellings(programs), _merge_spellings(centers)


def _most_similar(records, title, threshold):
    """The record named ``title`` (same key), else the most similar one above ``threshold``."""
    key = names.matching_key(title)
    exact = next((r for r in records if names.matching_key(_title_of(r)) == key), None)
    if exact is not None:
        return exact
    scored = [(names.similarity(_title_of(r), title), r) for r in records]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] >= threshold else None


def _main_strategy_from_title(doc, strategies):
    """A title like "…고도화 전략 발표" names the release's strategy."""
    title = re.sub(r"\s*(?:발표|수립|확정|추진|마련|시행|공개|제시)$", "", doc.title or "")
    name, draft, _ = names.clean_name(title)
    if not name or names.kind_of(name) != "strategy" or "," in name or names.is_generic(name):
        return
    if all(names.similarity(s.title, name) < 0.7 for s in strategies):
        sentence = next((s for s in doc.sentences if s.text.startswith(doc.title[:10])), None)
        if sentence is not None:
            _add_named(strategies, StrategyRecord(name, draft), sentence, sentence.start, doc)


def _list_strategies(doc, strategies):
    """Plans listed after numbered markers: ①대한민국 우주산업전략, ②제2차 위성정보 활용계획."""
    for sentence in doc.sentences:
        for piece in re.split(r"[①-⑳❶-❿➀-➉]", sentence.text)[1:]:
            name, draft, _ = names.clean_name(re.split(r",|\s및\s|\|", piece)[0])
            specific = not names.is_generic(name) and (" " in name or len(name) >= 6)
            if names.kind_of(name) == "strategy" and specific and len(name) < 40:
                _add_named(strategies, StrategyRecord(name, draft), sentence, sentence.start, doc)


def _open_centers(doc, centers):
    """Centers named without brackets: (가칭)… or a phrase ending in 센터/캠퍼스."""
    for sentence in doc.sentences:
        text = sentence.text
        for match in re.finditer(r"\(\s*가칭\s*\)\s*", text):
            name = _provisional_name(text[match.end() : match.end() + 60])
            if name:
                _add_named(
                    centers, CenterRecord(name, True), sentence, sentence.start + match.start(), doc
                )
        for match in re.finditer(
            r"(?:" + "|".join(names.OPEN_CENTER_HEADS) + r")(?=[은는이가을를의에와과로도,.\s]|$)",
            text,
        ):
            phrase = names.phrase_before(text, match.end())
            if "가칭" in text[max(0, match.start() - len(phrase) - 6) : match.start()]:
                continue
            name, _, provisional = names.clean_name(phrase)
            specific = not names.is_generic(name) and not names.has_inner_count(name)
            if len(name.split()) >= 2 and specific and names.kind_of(name) == "center":
                _add_named(
                    centers,
                    CenterRecord(name, provisional),
                    sentence,
                    sentence.start + match.start(),
                    doc,
                )


def _provisional_name(text):
    """The center named after "(가칭)": up to the first center head that ends a word."""
    for match in re.finditer("|".join(names.CENTER_HEADS), text):
        rest = text[match.end() :]
        if re.match(r"(?:[은는이가을를의에와과로도,.\s]|설치|설립|구축|운영|$)", rest):
            name = text[: match.end()].strip()
            return name if len(name.split()) <= 5 and not re.search(r"[,.]", name) else None
    return None


REGIONS = (
    "미주",
    "북미",
    "중남미",
    "남미",
    "유럽",
    "아시아",
    "아세안",
    "중동",
    "아프리카",
    "오세아니아",
    "중앙아시아",
)
COUNTRIES = (
    "미국",
    "영국",
    "독일",
    "프랑스",
    "일본",
    "중국",
    "캐나다",
    "스위스",
    "네덜란드",
    "인도",
    "호주",
    "베트남",
    "싱가포르",
    "아랍 에미리트",
    "이스라엘",
    "핀란드",
    "스웨덴",
)


_COUNTS = re.compile(
    r"([가-힣]+(?:부|청|처))(?:와|과)\s*([가-힣]+(?:부|청|처))는\s*각각\s*(\d+)개와\s*(\d+)개의?\s*(\S+)"
)


def _attach_center_details(doc, centers):
    """Region (from the name, else a sentence about 권역), country, and counts per ministry."""
    for center in centers:
        in_name = [r for r in REGIONS if r in center.name]
        if in_name:
            center.region = "·".join(in_name)
        else:
            # "…센터는 미주, 유럽, 아시아 등 세 권역으로": a 권역 sentence naming its head word.
            last_word = center.name.split()[-1]
            for sentence in doc.sentences:
                if "권역" in sentence.text and last_word in sentence.text:
                    center.region = "·".join(r for r in REGIONS if r in sentence.text)
                    if center.region:
                        break
        center.country = next((c for c in COUNTRIES if center.name.startswith(c)), "")
    for sentence in doc.sentences:
        for match in _COUNTS.finditer(sentence.text):
            head = re.sub(r"[을를이가은는의]$", "", match.group(5))
            center = next(
                (
                    c
                    for c in centers
                    if names.normalize_name(c.name).endswith(names.normalize_name(head))
                ),
                None,
            )
            if center is None or not head.endswith(names.CENTER_HEADS):
                continue
            for written, number in ((match[1], match[3]), (match[2], match[4])):
                slug = resolve_ministry(doc, written)
                if slug:
                    center.counts[slug] = int(number)
            if doc.evidence(sentence) not in center.evidence:
                center.evidence.append(doc.evidence(sentence))


def _merge_spellings(records):
    """Within one release, a shorter spelling that reads inside a longer one names the
    same thing (우수성과 범부처 이어달리기 추진방안 / R&D 우수성과 …): keep the longer."""
    merged = []
    for record in sorted(records, key=lambda r: -len(_title_of(r))):
        short = _title_of(record)
        longer = next(
            (
                m
                for m in merged
                if len(names.normalize_name(short)) >= 6
                and names.is_subsequence(short, _title_of(m))
                and names.similarity(short, _title_of(m)) >= 0.6
            ),
            None,
        )
        if longer is None:
            merged.append(record)
            continue
        longer.evidence.extend(e for e in record.evidence if e not in longer.evidence)
        longer.position = min(longer.position, record.position)
        for attribute in ("region", "counts", "amounts", "tasks", "follows_up", "related"):
            if hasattr(longer, attribute) and not getattr(longer, attribute):
                setattr(longer, attribute, getattr(record, attribute))
        if getattr(record, "draft", False):
            longer.draft = True
    return sorted(merged, key=lambda r: r.position)


def _attach_amounts(doc, programs, amounts):
    """Each budget goes to the program named last before it in its sentence; a sum beside a
    program head with no program yet names one ("5개 중개연구단 … 28억원")."""
    for amount in amounts:
        sentence = doc.sentence_at(amount.position)
        if sentence is None:
            continue
        before = flat(sentence.text[: amount.position - sentence.start])
        program = (
            _program_named_in(before, programs)
            or _starred_program(doc, sentence, programs)
            or _program_in_clause(doc, before, sentence, programs, amount)
        )
        if program is not None and amount.text not in {a.text for a in program.amounts}:
            program.amounts.append(amount)


def _starred_program(doc, sentence, programs):
    """A footnote (* …) tells about the starred term of the sentence before it:
    "사후지원*(A/S 바우처)" then "* 年 100개, ’21년 총 5억원 규모"."""
    if not re.match(r"^\s*[*※]", sentence.text):
        return None
    index = doc.index_at(sentence.start)
    previous = next(
        (s for s in reversed(doc.sentences[:index]) if not re.match(r"^\s*[*※]", s.text)), None
    )
    if previous is None or "*" not in previous.text:
        return None
    after_star = flat(previous.text[previous.text.index("*") :])
    named = [(after_star.find(p.name), p) for p in programs if p.name in after_star]
    return min(named, key=lambda pair: pair[0])[1] if named else None


def _program_named_in(text, programs):
    """The known program whose name (or its last words) stands last in ``text``."""
    best = None
    for program in programs:
        for form in {program.name, re.sub(r"^\S+\s", "", program.name)}:
            position = text.rfind(form)
            if len(form) >= 3 and position >= 0 and (best is None or position > best[0]):
                best = (position, program)
    return best[1] if best else None


_HEAD_IN_TEXT = re.compile(
    "(?:" + "|".join(names.PROGRAM_HEADS) + r")(?=[\s(,은는이가을를의에와과로도]|$)"
)
_SIZED_FUND = re.compile(r"^\s*규모의?\s*(펀드|바우처)")


def _program_in_clause(doc, before, sentence, programs, amount):
    clause = re.split(r"[.;]\s|다\.\s", before)[-1]
    after = sentence.text[amount.position - sentence.start + len(amount.text) :][:12]
    if sized := _SIZED_FUND.match(after):
        name = f"{amount.text} 규모 {sized.group(1)}"  # 800억원 규모(의) 펀드
    else:
        # The last program head in the clause that names something specific.
        candidates = (
            names.clean_name(names.phrase_before(clause, head.end()))[0]
            for head in reversed(list(_HEAD_IN_TEXT.finditer(clause)))
        )
        name = next(
            (
                n
                for n in candidates
                if n and not names.is_generic(n) and names.kind_of(n) == "program"
            ),
            None,
        )
        if name is None:
            return None
    return _add_named(programs, ProgramRecord(name), sentence, sentence.start, doc)


def _section_strategies(doc, strategies, agenda_items):
    """(offset where a section starts, its strategy): each agenda item's section carries its
    strategy; before the first item, the release's first strategy."""
    sections = []
    by_title = {names.matching_key(s.title): s for s in strategies}
    for item in agenda_items:
        strategy = by_title.get(names.matching_key(item.strategy or ""))
        if strategy is not None:
            sections.append((item.section_start, strategy))
    if strategies:
        sections.insert(0, (0, min(strategies, key=lambda s: s.position)))
    return sorted(sections, key=lambda pair: pair[0])


def _strategy_at(sections, offset):
    current = None
    for start, strategy in sections:
        if start <= offset:
            current = strategy
    return current


def _attach_tasks(doc, strategies, agenda_items):
    """Pillars enumerated inline (①… ②…의 3대 전략), pillar headers (【전략①…】), and tasks
    on numbered lines (❶ …), which belong to the pillar whose header last preceded them."""
    sections = _section_strategies(doc, strategies, agenda_items)
    has_headers = _has_pillar_headers(doc)
    header_number = None
    for index, sentence in enumerate(doc.sentences):
        text = flat(sentence.text)
        strategy = _strategy_at(sections, sentence.start)
        end = _ENUMERATION_END.search(text)
        if end and len(_ENUM_MARK.findall(text[: end.start()])) >= 2:
            named = _strategy_named_in(strategies, text[end.end() :])
            _add_pillars(doc, named or strategy, text[: end.start()], sentence)
        elif end and strategy is not None and not strategy.tasks:
            # Pillars laid out one per line before "…이라는 3대 추진과제".
            window = [s for s in doc.sentences[max(0, index - 8) : index] if s.text.startswith("△")]
            if len(window) >= 2:
                for piece in window:
                    title = names.clean_name(piece.text)[0]
                    _add_task(strategy, "△", title, None, doc.evidence(piece), pillar=True)
        elif match := _PILLAR_HEADER.match(text):
            header_number = _circled_value(match["n"])
            if strategy is not None and _pillar(strategy, header_number) is None:
                title = match["title"].split(":", 1)[-1].strip()
                _add_task(strategy, match["n"], title, None, doc.evidence(sentence), pillar=True)
        elif match := _LINE_TASK.match(text):
            # Numbered lines that only elaborate pillars already listed inline add nothing.
            if strategy is not None and (has_headers or not strategy.tasks):
                pillar = _pillar(strategy, header_number) if has_headers else None
                parent = pillar.order if pillar else None
                _add_task(
                    strategy,
                    match["label"],
                    _task_title(match["title"]),
                    parent,
                    doc.evidence(sentence),
                )
        elif (match := re.match(r"^【\s*(?P<n>\d+)\.\s*(?P<title>.+?)\s*】$", text)) and strategy:
            _add_task(strategy, f"{match['n']}.", match["title"], None, doc.evidence(sentence))


def _strategy_named_in(strategies, text):
    """The strategy a bracketed name in ``text`` names, if any."""
    keys = {
        names.matching_key(_strategy_title(names.clean_name(raw)[0]))
        for raw, _, _ in names.quoted_names(text)
    }
    return next((s for s in strategies if names.matching_key(s.title) in keys), None)


def _pillar(strategy, number):
    """The strategy's pillar number ``number`` (1-based), counting pillars only."""
    pillars = [t for t in strategy.tasks if t.pillar]
    return pillars[number - 1] if number and len(pillars) >= number else None


def _has_pillar_headers(doc):
    return any(_PILLAR_HEADER.match(flat(s.text)) for s in doc.sentences)


def _add_pillars(doc, strategy, text, sentence):
    if strategy is None or strategy.tasks:
        return
    for piece in re.split(r"[①-⑳❶-❿➀-➉△▲]", text)[1:]:
        title = re.sub(r"(?:이라는|라는|의|과|와|및)$", "", piece.strip(" ,"))
        title = names.clean_name(title)[0]
        if title:
            label = text[text.find(piece) - 1] if text.find(piece) > 0 else ""
            _add_task(strategy, label, title, None, doc.evidence(sentence), pillar=True)


def _add_task(strategy, label, title, parent, evidence, pillar=False):
    title = flat(title).strip(" ,")
    if not title or any(t.title == title for t in strategy.tasks):
        return
    task = TaskRecord(len(strategy.tasks) + 1, label, title, parent, evidence)
    task.pillar = pillar
    strategy.tasks.append(task)


_CIRCLED = {c: i + 1 for i, c in enumerate("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")}
_CIRCLED.update({c: i + 1 for i, c in enumerate("❶❷❸❹❺❻❼❽❾❿")})
_CIRCLED.update({c: i + 1 for i, c in enumerate("➀➁➂➃➄➅➆➇➈➉")})


def _circled_value(label):
    label = (label or "").strip()
    if label.isascii() and label.isdigit():
        return int(label)
    return _CIRCLED.get(label[:1])


def _task_title(text):
    return re.sub(r"[.。]$", "", flat(text))


def _attach_relations(doc, strategies, agenda_items):
    """In a strategy's section, "「X」에 따른 후속 조치" makes it a follow-up of X, and a
    note (* …) citing other plans relates it to them."""
    sections = _section_strategies(doc, strategies, agenda_items)
    for sentence in doc.sentences:
        follow_up = bool(_FOLLOW_UP.search(sentence.text))
        note = re.match(r"^\s*[*※]", sentence.text)
        current = _strategy_at(sections, sentence.start)
        if current is None or not (follow_up or note):
            continue
        for raw, _, _ in names.quoted_names(sentence.text):
            title = _strategy_title(names.clean_name(raw)[0])
            key = names.matching_key(title)
            target = next((s for s in strategies if names.matching_key(s.title) == key), None)
            if target is None or target is current:
                continue
            relation = current.follows_up if follow_up else current.related
            if target.title not in current.follows_up + current.related:
                relation.append(target.title)


# ---------------------------------------------------------------- amounts and tables


def extract_amounts(doc):
    """Every sum of money in the content, citing its sentence, in order."""
    amounts = []
    for sentence in doc.sentences:
        for amount in find_amounts(sentence.text):
            amounts.append(
                AmountRecord(
                    amount.text,
                    amount.value,
                    amount.currency,
                    doc.evidence(sentence),
                    position=sentence.start + amount.start,
                )
            )
    return amounts


_RANK = re.compile(
    r"(?P<tech>[가-힣A-Za-z][가-힣A-Za-z·‧\s]{1,30}?)\s*(?P<rank>\d{1,3})위(?![가-힣])"
)
_TARGET = re.compile(
    r"(?P<label>[가-힣A-Za-z][가-힣A-Za-z&·‧\s]{2,40}?)\((?P<value>\d[\d,.]*\s*(?:조|억|만)?\s*(?:원|달러|개|건|명|%))\)"
)


def extract_tables(doc):
    """Technology ranks (합성생물학 7위) and numeric targets (수출증가(10억달러))."""
    ranks, targets = [], []
    for sentence in doc.sentences:
        if "수준" in sentence.text or "순위" in sentence.text:
            for match in _RANK.finditer(sentence.text):
                tech = re.split(r"(?:우리나라는|한국은|따르면|모두)\s", flat(match["tech"]))[-1]
                tech = re.sub(r"^(?:및|등)\s", "", tech).strip(" ,")
                tech = re.split(r"\s(?:모두|정도의?)\s?$", tech)[0]
                if tech and "기술수준" not in tech:
                    ranks.append(RankRecord(tech, int(match["rank"]), doc.evidence(sentence)))
        if "목표" in sentence.text or "추진" in sentence.text:
            for match in _TARGET.finditer(sentence.text):
                label = names.phrase_before(sentence.text, match.end("label"))
                targets.append(TargetRecord(label, match["value"], doc.evidence(sentence)))
    return ranks, targets
