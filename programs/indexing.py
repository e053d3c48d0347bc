"""The search index: one definition of each record's entry, and the writes that keep it.

Every writer goes through here: the importer and the admin (through programs.derived, in
the same transaction as the change), the repair command (rebuild) and the synthetic
corpus (entry_fields, with tokens it has counted already). An entry is written by its
(kind, key) with an upsert, so two writers of one entry cannot leave two rows or none.
"""

import bisect
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import reset_queries, transaction
from django.db.models import CharField, Min
from django.db.models.functions import Cast

from documents.models import Announcement
from policybase.ahead import MadeAhead
from policybase.caching import data_changed

from .models import (
    AgendaItem,
    BudgetAmount,
    Center,
    CenterEvidence,
    CenterOperator,
    Program,
    ProgramEvidence,
    SearchEntry,
    Strategy,
    StrategyEvidence,
    StrategyTask,
)
from .search import date_marks, ministry_token, token_text, tokens_of

Kind = SearchEntry.Kind
# What an entry keeps of a text for the result snippet; its tokens come from more.
TITLE_LENGTH, BODY_LENGTH = 500, 5000
# Tokens are taken from this much of a text, at most MAX_TOKENS of them (the first met):
# PostgreSQL refuses a tsvector over 1 MB, and one release of a few hundred kilobytes of
# varied text holds 100,000 distinct syllable pairs. 30,000 two-syllable lexemes are about
# 300 KB as a tsvector (and tokens_of cuts a Latin run at search.LONGEST_TOKEN letters).
MAX_INDEXED_CHARACTERS = 300_000
MAX_TOKENS = 30_000
# Records indexed per query round: bounded memory and statements far under PostgreSQL's
# 65,535 parameters (an entry row has 10).
CHUNK = 500
# Part of every entry's digest: change it when what an entry holds changes, and a repair
# (rebuild_search) rewrites every entry.
INDEX_VERSION = "2026-12-07"


@dataclass
class Ministries:
    """The ministries an entry belongs to: ids for its links, slugs for its marks."""

    ids: set
    slugs: set


def bounded_tokens(text):
    """The tokens of ``text`` for an entry: of its first MAX_INDEXED_CHARACTERS, the first
    MAX_TOKENS distinct ones met (in the text's order)."""
    text = text[:MAX_INDEXED_CHARACTERS]
    if len(text) <= MAX_TOKENS:  # fewer characters than that hold fewer tokens
        return list(tokens_of(text))
    kept = {}
    # Line by line, so that the tokens met first, the title's and the lead's, are kept.
    for line in text.split("\n"):
        kept.update(dict.fromkeys(sorted(tokens_of(line))))  # sorted: the same cut each run
        if len(kept) >= MAX_TOKENS:
            break
    return list(kept)[:MAX_TOKENS]


# The tokens of announcements' entries counted ahead of need (by the ingest's parser
# processes), by the text they were counted from.
_TOKENS_AHEAD = MadeAhead()


def entry_tokens(title, body):
    """The sorted tokens of an entry's ``title`` and ``body`` (a new list)."""
    text = f"{title}\n{body}"
    tokens = _TOKENS_AHEAD.get(text)
    return tokens.split() if tokens is not None else sorted(bounded_tokens(text))


def remember_entry_tokens(title, body, tokens):
    """Keep ``tokens`` (entry_tokens of ``title`` and ``body``, counted elsewhere) for the
    entry's writing: as one string, a tenth of a list's memory (no token holds a space)."""
    _TOKENS_AHEAD.remember(f"{title}\n{body}", " ".join(tokens))


