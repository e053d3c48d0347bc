"""Pages of the source layer: home, announcements, ministries, bodies and meetings, people,
years. Each view states what it fetches, so a page's query count does not grow with rows."""

from collections import defaultdict
from functools import partial

from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property

from policybase.caching import cached
from programs.models import (
    AgendaItem,
    AgendaItemEvidence,
    Center,
    CenterEvidence,
    Program,
    ProgramEvidence,
    Strategy,
    StrategyEvidence,
)

from .models import (
    Announcement,
    Committee,
    Meeting,
    MeetingEvidence,
    Ministry,
    Person,
    PersonEvidence,
    Reorganisation,
    Statement,
)
from .parsing.layout import read_layout, to_markdown
from .rendering import render_body

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
# A ministry that still issues has one of its announcements among this many newest ones.
RECENT = 20_000


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
    return Paginator(queryset, size).get_page(request.GET.get(param))


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


def home(request):
    """What the knowledge base holds, the newest announcements, strategies by year."""
    context = {
        **cached("home-summary", _summary),
        "latest_announcements": Announcement.objects.listed()[:10],
        "latest_strategies": Strategy.objects.only("slug", "title", "draft", "date")[:10],
    }
    return render(request, "home.html", context)


def _summary():
    """The counts of each kind of record, and of strategies by year."""
    counted = [Announcement, Strategy, Meeting, AgendaItem, Program, Center, Person, Ministry]
    years = Strategy.objects.exclude(date=None).values("date__year").annotate(total=Count("pk"))
    return {
        "counts": [
            (str(model._meta.verbose_name_plural), model.objects.count()) for model in counted
        ],
        "strategy_years": list(years.order_by("-date__year")),
    }


def announcement_list(request):
    page = long_page_of(request, Announcement.objects.listed(), PAGE_SIZE, "announcement-list")
    add_issuer_names(page.object_list)
    return render(request, "documents/announcement_list.html", {"page": page})


def add_issuer_names(announcements):
    """Give each announcement ``issuer_names``, its issuing ministries' names, from one
    query. (A prefetch builds a related manager per row and per access: for a page of 30,
    three times the time of this.)"""
    links = Announcement.issuing_ministries.through.objects.filter(
        announcement_id__in=[announcement.pk for announcement in announcements]
    ).order_by("ministry__name", "ministry__established")
    names = defaultdict(list)
    for announcement_id, name in links.values_list("announcement_id", "ministry__name"):
        names[announcement_id].append(name)
    for announcement in announcements:
        announcement.issuer_names = names[announcement.pk]


def announcement_detail(request, key):
    announcement = get_object_or_404(
        Announcement.objects.without_texts()
        .select_related("meeting__committee")
        .prefetch_related("issuing_ministries", "mentioned_ministries"),
        key=key,
    )
    # Ordered by place in this text: the models' default order would join every row to
    # its announcement to sort by date, which is one date here.
    extracted = {
        name: list(rows.filter(announcement=announcement).select_related(related).order_by("start"))
        for name, rows, related in [
            ("strategies", StrategyEvidence.objects, "strategy"),
            ("programs", ProgramEvidence.objects, "program"),
            ("centers", CenterEvidence.objects, "center"),
            ("people", PersonEvidence.objects, "person"),
            ("meetings", MeetingEvidence.objects, "meeting__committee"),
            ("agenda_items", AgendaItemEvidence.objects, "agenda_item__meeting__committee"),
        ]
    }
    records = _distinct_records(extracted)
    entities = [
        (str(record), record.get_absolute_url()) for group in records.values() for record in group
    ]
    entities += [(r.title, r.get_absolute_url()) for r in records["strategies"]]
    anchors = sorted({(row.start, row.quote) for rows in extracted.values() for row in rows})
    context = {
        "announcement": announcement,
        "body": cached(
            f"body-{announcement.pk}-{announcement.content_hash}",
            lambda: _render(announcement, entities, anchors),
        ),
        "records": records,
        "statements": Statement.objects.filter(announcement=announcement)
        .select_related("person")
        .order_by("start"),
    }
    return render(request, "documents/announcement_detail.html", context)


def _render(announcement, entities, anchors):
    texts = Announcement.objects.filter(pk=announcement.pk).values_list("body_markdown", "text")
    markdown_text, text = texts.get()
    # A release stored without a Markdown body (a synthetic one) shows its text as paragraphs.
    return render_body(markdown_text or to_markdown(read_layout(text)), entities, anchors)


def _distinct_records(extracted):
    """Each record once, in the order of its first sentence in the text (``extracted``
    holds each kind's evidence rows in order of place)."""
    records = {}
    for name, rows in extracted.items():
        seen = {}
        for row in rows:
            record = getattr(row, row.record_field)
            seen.setdefault(record.pk, record)
        records[name] = list(seen.values())
    return records


