"""Saving a parsed release: one transaction per release, idempotent by its key and text.

A release already stored with the same text is left alone ("unchanged"). A changed text
updates the records it names — but never a field that staff edited by hand (a record's
``locked_fields``) — and replaces the evidence that pointed into the old text.
"""

import logging
from collections import defaultdict

from django.db import DatabaseError, connection, router, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone

from documents.models import (
    Announcement,
    Committee,
    Meeting,
    MeetingEvidence,
    Ministry,
    Person,
    PersonEvidence,
    Statement,
    slug_base,
    unique_slug,
)
from documents.text import (
    canonical_spelling,
    clean_name,
    committee_name_problem,
    normalize_name,
    strip_draft_suffix,
)
from policybase.caching import data_changed

from . import bulk, derived
from .models import (
    AgendaItem,
    AgendaItemEvidence,
    BudgetAmount,
    BudgetAmountEvidence,
    Center,
    CenterEvidence,
    CenterOperator,
    Program,
    ProgramEvidence,
    Strategy,
    StrategyEvidence,
    StrategyLead,
    StrategyRelation,
    StrategyTask,
    StrategyTaskEvidence,
)

logger = logging.getLogger(__name__)
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
EVIDENCE_MODELS = (
    MeetingEvidence,
    PersonEvidence,
    StrategyEvidence,
    StrategyTaskEvidence,
    AgendaItemEvidence,
    ProgramEvidence,
    BudgetAmountEvidence,
    CenterEvidence,
    Statement,
)


# The key of the PostgreSQL advisory lock that one release's ingest holds (any number that
# nothing else of ours takes): ingests running side by side take their releases in turn.
INGEST_LOCK = 0x5042_494E  # "PBIN"


def ingest_release(parsed, key, on_wait=None, source_hash="", force=False):
    """Store ``parsed`` (a ParsedRelease) under ``key``; return created/updated/unchanged.
    ``source_hash`` (see releases.source_hash) tells an unchanged source from a changed one;
    without it the parsed text decides. ``on_wait()`` is called if another ingest's
    releases must be finished first. ``force`` stores it even if unchanged (staff applying
    a re-parse in the admin)."""
    with transaction.atomic(), derived.batched():
        _take_turn(on_wait)
        batch = _Batch([parsed], [key])
        outcome = _store(parsed, key, source_hash, batch, force)
        batch.flush()
        return outcome


def ingest_batch(releases, on_wait=None):
    """Store ``releases`` ((parsed, key, source_hash) each) in one transaction; return an
    outcome for each, or the exception that stopped it. If any release fails, the batch
    is rolled back and each release is stored in its own transaction instead, so that one
    release's failure loses only that release (and what a failed release had noted for the
    search index cannot leak into the others')."""
    try:
        with transaction.atomic(), derived.batched():
            _take_turn(on_wait)
            batch = _Batch([parsed for parsed, _, _ in releases], [k for _, k, _ in releases])
            outcomes = [
                _store(parsed, key, source_hash, batch) for parsed, key, source_hash in releases
            ]
            batch.flush()
    except _SAVE_ERRORS as error:
        logger.info("batch rolled back, storing its releases one by one: %s", error)
        if len(releases) == 1:
            return [error]
    else:
        return outcomes
    return [_one(release, on_wait) for release in releases]


# What saving a release can raise for that release's data alone (a constraint it breaks, a
# value out of range): the release's error, not the run's end.
_SAVE_ERRORS = (DatabaseError, ValueError)


def _one(release, on_wait):
    parsed, key, source_hash = release
    try:
        return ingest_release(parsed, key, on_wait, source_hash)
    except _SAVE_ERRORS as error:
        return error


def _store(parsed, key, source_hash, batch, force=False):
    announcement = batch.announcement(key)
    if announcement is not None and announcement.pk is None:
        batch.flush()  # the same key earlier in the batch: that release is stored first
    if announcement is not None and not force and _unchanged(announcement, parsed, source_hash):
        if source_hash and announcement.source_hash != source_hash:
            Announcement.objects.filter(pk=announcement.pk).update(source_hash=source_hash)
            announcement.source_hash = source_hash
        return UNCHANGED
    outcome = CREATED if announcement is None else UPDATED
    if announcement is not None:
        batch.flush()  # its old evidence is deleted next: none of it may still be pending
    announcement = _save_announcement(announcement, parsed, key, source_hash, batch)
    batch.announcements[key] = announcement
    _Records(announcement, parsed, batch, outcome == CREATED).save()
    transaction.on_commit(data_changed)
    return outcome