def digest_of(kind, key, url, title, body, date, ministry_slugs):
    """A digest of what an entry is made of, and of how (INDEX_VERSION): a repair rewrites
    only the entries whose digest differs from their sources'."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (INDEX_VERSION, kind, key, url, title, body, str(date), *sorted(ministry_slugs)):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def entry_fields(kind, key, url, title, body, date, ministry_slugs, tokens=None):
    """The column values of a search entry: the one definition every writer uses.
    ``tokens`` are the title's and body's tokens, sorted, if the caller has counted them
    already (the synthetic corpus does); they are bounded here all the same."""
    tokens = entry_tokens(title, body) if tokens is None else list(tokens[:MAX_TOKENS])
    # A few marks into a sorted list: faster than sorting it again (the synthetic corpus
    # writes a thousand entries a second). No text token is a mark (# and @ stand in none).
    for mark in {ministry_token(slug) for slug in ministry_slugs} | date_marks(date):
        bisect.insort(tokens, mark)
    return {
        "kind": kind,
        "key": key,
        "url": url,
        "title": title[:TITLE_LENGTH],
        "body": body[:BODY_LENGTH],
        "date": date,
        "year": date.year if date else None,
        "tokens": token_text(tokens),
        "title_tokens": token_text(sorted(tokens_of(title))),
        "digest": digest_of(kind, key, url, title, body, date, ministry_slugs),
    }


# ---------------------------------------------------------------- what each entry holds


def _ministries_through(through, owner_field, ids):
    """{owner id: Ministries} from a table linking owners to ministries."""
    found = defaultdict(lambda: Ministries(set(), set()))
    rows = through.objects.filter(**{f"{owner_field}__in": ids})
    for owner, ministry, slug in rows.values_list(owner_field, "ministry_id", "ministry__slug"):
        found[owner].ids.add(ministry)
        found[owner].slugs.add(slug)
    return found


def _first_dates(evidence_model, record_field, ids):
    """{record id: the date of the earliest announcement citing it}."""
    rows = evidence_model.objects.filter(**{f"{record_field}_id__in": ids}).order_by()
    rows = rows.values_list(f"{record_field}_id").annotate(first=Min("announcement__date"))
    return dict(rows)


def _texts_by(model, owner_field, ids, field):
    """{owner id: [field of each row]} in the rows' order."""
    found = defaultdict(list)
    rows = model.objects.filter(**{f"{owner_field}__in": ids}).order_by(owner_field, "pk")
    for owner, text in rows.values_list(owner_field, field):
        found[owner].append(text)
    return found


def announcement_entries(ids):
    """(what its entry is made of, its ministry ids) for each of the announcements ``ids``:
    the arguments of entry_fields. The other kinds' builders below give the same."""
    issuing = _ministries_through(Announcement.issuing_ministries.through, "announcement_id", ids)
    mentioned = _ministries_through(
        Announcement.mentioned_ministries.through, "announcement_id", ids
    )
    rows = Announcement.objects.filter(pk__in=ids).only("key", "title", "date", "text")
    for a in rows.iterator(chunk_size=CHUNK):
        ids_ = issuing[a.pk].ids | mentioned[a.pk].ids
        slugs = issuing[a.pk].slugs | mentioned[a.pk].slugs
        url = a.get_absolute_url()
        yield (Kind.ANNOUNCEMENT, a.key, url, a.title, a.text, a.date, slugs), ids_


def strategy_entries(ids):
    ministries = _ministries_through(Strategy.ministries.through, "strategy_id", ids)
    tasks = _texts_by(StrategyTask, "strategy_id", ids, "title")
    first = _first_dates(StrategyEvidence, "strategy", ids)
    for s in Strategy.objects.filter(pk__in=ids).only("slug", "title", "date"):
        date = s.date or first.get(s.pk)
        body = " ".join(tasks[s.pk])
        source = (
            Kind.STRATEGY, s.slug, s.get_absolute_url(), s.title, body, date,
            ministries[s.pk].slugs,
        )  # fmt: skip
        yield source, ministries[s.pk].ids


def agenda_item_entries(ids):
    ministries = _ministries_through(AgendaItem.presenting_ministries.through, "agendaitem_id", ids)
    items = AgendaItem.objects.filter(pk__in=ids).select_related("meeting__committee")
    for i in items:
        body = f"{i.meeting.name} {i.get_kind_display()}"
        source = (
            Kind.AGENDA_ITEM, str(i.pk), i.get_absolute_url(), i.title, body, i.meeting.date,
            ministries[i.pk].slugs,
        )  # fmt: skip
        yield source, ministries[i.pk].ids


def program_entries(ids):
    ministries = _ministries_through(Program.ministries.through, "program_id", ids)
    amounts = _texts_by(BudgetAmount, "program_id", ids, "text")
    first = _first_dates(ProgramEvidence, "program", ids)
    for p in Program.objects.filter(pk__in=ids).only("slug", "name"):
        source = (
            Kind.PROGRAM, p.slug, p.get_absolute_url(), p.name, " ".join(amounts[p.pk]),
            first.get(p.pk), ministries[p.pk].slugs,
        )  # fmt: skip
        yield source, ministries[p.pk].ids


