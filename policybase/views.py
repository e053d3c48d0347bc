"""Pages that show both layers: home, a year, an announcement with every record drawn from
it, a ministry with what it issued and leads, a meeting with its agenda. They sit above
both apps, so that the source layer never imports the policy layer."""

from functools import partial

from django.db.models import Count, Max, Min, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from documents.models import (
    Announcement,
    Committee,
    Meeting,
    Ministry,
    Person,
    Reorganisation,
    Statement,
)
from documents.serializers import (
    AnnouncementDetailSerializer,
    AnnouncementSerializer,
    CommitteeSerializer,
    EvidenceSerializer,
    MeetingSerializer,
    MinistrySerializer,
    PersonSerializer,
    StatementSerializer,
)
from policybase import formats
from policybase.caching import cached
from policybase.charts import bar_chart
from policybase.paging import SECTION_ROWS, Section, first_rows
from programs.bodies import distinct_records, extracted_evidence
from programs.models import (
    AgendaItem,
    Center,
    Program,
    ProgramEvidence,
    Strategy,
)
from programs.serializers import (
    AgendaItemSerializer,
    CenterSerializer,
    ProgramSerializer,
    StrategySerializer,
)

# A ministry that still issues has one of its announcements among this many newest ones.
RECENT = 20_000


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


@formats.detail_formats
def announcement_detail(request, key):
    """The announcement's body as rendered when it was written, and every record drawn
    from it, in the order of its first sentence in the text."""
    announcement = get_object_or_404(
        Announcement.objects.without_texts()
        .select_related("meeting__committee")
        .prefetch_related("issuing_ministries", "mentioned_ministries"),
        key=key,
    )
    extracted = extracted_evidence([announcement.pk])[announcement.pk]
    if request.data_format == "json":
        return announcement_json(request, key, extracted)
    context = {
        "announcement": announcement,
        "records": distinct_records(extracted),
        "statements": Statement.objects.filter(announcement=announcement)
        .select_related("person")
        .order_by("start"),
    }
    return render(request, "documents/announcement_detail.html", context)


def announcement_json(request, key, extracted):
    """The announcement with its text, and every fact drawn from it: the record, with the
    offsets and quote of each sentence that states it."""
    announcement = Announcement.objects.select_related("meeting__committee").prefetch_related(
        "issuing_ministries", "mentioned_ministries"
    )
    announcement = announcement.get(key=key)
    serial = {"request": request}
    data = dict(AnnouncementDetailSerializer(announcement, context=serial).data)
    data["extracted"] = {
        kind: [
            {
                "record": formats.absolute_url(request, getattr(row, row.record_field)),
                "name": str(getattr(row, row.record_field)),
                "start": row.start,
                "end": row.end,
                "quote": row.quote,
            }
            for row in rows
        ]
        for kind, rows in extracted.items()
    }
    statements = Statement.objects.filter(announcement=announcement).with_announcement()
    statements = statements.select_related("person").order_by("start")
    data["statements"] = StatementSerializer(statements, many=True, context=serial).data
    return formats.json_response(data)


@formats.detail_formats
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
        "chart": ministry_year_chart(ministry, issued),
        "mentioned_in": mentioned_in,
        "strategies": first_rows(ministry.strategies.only("slug", "title", "draft", "date")),
        "programs": first_rows(ministry.programs.only("slug", "name")),
        "centers": first_rows(
            ministry.centers.only("slug", "name", "provisional", "region", "country")
        ),
        # No .only() on reverse foreign keys: Django reads the deferred key back per row.
        "committees": ministry.committees.select_related("parent"),
        "people": first_rows(ministry.people.all()),
        "agenda_items": first_rows(
            ministry.presented_agenda_items.select_related("meeting__committee", "strategy")
        ),
    }
    if request.data_format == "json":
        prefetch_related_objects(context["strategies"], "ministries")
        prefetch_related_objects(context["programs"], "amounts", "ministries")
        return formats.json_record(
            request,
            ministry,
            MinistrySerializer,
            {
                "predecessors": (
                    [step.predecessor for step in context["predecessors"]],
                    MinistrySerializer,
                ),
                "successors": (
                    [step.successor for step in context["successors"]],
                    MinistrySerializer,
                ),
                "announcements": (with_issuers(announcements), AnnouncementSerializer),
                "mentioned_in": (with_issuers(mentioned_in), AnnouncementSerializer),
                "strategies": (context["strategies"], StrategySerializer),
                "programs": (context["programs"], ProgramSerializer),
                "centers": (context["centers"], CenterSerializer),
                "committees": (context["committees"], CommitteeSerializer),
                "people": (context["people"], PersonSerializer),
                "agenda_items": (context["agenda_items"], AgendaItemSerializer),
            },
        )
    return render(request, "documents/ministry_detail.html", context)


