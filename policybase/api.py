"""The read-only API under /api/ (Django REST framework; OpenAPI by drf-spectacular at
/api/schema/, its docs page at /api/docs/). Each record's fields are its serializer's, the
same as the pages' ``?format=json``; lists are paged (``count``, ``next``, ``previous``,
``results``). Anonymous clients are held to API_ANON_RATE requests, counted in the
default cache (shared by every app server with CACHE_URL=redis://...)."""

import hashlib

from django.db.models import F
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError

from documents import serializers as source
from documents.models import Announcement, Committee, Meeting, Ministry, Person
from policybase.caching import cached
from programs import serializers as policy
from programs.filters import SearchFilter
from programs.models import Center, Program, SearchEntry, Strategy

NEWEST_FIRST = F("date").desc(nulls_last=True)


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A kind of record: its list (paged) and each one, by its key or slug."""

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    detail_serializer_class = None
    detail_queryset = None

    def get_queryset(self):
        if self.action == "retrieve" and self.detail_queryset is not None:
            return self.detail_queryset
        return self.queryset

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class


class AnnouncementViewSet(RecordViewSet):
    """Announcements (press releases), newest first; each one with its text."""

    lookup_field = "key"
    queryset = (
        Announcement.objects.listed()
        .prefetch_related("issuing_ministries")
        .order_by(NEWEST_FIRST, "key")
    )
    serializer_class = source.AnnouncementSerializer
    detail_queryset = Announcement.objects.select_related("meeting__committee").prefetch_related(
        "issuing_ministries", "mentioned_ministries"
    )
    detail_serializer_class = source.AnnouncementDetailSerializer


class MinistryViewSet(RecordViewSet):
    """Ministries, one record per name and period."""

    queryset = Ministry.objects.prefetch_related("aliases").order_by("abolished", "name")
    serializer_class = source.MinistrySerializer


class CommitteeViewSet(RecordViewSet):
    """Bodies (committees, councils: 회의체)."""

    queryset = Committee.objects.select_related("parent", "ministry").order_by("name")
    serializer_class = source.CommitteeSerializer


class MeetingViewSet(RecordViewSet):
    """Meetings of the bodies, newest first (by id: a meeting has no key of its own)."""

    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"
    queryset = Meeting.objects.select_related("committee", "chair").order_by(NEWEST_FIRST, "pk")
    serializer_class = source.MeetingSerializer


class PersonViewSet(RecordViewSet):
    queryset = Person.objects.select_related("ministry").order_by("name", "title")
    serializer_class = source.PersonSerializer


class StrategyViewSet(RecordViewSet):
    """Strategies and plans, newest first; each one with its tasks and their evidence."""

    queryset = Strategy.objects.prefetch_related("ministries").order_by(NEWEST_FIRST, "title", "pk")
    serializer_class = policy.StrategySerializer
    detail_queryset = Strategy.objects.select_related("adopted_at__committee").prefetch_related(
        "ministries", "tasks__evidence__announcement"
    )
    detail_serializer_class = policy.StrategyDetailSerializer


class ProgramViewSet(RecordViewSet):
    """Programs (사업) with their budget amounts; each one with the amounts' evidence."""

    queryset = Program.objects.prefetch_related("amounts", "ministries").order_by("name", "pk")
    serializer_class = policy.ProgramSerializer
    detail_queryset = Program.objects.select_related("strategy").prefetch_related(
        "ministries", "amounts__evidence__announcement"
    )
    detail_serializer_class = policy.ProgramDetailSerializer


class CenterViewSet(RecordViewSet):
    queryset = Center.objects.order_by("region", "name", "pk")
    serializer_class = policy.CenterSerializer
    detail_queryset = Center.objects.select_related("strategy").prefetch_related(
        "operators__ministry"
    )
    detail_serializer_class = policy.CenterDetailSerializer


SEARCH_PARAMETERS = [
    OpenApiParameter(name, str, description=description)
    for name, description in [
        ("q", "free text (Korean words with or without spaces, particles dropped)"),
        ("ministry", "a ministry's slug, name or alias; its former and later names too"),
        ("year", "a year"),
        ("year_from", "from this year on"),
        ("year_to", "up to this year"),
        ("type", "announcement, strategy, agenda_item, program or center"),
        ("sort", "relevance (the default), date (newest first) or oldest"),
    ]
]


class SearchView(generics.ListAPIView):
    """The search page's results: the same parameters, the same order."""

    serializer_class = policy.SearchResultSerializer

    @extend_schema(parameters=SEARCH_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params.copy()
        params.pop("page", None)
        params.pop("format", None)
        search_filter = SearchFilter(params)
        if search_filter.errors:
            raise ValidationError(search_filter.errors)
        key = hashlib.sha256(params.urlencode().encode()).hexdigest()
        return cached(f"search:{key}", search_filter.results)["ids"]

    def paginate_queryset(self, ids):
        page = super().paginate_queryset(ids)
        rows = SearchEntry.objects.defer("tokens").order_by().in_bulk(page)
        return [rows[pk] for pk in page if pk in rows]