def _unchanged(announcement, parsed, source_hash):
    """The same source read by the same parser, or (where either side has no source hash)
    the same text."""
    if source_hash and announcement.source_hash:
        return announcement.source_hash == source_hash
    return announcement.content_hash == parsed.content_hash


# The fields the importer may change in a record it found (see _Records): what a batch's
# update of its found records writes.
UPDATED_FIELDS = {
    Strategy: ["title", "spellings", "draft", "adopted_on", "adopted_at", "date",
               "date_precision"],
    Program: ["name", "spellings", "strategy"],
    Center: ["name", "spellings", "provisional", "region", "country", "strategy"],
    Person: ["ministry"],
    Meeting: ["name", "date", "date_inferred", "venue", "chair"],
    Announcement: ["meeting", "warnings"],
}  # fmt: skip


class _Batch:
    """What the releases of one transaction share, so that a batch costs a few queries a
    kind of record rather than a few a record: the ministries and committees, read once;
    the strategies, programs, centers and people its releases name, looked up in one query
    a kind (and kept as they are created); and the rows that can wait until the batch ends
    (evidence, links to ministries, updates of records found), written then in one insert
    or one save each."""

    # The kinds of record found by their normalised name, and the field each is named by.
    NAMED = {Strategy: "title", Program: "name", Center: "name"}
    # Look-ups per query: far under SQLite's and PostgreSQL's limits on parameters.
    CHUNK = 500

    def __init__(self, releases=(), keys=()):
        self._committees = None
        self._committees_by_slug = None
        self._ministries = None
        self.named = {model: {} for model in self.NAMED}  # model → normalised name → record
        self.people = {}  # name → the people of that name
        self.rows = defaultdict(list)  # model → rows to insert when the batch ends
        self.dirty = {}  # id → a found record changed, to save when the batch ends
        self.announcements = {}  # key → its announcement, or None
        self.agenda = {}  # meeting id → its agenda items
        self.presenting = {}  # agenda item id → ids of the ministries presenting it
        self.tasks = {}  # strategy id → {order: its task}
        self.meetings = {}  # (committee id, series, number) → a meeting found or made
        self.new_items = set()  # ids of the agenda items created in this batch
        self.slugs_checked = defaultdict(set)  # model → slugs looked up
        self.slugs_taken = defaultdict(set)  # model → of those, the slugs taken
        self.children = defaultdict(dict)  # model → owner id → {key: row} (see owned)
        self._prefetch(releases, keys)

    def announcement(self, key):
        if key not in self.announcements:
            self.announcements[key] = Announcement.objects.filter(key=key).first()
        return self.announcements[key]

    def agenda_items(self, meeting):
        """The agenda items of ``meeting`` (a list the caller adds new ones to)."""
        if meeting.pk not in self.agenda:
            self._prefetch_agenda([meeting.pk])
        return self.agenda[meeting.pk]

    def presenters(self, item):
        """The ids of the ministries that present the stored agenda item ``item``."""
        if item.pk not in self.presenting:
            self.presenting[item.pk] = set(item.presenting_ministries.values_list("pk", flat=True))
        return self.presenting[item.pk]

    def known_committee(self, record):
        """The stored body that held the parsed meeting ``record``: by its slug, else by
        its normalised name (unless that name is a fragment of a sentence); or None."""
        if record.committee:
            committee = self.committee_by_slug(record.committee)
            if committee is not None:
                return committee
        name = clean_name(record.body)[:200]
        if committee_name_problem(name):
            return None
        return self.committees().get(normalize_name(name))

    def meeting(self, key):
        """The meeting of (committee id, series, number), or None."""
        if key not in self.meetings:
            self._prefetch_meetings([key])
        return self.meetings[key]

    def add_meeting(self, key, meeting):
        self.meetings[key] = meeting
        self.agenda[meeting.pk] = []

    def _prefetch_meetings(self, keys):
        """The meetings of ``keys`` ((committee id, series, number) each) in one query (a
        chunk), the first by the meetings' order where several have no number; then their
        agenda items."""
        keys = sorted(set(keys), key=lambda key: (key[0], key[1], key[2] or 0))
        found = []
        for chunk in _chunks(keys, self.CHUNK):
            self.meetings.update(dict.fromkeys(chunk))
            numbers = {number for _, _, number in chunk}
            wanted = Q(number__in=numbers - {None})
            if None in numbers:
                wanted |= Q(number__isnull=True)
            meetings = Meeting.objects.filter(
                wanted, committee_id__in={committee for committee, _, _ in chunk}
            )
            for meeting in meetings:
                key = (meeting.committee_id, meeting.series, meeting.number)
                if key in self.meetings and self.meetings[key] is None:
                    self.meetings[key] = meeting
                    found.append(meeting.pk)
        self._prefetch_agenda(found)

    def _prefetch_agenda(self, meeting_ids):
        """The agenda items of the meetings ``meeting_ids``, and who presents each."""
        items = []
        for chunk in _chunks(meeting_ids, self.CHUNK):
            for pk in chunk:
                self.agenda[pk] = []
            for item in AgendaItem.objects.filter(meeting_id__in=chunk).order_by("pk"):
                self.agenda[item.meeting_id].append(item)
                items.append(item.pk)
        through = AgendaItem.presenting_ministries.through
        for chunk in _chunks(items, self.CHUNK):
            for pk in chunk:
                self.presenting[pk] = set()
            links = through.objects.filter(agendaitem_id__in=chunk)
            for item, ministry in links.values_list("agendaitem_id", "ministry_id"):
                self.presenting[item].add(ministry)

    def strategy_tasks(self, strategy, new):
        """{order: task} of ``strategy`` (none yet if it is ``new``)."""
        if strategy.pk not in self.tasks:
            tasks = () if new else StrategyTask.objects.filter(strategy=strategy)
            self.tasks[strategy.pk] = {task.order: task for task in tasks}
        return self.tasks[strategy.pk]

    def owned(self, model, owner_field, owner, key_field, new=False):
        """{key: row} of the ``model`` rows that ``owner`` has (by ``owner_field``), keyed
        by ``key_field``; read once a batch, for all the owners found at its start (none
        if the owner is ``new``)."""
        rows = self.children[model]
        if owner.pk not in rows:
            found = () if new else model.objects.filter(**{owner_field: owner})
            rows[owner.pk] = {getattr(row, key_field): row for row in found}
        return rows[owner.pk]

    def _prefetch_owned(self, model, owner_field, owners, key_field):
        ids = sorted(owner.pk for owner in owners if owner is not None)
        rows = self.children[model]
        for chunk in _chunks(ids, self.CHUNK):
            for pk in chunk:
                rows[pk] = {}
            for row in model.objects.filter(**{f"{owner_field}_id__in": chunk}):
                rows[getattr(row, f"{owner_field}_id")][getattr(row, key_field)] = row

    def _prefetch_slugs(self, releases):
        """Which of the slugs the batch's new records may take are taken, in one query a
        kind (a record whose slug was not foreseen asks unique_slug, one query)."""
        candidates = defaultdict(set)
        for parsed in releases:
            for model, records in ((Strategy, parsed.strategies), (Program, parsed.programs),
                                   (Center, parsed.centers)):  # fmt: skip
                for record in records:
                    name = getattr(record, self.NAMED[model])
                    if self.named[model].get(normalize_name(name)) is None:
                        for form in [name, *(record.spellings or [])]:
                            form = strip_draft_suffix(" ".join(form.split()))[0]
                            candidates[model].update({slug_base(form), slug_base(name)})
            for record in parsed.people:
                candidates[Person].add(slug_base(f"{record.name} {record.title[:200]}", 250))
        for model, slugs in candidates.items():
            slugs = sorted(slugs)
            self.slugs_checked[model].update(slugs)
            for chunk in _chunks(slugs, self.CHUNK):
                found = model.objects.filter(slug__in=chunk).values_list("slug", flat=True)
                self.slugs_taken[model].update(found)

    def give_slug(self, record, text, max_length=180):
        """Give a new ``record`` the slug ``text`` makes if it is known to be free (else
        its save asks unique_slug)."""
        model, base = type(record), slug_base(text, max_length)
        if base in self.slugs_checked[model] and base not in self.slugs_taken[model]:
            record.slug = base

    def _prefetch_tasks(self, strategies):
        ids = sorted(strategy.pk for strategy in strategies)
        for chunk in _chunks(ids, self.CHUNK):
            for pk in chunk:
                self.tasks[pk] = {}
            for task in StrategyTask.objects.filter(strategy_id__in=chunk):
                self.tasks[task.strategy_id][task.order] = task

    def _prefetch(self, releases, keys=()):
        keys = sorted(set(keys))
        for chunk in _chunks(keys, self.CHUNK):
            self.announcements.update(dict.fromkeys(chunk))
            for announcement in Announcement.objects.filter(key__in=chunk):
                self.announcements[announcement.key] = announcement
        wanted = {
            Strategy: {normalize_name(r.title) for p in releases for r in p.strategies},
            Program: {normalize_name(r.name) for p in releases for r in p.programs},
            Center: {normalize_name(r.name) for p in releases for r in p.centers},
        }
        for model, keys in wanted.items():
            found = self.named[model]
            keys = sorted(keys)
            for chunk in _chunks(keys, self.CHUNK):
                found.update(dict.fromkeys(chunk))  # None: looked up, not stored
                for record in model.objects.filter(normalized_name__in=chunk):
                    found[record.normalized_name] = record
        self._prefetch_tasks([s for s in self.named[Strategy].values() if s is not None])
        self._prefetch_owned(BudgetAmount, "program", self.named[Program].values(), "text")
        self._prefetch_owned(CenterOperator, "center", self.named[Center].values(), "ministry_id")
        self._prefetch_slugs(releases)
        meetings = [p.meeting for p in releases if p.meeting]
        committees = [(self.known_committee(m), m) for m in meetings]
        self._prefetch_meetings(
            [(c.pk, m.series, m.number) for c, m in committees if c is not None]
        )
        names = sorted({r.name for p in releases for r in p.people})
        for chunk in _chunks(names, self.CHUNK):
            for name in chunk:
                self.people[name] = []
            for person in Person.objects.filter(name__in=chunk).order_by("pk"):
                self.people[person.name].append(person)

    def named_record(self, model, key):
        """The ``model`` record whose normalised name is ``key``, or None."""
        found = self.named[model]
        if key not in found:
            found[key] = model.objects.filter(normalized_name=key).first()
        return found[key]

    def add_named(self, model, key, record):
        self.named[model][key] = record

    def namesakes(self, name):
        """The people called ``name`` (a list the caller adds the new one to)."""
        if name not in self.people:
            self.people[name] = list(Person.objects.filter(name=name).order_by("pk"))
        return self.people[name]

    def ministries(self):
        """Every ministry by slug (a few hundred rows, read once a batch)."""
        if self._ministries is None:
            self._ministries = Ministry.objects.in_bulk(field_name="slug")
        return self._ministries

    def committees(self):
        if self._committees is None:
            self._committees, self._committees_by_slug = {}, {}
            for committee in Committee.objects.only("id", "name", "slug"):
                self._committees[normalize_name(committee.name)] = committee
                self._committees_by_slug[committee.slug] = committee
        return self._committees

    def committee_by_slug(self, slug):
        self.committees()
        return self._committees_by_slug.get(slug)

    def add_committee(self, key, committee):
        self.committees()[key] = committee
        self._committees_by_slug[committee.slug] = committee

    def insert_later(self, model, rows):
        """Insert ``rows`` (new with this batch, bar repeats: the first kept) when it ends."""
        self.rows[model].extend(rows)

    def pending(self, model):
        return self.rows[model]

    def unlink_later(self, record, field):
        """Drop the links of ``record`` by ``field`` that wait to be inserted."""
        through = getattr(type(record), field).through
        owner = f"{type(record)._meta.model_name}_id"
        rows = self.rows[through]
        rows[:] = [row for row in rows if getattr(row, owner) != record.pk]

    def save_later(self, record):
        """Save ``record`` when the batch ends: once, whatever number of its releases
        changed it (one still waiting to be inserted goes in whole then)."""
        if record.pk is not None:
            self.dirty[id(record)] = record

    def flush(self):
        """Write what waited: the new announcements (one insert), the records changed (one
        update a table), then the rows (one insert a table)."""
        rows, self.rows = self.rows, defaultdict(list)
        # The new announcements first: the rows below refer to them.
        announcements = rows.pop(Announcement, [])
        Announcement.objects.bulk_create(announcements)
        _saved(Announcement, announcements, created=True)
        dirty, self.dirty = self.dirty, {}
        by_model = defaultdict(list)
        for record in dirty.values():
            by_model[type(record)].append(record)
        for model, records in by_model.items():
            # Only what the importer changes in a found record.
            bulk.update_rows(model, records, UPDATED_FIELDS[model])
            _saved(model, records, update_fields=frozenset(UPDATED_FIELDS[model]))
        for model, model_rows in rows.items():
            model.objects.bulk_create(model_rows, ignore_conflicts=True)
            derived.rows_written(model, model_rows)  # a bulk insert sends no signals


