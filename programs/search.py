"""Korean text search over announcements, strategies, agenda items, programs and centers.

Korean writes compounds with and without spaces (인공지능 / 인공 지능) and glues particles
to words (전략을), so words are a poor index. Each run of Hangul words is indexed as the
overlapping syllable pairs of its letters with the spaces taken out (인공 지능 → 인공 공지
지능), which finds 「양자과학기술 국제협력 전략」 for "양자 국제협력" and 인공 지능 for
"인공지능"; Latin and digit runs (R&D, 5G) stay whole. A query word drops a trailing particle
(전략을 → 전략) and a ministry's short name also matches its other names (과기정통부 →
과학기술정보통신부). PostgreSQL stores the tokens as a tsvector
(models.TokensField) and matches them with a GIN index; SQLite (development) with LIKE over
the same tokens as text.
"""

import re
import unicodedata

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe

from documents.models import Ministry, MinistryAlias, Reorganisation
from policybase.caching import cached

from .models import SearchEntry

_HANGUL_RUN = re.compile(r"[가-힣]+")
_SPACE_IN_HANGUL = re.compile(r"(?<=[가-힣])\s+(?=[가-힣])")
# A Latin or digit run; past LONGEST_TOKEN characters it is cut (no word anyone types is
# longer, and PostgreSQL limits the length of a lexeme).
LONGEST_TOKEN = 100
_LATIN = re.compile(rf"[a-z0-9][a-z0-9&+.\-]{{0,{LONGEST_TOKEN - 2}}}[a-z0-9+]|[a-z0-9]")
_PARTICLES = re.compile(
    r"(?:으로|에서|에게|까지|부터|과의|와의|이라는|라는|은|는|이|가|을|를|의|에|로|과|와|도|만)$"
)
MAX_QUERY_LENGTH = 200
# On PostgreSQL the tokens column is a tsvector with a GIN index (migrations 0005 and
# 0010); a bulk load drops the index and builds it once at the end.
GIN_INDEX = "search_entry_tokens_gin"
CREATE_GIN_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON programs_searchentry USING gin (tokens)"
)
# Very common words match most of the index: results, facets and relevance cover the
# first RANKED_MATCHES matches in date order only (see first_in_order).
RANKED_MATCHES = 2000
# Newest first, undated entries last (on every engine), then by title.
NEWEST_FIRST = (F("date").desc(nulls_last=True), "title", "pk")
OLDEST_FIRST = (F("date").asc(nulls_last=True), "title", "pk")
# Oldest first inside a date window, which holds no undated entry, so where those would go
# is free: first, an order the date index (date DESC, nulls first; read backwards, ASC
# nulls last) cannot give. Given one it can, PostgreSQL walked that index and tested each
# entry's tokens, read from their TOAST table, instead of asking the GIN index: 연구 oldest
# first at 100,000 read 13,400 pages instead of 3,900 (33 ms in memory, 360-480 ms from
# disk, for a query that takes 30-40 ms newest first).
WINDOW_OLDEST_FIRST = (F("date").asc(nulls_first=True), "title", "pk")
# The first matches in date order are looked for among the newest (or oldest) FIRST_WINDOW
# entries, then, if too few are there, in a window sized from their share of the matches
# (see first_in_order). Small, since every match in a window is read from the table: a word
# in most entries finds its RANKED_MATCHES there all the same, reading a quarter of the rows
# a window of 20,000 made it read (연구 at 100,000 announcements: 45 ms to 21 ms), while one
# in a seventh of the entries then needs a second window (수소: 23 ms to 28 ms).
FIRST_WINDOW = 5 * RANKED_MATCHES // 2
# A window sized from a share is made this much larger than the share says, as the words
# of a year are not spread evenly.
WINDOW_MARGIN = 1.5


def tokens_of(text):
    """The search tokens of ``text``: Hangul syllable pairs, Latin and digit runs."""
    text = unicodedata.normalize("NFC", text).lower()
    # The letters of each run of Hangul words, spaces taken out (인공 지능 → 인공지능).
    runs = _HANGUL_RUN.findall(_SPACE_IN_HANGUL.sub("", text))
    tokens = {run[i : i + 2] for run in runs for i in range(len(run) - 1)}
    tokens.update(run for run in runs if len(run) == 1)
    tokens.update(_LATIN.findall(_HANGUL_RUN.sub(" ", text)))
    return tokens


def token_text(tokens):
    """Tokens stored space-delimited with spaces at both ends, for LIKE '% tok %'. Give
    them in a fixed order (sorted, say) so that the stored text is the same in every run."""
    return " " + " ".join(tokens) + " " if tokens else " "


def clean_query(raw):
    """The query a user meant: no NUL or control characters, bounded length, NFC."""
    text = "".join(char for char in raw or "" if char.isprintable() or char == " ")
    return unicodedata.normalize("NFC", " ".join(text.split()))[:MAX_QUERY_LENGTH]


