"""The shape of a release: normalised text, its lines and sentences, header metadata,
site boilerplate, kind, title, subtitles, contacts and a Markdown body."""

import functools
import re
import unicodedata
from dataclasses import dataclass

from .chrome import strip_chrome

# Spaces that copies from HWP and web pages carry: full-width, no-break, thin, figure.
_ODD_SPACES = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_MANY_SPACES = re.compile(" {2,}")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")

# A line-start marker of a list item or note: □ ㅇ o - * ※ △ ▲ ▸ ◈ • ● ◦ ▪ and numbered
# markers (➀ ❶ ① 󰊱, the last a private-use glyph of HWP).
LIST_MARKERS = "□■ㅇo\\-*※△▲▸▶◈•●◦▪◆◇○☞"
NUMBERED_MARKERS = "①-⑳❶-❿➀-➉\U000f0000-\U000ffffd\ue000-\uf8ff"
_MARKER = re.compile(f"^(?:[{LIST_MARKERS}{NUMBERED_MARKERS}]|\\d{{1,2}}[.)]\\s)")

METADATA_LABELS = (
    "보도일시", "배포일시", "보도일자", "발간일", "발행일", "작성일", "등록일", "게시일",
    "작성자", "조회수", "조회", "출처", "원문링크", "키워드", "첨부파일", "담당부서", "담당과장",
    "담 당 자", "담당자", "발행기관", "제 출 자", "제출 연월일", "제출자",
)  # fmt: skip
_METADATA = re.compile(
    r"^[•·\-\s]*(?P<label>" + "|".join(re.escape(label) for label in METADATA_LABELS) + r")"
    r"\s*[:：|]?\s*(?P<value>.*)$"
)
# A line that only dates the page: "2017-12-07 15:30", "· 2025.12.04 17:30 ·수정 …",
# "2024.01.17 해양수산부" (a byline: the date, then who published it).
_DATELINE = re.compile(
    r"^[·\s]*(?:(?:19|20)\d{2}[-./]\s?\d{1,2}[-./]\s?\d{1,2}\.?)(?:\s+\d{1,2}:\d{2})?"
    r"(?:\s*[·|].*|\s+[가-힣A-Za-z][가-힣A-Za-z·\s]{0,20})?$"
)
_STARTS_WITH_DATE = re.compile(r"^[·\s]*(?:(?:19|20)\d{2}|[’‘']\d{2})\s*[-./]\s*\d{1,2}\s*[-./]")
_IMAGE_OR_FILE = re.compile(r"\S+\.(?:png|jpe?g|gif|bmp|svg|webp|hwpx?|pdf)\b", re.I)
# Site chrome: words that mark it anywhere in a line, and lines that are chrome as a
# whole. Two patterns, for the engine scans for the words alone much faster.
_SITE_CHROME_WORDS = re.compile(
    r"바로\s?가기|홈페이지로 이동|누리집|대통령기록관|This Website|"
    r"오늘 그만 보기|Last Updated|웹기록물|대통령기록물"
)
_SITE_CHROME_LINE = re.compile(
    r"이 (?:누리집|웹사이트)은|광고 / Ad$|"
    r"(?:목록|이전글|다음글|인쇄|공유|닫기|검색|로그인|반응형|TOP|콘텐츠 영역|페이지 정보)$|"
    r"이전 \d+ 다음$|\|+$|[|\s]+$"
)
_LONGEST_CHROME = 200
_BOARD_NAME = re.compile(
    r"^(?:\S+\s)?(?:게시판|보도자료|공지사항|자료실|회의안건|설명자료|포토뉴스)$"
)
_COPYRIGHT = re.compile(
    # The lookahead (the first letters of the words) changes no match: it lets the engine
    # give up at once on the letters no word starts with.
    r"(?=[©ⓒca무재저])(?:©|ⓒ|copyright|all rights reserved|무단\s?전재|재배포\s?금지|저작권자)",
    re.I,
)
_END_OF_RELEASE = re.compile(r"^[<(\-\s]*끝[>)\-\s]*$")
_URL = re.compile(r"https?://\S+")
_PHONE = re.compile(r"\(?0\d{1,2}[-)]\s?\d{3,4}-\d{4}\)?")
# (?=\s): every sentence end is a space; tested first, the look-behinds are tried less.
_SENTENCE_END = re.compile(r"(?=\s)(?:(?<=[가-힣a-z)”’\"'][.!?])\s+|(?<=[.!?][”’\"'])\s+)")
_OPENERS, _CLOSERS = "(「『｢[【<“‘", ")」』｣]】>”’"


@dataclass(frozen=True)
class Span:
    """A piece of the normalised text: ``text == document[start:end]``."""

    start: int
    end: int
    text: str


