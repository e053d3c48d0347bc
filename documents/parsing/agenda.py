"""Agenda items (안건) in every form the releases use, merged where two mentions name one."""

import re

from . import names
from .cover import read_cover
from .document import flat
from .ministries import resolve_ministry
from .records import AgendaItemRecord

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
    if (sheet := read_cover(doc)) is not None:
        # A cover sheet carries one item: itself; its prose speaks of that item only.
        kind = _kind_from_words(doc.text[:200])
        agenda.add(sheet.item_number, sheet.title, kind, False, sheet.sentence, True)
        return agenda.items
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
        numbered = "안건" in text and "호" in text  # the numbered forms all write 호 and 안건
        for match in _INLINE_NUMBER.finditer(text) if numbered else ():
            title = re.sub(r"^\([^)]*\)", "", match["title"]).strip()
            agenda.add(int(match["number"]), title, None, False, sentence)
        if numbered and (match := _PROSE_NUMBER.search(text)):
            rest = text[match.end() :]
            quoted = next(names.quoted_names(rest), None)
            if quoted:
                kind = _kind_from_words(rest[quoted[2] :][:30])
                agenda.add(int(match["number"]), quoted[0], kind, False, sentence)
            continue
        if meeting is not None:
            _prose_items(text, sentence, agenda)
            _circled_plan_items(doc, text, sentence, agenda)
    for line in doc.lines:
        if "안건" in line.text and (match := _LABELED_ITEM.search(line.text)):
            number = _circled_number(match["number"])
            kind = _kind_from_words(line.text[: match.start("title")])
            agenda.add(number, match["title"], kind, False, line, True)
    for number, title, line in _discussion_headings(doc):
        agenda.add(number, title, None, False, line, True)
    for row, sentence in _table_rows(doc):
        item = agenda.add(int(row["number"]), row["title"], row["kind"], False, sentence, True)
        slug = resolve_ministry(doc, row["ministry"])
        if item is not None and slug and slug not in item.presenting_ministries:
            item.presenting_ministries.append(slug)
    _presenting_ministries(doc, agenda.items)
    return sorted(agenda.items, key=lambda i: (i.number is None, i.number or 0, i.position))


_CIRCLED = re.compile(r"[①-⑳❶-❿➀-➉]")
# A plan's name up to its head word: the prose after it is not part of it.
_PLAN_PREFIX = re.compile(r"^(.+?(?:전략지도|로드맵|전략|계획|방안|방향|대책))(?=[\s,|)」』’]|$)")
# "동 계획은 … 확정하였다": plans listed before, taken up together.
_REFERS_TO_PLANS = re.compile(
    r"(?:동|이들|해당|상기|\d+개|세|두|네)\s*(?:계획|전략|방안)(?:들)?(?:은|을|를|이)"
)
# A line labelled as an item: "2. (승인안건➊) 울산 차세대 이차전지 소재공장", "(보고안건 2) …".
_LABELED_ITEM = re.compile(
    r"\(\s*[가-힣]{0,4}안건\s*(?P<number>\d{1,2}|[①-⑳❶-❿➀-➉➊-➓])\s*\)\s*(?P<title>[^()]{4,80})$"
)
# How far back a reference to "동 계획" looks for the list it takes up.
_LOOK_BACK = 6


def _circled_number(label):
    """1 for "1", "①", "❶" or "➀"."""
    if label.isascii() and label.isdigit():  # "➊".isdigit() is true, and int() fails on it
        return int(label)
    for first, size in (("①", 20), ("❶", 10), ("➀", 10), ("➊", 10)):
        if ord(first) <= ord(label) < ord(first) + size:
            return ord(label) - ord(first) + 1
    return None


def _circled_plans(text):
    """The plans a ①②③ list names: each up to its head, one per marker or comma."""
    for piece in _CIRCLED.split(text)[1:]:
        for part in re.split(r",\s*|\s및\s|\|", piece):
            match = _PLAN_PREFIX.match(part.strip())
            if match and names.kind_of(match.group(1)) == "strategy":
                yield match.group(1)


def _circled_plan_items(doc, text, sentence, agenda):
    """Plans in a ①②③ list that the meeting deliberated, confirmed or decided: in the
    sentence that says so ("…위원회에서 ①A, ②B …을 심의·확정했다"), or listed shortly
    before a sentence that takes them up ("동 계획은 … 확정하였다")."""
    verb = _AGENDA_VERB.search(text)
    if verb is None or re.search(r"예정|계획이다|할 것", text[verb.end() :][:20]):
        return
    if _CIRCLED.search(text):
        sources = [text]
    elif _REFERS_TO_PLANS.search(text):
        index = doc.index_at(sentence.start) or 0
        sources = [flat(s.text) for s in doc.sentences[max(0, index - _LOOK_BACK) : index]]
    else:
        return
    for source in sources:
        for title in _circled_plans(source):
            agenda.add(None, title, _kind_from_words(text[verb.start() :]), False, sentence)


# A matter decided about a named thing: "‘… AI 추천 서비스’ 사전적정성 검토 전체회의 의결"
# (the item is the name with its matter: a review, a result, a sanction).
_DECIDED_ON_NAME = re.compile(
    r"[‘「『](?P<name>[^’」』\n]{4,80})[’」』]\s*(?P<matter>(?:[가-힣A-Za-z]+\s){0,2}?"
    r"[가-힣]*(?:검토|결과|점검|처분|제재|승인|인정))\s*(?:전체회의\s*)?"
    r"(?P<verb>심의\s*[·‧ㆍ]?\s*의결|의결|심의|보고)"
)


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
    for match in _DECIDED_ON_NAME.finditer(text):
        title = f"{match['name'].strip()} {match['matter']}"
        agenda.add(None, title, _kind_from_words(match["verb"]), False, sentence)
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


# A section of what the meeting took up ("II. 회의 내용", "2. 주요 논의 내용") whose numbered
# headings are its items: "1. 보험사기 현황 및 현행 대응체계 점검", "2. 합동 TF 구성 및 운영방안".
_DISCUSSION_SECTION = re.compile(
    r"^\s*(?:[IVX]{1,4}|[Ⅰ-Ⅻ]|\d{1,2})\s*\.\s*(?:주요\s*)?(?:회의|논의|토의|안건)\s*(?:내용|결과|사항)?\s*$"
)
_SECTION = re.compile(r"^\s*(?:[IVX]{1,4}|[Ⅰ-Ⅻ])\s*\.\s*\S")
_NUMBERED_HEADING = re.compile(r"^\s*(?P<number>\d{1,2})\s*\.\s+(?P<title>[^.。]{4,60}?)\s*$")


def _discussion_headings(doc):
    """(number, title, line) of the numbered headings in a section of what the meeting
    took up, numbered 1, 2, … in order, up to the next section."""
    inside, expected = False, 1
    for line in doc.lines:
        if _DISCUSSION_SECTION.match(line.text):
            inside, expected = True, 1
            continue
        if inside and _SECTION.match(line.text):
            inside = False
        heading = _NUMBERED_HEADING.match(line.text) if inside else None
        if heading and int(heading["number"]) == expected and not heading["title"].endswith("다"):
            expected += 1
            yield int(heading["number"]), heading["title"], line


_ROW_NUMBER = re.compile(r"^\d{1,2}(?:\s|$)")


def _table_rows(doc):
    """Rows of a flattened agenda table (번호 안건명 소관부처 구분), on one line or spread
    over several; each row cites its first line."""
    rows = []
    for index, line in enumerate(doc.lines):
        if not _ROW_NUMBER.match(line.text):
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