def query_words(query):
    """The words of a query, each without a trailing particle (전략을 → 전략)."""
    words = []
    for word in clean_query(query).split():
        word = word.strip("「」『』‘’“”'\"()[]<>,.·")
        if re.fullmatch(r"[가-힣]{3,}", word):
            word = _PARTICLES.sub("", word) or word
        if word:
            words.append(word)
    return words


MINISTRY_NAMES_KEY = "search:ministry-names"


def ministry_names():
    """Each ministry name or alias → every name of that ministry (for query expansion),
    from the shared cache; changing a ministry or an alias clears it (see below)."""
    expansion = cache.get(MINISTRY_NAMES_KEY)
    if expansion is None:
        expansion = _ministry_names()
        cache.set(MINISTRY_NAMES_KEY, expansion, timeout=None)
    return expansion


@receiver([post_save, post_delete], sender=Ministry)
@receiver([post_save, post_delete], sender=MinistryAlias)
@receiver([post_save, post_delete], sender=Reorganisation)
def _forget_ministry_names(**kwargs):
    cache.delete(MINISTRY_NAMES_KEY)


def _ministry_names():
    names_by_ministry = {}
    for ministry in Ministry.objects.prefetch_related("aliases"):
        names_by_ministry[ministry.pk] = {ministry.name, *(a.name for a in ministry.aliases.all())}
    expansion = {}
    for names in names_by_ministry.values():
        for name in names:
            expansion.setdefault(name, set()).update(names)
    return expansion


def query_groups(query):
    """The query as AND-ed groups; each group is a list of alternatives (token sets)."""
    if not query_words(query):
        return []
    expansion = ministry_names()
    groups = []
    for word in query_words(query):
        alternatives = [tokens_of(name) for name in sorted(expansion.get(word, {word}))]
        alternatives = [tokens for tokens in alternatives if tokens]
        if alternatives:
            groups.append(alternatives)
    return groups


def matching(queryset, query):
    """``queryset`` of SearchEntry narrowed to entries matching every word of ``query``."""
    groups = query_groups(query)
    if not groups:
        return queryset
    if connection.vendor == "postgresql":
        tsquery = " & ".join(
            "("
            + " | ".join("(" + " & ".join(_quote(t) for t in sorted(alt)) + ")" for alt in group)
            + ")"
            for group in groups
        )
        return queryset.filter(_tokens_match(tsquery))
    return queryset.filter(_holds_every_group(groups, "tokens"))


def ministry_token(slug):
    """The token that marks the entries of the ministry ``slug``. No text has it ("#"
    stands in no token of tokens_of), so no query word matches it."""
    return "#" + slug


def of_ministries(queryset, slugs):
    """``queryset`` of SearchEntry narrowed to the entries of any of the ministries
    ``slugs``, by their ministry tokens: on PostgreSQL the GIN index then answers the
    ministry, the words and the dates at once (through the entries' ministry links,
    a common word and 과기정통부 read every entry of the word: 1.1 s at 100,000)."""
    return _holding_any(queryset, sorted(ministry_token(slug) for slug in slugs))


def date_marks(day):
    """The tokens that mark an entry dated ``day``: its year and its month ("@2021",
    "@2021-03"); none when it has no date. No text has them ("@" stands in no token of
    tokens_of), so no query word matches them."""
    return {f"@{day.year}", f"@{day.year}-{day.month:02}"} if day else set()


