"""parse_release: a press release's bytes in, a ParsedRelease out. No database."""

import hashlib
import re

from . import extract, layout
from .dates import (
    HELD_PAST,
    dated_mentions,
    day_in_month_of,
    day_only_mentions,
    first_full_date,
    infer_year,
    mentioned_years,
    month_day_mentions,
    year_for_month_day,
)
from .decoding import UnreadableInput, decode
from .directory import load_directory
from .document import flat
from .records import ParsedRelease
from .relations import attach_relations

# Releases run to tens of kilobytes; past this a file is not one, and only its start is read.
MAX_CHARACTERS = 1_000_000
# Header labels that date a release, most authoritative first.
DATE_LABELS = ("보도일시", "보도일자", "발간일", "발행일", "작성일", "등록일", "게시일", "배포일시")


class ParseFailure(UnreadableInput):
    """A rule failed on this document: it becomes the document's error, never a traceback
    that stops a run over many files."""


def parse_release(data, file="", directory=None):
    """Parse one file's bytes; raises UnreadableInput (or ParseFailure, one of its kind)
    for what cannot be read or parsed."""
    directory = directory or load_directory()
    original, warnings = decode(data)
    if len(original) > MAX_CHARACTERS:
        warnings.append(
            f"{len(original):,} characters: only the first {MAX_CHARACTERS:,} are parsed and kept"
        )
        original = original[:MAX_CHARACTERS]
    try:
        return _parse_text(original, file, directory, warnings)
    except Exception as error:  # any rule's bug is this document's error, not the run's
        raise ParseFailure(f"parser failed: {type(error).__name__}: {error}") from error


def _parse_text(original, file, directory, warnings):
    """The extraction proper, on decoded text."""
    text = layout.normalize_text(original)
    release = ParsedRelease(
        file=file,
        text=text,
        original_text=original,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        warnings=warnings,
    )
    page = layout.read_layout(text)
    sentences = layout.sentences(page)
    title = layout.find_title(page)
    release.title = title.text if title else ""
    release.subtitles = layout.find_subtitles(page, title)
    release.kind = layout.detect_kind(layout.normalize_text(original, keep_chrome=True))
    release.contacts = layout.find_contacts(page)
    release.body_markdown = layout.to_markdown(page)
    release.source_name = page.metadata.get("출처", "") or page.metadata.get("발행기관", "").lstrip(
        "- "
    )
    doc = extract.Document(
        text,
        sentences,
        directory,
        lines=page.content,
        header_lines=page.metadata_lines,
        title=release.title,
        subtitles=release.subtitles,
    )
    doc.years = mentioned_years(" ".join(s.text for s in sentences))
    mentions = extract.find_ministry_mentions(doc)
    _date_release(release, page, doc, mentions)
    doc.date = release.date
    release.ministries = extract.extract_ministries(doc, mentions)
    release.issuing_ministries = _issuing_ministries(release, page, doc)
    release.people = extract.extract_people(doc)
    release.meeting = extract.extract_meeting(doc, release.people)
    _date_from_held_event(release, doc, mentions)
    release.agenda_items = extract.extract_agenda_items(doc, release.meeting)
    amounts = extract.extract_amounts(doc)
    release.strategies, release.programs, release.centers = extract.extract_policies(
        doc, release.agenda_items, amounts
    )
    release.amounts = _distinct_amounts(amounts)
    release.ranks, release.targets = extract.extract_tables(doc)
    attach_relations(release, doc)
    if not sentences:
        release.warnings.append("no content found")
    if not release.title:
        release.warnings.append("no title found")
    return release


def _distinct_amounts(amounts):
    """Each sum once, at its first mention (a subtitle often repeats the body's figure); a
    sum written without its currency ("170조 투자", "300억/3년간") is the same sum the text
    also writes in full ("170조원"), not another."""
    written_in_full = {
        (a.value, a.currency) for a in amounts if a.text[-1:] not in "0123456789조억만천"
    }
    seen, distinct = set(), []
    for amount in amounts:
        bare = amount.text[-1:] in "조억만천"
        if bare and (amount.value, amount.currency) in written_in_full:
            continue
        if (amount.text, amount.value, amount.currency) not in seen:
            seen.add((amount.text, amount.value, amount.currency))
            distinct.append(amount)
    return distinct


def _date_release(release, page, doc, mentions):
    """The release's date: a dated header label, a dateline, a date in the title, else a
    month-day with its weekday in the body (inferred); unknown when nothing fixes it."""
    for label in DATE_LABELS:
        mention = first_full_date(page.metadata.get(label, ""))
        if mention:
            day = _lead_day(doc, mention.as_date()) or mention.as_date()
            return _set_date(release, day, False)
    for line in page.metadata_lines:
        mention = first_full_date(line.text)
        if mention:
            day = _lead_day(doc, mention.as_date()) or mention.as_date()
            return _set_date(release, day, False)
    # A short title that ends in its date: "제34회 … 결과(21.10.28)".
    title_dates = [m for m in dated_mentions(release.title) if m.day]
    if title_dates and len(release.title) <= 100 and title_dates[-1].end >= len(release.title) - 2:
        return _set_date(release, title_dates[-1].as_date(), False)
    # A lead sentence that dates the event with year and weekday: ’16. 4. 21(목).
    for sentence in doc.sentences[:12]:
        for mention in dated_mentions(sentence.text):
            if mention.day and mention.weekday is not None:
                return _set_date(release, mention.as_date(), False)
    allowed = extract.ministry_windows_allow(doc, mentions)
    for sentence in doc.sentences[:12]:
        for mention in month_day_mentions(sentence.text):
            if mention.weekday is None:
                continue
            year, candidates = infer_year(mention, doc.years, allowed)
            if year is None:
                continue
            if len(candidates) > 1:
                release.warnings.append(
                    f"year of {mention.text} inferred as {year} from its weekday; "
                    f"also possible: {', '.join(str(y) for y in candidates if y != year)}"
                )
            return _set_date(release, mention.as_date(year), True)
    release.warnings.append("no date found: the date is left unknown")


