"""An announcement's body as its page shows it, rendered when the announcement or what was
drawn from it is written (never when a page is viewed): the Markdown body sanitised, each
record drawn from it linked where its name stands, an anchor at each cited sentence."""

from collections import defaultdict

from django.db import reset_queries, transaction

from documents.models import Announcement, MeetingEvidence, PersonEvidence
from documents.rendering import render_body

from .bulk import update_rows
from .models import (
    AgendaItemEvidence,
    Center,
    CenterEvidence,
    ProgramEvidence,
    Strategy,
    StrategyEvidence,
)

# The kinds of record an announcement's page lists, with the evidence table that cites
# them and what each row needs to name and link its record.
EXTRACTED = (
    ("strategies", StrategyEvidence, "strategy"),
    ("programs", ProgramEvidence, "program"),
    ("centers", CenterEvidence, "center"),
    ("people", PersonEvidence, "person"),
    ("meetings", MeetingEvidence, "meeting__committee"),
    ("agenda_items", AgendaItemEvidence, "agenda_item__meeting__committee"),
)


def extracted_evidence(announcement_ids):
    """{announcement id: {kind: its evidence rows of that kind, in order of place}}, in one
    query per kind."""
    found = defaultdict(dict)
    for name, model, related in EXTRACTED:
        rows = model.objects.filter(announcement_id__in=announcement_ids).select_related(related)
        by_announcement = defaultdict(list)
        for row in rows.order_by("announcement_id", "start"):
            by_announcement[row.announcement_id].append(row)
        for announcement_id in announcement_ids:
            found[announcement_id][name] = by_announcement[announcement_id]
    return found


def distinct_records(extracted):
    """Each record once, in the order of its first sentence in the text (``extracted``
    holds each kind's evidence rows in order of place)."""
    records = {}
    for name, rows in extracted.items():
        seen = {}
        for row in rows:
            record = getattr(row, row.record_field)
            seen.setdefault(record.pk, record)
        records[name] = list(seen.values())
    return records


def names_in_text(record):
    """The forms in which a text may name ``record``, whatever its name and flags are now:
    its name and every way releases have written it (its spellings), with the marks a text
    adds (a strategy's (안), a center's (가칭)). A body rendered before a later release
    changed the name shown or dropped a strategy's (안) links what it linked after."""
    spelled = [form for form, _ in getattr(record, "spellings", None) or []]
    if isinstance(record, Strategy):
        return [name for form in (record.title, *spelled) for name in (form, f"{form}(안)")]
    if isinstance(record, Center):
        return [name for form in (record.name, *spelled) for name in (form, f"(가칭){form}")]
    return [str(record), *spelled]


def render_bodies(announcement_ids):
    """Render and store the body of each of the announcements ``announcement_ids``."""
    ids = sorted(set(announcement_ids))
    evidence = extracted_evidence(ids)
    texts = Announcement.objects.filter(pk__in=ids).values_list("pk", "body_markdown", "text")
    urls = {}  # the records' URLs, made once for all the bodies that link them
    rendered = [
        Announcement(pk=pk, body_html=body_html(markdown_text, text, evidence[pk], urls))
        for pk, markdown_text, text in texts.iterator(chunk_size=100)
    ]
    # An update, not a save: the rendering is derived and must not count as an edit.
    update_rows(Announcement, rendered, ["body_html"])


def body_html(markdown_text, text, extracted, urls):
    """The body of an announcement whose evidence rows by kind are ``extracted``
    (``urls``: the URLs of records by type and id, made already or to keep)."""
    records = distinct_records(extracted)
    entities = []
    for group in records.values():
        for record in group:
            key = (type(record), record.pk)
            if key not in urls:
                urls[key] = record.get_absolute_url()
            entities += [(name, urls[key]) for name in names_in_text(record)]
    anchors = sorted({(row.start, row.quote) for rows in extracted.values() for row in rows})
    # A release stored without a Markdown body (typed in the admin): a paragraph a line.
    markdown_text = markdown_text or "\n\n".join(line for line in text.split("\n") if line)
    return render_body(markdown_text, entities, anchors)


def render_missing(chunk=500, everything=False):
    """Render the bodies that were never rendered (announcements stored before bodies were
    rendered on write), or with ``everything`` every body (after a change to the rendering),
    ``chunk`` at a time; return how many."""
    rendered, last = 0, 0
    missing = Announcement.objects.exclude(text="").order_by("pk")
    if not everything:
        missing = missing.filter(body_html="")
    while ids := list(missing.filter(pk__gt=last).values_list("pk", flat=True)[:chunk]):
        with transaction.atomic():
            render_bodies(ids)
        rendered, last = rendered + len(ids), ids[-1]
        reset_queries()  # with DEBUG on, Django keeps the last 9,000 queries' text
    return rendered