def _saved(model, records, created=False, update_fields=None):
    """Send the post_save that each record's save() would have sent (a bulk write sends
    none): its receivers note the search entries and bodies the write made stale."""
    using = router.db_for_write(model)
    for record in records:
        post_save.send(
            sender=model, instance=record, created=created, raw=False, using=using,
            update_fields=update_fields,
        )  # fmt: skip


def _chunks(values, size):
    """``values`` (a list) in consecutive slices of at most ``size``."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _take_turn(on_wait):
    """Wait, inside the transaction, until no other ingest is saving a release. Two imports
    of one name would otherwise both create its record, and the second fail on the unique
    name. (SQLite lets one transaction write at a time anyway: see settings.)"""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [INGEST_LOCK])
        if cursor.fetchone()[0]:
            return
        if on_wait:
            on_wait()
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INGEST_LOCK])


def announcement_title(parsed, key):
    """The title a release's announcement is stored under."""
    return parsed.title[:500] or key


def _save_announcement(announcement, parsed, key, source_hash, batch):
    """The release's announcement, updated, or new and waiting to be inserted with the
    batch's others."""
    values = {
        "title": announcement_title(parsed, key),
        "subtitles": parsed.subtitles,
        "date": parsed.date,
        "date_precision": parsed.date_precision,
        "date_inferred": parsed.date_inferred,
        "kind": parsed.kind,
        "source_name": parsed.source_name[:200],
        "source_url": parsed.source_url,
        "contacts": parsed.contacts,
        "original_text": parsed.original_text,
        "text": parsed.text,
        "body_markdown": parsed.body_markdown,
        "content_hash": parsed.content_hash,
        "source_hash": source_hash,
        "warnings": parsed.warnings,
        "given_fields": parsed.given_fields,
    }
    if announcement is None:
        announcement = Announcement(key=key, **values)
        batch.insert_later(Announcement, [announcement])
        return announcement
    announcement.assign_unlocked(values)
    announcement.updated_at = timezone.now()
    # Offsets point into the text: the old text's evidence goes with it.
    for model in (*EVIDENCE_MODELS, StrategyLead):
        model.objects.filter(announcement=announcement).delete()
    announcement.save()
    return announcement