def period_marks(first, last):
    """The fewest date marks that together mark every entry dated in the months from
    ``first``'s to ``last``'s (dates): a year's mark for each whole year, a month's for the
    rest; no marks when ``first`` is after ``last``."""
    marks, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        if month == 1 and (year, 12) <= (last.year, last.month):
            marks.append(f"@{year}")
            year += 1
        else:
            marks.append(f"@{year}-{month:02}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return marks


def of_period(queryset, first, last):
    """``queryset`` of SearchEntry narrowed to the entries dated in the months from
    ``first``'s to ``last``'s, by their date marks. The GIN index answers them with the
    words and the ministry. (As a range of dates beside the tokens in the index, btree_gin
    in migration 0007, each bound of a range was scanned on its own, from the bound to
    the end of the index: every entry of a million read for a year, 430-500 ms for a word
    and a past year from disk.)"""
    return _holding_any(queryset, period_marks(first, last))


def _holding_any(queryset, tokens):
    """``queryset`` narrowed to the entries holding any of ``tokens`` (none if none)."""
    if not tokens:
        return queryset.none()
    if connection.vendor == "postgresql":
        return queryset.filter(_tokens_match(" | ".join(_quote(token) for token in tokens)))
    return queryset.filter(_holds_every_group([[{token} for token in tokens]], "tokens"))


def _tokens_match(tsquery):
    return RawSQL(
        "programs_searchentry.tokens @@ %s::tsquery", (tsquery,), output_field=BooleanField()
    )


def first_in_order(queryset, limit, oldest=False, start=None):
    """The first ``limit`` rows of ``queryset`` (of SearchEntry, as values_list() gives
    them, say), newest first (NEWEST_FIRST) or, with ``oldest``, oldest first (OLDEST_FIRST).

    Sorting every match of a word by date is what makes a first search slow: a word in a
    sixth of a million entries means a sixth of a million rows read and sorted for 2,000.
    So the newest (or oldest) FIRST_WINDOW entries are searched first: if they hold
    ``limit`` matches, those come first of all, since every dated entry outside the window
    is older (or newer) and undated ones come last. If they hold fewer, their share of
    matches sizes the next window (next_window), and so on; a word too rare for any
    window, having few matches, is answered by sorting them all. A window is made of
    whole months, asked for by their date marks (of_period), so the GIN index answers the
    words and the window at once and only the window's matches are read from the table.

    ``start`` is where the queryset's own dates begin in that order (the last day of a
    year asked for, newest first; its first day, oldest first): the windows are counted
    from there, as no later (or earlier) entry can match. Counted from the newest of all,
    a window holds nothing of a past year, and every match of the year was sorted (1.6 s
    for a common word and a year at 1,000,000, from disk)."""
    ordered = queryset.order_by(*(OLDEST_FIRST if oldest else NEWEST_FIRST))
    in_window = queryset.order_by(*(WINDOW_OLDEST_FIRST if oldest else NEWEST_FIRST))
    end = start or window_bound(1, oldest)  # where every window ends: the newest (oldest) date
    size = FIRST_WINDOW
    while size and (bound := window_bound(size, oldest, start)) is not None:
        rows = list(of_period(in_window, *sorted([bound, end]))[:limit])
        if len(rows) == limit:
            return rows
        size = next_window(size, len(rows), limit)
    return list(ordered[:limit])


def next_window(size, found, limit):
    """The size of the window that should hold ``limit`` matches, WINDOW_MARGIN to spare,
    when one of ``size`` entries held ``found``: ``size`` doubled as often as that takes
    (so that few sizes, each with its bound cached, are ever asked for); None when nothing
    was found, as then nothing says how large a window would do."""
    if not found:
        return None
    wanted = size * limit * WINDOW_MARGIN / found
    while size < wanted:
        size *= 2
    return size


def window_bound(size, oldest=False, start=None):
    """The date of the ``size``-th newest (or oldest) dated entry, counting from ``start``
    (a date) if given; None when there are not that many; cached per data version."""

    def compute():
        dated = SearchEntry.objects.exclude(date=None).order_by("date" if oldest else "-date")
        if start:
            dated = dated.filter(date__gte=start) if oldest else dated.filter(date__lte=start)
        # In a list, as the cache cannot tell a stored None from a missing value.
        return [dated.values_list("date", flat=True)[size - 1 : size].first()]

    direction = "oldest" if oldest else "newest"
    return cached(f"search:window-bound:{direction}:{size}:{start or ''}", compute)[0]


def among(ids):
    """What an ``__in`` lookup takes to match ``ids``, a list of up to RANKED_MATCHES. On
    PostgreSQL they go as one array: a parameter each took longer to compose and plan
    (20 ms for 2,000) than the lookup took to run (3 ms)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))
    return ids


def _quote(token):
    """A token as an exact tsquery lexeme: quoted, so & and + in R&D stay literal."""
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def holds_every_group(groups, stored_tokens):
    """Whether ``stored_tokens`` (as token_text stores them) hold, for every group of
    query_groups(), all the tokens of one of its alternatives: a title that holds every
    query word, for relevance order. (_holds_every_group asks the same of a database.)"""
    tokens = set(stored_tokens.split())
    return all(any(alternative <= tokens for alternative in group) for group in groups)


def _holds_every_group(groups, field):
    """Every group has an alternative whose tokens all stand in ``field`` (LIKE '% tok %')."""
    condition = Q()
    for group in groups:
        any_alternative = Q()
        for alternative in group:
            every_token = Q()
            for token in alternative:
                every_token &= Q(**{f"{field}__contains": f" {token} "})
            any_alternative |= every_token
        condition &= any_alternative
    return condition


def highlight(text, query, width=None):
    """``text`` escaped, with the query's words marked; spacing inside a word may differ
    (인공지능 marks 인공 지능). With ``width``, a window of that many characters around the
    first match."""
    patterns = []
    for word in query_words(query):
        letters = [re.escape(char) for char in word if not char.isspace()]
        if letters:
            patterns.append(r"\s?".join(letters))
    if not patterns:
        return escape(text[:width] if width else text)
    finder = re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)
    if width:
        first = finder.search(text)
        start = max(0, (first.start() if first else 0) - width // 3)
        text = ("…" if start else "") + text[start : start + width]
    parts, last = [], 0
    for match in finder.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
