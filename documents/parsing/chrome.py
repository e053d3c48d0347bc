"""Board chrome: what a ministry's or agency's web board prints around a release (skip links,
author and view counters, list/print/share buttons, attachment lists with their sizes and
download buttons, previous/next post links), taken out of the text before it is read, so
that it never reaches bodies, snippets or records.

Only the chrome goes: the date a board header states (등록일, 작성일, 발행일) stays, for the
parser dates the release by it, and the text the crawl kept of an attachment stays too. The
original text keeps everything (Announcement.original_text).
"""

import re

# A list marker a board puts before header items ("• 조회수3199", "- 첨부파일").
_ITEM = r"[-•·▪*]?\s*"

# Whole lines of navigation and buttons. A line may hold several ("인쇄하기 목록",
# "페이스북 트위터 카카오톡"), separated by spaces or bars. A button named in more than one
# word, or a compound, is chrome wherever it stands alone on a line:
_DEFINITE = (
    r"(?:(?:본문|주\s?메뉴|대메뉴|메인\s?메뉴|하위\s?메뉴|메뉴|콘텐츠|컨텐츠|내용)\s?(?:으로|로)?\s?바로\s?가기"
    r"|목록으로(?: 이동)?|목록\s보기|인쇄하기|글자\s?크기(?:\s?(?:설정|조절|확대|축소))?"
    r"|공유하기|SNS\s?공유|(?:URL|링크|주소)\s?복사|카카오스토리|kakaotalk"
    r"|파일\s?(?:뷰어|다운로드|미리\s?보기)"
    r"|첨부\s?파일(?:\s?목록)?(?:\s?\(\d+\))?|\[첨부\s?파일\]|등록된 첨부\s?파일이 없습니다\.?"
    r"|이전글|다음글|페이지 정보|콘텐츠 영역"
    r"|(?:전자정부)?이 누리집은 대한민국 공식 전자정부 누리집입니다\.?)"
)
# ... while a button named by one common word is chrome only beside other chrome: text
# copied from HWP or PDF can hold a line of one word ("지원 / 을 / 확대 / 해 나갈"). The
# longer spellings come first: an alternation takes the first that matches.
_AMBIGUOUS = (
    r"(?:목록|인쇄|확대|축소|공유|스크랩|좋아요|페이스북|트위터|카카오톡|네이버\s?블로그|밴드"
    r"|facebook|twitter|kakao|다운로드|내려받기|미리\s?보기|바로\s?보기|뷰어|본문)"
)
_BUTTON = f"(?:{_DEFINITE}|{_AMBIGUOUS})"
_BUTTONS_LINE = re.compile(rf"^{_ITEM}{_BUTTON}(?:\s*[|/·]?\s*{_BUTTON})*$", re.I)
_ONE_AMBIGUOUS = re.compile(rf"^{_ITEM}{_AMBIGUOUS}$", re.I)

# A previous/next post link: the label, then the other post's title.
_PREVIOUS_NEXT = re.compile(r"^(?:이전\s?글|다음\s?글|윗글|아랫글)\s*[:：|]?\s*\S")

# An attachment: a file name, with its size and buttons after it; or the size alone.
_SIZE = r"\(\s*[\d.,]+\s*(?:[KMG]i?B|bytes?|바이트)\s*\)"
_FILE_LINE = re.compile(
    rf"^{_ITEM}[^\n]{{0,250}}\.(?:hwpx?|pdf|docx?|xlsx?|pptx?|zip|jpe?g|png|gif)"
    rf"\s*(?:{_SIZE})?(?:\s*{_BUTTON})*$",
    re.I,
)
_SIZE_LINE = re.compile(rf"^{_ITEM}{_SIZE}$", re.I)

