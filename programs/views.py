"""Pages of the policy layer: strategies, programs, centers, and search."""

import hashlib

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from policybase.caching import cached
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
    }
    return render(request, "programs/strategy_detail.html", context)


def program_list(request):
    programs = Program.objects.only("slug", "name").prefetch_related("amounts", "ministries")
    page = long_page_of(request, programs.order_by("name", "pk"), 50, "program-list")
    return render(request, "programs/program_list.html", {"page": page})


def program_detail(request, slug):
    program = get_object_or_404(Program.objects.select_related("strategy"), slug=slug)
    tie = program.evidence.with_announcement().filter(ties_strategy=True).first()
    amounts = BudgetAmount.objects.filter(program=program).prefetch_related(
        Prefetch("evidence", queryset=BudgetAmountEvidence.objects.with_announcement())
    )
    context = {
        "program": program,
        "tie": tie if program.strategy_id else None,
        "amounts": amounts,
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
    context = {
        "filter": search_filter,
        "page": page,
        "hits": hits,
        "query": query,
        "facets": results["facets"],
        "capped": len(results["ids"]) >= search_index.RANKED_MATCHES,
        "oldest_first": search_filter.chosen_sort() == "oldest",
        "querystring": state,
    }
    status = 400 if search_filter.errors else 200
    return render(request, "programs/search.html", context, status=status)


def _without_page(params):
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()
