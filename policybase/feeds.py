"""Atom feeds (Django's syndication framework): the newest announcements, a ministry's, a
strategy's new mentions and agenda items, a body's meetings, and any search. Each page
that has one names it in a <link rel="alternate" type="application/atom+xml">.

Titles and summaries come from press releases, which are untrusted: the feed writer
escapes every text it writes, and summaries are given as escaped text (their type is
html), so no markup from a release reaches a reader."""

import datetime
import hashlib

from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from documents.models import Announcement, Committee, Ministry
from documents.serializers import cited_at
from policybase.caching import cached
from policybase.views import newest_announcements
from programs.filters import SearchFilter
from programs.models import SearchEntry, Strategy

FEED_ITEMS = 50


def day_time(day):
    """A date as the midnight (UTC) that starts it; None stays None."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


class AtomFeed(Feed):
    feed_type = Atom1Feed
    author_name = "PolicyBase"

    def item_description(self, item):
        return escape(self.summary(item))

    def summary(self, item):
        return ""

    def item_title(self, item):
        return str(item)

    def item_updateddate(self, item):
        # Atom requires an entry's <updated>: the day it was published (an item is not
        # followed through later corrections). Undated items get the feed's own.
        return self.item_pubdate(item) or datetime.datetime.now(tz=datetime.UTC)

    def item_pubdate(self, item):
        return None


class AnnouncementFeed(AtomFeed):
    """Dated announcements, newest first: in the list pages' order, which an index holds
    (an undated one has no place among the news)."""

    def announcements(self, obj):
        return Announcement.objects.all()

    def items(self, obj):
        rows = self.announcements(obj).exclude(date=None).listed()
        return rows.prefetch_related("issuing_ministries").order_by("-date", "key")[:FEED_ITEMS]

    def item_title(self, announcement):
        return announcement.title

    def summary(self, announcement):
        issuers = ", ".join(ministry.name for ministry in announcement.issuing_ministries.all())
        return " · ".join(filter(None, [announcement.get_kind_display(), issuers]))

    def item_pubdate(self, announcement):
        return day_time(announcement.date)


class LatestAnnouncements(AnnouncementFeed):
    title = "PolicyBase: 최신 발표문"
    description = "과학기술 정책 보도자료, 최신순"

    def link(self):
        return reverse("announcement-list")


class MinistryAnnouncements(AnnouncementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Ministry, slug=slug)

    def items(self, ministry):
        """The newest it issued, as its page lists them: found the way the page finds
        them (views.newest_linked_ids: ordering every announcement of a ministry abolished
        long ago took seconds at 1,000,000), and cached with the page's."""
        issued = Announcement.issuing_ministries.through.objects.filter(ministry=ministry)
        [newest] = newest_announcements((issued, f"issued-{ministry.pk}"))
        dated = [announcement for announcement in newest if announcement.date]
        prefetch_related_objects(dated, "issuing_ministries")
        return dated

    def title(self, ministry):
        return f"PolicyBase: {ministry.name} 발표문"

    def link(self, ministry):
        return ministry.get_absolute_url()

    def description(self, ministry):
        return f"{ministry.name}이(가) 발표한 보도자료, 최신순"


class StrategyNews(AtomFeed):
    """A strategy's new mentions (each a sentence of an announcement) and the agenda items
    that bring it to a meeting, newest first."""

    def get_object(self, request, slug):
        return get_object_or_404(Strategy, slug=slug)

    def title(self, strategy):
        return f"PolicyBase: {strategy}"

    def link(self, strategy):
        return strategy.get_absolute_url()

    def description(self, strategy):
        return f"「{strategy}」을(를) 언급한 발표문과 상정된 안건, 최신순"

    def items(self, strategy):
        newest = F("announcement__date").desc(nulls_last=True)
        mentions = strategy.evidence.with_announcement().order_by(newest, "-start")
        items = strategy.agenda_items.select_related("meeting__committee").order_by(
            F("meeting__date").desc(nulls_last=True), "-order"
        )
        news = [*mentions[:FEED_ITEMS], *items[:FEED_ITEMS]]
        news.sort(key=lambda item: self.item_pubdate(item) or day_time(datetime.date.min))
        return news[::-1][:FEED_ITEMS]

    @staticmethod
    def is_mention(item):
        return hasattr(item, "quote")

    def item_title(self, item):
        if self.is_mention(item):
            return f"언급: {item.announcement.title}"
        return f"안건: {item.title} ({item.meeting.name})"

    def item_link(self, item):
        return cited_at(item) if self.is_mention(item) else item.get_absolute_url()

    def summary(self, item):
        return item.quote if self.is_mention(item) else item.meeting.name

    def item_pubdate(self, item):
        return day_time(item.announcement.date if self.is_mention(item) else item.meeting.date)


class BodyMeetings(AtomFeed):
    """A body's meetings, newest first."""

    def get_object(self, request, slug):
        return get_object_or_404(Committee, slug=slug)

    def title(self, committee):
        return f"PolicyBase: {committee.name} 회의"

    def link(self, committee):
        return committee.get_absolute_url()

    def description(self, committee):
        return f"{committee.name}의 회의, 최신순"

    def items(self, committee):
        meetings = committee.meetings.select_related("committee", "chair")
        return meetings.order_by(F("date").desc(nulls_last=True), "-series", "-number")[:FEED_ITEMS]

    def item_title(self, meeting):
        return meeting.name

    def summary(self, meeting):
        parts = [meeting.venue, str(meeting.chair) if meeting.chair else ""]
        return " · ".join(part for part in parts if part)

    def item_pubdate(self, meeting):
        return day_time(meeting.date)


class SearchResults(AtomFeed):
    """The first results of a search, with the search page's filters and order."""

    def get_object(self, request):
        search_filter = SearchFilter(request.GET)
        if search_filter.errors:
            raise BadSearch(search_filter.errors)
        search_filter.querystring = request.GET.urlencode()
        return search_filter

    def title(self, search_filter):
        query = search_filter.query()
        return f"PolicyBase 검색: {query}" if query else "PolicyBase 검색"

    def link(self, search_filter):
        return f"{reverse('search')}?{search_filter.querystring}"

    def description(self, search_filter):
        return "검색 결과 (검색 페이지와 같은 조건과 순서)"

    def items(self, search_filter):
        key = hashlib.sha256(search_filter.querystring.encode()).hexdigest()
        ids = cached(f"search-feed:{key}", search_filter.results)["ids"][:FEED_ITEMS]
        rows = SearchEntry.objects.defer("tokens").order_by().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def item_title(self, entry):
        return f"[{entry.get_kind_display()}] {entry.title}"

    def item_link(self, entry):
        return entry.url

    def summary(self, entry):
        return entry.body[:300]

    def item_pubdate(self, entry):
        return day_time(entry.date)


class BadSearch(ValueError):
    pass


def search_feed(request):
    """The search feed, or a 400 naming the bad parameters (never a 500)."""
    try:
        return SearchResults()(request)
    except BadSearch as error:
        fields = ", ".join(error.args[0])
        return HttpResponse(
            f"bad search parameters: {fields}\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    except ObjectDoesNotExist as error:
        raise Http404 from error
