"""Pages of the policy layer: strategies, programs, centers, and search."""

import hashlib

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from documents.serializers import EvidenceSerializer
from policybase import formats
from policybase.caching import cached
from policybase.charts import bar_chart
from policybase.paging import MENTIONS_OLDEST_FIRST, long_page_of, mentions_page, page_of

from . import search as search_index
from . import serializers
from .filters import SearchFilter
from .models import (
    BudgetAmount,
    BudgetAmountEvidence,
    Center,
    Program,
    SearchEntry,
    Strategy,
    StrategyTaskEvidence,
)
from .search import highlight
from .templatetags.policy import korean_amount


@formats.with_formats
def strategy_list(request):
    strategies = Strategy.objects.only("slug", "title", "draft", "date").prefetch_related(
        "ministries"
    )
    ordered = strategies.order_by("-date", "title", "pk")
    if request.data_format == "csv":
        return formats.csv_response(request, ordered, serializers.StrategySerializer, "strategies")
    page = long_page_of(request, ordered, 50, "strategy-list")
    if request.data_format == "json":
        return formats.json_page(request, page, serializers.StrategySerializer)
    return render(request, "programs/strategy_list.html", {"page": page})


@formats.detail_formats
def strategy_detail(request, slug):
    strategy = get_object_or_404(
        Strategy.objects.select_related("adopted_at__committee").prefetch_related("ministries"),
        slug=slug,
    )
    context = {
        "strategy": strategy,
        # Each lead ministry with the sentence that says so (the first, of many releases).
        "leads": strategy.leads.with_announcement()
        .select_related("ministry")
        .order_by("ministry__name", "announcement__date", "start")[:20],
        "timeline": mentions_page(request, strategy, MENTIONS_OLDEST_FIRST),
        "tasks": strategy.tasks.prefetch_related(
            Prefetch("evidence", queryset=StrategyTaskEvidence.objects.with_announcement())
        ),
        "agenda_items": page_of(
            request,
            strategy.agenda_items.select_related("meeting__committee", "strategy").order_by(
                "meeting", "order", "number", "pk"
            ),
            param="agenda",
        ),
        "programs": strategy.programs.prefetch_related("amounts"),
        "centers": strategy.centers.all(),
        "follows_up": strategy.relations_out.select_related("target"),
        "followed_by": strategy.relations_in.select_related("source"),
        "chart": strategy_timeline_chart(strategy),
    }
    if request.data_format == "json":
        prefetch_related_objects([strategy], Prefetch("tasks", queryset=context["tasks"]))
        return formats.json_record(
            request,
            strategy,
            serializers.StrategyDetailSerializer,
            {
                "leads": (context["leads"], serializers.StrategyLeadSerializer),
                "evidence": (context["timeline"], EvidenceSerializer),
                "agenda_items": (context["agenda_items"], serializers.AgendaItemSerializer),
                "programs": (
                    strategy.programs.prefetch_related("amounts", "ministries"),
                    serializers.ProgramSerializer,
                ),
                "centers": (context["centers"], serializers.CenterSerializer),
            },
        )
    return render(request, "programs/strategy_detail.html", context)


def strategy_timeline_chart(strategy):
    """Per year, the sentences that mention the strategy and the meetings that took it up,
    as a chart; both group every row of the strategy's, so they are counted once per data
    version."""

    def compute():
        mentions = strategy.evidence.exclude(announcement__date=None).values_list(
            "announcement__date__year"
        )
        meetings = strategy.agenda_items.exclude(meeting__date=None).values_list(
            "meeting__date__year"
        )
        return (
            dict(mentions.annotate(total=Count("pk")).order_by()),
            dict(meetings.annotate(total=Count("meeting", distinct=True)).order_by()),
        )

    mentions, meetings = cached(f"strategy-timeline-{strategy.pk}", compute)
    rows = []
    for year in sorted({*mentions, *meetings}):
        figures = [
            (counts.get(year, 0), f"{counts.get(year, 0):,}") for counts in (mentions, meetings)
        ]
        rows.append((str(year), figures, reverse("year-detail", args=[year])))
    return bar_chart(rows, [_("언급"), _("회의")])


