"""Pages of the source layer: announcements, ministries, bodies, people. Each view states
what it fetches, so a page's query count does not grow with rows."""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from policybase import formats
from policybase.caching import cached
from policybase.paging import (
    MENTIONS_NEWEST_FIRST,
    NEWEST_FIRST,
    PAGE_SIZE,
    long_page_of,
    mentions_page,
    page_of,
)

from . import serializers
from .models import Announcement, Committee, Meeting, Ministry, Person


@formats.with_formats
def announcement_list(request):
    listed = Announcement.objects.listed()
    if request.data_format == "csv":
        return formats.csv_response(
            request,
            listed,
            serializers.AnnouncementSerializer,
            "announcements",
            prefetch=["issuing_ministries"],
        )
    page = long_page_of(request, listed, PAGE_SIZE, "announcement-list")
    if request.data_format == "json":
        return formats.json_page(
            request, page, serializers.AnnouncementSerializer, prefetch=["issuing_ministries"]
        )
    add_issuer_names(page.object_list)
    return render(request, "documents/announcement_list.html", {"page": page})


def add_issuer_names(announcements):
    """Give each announcement ``issuer_names``, its issuing ministries' (Korean name,
    English name), from one query. (A prefetch builds a related manager per row and per
    access: for a page of 30, three times the time of this.)"""
    links = Announcement.issuing_ministries.through.objects.filter(
        announcement_id__in=[announcement.pk for announcement in announcements]
    ).order_by("ministry__name", "ministry__established")
    names = defaultdict(list)
    rows = links.values_list("announcement_id", "ministry__name", "ministry__name_en")
    for announcement_id, name, name_en in rows:
        names[announcement_id].append((name, name_en))
    for announcement in announcements:
        announcement.issuer_names = names[announcement.pk]


@formats.with_formats
def ministry_list(request):
    ministries = Ministry.objects.prefetch_related("aliases").order_by("abolished", "name")
    if request.data_format != "html":
        return whole_list(request, ministries, serializers.MinistrySerializer, "ministries")
    return render(request, "documents/ministry_list.html", {"ministries": ministries})


def whole_list(request, rows, serializer, name):
    """A list shown whole on one page (ministries, bodies) as JSON or CSV."""
    if request.data_format == "csv":
        return formats.csv_stream(request, [list(rows)], serializer, name)
    page = Paginator(list(rows), max(len(rows), 1)).page(1)
    return formats.json_page(request, page, serializer)


@formats.with_formats
def committee_list(request):
    """Every body with its number of meetings. Counting them groups every meeting (joined
    to the bodies, 140 ms for 200,000 at 1,000,000 announcements; 33 ms from the index),
    so they are counted once per data version."""
    committees = list(Committee.objects.select_related("parent", "ministry"))
    totals = cached("committee-meeting-totals", _meeting_totals)
    for committee in committees:
        committee.meeting_total = totals.get(committee.pk, 0)
    if request.data_format != "html":
        return whole_list(request, committees, serializers.CommitteeSerializer, "bodies")
    return render(request, "documents/committee_list.html", {"committees": committees})


def _meeting_totals():
    """{committee id: its number of meetings}, for the bodies that have met."""
    return dict(Meeting.objects.order_by().values_list("committee").annotate(total=Count("pk")))


@formats.with_formats  # CSV: the body's meetings
def committee_detail(request, slug):
    committee = get_object_or_404(Committee.objects.select_related("parent", "ministry"), slug=slug)
    meetings = committee.meetings.select_related("committee", "chair")
    if request.data_format == "csv":
        return formats.csv_response(request, meetings, serializers.MeetingSerializer, slug)
    context = {
        "committee": committee,
        "subcommittees": committee.subcommittees.all(),
        "meetings": page_of(request, meetings, 50),
    }
    if request.data_format == "json":
        return formats.json_record(
            request,
            committee,
            serializers.CommitteeSerializer,
            {
                "subcommittees": (context["subcommittees"], serializers.CommitteeSerializer),
                "meetings": (context["meetings"], serializers.MeetingSerializer),
            },
        )
    return render(request, "documents/committee_detail.html", context)


@formats.with_formats
def person_list(request):
    people = (
        Person.objects.select_related("ministry")
        .annotate(statement_total=Count("statements"))
        .order_by("name", "title")
    )
    if request.data_format == "csv":
        return formats.csv_response(request, people, serializers.PersonSerializer, "people")
    page = page_of(request, people, 100)
    if request.data_format == "json":
        return formats.json_page(request, page, serializers.PersonSerializer)
    return render(request, "documents/person_list.html", {"page": page})


@formats.detail_formats
def person_detail(request, slug):
    """The person, and a page of each list: the meetings they chaired, their statements,
    the sentences that name them. A minister is named in thousands of announcements (2,500
    each at 1,000,000 synthetic ones: 300 ms to list them all), so each list is paged, and
    the mentions like a long list: sorting a person's 2,500 by date took 25 ms a view."""
    person = get_object_or_404(Person.objects.select_related("ministry"), slug=slug)
    chaired = person.chaired_meetings.select_related("committee", "chair")
    statements = person.statements.with_announcement().order_by(*MENTIONS_NEWEST_FIRST)
    context = {
        "person": person,
        "chaired": page_of(request, chaired.order_by(*NEWEST_FIRST), param="meetings"),
        "statements": page_of(request, statements, param="statements"),
        "evidence": mentions_page(request, person, MENTIONS_NEWEST_FIRST),
    }
    if request.data_format == "json":
        return formats.json_record(
            request,
            person,
            serializers.PersonSerializer,
            {
                "chaired": (context["chaired"], serializers.MeetingSerializer),
                "statements": (context["statements"], serializers.StatementSerializer),
                "evidence": (context["evidence"], serializers.EvidenceSerializer),
            },
        )
    return render(request, "documents/person_detail.html", context)
