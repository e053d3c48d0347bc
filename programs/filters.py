"""The search form: free text, ministry (with its former and later names), year, type."""

import django_filters
from django.db.models import Case, Count, Q, Value, When

from documents.models import Ministry, Reorganisation

from . import search
from .models import SearchEntry


def ministry_lineage(value):
    """The ministries ``value`` (a slug, name or alias) names, with every predecessor and
    successor: 과기정통부 also finds what 미래창조과학부 and 교육과학기술부 issued."""
    found = set(
        Ministry.objects.filter(Q(slug=value) | Q(name=value) | Q(aliases__name=value)).values_list(
            "pk", flat=True
        )
    )
    edges = list(Reorganisation.objects.values_list("predecessor_id", "successor_id"))
    lineage, frontier = set(found), list(found)
    while frontier:
        current = frontier.pop()
        for before, after in edges:
            for neighbour in (before, after) if current in (before, after) else ():
                if neighbour not in lineage:
                    lineage.add(neighbour)
                    frontier.append(neighbour)
    return lineage


class SearchFilter(django_filters.FilterSet):
    # No max_length: a long query is cut to search.MAX_QUERY_LENGTH rather than refused.
    q = django_filters.CharFilter(label="검색어", method="filter_text")
    ministry = django_filters.CharFilter(label="부처", method="filter_ministry", max_length=100)
    year = django_filters.NumberFilter(
        label="연도", field_name="year", min_value=1900, max_value=2100
    )
    year_from = django_filters.NumberFilter(
        label="부터", field_name="year", lookup_expr="gte", min_value=1900, max_value=2100
    )
    year_to = django_filters.NumberFilter(
        label="까지", field_name="year", lookup_expr="lte", min_value=1900, max_value=2100
    )
    type = django_filters.ChoiceFilter(
        label="종류", field_name="kind", choices=SearchEntry.Kind.choices
    )
    sort = django_filters.ChoiceFilter(
        label="정렬",
        method="sort_results",
        choices=[("relevance", "관련도순"), ("date", "최신순"), ("oldest", "오래된순")],
        empty_label=None,
    )

    class Meta:
        model = SearchEntry
        fields = []

    def query(self):
        """The cleaned free-text query, or "" when there is none (or the form is invalid)."""
        if not self.is_bound or not self.is_valid():
            return ""
        return search.clean_query(self.form.cleaned_data.get("q") or "")

    def filter_text(self, queryset, name, value):
        return search.matching(queryset, self.query())

    def filter_ministry(self, queryset, name, value):
        return queryset.filter(ministries__in=ministry_lineage(value.strip())).distinct()

    def sort_results(self, queryset, name, value):
        return queryset  # ordering is applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.chosen_sort()
        # Results are the first search.RANKED_MATCHES in date order: ranking or even
        # sorting every match of a word that is in most documents costs more than any
        # reader waits for.
        first = search.first_in_order(queryset, search.RANKED_MATCHES, oldest=sort == "oldest")
        shown = SearchEntry.objects.filter(pk__in=first)
        query = self.query()
        if sort == "oldest":
            return shown.order_by(*search.OLDEST_FIRST)
        if not query or sort == "date":
            return shown.order_by(*search.NEWEST_FIRST)
        in_title = Case(When(search.title_match(query), then=Value(1)), default=Value(0))
        return shown.annotate(in_title=in_title).order_by("-in_title", *search.NEWEST_FIRST)

    def chosen_sort(self):
        """The chosen order: "oldest", "date" or "" (relevance)."""
        return self.form.cleaned_data.get("sort") if self.is_bound and self.is_valid() else ""

    def result_ids(self):
        """The ids of the results in their order, fetched once."""
        if not hasattr(self, "_result_ids"):
            self._result_ids = list(self.qs.values_list("pk", flat=True))
        return self._result_ids

    def facets(self):
        """Counts by type, year and ministry, over the results (at most
        search.RANKED_MATCHES, so a very common word stays fast)."""
        results = SearchEntry.objects.filter(pk__in=self.result_ids())
        kinds = dict(SearchEntry.Kind.choices)
        return {
            "type": [
                (row["kind"], kinds.get(row["kind"], row["kind"]), row["total"])
                for row in results.values("kind")
                .annotate(total=Count("pk", distinct=True))
                .order_by("-total")
            ],
            "year": list(
                results.exclude(year=None)
                .values_list("year")
                .annotate(total=Count("pk", distinct=True))
                .order_by("-year")[:30]
            ),
            "ministry": list(
                results.exclude(ministries=None)
                .values_list("ministries__slug", "ministries__name")
                .annotate(total=Count("pk", distinct=True))
                .order_by("-total", "ministries__name")[:20]
            ),
        }
