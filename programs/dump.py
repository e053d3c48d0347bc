"""The bulk dump: every record as JSON Lines, gzipped, one object a line with its ``type``
(a record's own ``kind`` is a field of it);
then every evidence row (the record it supports, the announcement, offsets and quote).
The fields are the records' serializers' (as on the pages and in the API). Each table is
read with a server-side cursor DUMP_CHUNK rows at a time and written as it is read, so
memory holds one chunk whatever the archive's size."""

import gzip
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch

from documents import serializers as source
from documents.models import Announcement, Committee, Meeting, Ministry, Person, Statement
from policybase.formats import chunks

from . import serializers as policy
from .bodies import EXTRACTED
from .models import AgendaItem, Center, CenterOperator, Program, Strategy

DUMP_CHUNK = 1000
LATEST = "latest.jsonl.gz"


def record_tables():
    """(kind, queryset in a stable order, serializer) for each kind of record."""
    return [
        ("ministry", Ministry.objects.prefetch_related("aliases"), source.MinistrySerializer),
        (
            "body",
            Committee.objects.select_related("parent", "ministry"),
            source.CommitteeSerializer,
        ),
        ("person", Person.objects.select_related("ministry"), source.PersonSerializer),
        ("meeting", Meeting.objects.select_related("committee", "chair"), source.MeetingSerializer),
        (
            "announcement",
            Announcement.objects.defer("original_text", "body_html", "body_markdown")
            .select_related("meeting__committee")
            .prefetch_related("issuing_ministries", "mentioned_ministries"),
            source.AnnouncementDetailSerializer,
        ),
        ("strategy", Strategy.objects.prefetch_related("ministries"), policy.StrategySerializer),
        (
            "agenda_item",
            AgendaItem.objects.select_related("meeting__committee", "strategy"),
            policy.AgendaItemSerializer,
        ),
        (
            "program",
            Program.objects.prefetch_related("amounts", "ministries"),
            policy.ProgramSerializer,
        ),
        (
            "center",
            Center.objects.select_related("strategy").prefetch_related(
                Prefetch("operators", queryset=CenterOperator.objects.select_related("ministry"))
            ),
            policy.CenterDetailSerializer,
        ),
    ]


def evidence_tables():
    """(kind of record, evidence rows with their record and announcement) per table."""
    tables = [
        (kind, model.objects.with_announcement().select_related(related))
        for kind, model, related in EXTRACTED
    ]
    return [*tables, ("statement", Statement.objects.with_announcement().select_related("person"))]


def lines():
    """Every line of the dump, as JSON text."""
    # A fresh context for each chunk (no request: links are made from SITE_URL), so that
    # the links made for a chunk (LinkField) are let go with it.
    for kind, queryset, serializer in record_tables():
        for chunk in chunks(queryset.order_by("pk").iterator(chunk_size=DUMP_CHUNK), DUMP_CHUNK):
            for data in serializer(chunk, many=True, context={}).data:
                yield as_line({"type": kind, **data})
    for kind, queryset in evidence_tables():
        rows = queryset.order_by("pk").iterator(chunk_size=DUMP_CHUNK)
        for chunk in chunks(rows, DUMP_CHUNK):
            spans = source.EvidenceSerializer(chunk, many=True, context={}).data
            for row, data in zip(chunk, spans, strict=True):
                record = row.person if kind == "statement" else getattr(row, row.record_field)
                link = source.absolute({}, record.get_absolute_url())
                yield as_line({"type": "evidence", "of": kind, "record": link, **data})


def as_line(data):
    return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"


def write_dump(directory=None):
    """Write the dump into ``directory`` (DUMP_DIR) as latest.jsonl.gz, replacing the
    previous one only once the new one is whole; return (its path, its number of lines)."""
    directory = Path(directory or settings.DUMP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    partial = directory / f".{LATEST}.partial"
    count = 0
    with gzip.open(partial, "wt", encoding="utf-8") as out:
        for line in lines():
            out.write(line)
            count += 1
    os.replace(partial, directory / LATEST)
    return directory / LATEST, count


def latest_dump(directory=None):
    """The latest dump's path, or None when none has been written."""
    path = Path(directory or settings.DUMP_DIR) / LATEST
    return path if path.is_file() else None
