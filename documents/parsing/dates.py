"""Dates as Korean releases write them, and the year of a date that states none.

Forms: 2024-06-27, 2017-12-07 15:30, 등록일2020-11-18, 2019. 1. 10.(목), ’23.11.27, (’23.4),
’20.11.17(), 6월 26일(수), 1월7일, ’21~ and 2026년. A month and day with a weekday but no
year get the year whose calendar puts that weekday there, among the years the text
mentions (and the years its ministries existed); with no such anchor the date stays unknown.
"""

import datetime
import re
import statistics
from dataclasses import dataclass

WEEKDAYS = "월화수목금토일"  # Monday first, as datetime.weekday() counts
_APOSTROPHE = "’‘'`´′"
# Patterns that start with a look-behind are led by a lookahead for their first letter, a
# digit or an apostrophe: it changes no match, and spares the engine the look-behind (and
# what follows) at every other letter of the text.

FULL_DATE = re.compile(
    r"(?=[12])(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-./]|년)\s*(?P<m>\d{1,2})\s*(?:[-./]|월)\s*"
    r"(?P<d>\d{1,2})(?!\d)\s*(?:일|\.)?(?:\s*\(\s*(?P<wd>[월화수목금토일])?\s*\))?"
)
SHORT_DATE = re.compile(
    rf"[{_APOSTROPHE}]\s*(?P<y>\d{{2}})\s*\.\s*(?P<m>\d{{1,2}})(?!\d)"
    r"(?:\s*\.\s*(?P<d>\d{1,2})(?!\d))?\s*\.?\s*(?:월)?(?:\s*\(\s*(?P<wd>[월화수목금토일])?\s*\))?"
)
# (21.10.28) with no apostrophe: only inside brackets, where it cannot be a decimal.
BRACKETED_DATE = re.compile(r"\((?P<y>\d{2})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})\.?\)")
MONTH_DAY = re.compile(
    r"(?=\d)(?<![\d.])(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일(?:\s*\(\s*(?P<wd>[월화수목금토일])\s*\))?"
)
# A day with no month: "21일 … 심의했다고 밝혔다", "17 일(일) 개최된": its month and year come
# from the release's own date, a few days later.
DAY_ONLY = re.compile(
    r"(?=\d)(?<![\d.~∼월])(?<!월\s)(?P<d>\d{1,2})\s?일(?![가-힣])(?:\s*\(\s*(?P<wd>[월화수목금토일])\s*\))?"
)
# Said of an event that has taken place (a future "개최한다" is not).
HELD_PAST = re.compile(
    # Page copies break lines inside a word ("통과\n하였다"): a space may split stem and ending.
    r"개최\s?(?:하였|했|됐|되었|된|하고|해)|열(?:고|었|렸|린)\b|열렸|가졌|가진|"
    r"체결\s?(?:했|하였|하고)|통과\s?(?:했|하였|됐|되었)|의결\s?(?:했|하였|됐|되었|된|하고)|"
    r"심의\s?(?:했|하였|됐|되었|하고)|확정\s?(?:했|하였|됐|되었|하고)|발표\s?(?:했|하였)|수상|"
    r"출범\s?(?:했|하였|시켰)|진행\s?(?:했|하였|됐|되었|된)|참석\s?(?:했|하였)"
)
YEAR = re.compile(
    rf"(?=[12{_APOSTROPHE}])"
    rf"(?:(?<!\d)(?P<y>(?:19|20)\d{{2}})(?=\s*년|\s*[~∼.]|\b)|[{_APOSTROPHE}](?P<yy>\d{{2}})(?!\d))"
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    year: int | None
    month: int
    day: int | None
    weekday: int | None

    def as_date(self, year=None):
        try:
            return datetime.date(year or self.year, self.month, self.day or 1)
        except (TypeError, ValueError):
            return None


def _two_digit_year(value):
    year = int(value)
    return 2000 + year if year < 70 else 1900 + year


def _mention(match, year):
    groups = match.groupdict()
    month = int(groups["m"])
    day = int(groups["d"]) if groups.get("d") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    weekday = WEEKDAYS.index(groups["wd"]) if groups.get("wd") else None
    mention = DateMention(match.start(), match.end(), match[0], year, month, day, weekday)
    if year is not None and mention.as_date() is None:
        return None
    return mention


def dated_mentions(text):
    """Every date with a year in ``text``, in order of appearance."""
    found = []
    for match in FULL_DATE.finditer(text):
        found.append(_mention(match, int(match["y"])))
    for pattern in (SHORT_DATE, BRACKETED_DATE):
        for match in pattern.finditer(text):
            if not any(m and m.start <= match.start() < m.end for m in found):
                found.append(_mention(match, _two_digit_year(match["y"])))
    return sorted((m for m in found if m), key=lambda m: m.start)


def month_day_mentions(text):
    """Every "M월 D일" (with or without weekday) in ``text``."""
    return [m for m in (_mention(match, None) for match in MONTH_DAY.finditer(text)) if m]


def day_only_mentions(text):
    """Every "D일" with no month before it (with or without weekday) in ``text``."""
    found = []
    for match in DAY_ONLY.finditer(text):
        day = int(match["d"])
        if 1 <= day <= 31:
            weekday = WEEKDAYS.index(match["wd"]) if match["wd"] else None
            found.append(DateMention(match.start(), match.end(), match[0], None, 0, day, weekday))
    return found


def day_in_month_of(mention, reference, days_before=7):
    """The date of a month-less day in the days up to ``reference`` (a release reports what
    happened that week), or None; a weekday written beside it must fit."""
    if reference is None or not 0 <= reference.day - mention.day <= days_before:
        return None
    day = reference.replace(day=mention.day)
    if mention.weekday is not None and day.weekday() != mention.weekday:
        return None
    return day


def mentioned_years(text):
    """Every year the text names, four-digit or as ’yy."""
    years = []
    for match in YEAR.finditer(text):
        year = int(match["y"]) if match["y"] else _two_digit_year(match["yy"])
        if 1945 <= year <= 2100:
            years.append(year)
    return years


def first_full_date(text):
    """The first complete date (with year, month and day) in ``text``, or None."""
    for mention in dated_mentions(text):
        if mention.day is not None:
            return mention
    return None


def infer_year(mention, years, allowed=None):
    """The year that puts ``mention``'s weekday on its month and day, near ``years``.

    Returns (year, candidates): year is None when no single year fits.
    """
    if mention.weekday is None or not years:
        return None, []
    candidates = sorted({y + delta for y in years for delta in (-1, 0, 1)})
    if allowed is not None:
        candidates = [y for y in candidates if allowed(y)]
    fitting = [y for y in candidates if _weekday_fits(mention, y)]
    if not fitting:
        return None, []
    centre = statistics.median(years)
    best = min(fitting, key=lambda y: (abs(y - centre), -y))
    return best, fitting


def _weekday_fits(mention, year):
    day = mention.as_date(year)
    return day is not None and day.weekday() == mention.weekday


def year_for_month_day(mention, reference):
    """The year of a month-day that a document dated ``reference`` reports on."""
    year = reference.year
    # A January release may report on a December meeting; a December one on January plans.
    if mention.month - reference.month > 6:
        year -= 1
    elif reference.month - mention.month > 6:
        year += 1
    if mention.weekday is not None and not _weekday_fits(mention, year):
        for other in (year - 1, year + 1):
            if _weekday_fits(mention, other):
                return other
    return year
