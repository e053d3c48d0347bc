"""The search form: free text, ministry (with its former and later names), year, type."""

import datetime
from collections import Counter

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


class YearFilter(django_filters.NumberFilter):
    """A whole year, 1900-2100."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1900, max_value=2100, **kwargs)


class SearchFilter(django_filters.FilterSet):
    # No max_length: a long query is cut to search.MAX_QUERY_LENGTH rather than refused.
    q = django_filters.CharFilter(label=_("검색어"), method="filter_text")
    ministry = django_filters.CharFilter(label=_("부처"), method="filter_ministry", max_length=100)
    # Years by the date marks of the search index (search.of_period), which the GIN index
    # answers with the words and the ministry.
    year = YearFilter(label=_("연도"), method="filter_years")
    year_from = YearFilter(label=_("부터"), method="filter_years")
    year_to = YearFilter(label=_("까지"), method="filter_years")
    type = django_filters.ChoiceFilter(
        label=_("종류"), field_name="kind", choices=SearchEntry.Kind.choices, empty_label=_("전체")
    )
    sort = django_filters.ChoiceFilter(
        label=_("정렬"),
        method="sort_results",
        choices=[("relevance", _("관련도순")), ("date", _("최신순")), ("oldest", _("오래된순"))],
        empty_label=None,
    )

    class Meta:
        model = SearchEntry
        fields = []

    def valid_values(self):
        """The values of the fields that are valid: a wrong value in one field (a year
        "abc") leaves out that field only, and the search runs on the others."""
        if not self.is_bound:
            return {}
        self.form.is_valid()  # fills cleaned_data with the valid fields
        return self.form.cleaned_data

    def query(self):
        """The cleaned free-text query, or "" when there is none (or it is invalid)."""
        return search.clean_query(self.valid_values().get("q") or "")

    def lineage(self):
        """(the ministries the ministry field names, the others of their lineage that the
        search also covers), by name; two empty lists without a ministry."""
        value = (self.valid_values().get("ministry") or "").strip()
        if not value:
            return [], []
        named = Ministry.objects.filter(Q(slug=value) | Q(name=value) | Q(aliases__name=value))
        named_ids = set(named.values_list("pk", flat=True))
        ministries = Ministry.objects.filter(pk__in=ministry_lineage(value)).order_by(
            "established", "name"
        )
        named_list = [m for m in ministries if m.pk in named_ids]
        return named_list, [m for m in ministries if m.pk not in named_ids]

    def filter_text(self, queryset, name, value):
        return search.matching(queryset, self.query())

    def filter_ministry(self, queryset, name, value):
        lineage = Ministry.objects.filter(pk__in=ministry_lineage(value.strip()))
        return search.of_ministries(queryset, lineage.values_list("slug", flat=True))

    def filter_years(self, queryset, name, value):
        """Entries of the year ``value`` (``name`` "year"), from it on ("year_from") or up
        to it ("year_to"). An open end stops at the oldest or newest dated entry."""
        first, last = value, value
        if name == "year_from" and (newest := search.window_bound(1)):
            last = max(value, newest.year)
        elif name == "year_to" and (oldest := search.window_bound(1, oldest=True)):
            first = min(value, oldest.year)
        return search.of_period(queryset, datetime.date(first, 1, 1), datetime.date(last, 12, 31))

    def sort_results(self, queryset, name, value):
        return queryset  # the order is applied in results()

    def chosen_sort(self):
        """The chosen order: "oldest", "date", or "relevance" (also when none is chosen: "")."""
        return self.valid_values().get("sort") or ""

    def first_day(self, oldest):
        """Where the chosen years begin in the order of the results: the last day of the
        latest year a result may have (newest first), the first day of the earliest
        (oldest first); None when no year bounds that end."""
        data = self.valid_values()
        bounds = [data.get(name) for name in ("year", "year_from" if oldest else "year_to")]
        years = [year for year in bounds if year is not None]
        if not years:
            return None
        return datetime.date(max(years), 1, 1) if oldest else datetime.date(min(years), 12, 31)

    def results(self):
        """{"ids": the results' ids in order, "facets": counts by type, year and ministry}.

        The results are the first search.RANKED_MATCHES matches in date order: ranking or
        even sorting every match of a word that is in most documents costs more than any
        reader waits for. By relevance, those whose title holds every word come first.
        The facets count the results (so a very common word stays fast): their types and
        years read with them, their ministries in one more query."""
        sort, query = self.chosen_sort(), self.query()
        rows = search.first_in_order(
            self.qs.values_list("pk", "kind", "year", "title_tokens"),
            search.RANKED_MATCHES,
            oldest=sort == "oldest",
            start=self.first_day(oldest=sort == "oldest"),
        )
        ids = [pk for pk, _, _, _ in rows]
        if query and sort not in ("date", "oldest"):  # by relevance
            groups = search.query_groups(query)
            in_title = {pk for pk, _, _, tokens in rows if search.holds_every_group(groups, tokens)}
            # A stable partition: each part stays newest first.
            ids = [pk for pk in ids if pk in in_title] + [pk for pk in ids if pk not in in_title]
        return {"ids": ids, "facets": self._facets(rows, ids)}

    def _facets(self, rows, ids):
        kinds = dict(SearchEntry.Kind.choices)
        by_kind = Counter(kind for _, kind, _, _ in rows)
        by_year = Counter(year for _, _, year, _ in rows if year is not None)
        links = SearchEntry.ministries.through.objects.filter(searchentry_id__in=search.among(ids))
        by_ministry = Counter(links.values_list("ministry__slug", "ministry__name"))
        return {
            "type": [
                (kind, kinds.get(kind, kind), total)
                for kind, total in sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))
            ],
            "year": sorted(by_year.items(), reverse=True)[:30],
            "ministry": [
                (slug, name, total)
                for (slug, name), total in sorted(
                    by_ministry.items(), key=lambda item: (-item[1], item[0][1])
                )[:20]
            ],
        }