def normalize_text(text, keep_chrome=False):
    """NFC, one kind of space and line break, no zero-width characters, tidy blank lines;
    board chrome taken out unless ``keep_chrome`` (it tells what kind of copy a text is)."""
    lines = _tidy_lines(text)
    if not keep_chrome:  # board chrome never reaches the text that offsets point into
        lines = strip_chrome(lines)
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


@functools.lru_cache(maxsize=2)
def _tidy_lines(text):
    """The text's lines, normalised and stripped (a tuple: shared). The parser normalises
    each release twice, with its board chrome and without: the lines are made once."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))
    # Runs of spaces never cross a line break: squeezed in the whole text at once.
    return tuple(line.strip() for line in _MANY_SPACES.sub(" ", text).split("\n"))


def split_lines(text):
    """The non-empty lines of the text, each with its offsets."""
    spans, offset = [], 0
    for raw in text.split("\n"):
        if raw:
            spans.append(Span(offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return spans


@dataclass
class Layout:
    """The lines of a release sorted into header metadata, boilerplate and content."""

    text: str
    lines: list
    metadata: dict
    metadata_lines: list
    content: list


def read_layout(text):
    """Sort the lines of normalised text into metadata, site boilerplate and content."""
    lines = split_lines(text)
    metadata, metadata_lines = {}, []
    end = _content_end(lines)
    content = []
    pending_label = None
    for line in lines[:end]:
        match = _METADATA.match(line.text)
        value_below = len(line.text) < 40 or _STARTS_WITH_DATE.match(line.text)
        if pending_label and not match and (value_below or line.text.endswith("|")):
            metadata.setdefault(pending_label, line.text.strip(" |"))
            metadata_lines.append(line)
            pending_label = None
            continue
        pending_label = None
        if match and _is_metadata_line(line.text, match):
            label, value = match["label"].replace(" ", ""), match["value"].strip(" |")
            metadata_lines.append(line)
            _read_inline_metadata(line.text, metadata)
            # "담당부서 |" with nothing after the bar: a flattened table cell, value below.
            if not value and (label in _LABELS_WITH_VALUE_BELOW or "|" in line.text):
                pending_label = label
            continue
        if _DATELINE.match(line.text) or _KEYWORDS.match(line.text):
            metadata_lines.append(line)
            continue
        if not is_boilerplate(line.text):
            content.append(line)
    return Layout(text, lines, metadata, metadata_lines, content)


# Board headers put some values on the line below their label (발간일 / 2020-11-17).
_LABELS_WITH_VALUE_BELOW = {
    "발간일", "발행일", "등록일", "작성일", "출처", "발행기관", "키워드", "보도일시", "배포일시",
}  # fmt: skip


# A board's keyword line "#기초#원천#연구성과" (a Markdown heading has a space: "# 제목").
_KEYWORDS = re.compile(r"^#[^#\s]+(?:\s*#[^#\s]+)+\s*$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


def _is_metadata_line(text, match):
    # "출처" or "조회" may begin an ordinary sentence; a header line is short or tabular.
    return len(text) < 80 or "|" in text or ":" in text[: len(match["label"]) + 3]


_INLINE_LABEL = re.compile(
    r"(?P<label>" + "|".join(re.escape(label) for label in METADATA_LABELS) + r")\s*[:：]?\s*"
    r"(?P<value>[^:：|•]*?)(?=\s*(?:"
    + "|".join(re.escape(label) for label in METADATA_LABELS)
    + r")|\s*[|•]|$)"
)


def _read_inline_metadata(text, metadata):
    """Read every "label value" pair of a header line (작성자 : 관리자 작성일 : 2024-06-27)."""
    for match in _INLINE_LABEL.finditer(text):
        value = match["value"].strip(" |·")
        if value:
            metadata.setdefault(match["label"].replace(" ", ""), value)


def is_boilerplate(text):
    """Site chrome, file names and navigation that never carry policy content."""
    # Chrome is a short line; a paragraph that uses a word of it ("…누리집에 한글도메인을
    # 도입하기로") is content.
    if len(text) <= _LONGEST_CHROME and (
        _SITE_CHROME_WORDS.search(text) or _SITE_CHROME_LINE.match(text)
    ):
        return True
    if _BOARD_NAME.match(text):
        return True
    if _IMAGE_OR_FILE.fullmatch(text.strip(" |")) or text.strip().endswith((".gif", ".hwp")):
        return True
    return bool(_URL.fullmatch(text.strip()))


def _content_end(lines):
    """Index of the first line after the release proper (end mark, copyright, headlines)."""
    for index, line in enumerate(lines):
        if _END_OF_RELEASE.match(line.text) or line.text.startswith("[자료제공"):
            return index
        if _COPYRIGHT.search(line.text):
            # Unrelated headlines of the site stand just before its copyright line.
            while index > 0 and _looks_like_headline(lines[index - 1].text):
                index -= 1
            return index
    return len(lines)


def _looks_like_headline(text):
    return bool(_URL.search(text)) or (
        len(text) < 40 and not text.endswith((".", "다", ")")) and not _MARKER.match(text)
    )


def sentences(layout):
    """Content sentences with their offsets; a line that does not end one runs into the next."""
    result = []
    for block in _blocks(layout):
        start = 0
        for cut in _sentence_cuts(block.text):
            piece = block.text[start:cut].rstrip()
            if piece.strip():
                result.append(Span(block.start + start, block.start + start + len(piece), piece))
            start = cut
        piece = block.text[start:]
        if piece.strip():
            result.append(Span(block.start + start, block.end, piece))
    return result


def _sentence_cuts(text):
    """Offsets where a new sentence starts: after a sentence end outside any brackets."""
    cuts = []
    depth, counted = 0, 0  # brackets opened minus closed in text[:counted]
    for match in _SENTENCE_END.finditer(text):
        between = text[counted : match.start()]
        depth += sum(between.count(c) for c in _OPENERS) - sum(between.count(c) for c in _CLOSERS)
        counted = match.start()
        if depth <= 0:
            cuts.append(match.end())
    return cuts


def _blocks(layout):
    """Runs of adjacent content lines that belong together (a wrapped sentence)."""
    runs = []  # each a list of lines; a run's text is made once, when all are known
    for line in layout.content:
        if runs and _joins(layout.text, runs[-1][-1], line):
            runs[-1].append(line)
        else:
            runs.append([line])
    return [_span_of(layout.text, run) for run in runs]


def _span_of(text, lines):
    """The Span from the first of ``lines`` to the last."""
    if len(lines) == 1:
        return lines[0]
    return Span(lines[0].start, lines[-1].end, text[lines[0].start : lines[-1].end])


def _joins(text, last, line):
    """Whether ``line`` goes on the block whose last line is ``last``. (The block's text
    ends with that line's, and a line of normalised text is stripped: whether the block
    ends a sentence is whether its last line does.)"""
    return (
        text[last.end : line.start] == "\n"
        and not _MARKER.match(line.text)
        and not _ends_sentence(last.text)
        and not _is_heading(line.text)
        and not _is_heading(last.text)
    )


def _ends_sentence(text):
    return text.rstrip().endswith((".", "!", "?", "다", "”", "’", "]", "】", ">", "-"))


# A heading line: 【…】, [ 제2호 … ], <안건 1> …, <… 개요>, "1. 추진 배경".
_HEADING = re.compile(r"^\s*(?:【.*】|\[.*\]|<[^<>]{1,30}>.*|\d{1,2}\.\s.{0,40})\s*$")


# A page's label for the part below it ("본문", "내용"): a page copy of a board puts it
# between the post's details and its text, which it must not join.
_PAGE_LABEL = re.compile(r"^\s*(?:본문|내용|요약|첨부파일|첨부)\s*:?\s*$")


@functools.lru_cache(maxsize=4096)  # asked of each line up to three times (blocks, Markdown)
def _is_heading(text):
    return bool(_HEADING.match(text) or _PAGE_LABEL.match(text))


KINDS = (
    ("report", re.compile(r"의안번호|발행기관|^\S*(?:현황분석|업무보고|보고서)\s*$", re.M)),
    ("explanation", re.compile(r"설명자료|해명자료|\[보도 내용\]|보도 내용에 대한")),
    ("board_post", re.compile(r"작성자\s*:|게시판")),
    (
        "news_article",
        re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$|기자\s*=|\(\S+ 제공\)|\[자료=", re.M),
    ),
    (
        "blog_copy",
        # Searched in the whole text: the lookahead (the words' first letters) changes no
        # match and lets the engine pass over the other letters at once.
        re.compile(
            r"(?=[ltbap블])(?:Last Updated|tistory|블로그|All rights reserved|powered by)", re.I
        ),
    ),
    ("meeting_result", re.compile(r"^제?\s*\d+\s*[회차]\s*\S.*결과\s*(?:\(.*\))?$", re.M)),
)


def detect_kind(text):
    """The shape of the copy: board post, news article, blog copy, … or a press release."""
    head = text[:3000]
    for kind, pattern in KINDS:
        if pattern.search(head if kind != "blog_copy" else text):
            return kind
    return "press_release"


def find_title(layout):
    """The release's title line (or None): the last title-like line before the header
    metadata, else the first title-like line of the content."""
    first_meta = layout.metadata_lines[0].start if layout.metadata_lines else None
    if first_meta is not None:
        # Content lines run in the text's order: only those above the metadata are read.
        before = [
            line for line in layout.content if line.end <= first_meta and _title_like(line.text)
        ]
        if before and before[-1].start < 1500:
            return _clean_title(before[-1])
    first = next((line for line in layout.content if _title_like(line.text)), None)
    return _clean_title(first) if first else None


def _title_like(text):
    text = _MARKDOWN_HEADING.sub("", _SOURCE_TAG.sub("", text))
    return (
        6 <= len(text) <= 200
        and re.search("[가-힣]", text)
        and not _MARKER.match(text)
        and not text.startswith(("(", "<", "[", "【"))
        and not _DATELINE.match(text)
        and not _STARTS_WITH_DATE.match(text)
    )


# "[국방부]서욱 국방부장관, …": a reposted title may lead with its source in brackets.
_SOURCE_TAG = re.compile(r"^\[[^\[\]\s]{2,12}\]\s*(?=\S)")


def _clean_title(line):
    """The title part of a title line: a flattened header also holds the subtitle."""
    for prefix in (_SOURCE_TAG, _MARKDOWN_HEADING):
        if found := prefix.match(line.text):
            line = Span(line.start + found.end(), line.end, line.text[found.end() :])
    text = line.text
    for separator in (" | ", " |", " - ", " ▸"):
        if separator in text:
            text = text.split(separator, 1)[0]
    text = text.strip(" |")
    return Span(line.start, line.start + len(text), text)


_SUBTITLE_MARK = re.compile(r"^[-–▸▶◦]\s*(?P<body>.+?)\s*-?$")


def find_subtitles(layout, title):
    """Subtitle lines after the title (``-…-`` lines, ``▸`` lines), joined where wrapped."""
    if title is None:
        return []
    subtitles, pending = [], None
    for line in layout.content:
        if line.start <= title.start:
            continue
        if line.text.startswith(("□", "ㅇ")) or len(line.text) > 140:
            break
        match = _SUBTITLE_MARK.match(line.text)
        if pending is not None:
            pending += " " + line.text.rstrip("- ").strip()
            if line.text.rstrip().endswith("-"):
                subtitles.append(pending.strip())
                pending = None
            continue
        if match:
            body = match["body"].strip("- ")
            if (
                line.text.startswith("-")
                and not line.text.rstrip().endswith("-")
                and (body.endswith((",", "·")))
            ):
                pending = body
            else:
                subtitles.append(body)
        elif subtitles:
            break
    if pending:
        subtitles.append(pending.strip())
    return [s for s in subtitles if s]


def find_contacts(layout):
    """Lines that give a contact: a department with a phone number."""
    contacts = []
    for line in layout.lines:
        if not _PHONE.search(line.text) or "웹기록물" in line.text:
            continue
        for part in re.split(r",\s*(?=\S+\s?\S*\()", line.text):
            phones = list(_PHONE.finditer(part))
            if phones:
                contacts.append(part[: phones[-1].end()].strip(" |,."))
    return contacts


# Characters Markdown would read as syntax; Python-Markdown honours a backslash before
# these. "<" it does not, so it becomes an entity (and the sanitiser never sees a tag).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]>#{}])")


_NUMBERED = re.compile(r"^(\d+)\.")  # "1." would start a numbered list
_BULLET_ITEM = re.compile(r"^(?:ㅇ|o\s|-|•|▸|◦|▪|●)\s*")
_BULLET = re.compile(r"^(?:ㅇ|o\s|-|•|▸|◦|▪|●)")


# The replacements are functions, not templates with a backslash: re hands such a
# template to Python code on every call, a match or not.
def _escape_markdown(text):
    text = _MARKDOWN_SPECIAL.sub(_backslashed, text.replace("<", "&lt;"))
    return _NUMBERED.sub(_backslashed_number, text)


def _backslashed(match):
    return "\\" + match[1]


def _backslashed_number(match):
    return match[1] + "\\."


def to_markdown(layout):
    """The release's content as Markdown: headings, paragraphs, list items; text escaped."""
    out = []
    for line in layout.content:
        text = line.text
        if _IMAGE_OR_FILE.fullmatch(text):
            continue
        if _is_heading(text) and len(text) < 120:
            out.append("\n### " + _escape_markdown(text.strip("【】[]<> ")) + "\n")
        elif text.startswith("□"):
            out.append("\n" + _escape_markdown(text[1:].strip()) + "\n")
        elif _BULLET.match(text):
            out.append("- " + _escape_markdown(_BULLET_ITEM.sub("", text)))
        else:
            out.append("\n" + _escape_markdown(text) + "\n")
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(out)).strip() + "\n"