def ministry_list(request):
    ministries = Ministry.objects.prefetch_related("aliases").order_by("abolished", "name")
    return render(request, "documents/ministry_list.html", {"ministries": ministries})


def ministry_detail(request, slug):
    """The ministry, its lineage, and the newest SECTION_ROWS records of each kind; the
    search page (linked from each section) has them all."""
    ministry = get_object_or_404(Ministry.objects.prefetch_related("aliases"), slug=slug)
    issued = Announcement.issuing_ministries.through.objects.filter(ministry=ministry)
    mentioned = Announcement.mentioned_ministries.through.objects.filter(ministry=ministry)
    announcements, mentioned_in = newest_announcements(
        (issued, f"issued-{ministry.pk}"), (mentioned, f"mentioned-{ministry.pk}")
    )
    steps = Reorganisation.objects.filter(Q(predecessor=ministry) | Q(successor=ministry))
    steps = steps.select_related("predecessor", "successor")
    steps = list(steps.order_by("date", "predecessor__name", "successor__name"))
    context = {
        "ministry": ministry,
        "predecessors": [step for step in steps if step.successor_id == ministry.pk],
        "successors": [step for step in steps if step.predecessor_id == ministry.pk],
        "announcements": announcements,
        "announcement_total": cached(f"ministry-issued-{ministry.pk}", issued.count),
        "mentioned_in": mentioned_in,
        "strategies": first_rows(ministry.strategies.only("slug", "title", "draft", "date")),
        "programs": first_rows(ministry.programs.only("slug", "name")),
        "centers": first_rows(ministry.centers.only("slug", "name", "provisional")),
        # No .only() on reverse foreign keys: Django reads the deferred key back per row.
        "committees": ministry.committees.all(),
        "people": first_rows(ministry.people.all()),
        "agenda_items": first_rows(
            ministry.presented_agenda_items.select_related("meeting__committee")
        ),
    }
    return render(request, "documents/ministry_detail.html", context)


def newest_announcements(*relations):
    """For each (links, cache key) of ``relations``, a Section of the newest announcements
    that ``links`` (rows of a ministry relation's table) point to, newest first with
    undated ones last; their ids are found once per data version (newest_linked_ids), and
    the rows of all the sections are read in one query."""
    sections = [
        cached(f"newest-linked-{key}", partial(newest_linked_ids, links))
        for links, key in relations
    ]
    wanted = [pk for ids in sections for pk in ids]
    rows = Announcement.objects.listed().order_by().in_bulk(wanted)  # put in order below
    return [Section([rows[pk] for pk in ids if pk in rows]) for ids in sections]


def newest_linked_ids(links):
    """The ids of the SECTION_ROWS + 1 newest announcements that ``links`` point to, then
    of as many undated ones.

    PostgreSQL finds them by reading all announcements newest first until enough are
    linked: quick for a ministry that still issues often, but for one abolished in 2013
    that read passes every announcement since (4 s at 1,000,000). So the read starts at the
    newest date among the linked ones (newest_linked_date). Even so, for a ministry that
    issued little it reads every older announcement (a hash join: 5 ms at 100,000 for one
    abolished in 2010), which is why the ids are cached."""
    linked = Announcement.objects.filter(pk__in=links.values("announcement_id"))
    newest = newest_linked_date(links, linked)
    dated = linked.filter(date__lte=newest) if newest else linked.none()
    undated = linked.filter(date=None).order_by("key")
    return [
        *dated.order_by("-date", "key").values_list("pk", flat=True)[: SECTION_ROWS + 1],
        *undated.values_list("pk", flat=True)[: SECTION_ROWS + 1],
    ]


def newest_linked_date(links, linked):
    """The newest date of the announcements ``links`` point to (``linked``). A ministry
    that still issues has one among the RECENT newest announcements: a maximum over those
    (PostgreSQL joins them to the ministry's links in one pass; ordering them and taking
    the first made it probe the links once per announcement). For any other, every link
    is joined to its announcement's date, read from the (id, date) index."""
    bound = recent_bound()
    recent = linked.filter(date__gte=bound) if bound else linked.none()
    newest = recent.aggregate(newest=Max("date"))["newest"]
    return newest or links.aggregate(newest=Max("announcement__date"))["newest"]


def recent_bound():
    """The date of the RECENT-th newest announcement (the oldest, if fewer), per data version."""

    def compute():
        newest = Announcement.objects.exclude(date=None).order_by("-date")[:RECENT]
        return [newest.aggregate(oldest=Min("date"))["oldest"]]

    return cached("recent-announcements-bound", compute)[0]


def committee_list(request):
    """Every body with its number of meetings. Counting them groups every meeting (joined
    to the bodies, 140 ms for 200,000 at 1,000,000 announcements; 33 ms from the index),
    so they are counted once per data version."""
    committees = list(Committee.objects.select_related("parent", "ministry"))
    totals = cached("committee-meeting-totals", _meeting_totals)
    for committee in committees:
        committee.meeting_total = totals.get(committee.pk, 0)
    return render(request, "documents/committee_list.html", {"committees": committees})