def budget_chart(amounts):
    """A program's budget amounts by year (those the text dates), as a chart."""
    rows = [
        (str(amount.year), [(amount.value, korean_amount(amount.value, amount.currency))], "")
        for amount in sorted(amounts, key=lambda amount: (amount.year, amount.value))
        if amount.year and amount.value is not None
    ]
    return bar_chart(rows, [_("예산")])


@formats.with_formats
def program_list(request):
    programs = Program.objects.only("slug", "name").prefetch_related("amounts", "ministries")
    ordered = programs.order_by("name", "pk")
    if request.data_format == "csv":
        return formats.csv_response(request, ordered, serializers.ProgramSerializer, "programs")
    page = long_page_of(request, ordered, 50, "program-list")
    if request.data_format == "json":
        return formats.json_page(request, page, serializers.ProgramSerializer)
    return render(request, "programs/program_list.html", {"page": page})


@formats.detail_formats
def program_detail(request, slug):
    program = get_object_or_404(Program.objects.select_related("strategy"), slug=slug)
    tie = program.evidence.with_announcement().filter(ties_strategy=True).first()
    amounts_of_program = BudgetAmount.objects.filter(program=program).prefetch_related(
        Prefetch("evidence", queryset=BudgetAmountEvidence.objects.with_announcement())
    )
    amounts = list(amounts_of_program)
    context = {
        "program": program,
        "tie": tie if program.strategy_id else None,
        "amounts": amounts,
        "chart": budget_chart(amounts),
        "ministries": program.ministries.all(),
        "evidence": mentions_page(request, program, MENTIONS_OLDEST_FIRST),
    }
    if request.data_format == "json":
        prefetch_related_objects(
            [program], Prefetch("amounts", queryset=amounts_of_program), "ministries"
        )
        return formats.json_record(
            request,
            program,
            serializers.ProgramDetailSerializer,
            {"evidence": (context["evidence"], EvidenceSerializer)},
        )
    return render(request, "programs/program_detail.html", context)


@formats.with_formats
def center_list(request):
    centers = Center.objects.only("slug", "name", "provisional", "region", "country")
    ordered = centers.order_by("region", "name", "pk")
    if request.data_format == "csv":
        return formats.csv_response(request, ordered, serializers.CenterSerializer, "centers")
    page = long_page_of(request, ordered, 100, "center-list")
    if request.data_format == "json":
        return formats.json_page(request, page, serializers.CenterSerializer)
    return render(request, "programs/center_list.html", {"page": page})


@formats.detail_formats
def center_detail(request, slug):
    center = get_object_or_404(Center.objects.select_related("strategy"), slug=slug)
    tie = center.evidence.with_announcement().filter(ties_strategy=True).first()
    context = {
        "center": center,
        "tie": tie if center.strategy_id else None,
        "operators": center.operators.select_related("ministry"),
        "evidence": mentions_page(request, center, MENTIONS_OLDEST_FIRST),
    }
    if request.data_format == "json":
        prefetch_related_objects([center], Prefetch("operators", queryset=context["operators"]))
        return formats.json_record(
            request,
            center,
            serializers.CenterDetailSerializer,
            {"evidence": (context["evidence"], EvidenceSerializer)},
        )
    return render(request, "programs/center_detail.html", context)


