"""The fields of each source-layer record, defined once: for ``?format=json`` and
``?format=csv`` on the pages, the API (/api/) and the bulk dump. Field names are stable;
a record links to others by their absolute URLs; evidence carries the announcement, the
offsets into its ``text`` and the quoted sentence."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Announcement, Committee, Meeting, Ministry, Person


def absolute(context, path):
    """``path`` as an absolute URL: from the request, or (without one, in the bulk dump)
    from SITE_URL."""
    request = context.get("request")
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """The absolute URL of a record's page: the field's record (``source="*"``: this one)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, record):
        if record is None:
            return None
        # A ministry is linked from thousands of rows of an export: its URL is made once
        # per serialization (the context is the serialization's, so this stays bounded).
        links = self.context.setdefault("links", {}) if isinstance(self.context, dict) else {}
        key = (type(record), record.pk)
        if key not in links:
            links[key] = absolute(self.context, record.get_absolute_url())
        return links[key]


class RefSerializer(serializers.Serializer):
    """Another record, named and linked."""

    name = serializers.CharField(source="__str__")
    url = LinkField(source="*")


class MinistryRefSerializer(serializers.ModelSerializer):
    url = LinkField(source="*")

    class Meta:
        model = Ministry
        fields = ["url", "slug", "name"]


class EvidenceSerializer(serializers.Serializer):
    """Where a fact stands: the announcement, offsets into its text, the quoted sentence.
    Rows come with their announcement (QuotedSpanQuerySet.with_announcement)."""

    announcement = LinkField()
    cited_at = serializers.SerializerMethodField()
    announcement_key = serializers.CharField(source="announcement.key")
    announcement_title = serializers.CharField(source="announcement.title")
    announcement_date = serializers.DateField(source="announcement.date")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    quote = serializers.CharField()

    def get_cited_at(self, span) -> str:
        """The sentence's place in the announcement's page (its highlighted anchor)."""
        return absolute(self.context, cited_at(span))


def cited_at(span):
    return f"{span.announcement.get_absolute_url()}#ev-{span.start}"


class AnnouncementSerializer(serializers.ModelSerializer):
    """An announcement as a list shows it (prefetch ``issuing_ministries``)."""

    url = LinkField(source="*")
    issuing_ministries = MinistryRefSerializer(many=True)

    class Meta:
        model = Announcement
        fields = ["url", "key", "title", "date", "date_inferred", "kind", "issuing_ministries"]


class AnnouncementDetailSerializer(AnnouncementSerializer):
    """An announcement whole: its text (the offsets of every evidence point into it)."""

    mentioned_ministries = MinistryRefSerializer(many=True)
    meeting = LinkField()

    class Meta(AnnouncementSerializer.Meta):
        fields = [
            *AnnouncementSerializer.Meta.fields,
            "subtitles",
            "date_precision",
            "source_name",
            "source_url",
            "mentioned_ministries",
            "meeting",
            "contacts",
            "text",
        ]


class MinistrySerializer(serializers.ModelSerializer):
    url = LinkField(source="*")
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Ministry
        fields = [
            "url",
            "slug",
            "name",
            "short_name",
            "name_en",
            "acronym",
            "kind",
            "established",
            "abolished",
            "aliases",
        ]


class CommitteeSerializer(serializers.ModelSerializer):
    """A body (회의체); select ``parent`` and ``ministry``."""

    url = LinkField(source="*")
    parent = LinkField()
    ministry = LinkField()

    class Meta:
        model = Committee
        fields = ["url", "slug", "name", "short_name", "name_en", "parent", "ministry"]


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting; select ``committee`` and ``chair``."""

    url = LinkField(source="*")
    committee = LinkField()
    committee_name = serializers.CharField(source="committee.name")
    chair = LinkField()

    class Meta:
        model = Meeting
        fields = [
            "url",
            "committee",
            "committee_name",
            "series",
            "number",
            "name",
            "date",
            "date_inferred",
            "venue",
            "chair",
        ]


class PersonSerializer(serializers.ModelSerializer):
    """A person; select ``ministry``."""

    url = LinkField(source="*")
    ministry = LinkField()

    class Meta:
        model = Person
        fields = ["url", "slug", "name", "title", "ministry"]


class StatementSerializer(EvidenceSerializer):
    """Words a person is quoted as saying (the quote is the span)."""

    person = LinkField()
    person_name = serializers.CharField(source="person.name")