def _meeting_totals():
    """{committee id: its number of meetings}, for the bodies that have met."""
    return dict(Meeting.objects.order_by().values_list("committee").annotate(total=Count("pk")))


def committee_detail(request, slug):
    committee = get_object_or_404(Committee.objects.select_related("parent", "ministry"), slug=slug)
    context = {
        "committee": committee,
        "subcommittees": committee.subcommittees.all(),
        "meetings": page_of(request, committee.meetings.select_related("chair"), 50),
    }
    return render(request, "documents/committee_detail.html", context)


def meeting_detail(request, slug, part):
    committee = get_object_or_404(Committee, slug=slug)
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee", "chair"), pk=_meeting_pk(committee, part)
    )
    items = meeting.agenda_items.select_related("strategy").prefetch_related(
        "presenting_ministries"
    )
    siblings = committee.meetings.only("name", "series", "number", "date", "committee")
    earlier = siblings.filter(series__lte=meeting.series).exclude(pk=meeting.pk)
    context = {
        "meeting": meeting,
        "items": items,
        "reports": meeting.reports.listed(),
        "evidence": meeting.evidence.with_announcement(),
        "previous": _neighbour(
            earlier.order_by("-series", "-number", "-date"), meeting, before=True
        ),
        "next": _neighbour(siblings.order_by("series", "number", "date"), meeting, before=False),
    }
    return render(request, "documents/meeting_detail.html", context)


def _meeting_pk(committee, part):
    series, _, number = part.partition("-")
    meetings = committee.meetings.all()
    if series.isdigit() and number.isdigit():
        found = meetings.filter(series=int(series), number=int(number))
    else:
        found = meetings.filter(number=None, date=part) if _is_iso_date(part) else meetings.none()
    pk = found.values_list("pk", flat=True).first()
    if pk is None:
        raise Http404("회의를 찾을 수 없습니다.")
    return pk


def _is_iso_date(text):
    return len(text) == 10 and text[4] == "-" and text.replace("-", "").isdigit()


def _neighbour(ordered, meeting, before):
    """The meeting just before (or after) ``meeting`` in its body's numbering."""
    key = (meeting.series, meeting.number or 0)
    if before:
        return (
            ordered.filter(series=meeting.series, number__lt=key[1]).first()
            or ordered.filter(series__lt=meeting.series).first()
        )
    return (
        ordered.filter(series=meeting.series, number__gt=key[1]).first()
        or ordered.filter(series__gt=meeting.series).first()
    )


def person_list(request):
    people = (
        Person.objects.select_related("ministry")
        .annotate(statement_total=Count("statements"))
        .order_by("name", "title")
    )
    return render(request, "documents/person_list.html", {"page": page_of(request, people, 100)})


def person_detail(request, slug):
    """The person, and a page of each list: the meetings they chaired, their statements,
    the sentences that name them. A minister is named in thousands of announcements (2,500
    each at 1,000,000 synthetic ones: 300 ms to list them all), so each list is paged, and
    the mentions like a long list: sorting a person's 2,500 by date took 25 ms a view."""
    person = get_object_or_404(Person.objects.select_related("ministry"), slug=slug)
    chaired = person.chaired_meetings.select_related("committee")
    statements = person.statements.with_announcement().order_by(*MENTIONS_NEWEST_FIRST)
    context = {
        "person": person,
        "chaired": page_of(request, chaired.order_by(*NEWEST_FIRST), param="meetings"),
        "statements": page_of(request, statements, param="statements"),
        "evidence": mentions_page(request, person, MENTIONS_NEWEST_FIRST),
    }
    return render(request, "documents/person_detail.html", context)


def _announcement_years():
    return list(Announcement.objects.dates("date", "year", order="DESC"))


def year_detail(request, year):
    """The year's newest records of each kind; the search page has them all, by year."""
    if not 1900 <= year <= 2100:
        raise Http404("연도가 범위를 벗어났습니다.")
    in_year = {"date__year": year}
    programs = ProgramEvidence.objects.filter(announcement__date__year=year).values("program")
    context = {
        "year": year,
        "announcements": Announcement.objects.filter(**in_year).listed()[:SECTION_ROWS],
        "meetings": Meeting.objects.filter(**in_year)
        .select_related("committee")
        .order_by("-date")[:SECTION_ROWS],
        "strategies": Strategy.objects.filter(**in_year).only("slug", "title", "draft", "date")[
            :SECTION_ROWS
        ],
        "programs": Program.objects.filter(pk__in=programs[:SECTION_ROWS]).only("slug", "name"),
        "years": cached("announcement-years", _announcement_years),
    }
    return render(request, "documents/year_detail.html", context)