@formats.with_formats
def search(request):
    """One search over every kind of record; the whole state lives in the query string.

    The ordered result ids (at most RANKED_MATCHES) and the facets of a search
    state are cached for the current data version, so a repeated search costs one query
    for the page's rows; any change to the data starts afresh."""
    search_filter = SearchFilter(request.GET or None)
    state = _without_page(request.GET)
    results = {"ids": [], "facets": {}}
    if search_filter.is_bound:
        key = hashlib.sha256(state.encode()).hexdigest()
        results = cached(f"search:{key}", search_filter.results)
    if request.data_format == "csv":
        return formats.csv_stream(
            request,
            (entries_in_order(ids) for ids in formats.chunks(results["ids"], formats.CSV_CHUNK)),
            serializers.SearchResultSerializer,
            "search",
        )
    page = Paginator(results["ids"], 20).get_page(request.GET.get("page"))
    if request.data_format == "json":
        return search_json(request, search_filter, page, results)
    rows = SearchEntry.objects.defer("tokens").order_by().in_bulk(list(page.object_list))
    query = search_filter.query()
    hits = [
        (entry, highlight(entry.title, query), highlight(entry.body, query, width=160))
        for entry in (rows[pk] for pk in page.object_list if pk in rows)
    ]
    named, widened_by = search_filter.lineage()
    context = {
        "filter": search_filter,
        "page": page,
        "hits": hits,
        "query": query,
        "facets": results["facets"],
        "facet_links": facet_links(results["facets"], request.GET),
        "chips": active_filters(search_filter, request.GET),
        "named_ministries": named,
        "widened_by": widened_by,
        "capped": len(results["ids"]) >= search_index.RANKED_MATCHES,
        "oldest_first": search_filter.chosen_sort() == "oldest",
        "querystring": state,
    }
    status = 400 if search_filter.errors else 200
    return render(request, "programs/search.html", context, status=status)


# The filters a reader can take off one at a time, in the order the form shows them.
CHIP_FIELDS = ("q", "ministry", "year", "year_from", "year_to", "type")


def with_param(params, name, value=None):
    """The query string of ``params`` with ``name`` set to ``value`` (taken out if None),
    every value of it replaced, and the page number dropped: a facet's link never repeats
    a parameter."""
    copy = params.copy()
    copy.pop("page", None)
    copy.pop(name, None)
    if value is not None:
        copy[name] = value
    return "?" + copy.urlencode()


def active_filters(search_filter, params):
    """(label, value as shown, the address without it) for each filter in use."""
    form = search_filter.form
    kinds = dict(SearchEntry.Kind.choices)
    chips = []
    for name in CHIP_FIELDS:
        value = params.get(name, "").strip()
        if value:
            shown = kinds.get(value, value) if name == "type" else value
            chips.append((form.fields[name].label, shown, with_param(params, name)))
    return chips


def facet_links(facets, params):
    """Each facet's choices as (label, total, address, chosen); the address sets that
    choice in place of the current one."""
    chosen = {name: params.get(name, "") for name in ("type", "year", "ministry")}
    return {
        "type": [
            (label, total, with_param(params, "type", kind), chosen["type"] == kind)
            for kind, label, total in facets.get("type", [])
        ],
        "year": [
            (str(year), total, with_param(params, "year", year), chosen["year"] == str(year))
            for year, total in facets.get("year", [])
        ],
        "ministry": [
            (name, total, with_param(params, "ministry", slug), chosen["ministry"] == slug)
            for slug, name, total in facets.get("ministry", [])
        ],
    }


def entries_in_order(ids):
    """The search entries ``ids``, in that order."""
    rows = SearchEntry.objects.defer("tokens").order_by().in_bulk(list(ids))
    return [rows[pk] for pk in ids if pk in rows]


def search_json(request, search_filter, page, results):
    """A page of search results as JSON, with the facets, and the form's errors (400)."""
    extra = {
        "errors": {field: list(errors) for field, errors in search_filter.errors.items()},
        "capped": len(results["ids"]) >= search_index.RANKED_MATCHES,
        "facets": {
            "type": [
                {"value": v, "label": label, "count": n}
                for v, label, n in results["facets"].get("type", [])
            ],
            "year": [{"value": year, "count": n} for year, n in results["facets"].get("year", [])],
            "ministry": [
                {"value": slug, "label": name, "count": n}
                for slug, name, n in results["facets"].get("ministry", [])
            ],
        },
    }
    response = formats.json_page(
        request,
        page,
        serializers.SearchResultSerializer,
        rows=entries_in_order(page.object_list),
        extra=extra,
    )
    response.status_code = 400 if search_filter.errors else 200
    return response


def _without_page(params):
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()
