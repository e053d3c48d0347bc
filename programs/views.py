"""Pages of the policy layer: strategies, programs, centers, and search."""

import hashlib

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from policybase.caching import cached
from policybase.charts import bar_chart
from policybase.paging import MENTIONS_OLDEST_FIRST, long_page_of, mentions_page, page_of

from . import search as search_index
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


def strategy_list(request):
    strategies = Strategy.objects.only("slug", "title", "draft", "date").prefetch_related(
        "ministries"
    )
    page = long_page_of(request, strategies.order_by("-date", "title", "pk"), 50, "strategy-list")
    return render(request, "programs/strategy_list.html", {"page": page})


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
            strategy.agenda_items.select_related("meeting__committee").order_by(
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


def program_list(request):
    programs = Program.objects.only("slug", "name").prefetch_related("amounts", "ministries")
    page = long_page_of(request, programs.order_by("name", "pk"), 50, "program-list")
    return render(request, "programs/program_list.html", {"page": page})


def program_detail(request, slug):
    program = get_object_or_404(Program.objects.select_related("strategy"), slug=slug)
    tie = program.evidence.with_announcement().filter(ties_strategy=True).first()
    amounts = list(
        BudgetAmount.objects.filter(program=program).prefetch_related(
            Prefetch("evidence", queryset=BudgetAmountEvidence.objects.with_announcement())
        )
    )
    context = {
        "program": program,
        "tie": tie if program.strategy_id else None,
        "amounts": amounts,
        "chart": budget_chart(amounts),
        "ministries": program.ministries.all(),
        "evidence": mentions_page(request, program, MENTIONS_OLDEST_FIRST),
    }
    return render(request, "programs/program_detail.html", context)


def center_list(request):
    centers = Center.objects.only("slug", "name", "provisional", "region", "country")
    page = long_page_of(request, centers.order_by("region", "name", "pk"), 100, "center-list")
    return render(request, "programs/center_list.html", {"page": page})


def center_detail(request, slug):
    center = get_object_or_404(Center.objects.select_related("strategy"), slug=slug)
    tie = center.evidence.with_announcement().filter(ties_strategy=True).first()
    context = {
        "center": center,
        "tie": tie if center.strategy_id else None,
        "operators": center.operators.select_related("ministry"),
        "evidence": mentions_page(request, center, MENTIONS_OLDEST_FIRST),
    }
    return render(request, "programs/center_detail.html", context)


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
    page = Paginator(results["ids"], 20).get_page(request.GET.get("page"))
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


def _without_page(params):
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()