def center_entries(ids):
    ministries = _ministries_through(CenterOperator, "center_id", ids)
    first = _first_dates(CenterEvidence, "center", ids)
    for c in Center.objects.filter(pk__in=ids).only("slug", "name", "region", "country"):
        source = (
            Kind.CENTER, c.slug, c.get_absolute_url(), c.name, f"{c.region} {c.country}",
            first.get(c.pk), ministries[c.pk].slugs,
        )  # fmt: skip
        yield source, ministries[c.pk].ids


# Each kind: its model, what builds its entries, and which field of the model is the key.
KINDS = {
    Kind.ANNOUNCEMENT: (Announcement, announcement_entries, "key"),
    Kind.STRATEGY: (Strategy, strategy_entries, "slug"),
    Kind.AGENDA_ITEM: (AgendaItem, agenda_item_entries, "pk"),
    Kind.PROGRAM: (Program, program_entries, "slug"),
    Kind.CENTER: (Center, center_entries, "slug"),
}


def kind_of(model):
    """The entry kind of records of ``model``, or None if it has no entries."""
    for kind, (indexed, _, _) in KINDS.items():
        if model is indexed:
            return kind
    return None


def entry_key(record):
    """The key of ``record``'s entry (with its kind, what finds the entry)."""
    _, _, field = KINDS[kind_of(type(record))]
    return str(getattr(record, field))


# ---------------------------------------------------------------- writing entries

UPDATED_FIELDS = ["url", "title", "body", "date", "year", "tokens", "title_tokens", "digest"]


def index(kind, ids, stale_only=False):
    """Write the entries of the records ``ids`` of ``kind`` (and their ministry links);
    with ``stale_only``, only those whose stored digest is not their sources'. Records
    that no longer exist are skipped. Returns how many entries were written."""
    _, build, _ = KINDS[kind]
    written = 0
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        sources = list(build(ids[start : start + CHUNK]))
        if stale_only:
            sources = _stale(kind, sources)
        _write(kind, [(entry_fields(*source), ministries) for source, ministries in sources])
        written += len(sources)
    return written


def _stale(kind, sources):
    """The (source, ministries) of ``sources`` whose entries are missing or out of date."""
    keys = [source[1] for source, _ in sources]
    stored = dict(SearchEntry.objects.filter(kind=kind, key__in=keys).values_list("key", "digest"))
    return [(s, m) for s, m in sources if stored.get(s[1]) != digest_of(*s)]


def _write(kind, built):
    # In key order, so that two writers lock the same entries in the same order.
    built.sort(key=lambda pair: pair[0]["key"])
    entries = [SearchEntry(**fields) for fields, _ in built]
    # The upsert gives each entry its id, new or old (PostgreSQL's and SQLite's RETURNING).
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["kind", "key"],
        update_fields=UPDATED_FIELDS,
    )
    through = SearchEntry.ministries.through
    through.objects.filter(searchentry_id__in=[entry.pk for entry in entries]).delete()
    links = [
        through(searchentry_id=entry.pk, ministry_id=ministry)
        for entry, (_, ministries) in zip(entries, built, strict=True)
        for ministry in sorted(ministries)
    ]
    through.objects.bulk_create(links, ignore_conflicts=True)


def unindex(kind, keys):
    """Remove the entries of ``kind`` with ``keys``."""
    SearchEntry.objects.filter(kind=kind, key__in=list(keys)).delete()


def rebuild(progress=None, everything=False):
    """Repair the index: write each entry that is missing or whose digest is not its
    sources' (``everything``: every entry), a chunk per transaction, then remove entries
    whose records are gone. The index is updated in place, so searches go on finding
    everything while it runs and an interrupted repair leaves a whole index behind.
    Returns the number of entries written."""
    written = 0
    for kind, (model, _, _) in KINDS.items():
        last = 0
        while True:
            ids = list(
                model.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[:CHUNK]
            )
            if not ids:
                break
            with transaction.atomic():
                written += index(kind, ids, stale_only=not everything)
            last = ids[-1]
            reset_queries()  # with DEBUG on, Django keeps the last 9,000 queries' text
            if progress:
                progress(kind, written)
        remove_orphans(kind)
    data_changed()
    return written


def remove_orphans(kind):
    """Delete the entries of ``kind`` whose record no longer exists."""
    model, _, field = KINDS[kind]
    if field == "pk":
        keys = model.objects.values(key=Cast("pk", output_field=CharField()))
    else:
        keys = model.objects.values(field)
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind).exclude(key__in=keys).delete()
