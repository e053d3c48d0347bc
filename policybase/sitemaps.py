"""The sitemap (Django's sitemaps framework): an index at /sitemap.xml naming a section per
kind of record, each split into pages of LIMIT addresses as the archive grows."""

from django.contrib.sitemaps import Sitemap

from documents.models import Announcement, Committee, Meeting, Ministry, Person
from programs.models import Center, Program, Strategy

LIMIT = 10_000


class RecordSitemap(Sitemap):
    limit = LIMIT
    queryset = None

    def items(self):
        return self.queryset


class AnnouncementSitemap(RecordSitemap):
    queryset = Announcement.objects.only("key", "updated_at").order_by("pk")

    def lastmod(self, announcement):
        return announcement.updated_at


def of(queryset):
    return type("Sitemap", (RecordSitemap,), {"queryset": queryset})


SITEMAPS = {
    "announcements": AnnouncementSitemap,
    "ministries": of(Ministry.objects.only("slug").order_by("pk")),
    "bodies": of(Committee.objects.only("slug").order_by("pk")),
    "meetings": of(
        Meeting.objects.select_related("committee")
        .only("series", "number", "date", "committee__slug")
        .order_by("pk")
    ),
    "people": of(Person.objects.only("slug").order_by("pk")),
    "strategies": of(Strategy.objects.only("slug").order_by("pk")),
    "programs": of(Program.objects.only("slug").order_by("pk")),
    "centers": of(Center.objects.only("slug").order_by("pk")),
}