# Author and view counters inside a board's header line ("작성자 : 관리자 작성일 :
# 2024-06-27", "조회수 641 | 등록일 2022-12-28", "· 2025.12.04 17:30 · 조회 0"): removed,
# the rest of the line (its date) kept.
_LABELS = r"작성일|등록일|게시일|발행일|수정일?|날짜|일자|조회|추천|댓글"
_AUTHOR = re.compile(
    r"(?:작성자|글쓴이|등록자|게시자|저자)(?:\s*[:：]\s*|\s+)[^\s|·:：]+"
    rf"(?:\s(?!{_LABELS})[^\s|·:：\d][^\s|·:：]*)?"
)
_COUNTER = re.compile(
    r"(?:조회수|조회|추천수|추천|댓글|hits?|views?)\s*[:：]?\s*[\d,]+(?![\d.\-/]|[가-힣])",
    re.I,
)
# A line that may be a board's header: it starts with a label or a date, or holds a bar
# (tested apart: "|" in line, not a pattern tried at every offset).
_HEADER_LINE_START = re.compile(
    rf"^{_ITEM}(?:작성자|글쓴이|등록자|게시자|저자|조회|추천|댓글|hits?|views?)|"
    r"^[·\s]*(?:19|20)\d{2}[-./]",
    re.I,
)
_LONGEST_HEADER = 120
# What a header line holds besides its author and counters: a date, under its label or not.
_HEADER_REST = re.compile(rf"^[·\s]*(?:{_LABELS}|(?:19|20)\d{{2}}\s?[-./])")
# A label whose value a board puts on the next line ("조회" / "2,800", "저자" / "나노지원").
_COUNTER_LABEL = re.compile(rf"^{_ITEM}(?:조회수?|추천수?|댓글)\s*[:：]?$")
_AUTHOR_LABEL = re.compile(rf"^{_ITEM}(?:작성자|글쓴이|등록자|게시자|저자)\s*[:：]?$")
_NUMBER = re.compile(rf"^{_ITEM}[\d,]+$")
_SHORT_VALUE = re.compile(rf"^{_ITEM}[^\s.。]+(?:\s[^\s.。]+)?$")
_SEPARATORS = re.compile(r"^[\s|·•:：\-]+|[\s|·•:：\-]+$")
_METADATA_LABEL = re.compile(
    r"^[-•·\s]*(?:발행기관|종류|분류|출처|키워드|원문링크|발간일|발행일|등록일|작성일)"
)


CHROME, NEAR_CHROME = "chrome", "chrome if beside chrome"


def strip_chrome(lines):
    """The lines (of normalised text: stripped, one space) without board chrome; a blank
    line stays blank, and chrome taken out leaves one, so that a title above it and the text
    below do not run together into one sentence."""
    marks = _marks(lines)
    kept = []
    removed = False  # chrome taken out since the last line kept
    for index, line in enumerate(lines):
        mark = marks[index]
        if mark is NEAR_CHROME:
            mark = CHROME if _beside_chrome(lines, marks, index) else None
        if mark is CHROME:
            removed = True
            continue
        rest = _without_counters(line) if line else line
        if rest and removed and kept and kept[-1]:
            kept.append("")
        if rest or not line:
            kept.append(rest)
            removed = False
    return kept


def _marks(lines):
    """Each line's mark: CHROME, NEAR_CHROME or None (content, or a header line)."""
    marks = [None] * len(lines)
    index = 0
    while index < len(lines):
        line = lines[index]
        if line and len(line) <= 300:
            if _COUNTER_LABEL.match(line) or _AUTHOR_LABEL.match(line):
                # The value on the very next line goes with its label. A lone 추천 or 조회
                # with no count below may be a word of text cut into lines.
                if index + 1 < len(lines) and _takes_value(line, lines[index + 1]):
                    marks[index] = marks[index + 1] = CHROME
                    index += 1
                else:
                    marks[index] = CHROME if _AUTHOR_LABEL.match(line) else NEAR_CHROME
            elif _ONE_AMBIGUOUS.match(line):
                marks[index] = NEAR_CHROME
            elif is_chrome_line(line):
                marks[index] = CHROME
        index += 1
    return marks


def _beside_chrome(lines, marks, index):
    """Whether the nearest non-blank line above or below is chrome (or may be)."""
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(lines) and not lines[other]:
            other += step
        if 0 <= other < len(lines) and marks[other] is not None:
            return True
    return False


def is_chrome_line(line):
    """A line that is all navigation, buttons or attachment list (a lone common word such
    as 목록 or 공유 is not: see strip_chrome)."""
    return bool(
        (_BUTTONS_LINE.match(line) and not _ONE_AMBIGUOUS.match(line))
        or _PREVIOUS_NEXT.match(line)
        or _FILE_LINE.match(line)
        or _SIZE_LINE.match(line)
    )


def _takes_value(label, value):
    if not value or _METADATA_LABEL.match(value):
        return False
    if _COUNTER_LABEL.match(label):
        return bool(_NUMBER.match(value))
    return bool(_SHORT_VALUE.match(value)) and len(value) <= 20


def _without_counters(line):
    """A header line without its author and counters; "" if nothing else was on it."""
    if len(line) > _LONGEST_HEADER or not ("|" in line or _HEADER_LINE_START.match(line)):
        return line
    stripped = _COUNTER.sub("", _AUTHOR.sub("", line))
    if stripped == line:
        return line
    stripped = re.sub(r"\s*([|·])(?:\s*[|·])+", r" \1", stripped)
    stripped = re.sub(r" {2,}", " ", stripped)
    rest = _SEPARATORS.sub("", stripped)
    if rest and not _HEADER_REST.match(rest):
        return line  # not a board header: a sentence that starts with such a word
    # "· 2025.12.04 17:30 ·수정 …": keep the line's leading marker, which dates it.
    if rest and line.startswith("·"):
        rest = "· " + rest
    return rest
