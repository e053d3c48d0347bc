"""Paging helpers that the pages of both layers use: long lists counted off in cached
chunks of ids, sections of a hub page, and the sentences that cite a record."""

from django.core.paginator import Paginator
from django.db.models import F
from django.utils.functional import cached_property

from policybase.caching import cached

PAGE_SIZE = 30


# Newest first, undated last, for one record's own rows (the meetings a person chaired;
# below, by their announcements' dates, the sentences citing a record). A date index holds
# dates DESC NULLS FIRST, so PostgreSQL cannot read this order off one: it sorts the
# record's rows, rather than walk every row newest first until a page of the record's
# turns up (a person's mentions at 1,000,000 announcements: 250 ms in memory, 8.6 s from
# disk).
NEWEST_FIRST = (F("date").desc(nulls_last=True), "pk")


# Orders of the sentences that cite a record, by their announcement's date (undated last).
MENTIONS_NEWEST_FIRST = (
    F("announcement__date").desc(nulls_last=True),
    "announcement__key",
    "start",
    "pk",
)


MENTIONS_OLDEST_FIRST = (
    F("announcement__date").asc(nulls_last=True),
    "announcement__key",
    "start",
    "pk",
)


# Hub pages (a ministry, a year) show the newest few of each kind and link to the search
# page for the rest: their cost must not grow with a ministry's or a year's records.
SECTION_ROWS = 20


# A long list's order is counted off in chunks of this many ids (a multiple of PAGE_SIZE,
# so a page lies in one chunk), each kept in the cache for the data version.
ORDER_CHUNK = 100 * PAGE_SIZE


class LongListPaginator(Paginator):
    """Pages of a long list. The total, and the list's ids in order, come from the cache
    while the data is unchanged: the ids are counted off (in a covering index) a chunk of
    ORDER_CHUNK at a time, so a deep page costs that count once per chunk, not per visit;
    only the page's rows are then fetched whole."""

    def __init__(self, object_list, per_page, cache_key):
        if ORDER_CHUNK % per_page:
            raise ValueError(f"pages of {per_page} would straddle chunks of {ORDER_CHUNK}")
        super().__init__(object_list, per_page)
        self.cache_key = cache_key

    @cached_property
    def count(self):
        return cached(f"{self.cache_key}:count", self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        chunk, offset = divmod(bottom, ORDER_CHUNK)
        ids = self._chunk_ids(chunk)[offset : offset + self.per_page]
        # The ids are in order already: unordered, the rows need no join or sort for it.
        rows = self.object_list.order_by().in_bulk(ids)
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def _chunk_ids(self, chunk):
        def count_off():
            start = chunk * ORDER_CHUNK
            return list(self.object_list.values_list("pk", flat=True)[start : start + ORDER_CHUNK])

        return cached(f"{self.cache_key}:ids:{chunk}", count_off)


class Section(list):
    """The first SECTION_ROWS rows of a queryset; ``more`` says whether others follow."""

    def __init__(self, rows):
        super().__init__(rows[:SECTION_ROWS])
        self.more = len(rows) > SECTION_ROWS


def first_rows(queryset):
    # One row beyond the section tells whether there are more, without counting them all.
    return Section(list(queryset[: SECTION_ROWS + 1]))


def page_of(request, queryset, size=PAGE_SIZE, param="page"):
    """The page of ``queryset`` that ``?<param>=`` asks for (a page with several lists
    gives each a parameter of its own); a bad or out-of-range number gives the nearest
    valid page."""
    page = Paginator(queryset, size).get_page(request.GET.get(param))
    page.param = param  # for the links of the page's JSON (formats.section_paging)
    return page


def long_page_of(request, queryset, size, cache_key):
    """page_of for a list that may be long (all announcements, programs, ...): see
    LongListPaginator. ``queryset`` is in a total order (ties broken by pk), so that ids
    counted off at different times fall in the same places."""
    return LongListPaginator(queryset, size, cache_key).get_page(request.GET.get("page"))


def mentions_page(request, record, order):
    """A page of the sentences that cite ``record`` (its ``evidence``), in ``order``, paged
    like a long list: a minister or a flagship strategy is cited in thousands of
    announcements, and sorting them all by date on each view grew with their number."""
    mentions = record.evidence.with_announcement().order_by(*order)
    key = f"{record._meta.model_name}-mentions-{record.pk}"
    return long_page_of(request, mentions, PAGE_SIZE, key)