class _Records:
    """Upserts the records of one parsed release and links them to its announcement."""

    def __init__(self, announcement, parsed, batch, created):
        self.created = created
        self.announcement = announcement
        self.parsed = parsed
        self.batch = batch
        self.ministries = batch.ministries()
        self.issuing = [
            self.ministries[s] for s in parsed.issuing_ministries if s in self.ministries
        ]
        self.strategies = {}
        self.meeting = None

    def save(self):
        announcement, parsed = self.announcement, self.parsed
        mentioned = [
            self.ministries[m.slug] for m in parsed.ministries if m.slug in self.ministries
        ]
        for field, ministries in (
            ("issuing_ministries", self.issuing),
            ("mentioned_ministries", mentioned),
        ):
            if self.created:  # nothing to compare with: inserted when the batch ends
                self._link_ministries(announcement, field, ministries)
            else:
                announcement.set_unlocked_m2m(field, ministries)
        people = {record.name: self._person(record) for record in parsed.people}
        meeting = self._meeting(parsed.meeting, people) if parsed.meeting else None
        if announcement.assign_unlocked({"meeting": meeting}):
            self.batch.save_later(announcement)
        self.meeting = meeting
        for record in parsed.strategies:
            self.strategies[record.title] = self._strategy(record)
        for record in parsed.strategies:
            self._relations(record)
        if meeting is not None:
            for order, record in enumerate(parsed.agenda_items, start=1):
                self._agenda_item(meeting, order, record)
        for record in parsed.programs:
            self._program(record)
        for record in parsed.centers:
            self._center(record)

    def _link_ministries(self, record, field, ministries):
        """Link ``record`` to ``ministries`` by its many-to-many ``field`` when the batch
        ends (bar links it has), and note its search entry stale, as an add() would."""
        if not ministries:
            return
        through = getattr(type(record), field).through
        # By the instance, not its id: a new announcement has none until the batch ends.
        owner = type(record)._meta.model_name
        self.batch.insert_later(
            through, [through(**{owner: record, "ministry_id": m.pk}) for m in ministries]
        )
        if record.pk is not None:  # a new announcement's entry is written anyway
            derived.records_changed(type(record), [record.pk])

    def _save(self, record, new):
        """A new record is saved now (its rows need its id); a found one when the batch
        ends, once."""
        if new:
            self.batch.give_slug(record, record.display_name())
            record.save()
            self.batch.slugs_taken[type(record)].add(record.slug)
        else:
            self.batch.save_later(record)

    def _spell(self, record, field, name, spellings):
        """Count the ways this release writes ``record``'s name (spacing and bracket
        variants of the name it is known by; short forms are not its name) and show the
        canonical one, unless staff set the name by hand. Whether anything changed (the
        caller saves: one write a record)."""
        key = record.normalized_name or normalize_name(getattr(record, field))  # a new one's
        forms = {strip_draft_suffix(" ".join(form.split()))[0] for form in spellings or [name]}
        forms = {form for form in forms if normalize_name(form) == key}
        counts = dict(record.spellings)
        for form in forms:
            counts[form] = counts.get(form, 0) + 1
        # Pairs in order, not an object: PostgreSQL's jsonb would reorder an object's keys.
        record.spellings = sorted([form, count] for form, count in counts.items())
        shown = canonical_spelling(counts, getattr(record, field))
        max_length = type(record)._meta.get_field(field).max_length
        changed = record.assign_unlocked({field: shown[:max_length]}) if shown else []
        return bool(forms or changed)

    def _evidence(self, model, record_field, record, spans):
        """The rows citing ``record`` at ``spans``, in one insert: a release's evidence is
        new (an updated text's old evidence went with it), bar a span cited twice."""
        rows = [
            model(**{record_field: record}, announcement=self.announcement,
                  start=span.start, end=span.end, quote=span.quote)
            for span in spans
        ]  # fmt: skip
        self.batch.insert_later(model, rows)

    def _person(self, record):
        # Plain look-ups and inserts, not get_or_create's savepoints: the ingest lock keeps
        # any other writer of these rows out.
        ministry = self.ministries.get(record.ministry)
        # The same person under a title written with other spacing or brackets is one.
        title = normalize_name(record.title[:200])
        namesakes = self.batch.namesakes(record.name)
        person = next((p for p in namesakes if normalize_name(p.title) == title), None)
        if person is None:
            person = Person(name=record.name, title=record.title[:200], ministry=ministry)
            self.batch.give_slug(person, f"{person.name} {person.title}", 250)
            person.save()
            self.batch.slugs_taken[Person].add(person.slug)
            namesakes.append(person)
        elif "ministry" not in person.locked_fields and person.ministry_id != (
            ministry and ministry.pk
        ):
            person.ministry = ministry
            self.batch.save_later(person)
        self._evidence(PersonEvidence, "person", person, record.evidence)
        statements = [
            Statement(announcement=self.announcement, person=person,
                      start=span.start, end=span.end, quote=span.quote)
            for span in record.statements
        ]  # fmt: skip
        # New with the text, as evidence is; a span two people are said to speak keeps the
        # first.
        self.batch.insert_later(Statement, statements)
        return person

    def _meeting(self, record, people):
        committee = self._committee(record)
        if committee is None:
            return None
        values = {
            "name": record.name[:300],
            "date": record.date,
            "date_inferred": record.date_inferred,
            "venue": record.venue[:300],
            "chair": people.get(record.chair),
        }
        key = (committee.pk, record.series, record.number)
        meeting = self.batch.meeting(key)
        if meeting is None:
            meeting = Meeting.objects.create(
                committee=committee, series=record.series, number=record.number, **values
            )
            self.batch.add_meeting(key, meeting)
        elif meeting.assign_unlocked({k: v for k, v in values.items() if v is not None}):
            self.batch.save_later(meeting)
        self._evidence(MeetingEvidence, "meeting", meeting, record.evidence)
        return meeting

    def _committee(self, record):
        """The body that held the meeting: a known one by its slug, else the one whose name
        normalises alike, else a new one, unless the parser's name is a fragment of a
        sentence (then None, and the release says why in its warnings)."""
        committee = self.batch.known_committee(record)
        if committee is not None:
            return committee
        name = clean_name(record.body)[:200]
        problem = committee_name_problem(name)
        if problem:
            self.announcement.warnings.append(f"meeting body {name!r} not recorded: {problem}")
            self.batch.save_later(self.announcement)
            return None
        committee = Committee.objects.create(
            name=name, slug=unique_slug(Committee, name, max_length=80)
        )
        self.batch.add_committee(normalize_name(name), committee)
        return committee

    def _strategy(self, record):
        key = normalize_name(record.title)
        strategy = self.batch.named_record(Strategy, key)
        new = changed = strategy is None
        if strategy is None:
            strategy = Strategy(
                title=record.title[:500],
                draft=record.draft,
                date=self.parsed.date,
                date_precision=self.parsed.date_precision if self.parsed.date else "",
            )
        elif strategy.assign_unlocked({"draft": strategy.draft and record.draft}):
            changed = True
        changed |= self._spell(strategy, "title", record.title, record.spellings)
        if record.adopted_on and strategy.assign_unlocked(
            # Its date is its adoption's, not that of the first release that names it.
            {"adopted_on": record.adopted_on, "adopted_at": self.meeting,
             "date": record.adopted_on, "date_precision": "day"}
        ):  # fmt: skip
            changed = True
        if changed:
            self._save(strategy, new)
        if new:
            self.batch.add_named(Strategy, key, strategy)
        leads = [self.ministries[s] for s in record.lead_ministries if s in self.ministries]
        if "ministries" not in strategy.locked_fields:
            # Credited to the ministries that submitted it, where the text says which.
            self._link_ministries(strategy, "ministries", leads or self.issuing)
        self._leads(strategy, record, leads)
        self._evidence(StrategyEvidence, "strategy", strategy, record.evidence)
        tasks = self.batch.strategy_tasks(strategy, new)
        for task_record in record.tasks:
            values = {"label": task_record.label, "title": task_record.title[:500]}
            task = tasks.get(task_record.order)
            if task is None:
                task = tasks[task_record.order] = StrategyTask.objects.create(
                    strategy=strategy, order=task_record.order, **values
                )
            elif task.assign_unlocked(values):
                task.save()
            self._evidence(StrategyTaskEvidence, "task", task, [task_record.evidence])
        for task_record in record.tasks:
            if task_record.parent is not None:
                task, parent = tasks[task_record.order], tasks.get(task_record.parent)
                if task.parent_id != (parent and parent.pk):
                    # As an update() would: no signal (the strategy's entry is stale already).
                    StrategyTask.objects.filter(pk=task.pk).update(parent=parent)
                    task.parent = parent
        return strategy

    def _leads(self, strategy, record, leads):
        """A StrategyLead for each lead ministry, citing the agenda item that carries it."""
        items = [item for item in self.parsed.agenda_items if item.strategy == record.title]
        spans = [span for item in items for span in item.evidence[:1]] or record.evidence[:1]
        rows = [
            StrategyLead(strategy=strategy, ministry=ministry, announcement=self.announcement,
                         start=span.start, end=span.end, quote=span.quote)
            for ministry in leads
            for span in spans
        ]  # fmt: skip
        # This announcement's leads went with its old text: these are new, bar repeats.
        self.batch.insert_later(StrategyLead, rows)

    def _tie_to_strategy(self, record, evidence_model, field, instance):
        """Link a program or center to the strategy the text ties it to, with the sentence."""
        strategy = self.strategies.get(record.strategy or "")
        if strategy is None:
            return
        if instance.assign_unlocked({"strategy": strategy}):
            self.batch.save_later(instance)
        span = record.strategy_evidence
        if span is None:
            return
        # This release's evidence is new and still waiting for the batch's end.
        cited = [
            row for row in self.batch.pending(evidence_model)
            if getattr(row, f"{field}_id") == instance.pk
            and row.announcement is self.announcement
            and (row.start, row.end) == (span.start, span.end)
        ]  # fmt: skip
        for row in cited:
            row.ties_strategy = True
        if not cited:
            row = evidence_model(**{field: instance}, announcement=self.announcement,
                                 start=span.start, end=span.end, quote=span.quote,
                                 ties_strategy=True)  # fmt: skip
            self.batch.insert_later(evidence_model, [row])

    def _relations(self, record):
        source = self.strategies[record.title]
        for kind, titles in (("follow_up", record.follows_up), ("related", record.related)):
            for title in titles:
                target = self.strategies.get(title)
                if target is not None and target != source:
                    StrategyRelation.objects.get_or_create(source=source, target=target, kind=kind)

    def _agenda_item(self, meeting, order, record):
        strategy = self.strategies.get(record.strategy)
        values = {
            "number": record.number,
            "order": order,
            "title": record.title[:500],
            "kind": record.kind or "",
            "closed": record.closed,
            "strategy": strategy,
        }
        items = self.batch.agenda_items(meeting)
        title = normalize_name(record.title)
        item = next((i for i in items if i.normalized_title == title), None)
        if item is None and record.number is not None:
            item = next((i for i in items if i.number == record.number), None)
        new = item is None
        if new:
            item = AgendaItem.objects.create(meeting=meeting, **values)
            items.append(item)
            self.batch.new_items.add(item.pk)
        elif item.assign_unlocked(values):
            item.save()
        presenters = [
            self.ministries[s] for s in record.presenting_ministries if s in self.ministries
        ]
        if presenters and new:  # nothing to compare with: inserted when the batch ends
            self._link_ministries(item, "presenting_ministries", presenters)
        elif presenters and item.pk in self.batch.new_items:
            # Its links are still waiting (and it has no locks yet): replace them there.
            self.batch.unlink_later(item, "presenting_ministries")
            self._link_ministries(item, "presenting_ministries", presenters)
        elif presenters and self.batch.presenters(item) != {m.pk for m in presenters}:
            item.set_unlocked_m2m("presenting_ministries", presenters)
            del self.batch.presenting[item.pk]  # read again if asked again
        self._evidence(AgendaItemEvidence, "agenda_item", item, record.evidence)

    def _program(self, record):
        key = normalize_name(record.name)
        program = self.batch.named_record(Program, key)
        new = program is None
        if new:
            program = Program(name=record.name[:500])
        if self._spell(program, "name", record.name, record.spellings) or new:
            self._save(program, new)
        if new:
            self.batch.add_named(Program, key, program)
        if "ministries" not in program.locked_fields:
            self._link_ministries(program, "ministries", self.issuing)
        self._evidence(ProgramEvidence, "program", program, record.evidence)
        self._tie_to_strategy(record, ProgramEvidence, "program", program)
        for amount_record in record.amounts:
            values = {
                "value": amount_record.value,
                "currency": amount_record.currency,
                "year": amount_record.year,
            }
            amounts = self.batch.owned(BudgetAmount, "program", program, "text", new)
            amount = amounts.get(amount_record.text)
            if amount is None:
                amount = amounts[amount_record.text] = BudgetAmount.objects.create(
                    program=program, text=amount_record.text, **values
                )
            elif amount.assign_unlocked(
                {name: value for name, value in values.items() if value is not None}
            ):
                amount.save()
            self._evidence(BudgetAmountEvidence, "amount", amount, [amount_record.evidence])

    def _center(self, record):
        key = normalize_name(record.name)
        center = self.batch.named_record(Center, key)
        values = {
            "provisional": record.provisional,
            "region": record.region[:100],
            "country": record.country[:100],
        }
        new = changed = center is None
        if center is None:
            center = Center(name=record.name[:300], **values)
        elif center.assign_unlocked({k: v for k, v in values.items() if v not in ("", None)}):
            changed = True
        if self._spell(center, "name", record.name, record.spellings) or changed:
            self._save(center, new)
        if new:
            self.batch.add_named(Center, key, center)
        counts = record.counts or {ministry.slug: None for ministry in self.issuing}
        if "ministries" not in center.locked_fields:
            operators = self.batch.owned(CenterOperator, "center", center, "ministry_id", new)
            for slug, count in counts.items():
                if slug in self.ministries:
                    ministry = self.ministries[slug]
                    operator = operators.get(ministry.pk)
                    if operator is None:
                        operator = operators[ministry.pk] = CenterOperator.objects.create(
                            center=center, ministry=ministry, count=count
                        )
                    elif operator.count != count:
                        operator.count = count
                        operator.save(update_fields=["count"])
        self._evidence(CenterEvidence, "center", center, record.evidence)
        self._tie_to_strategy(record, CenterEvidence, "center", center)