def ministry_year_chart(ministry, issued):
    """The ministry's announcements per year, as a chart; the counts group every link of
    the ministry, so they are counted once per data version."""

    def compute():
        years = issued.exclude(announcement__date=None).values_list("announcement__date__year")
        return list(years.annotate(total=Count("pk")).order_by("announcement__date__year"))

    rows = [
        (str(year), [(total, f"{total:,}")], reverse("year-detail", args=[year]))
        for year, total in cached(f"ministry-years-{ministry.pk}", compute)
    ]
    return bar_chart(rows, [_("발표문")])


def year_ministry_chart(year):
    """The year's announcements by issuing ministry (the 15 that issued most), as a chart,
    counted once per data version."""

    def compute():
        links = Announcement.issuing_ministries.through.objects.filter(
            announcement__date__year=year
        ).values_list("ministry__slug", "ministry__name", "ministry__name_en")
        return list(links.annotate(total=Count("pk")).order_by("-total", "ministry__name")[:15])

    english = translation.get_language() == "en"
    rows = [
        (
            (english and name_en) or name,
            [(total, f"{total:,}")],
            reverse("ministry-detail", args=[slug]),
            "ko" if english and not name_en else "",
        )
        for slug, name, name_en, total in cached(f"year-ministries-{year}", compute)
    ]
    return bar_chart(rows, [_("발표문")])


def with_issuers(announcements):
    prefetch_related_objects(announcements, "issuing_ministries")
    return announcements


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


@formats.detail_formats
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
    if request.data_format == "json":
        return formats.json_record(
            request,
            meeting,
            MeetingSerializer,
            {
                "agenda_items": (items.select_related("meeting__committee"), AgendaItemSerializer),
                "reports": (
                    meeting.reports.listed().prefetch_related("issuing_ministries"),
                    AnnouncementSerializer,
                ),
                "evidence": (context["evidence"], EvidenceSerializer),
            },
        )
    return render(request, "documents/meeting_detail.html", context)


def _meeting_pk(committee, part):
    series, _, number = part.partition("-")
    meetings = committee.meetings.all()
    if series.isdigit() and number.isdigit():
        found = meetings.filter(series=int(series), number=int(number))
    elif part == "undated":  # an upcoming meeting the text names without a number or day
        found = meetings.filter(number=None, date=None).order_by("pk")
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


def _announcement_years():
    return list(Announcement.objects.dates("date", "year", order="DESC"))


@formats.detail_formats
def year_detail(request, year):
    """The year's newest records of each kind; the search page has them all, by year."""
    if not 1900 <= year <= 2100:
        raise Http404("연도가 범위를 벗어났습니다.")
    in_year = {"date__year": year}
    serial = {"request": request}
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
        "chart": year_ministry_chart(year),
    }
    if request.data_format == "json":
        return formats.json_response(
            {
                "year": year,
                "announcements": AnnouncementSerializer(
                    with_issuers(list(context["announcements"])), many=True, context=serial
                ).data,
                "meetings": MeetingSerializer(
                    context["meetings"].select_related("chair"), many=True, context=serial
                ).data,
                "strategies": StrategySerializer(
                    context["strategies"].prefetch_related("ministries"), many=True, context=serial
                ).data,
                "programs": ProgramSerializer(
                    context["programs"].prefetch_related("amounts", "ministries"),
                    many=True,
                    context=serial,
                ).data,
            }
        )
    return render(request, "documents/year_detail.html", context)