# The lead names its day after its subject: "중소벤처기업부(장관 이영)는 26일 … 실시한다".
_LEAD_DAY = re.compile(r"(?:는|은)\s+(?P<day>\d{1,2})\s*일(?:\s|,)")
# How long after the news a page may be posted (a repost, a board's 등록일).
_POSTING_DELAY = 7


def _lead_day(doc, posted):
    """The day the lead sentence names, in the month of the posting date that fixes it;
    None unless it falls in the week before that date (CONVENTIONS: date rule 2)."""
    for sentence in doc.sentences[:6]:
        match = _LEAD_DAY.search(flat(sentence.text)[:80])
        if match is None or posted is None:
            continue
        day = int(match["day"])
        if 1 <= day <= posted.day and posted.day - day <= _POSTING_DELAY:
            return posted.replace(day=day)
    return None


# Sentences that open a release: where it says what happened, and when.
LEAD_SENTENCES = 40


def _date_from_held_event(release, doc, mentions):
    """CONVENTIONS rule 1: the day of the meeting or event the text reports as held beats
    the release's own date. The meeting's date if it was held, else the first lead
    sentence that tells of a held event and dates it."""
    meeting = release.meeting
    held = meeting is not None and any(HELD_PAST.search(flat(e.quote)) for e in meeting.evidence)
    if held and meeting.date is not None:
        if meeting.date != release.date:  # the same day as the stated date stays stated
            _set_date(release, meeting.date, meeting.date_inferred or release.date_inferred)
        return
    reference = release.date or _stamp_date(doc)
    allowed = extract.ministry_windows_allow(doc, mentions)
    lead = [flat(s.text) for s in doc.sentences[:LEAD_SENTENCES]]
    scheduled = _scheduled_day(doc) if any(HELD_PAST.search(t) for t in lead) else None
    if scheduled is not None:
        # "(일시/장소) ‘25.8.26(화) 13:40" in a text that reports its event as held.
        return _set_date(release, scheduled, False) if scheduled != release.date else None
    for sentence in doc.sentences[:LEAD_SENTENCES]:
        text = flat(sentence.text)
        if not HELD_PAST.search(text):
            continue
        day, inferred = _day_in_sentence(text, reference, doc.years, allowed)
        if day is not None and day == release.date:
            return None  # the event's day is the stated release date: stated
        if day is not None:
            # A year or month taken from an inferred date is inferred too.
            return _set_date(release, day, inferred or release.date_inferred)


def _day_in_sentence(text, reference, years, allowed):
    """(date, inferred) of the day the sentence gives its held event: the day written
    closest before a verb of holding ("17 일(일) 개최된"), else the first it writes; in full,
    as a month-day (year from ``reference`` or the weekday), or as a day of ``reference``'s
    week."""
    days = []
    for mention in dated_mentions(text):
        if mention.day and mention.as_date():
            days.append((mention, mention.as_date(), False))
    for mention in month_day_mentions(text):
        if reference is not None:
            days.append((mention, mention.as_date(year_for_month_day(mention, reference)), False))
        else:
            year, _ = infer_year(mention, years, allowed)
            if year:
                days.append((mention, mention.as_date(year), True))
    for mention in day_only_mentions(text):
        day = day_in_month_of(mention, reference)
        if day is not None:
            days.append((mention, day, True))
    if reference is not None:
        # "오늘 … 위원회에서는 … 확정하였습니다": the day of the text's own date.
        days += [(m, reference, True) for m in _TODAY.finditer(text)]
    days = [d for d in days if d[1] is not None]
    if not days:
        return None, False
    verbs = [m.start() for m in HELD_PAST.finditer(text)]

    def distance(entry):
        start, end = _span(entry[0])
        gaps = [v - end for v in verbs if v >= end]
        return min(gaps, default=len(text) + start)

    _, day, inferred = min(days, key=distance)
    return day, inferred


_TODAY = re.compile(r"(?<![가-힣])(?:오늘|금일)(?![가-힣])")
_SCHEDULE_LABEL = re.compile(r"일\s*시")


def _scheduled_day(doc):
    """The full date of the event's own 일시 line, if the text has one."""
    for sentence in doc.sentences:
        label = _SCHEDULE_LABEL.search(sentence.text[:12])
        if label is not None:
            day = first_full_date(sentence.text[label.end() :][:40])
            if day is not None:
                return day.as_date()
    return None


def _span(mention):
    """(start, end) of a DateMention or a regex match."""
    if isinstance(mention, re.Match):
        return mention.start(), mention.end()
    return mention.start, mention.end


def _stamp_date(doc):
    """The one full date the content writes (a blog's post stamp), if it writes only one."""
    days = {m.as_date() for s in doc.sentences for m in dated_mentions(s.text) if m.day}
    days.discard(None)
    return days.pop() if len(days) == 1 else None


def _set_date(release, day, inferred):
    release.date, release.date_precision, release.date_inferred = day, "day", inferred


def _issuing_ministries(release, page, doc):
    """Who issued it: the header's 출처/발행기관, a 자료 credit, else the first ministry named."""
    for value in (page.metadata.get("출처", ""), page.metadata.get("발행기관", "")):
        for written in doc.directory.ministry_names():
            if written in value:
                slug = extract.resolve_ministry(doc, written)
                if slug:
                    return [slug]
    return [release.ministries[0].slug] if release.ministries else []
