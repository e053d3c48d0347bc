"""Saving a parsed release: one transaction per release, idempotent by its key and text.

A release already stored with the same text is left alone ("unchanged"). A changed text
updates the records it names — but never a field that staff edited by hand (a record's
``locked_fields``) — and replaces the evidence that pointed into the old text.
"""

import logging

from django.db import DatabaseError, connection, transaction
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

from . import derived
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
        return _store(parsed, key, source_hash, _Batch(), force)


def ingest_batch(releases, on_wait=None):
    """Store ``releases`` ((parsed, key, source_hash) each) in one transaction; return an
    outcome for each, or the exception that stopped it. If any release fails, the batch
    is rolled back and each release is stored in its own transaction instead, so that one
    release's failure loses only that release (and what a failed release had noted for the
    search index cannot leak into the others')."""
    try:
        with transaction.atomic(), derived.batched():
            _take_turn(on_wait)
            batch = _Batch()
            outcomes = [
                _store(parsed, key, source_hash, batch) for parsed, key, source_hash in releases
            ]
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
    announcement = Announcement.objects.filter(key=key).first()
    if announcement is not None and not force and _unchanged(announcement, parsed, source_hash):
        if source_hash and announcement.source_hash != source_hash:
            Announcement.objects.filter(pk=announcement.pk).update(source_hash=source_hash)
        return UNCHANGED
    outcome = CREATED if announcement is None else UPDATED
    announcement = _save_announcement(announcement, parsed, key, source_hash)
    _Records(announcement, parsed, batch, outcome == CREATED).save()
    transaction.on_commit(data_changed)
    return outcome


def _unchanged(announcement, parsed, source_hash):
    """The same source read by the same parser, or (where either side has no source hash)
    the same text."""
    if source_hash and announcement.source_hash:
        return announcement.source_hash == source_hash
    return announcement.content_hash == parsed.content_hash


class _Batch:
    """What the releases of one transaction share: the committees by normalised name, read
    once (a body is matched by its name up to spacing and brackets, never by its slug)."""

    def __init__(self):
        self._committees = None
        self._ministries = None

    def ministries(self):
        """Every ministry by slug (a few hundred rows, read once a batch)."""
        if self._ministries is None:
            self._ministries = Ministry.objects.in_bulk(field_name="slug")
        return self._ministries

    def committees(self):
        if self._committees is None:
            self._committees = {
                normalize_name(committee.name): committee
                for committee in Committee.objects.only("id", "name", "slug")
            }
        return self._committees


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


def _save_announcement(announcement, parsed, key, source_hash):
    values = {
        "title": parsed.title[:500] or key,
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
    else:
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
            if self.created:  # nothing to compare with: one insert
                getattr(announcement, field).add(*ministries)
            else:
                announcement.set_unlocked_m2m(field, ministries)
        people = {record.name: self._person(record) for record in parsed.people}
        meeting = self._meeting(parsed.meeting, people) if parsed.meeting else None
        if "meeting" not in announcement.locked_fields and announcement.meeting != meeting:
            announcement.meeting = meeting
            announcement.save(update_fields=["meeting"])
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
        model.objects.bulk_create(rows, ignore_conflicts=True)
        derived.rows_written(model, rows)  # a bulk insert sends no signals

    def _person(self, record):
        # Plain look-ups and inserts, not get_or_create's savepoints: the ingest lock keeps
        # any other writer of these rows out.
        ministry = self.ministries.get(record.ministry)
        # The same person under a title written with other spacing or brackets is one.
        title = normalize_name(record.title[:200])
        namesakes = Person.objects.filter(name=record.name)
        person = next((p for p in namesakes if normalize_name(p.title) == title), None)
        if person is None:
            person = Person.objects.create(
                name=record.name, title=record.title[:200], ministry=ministry
            )
        elif "ministry" not in person.locked_fields and person.ministry_id != (
            ministry and ministry.pk
        ):
            person.ministry = ministry
            person.save()
        self._evidence(PersonEvidence, "person", person, record.evidence)
        statements = [
            Statement(announcement=self.announcement, person=person,
                      start=span.start, end=span.end, quote=span.quote)
            for span in record.statements
        ]  # fmt: skip
        # New with the text, as evidence is; a span two people are said to speak keeps the
        # first.
        Statement.objects.bulk_create(statements, ignore_conflicts=True)
        derived.rows_written(Statement, statements)
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
        meeting = Meeting.objects.filter(
            committee=committee, series=record.series, number=record.number
        ).first()
        if meeting is None:
            meeting = Meeting.objects.create(
                committee=committee, series=record.series, number=record.number, **values
            )
        elif meeting.assign_unlocked({k: v for k, v in values.items() if v is not None}):
            meeting.save()
        self._evidence(MeetingEvidence, "meeting", meeting, record.evidence)
        return meeting

    def _committee(self, record):
        """The body that held the meeting: a known one by its slug, else the one whose name
        normalises alike, else a new one, unless the parser's name is a fragment of a
        sentence (then None, and the release says why in its warnings)."""
        if record.committee:
            committee = Committee.objects.filter(slug=record.committee).first()
            if committee is not None:
                return committee
        name = clean_name(record.body)[:200]
        problem = committee_name_problem(name)
        if problem:
            self.announcement.warnings.append(f"meeting body {name!r} not recorded: {problem}")
            self.announcement.save(update_fields=["warnings"])
            return None
        committees = self.batch.committees()
        key = normalize_name(name)
        if key not in committees:
            committees[key] = Committee.objects.create(
                name=name, slug=unique_slug(Committee, name, max_length=80)
            )
        return committees[key]

    def _strategy(self, record):
        strategy = Strategy.objects.filter(normalized_name=normalize_name(record.title)).first()
        changed = strategy is None
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
            strategy.save()
        leads = [self.ministries[s] for s in record.lead_ministries if s in self.ministries]
        if "ministries" not in strategy.locked_fields:
            # Credited to the ministries that submitted it, where the text says which.
            strategy.ministries.add(*(leads or self.issuing))
        self._leads(strategy, record, leads)
        self._evidence(StrategyEvidence, "strategy", strategy, record.evidence)
        for task_record in record.tasks:
            task, created = StrategyTask.objects.get_or_create(
                strategy=strategy,
                order=task_record.order,
                defaults={"label": task_record.label, "title": task_record.title[:500]},
            )
            if not created and task.assign_unlocked(
                {"label": task_record.label, "title": task_record.title[:500]}
            ):
                task.save()
            self._evidence(StrategyTaskEvidence, "task", task, [task_record.evidence])
        for task_record in record.tasks:
            if task_record.parent is not None:
                StrategyTask.objects.filter(strategy=strategy, order=task_record.order).update(
                    parent=StrategyTask.objects.filter(
                        strategy=strategy, order=task_record.parent
                    ).first()
                )
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
        StrategyLead.objects.bulk_create(rows, ignore_conflicts=True)
        derived.rows_written(StrategyLead, rows)

    def _tie_to_strategy(self, record, evidence_model, field, instance):
        """Link a program or center to the strategy the text ties it to, with the sentence."""
        strategy = self.strategies.get(record.strategy or "")
        if strategy is None:
            return
        if instance.assign_unlocked({"strategy": strategy}):
            instance.save()
        span = record.strategy_evidence
        if span is not None:
            cited = {field: instance, "announcement": self.announcement,
                     "start": span.start, "end": span.end}  # fmt: skip
            if evidence_model.objects.filter(**cited).update(ties_strategy=True):
                derived.rows_written(evidence_model, [evidence_model(**cited)])  # no signal
            else:
                evidence_model.objects.create(**cited, quote=span.quote, ties_strategy=True)

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
        item = AgendaItem.objects.filter(
            meeting=meeting, normalized_title=normalize_name(record.title)
        ).first()
        if item is None and record.number is not None:
            item = AgendaItem.objects.filter(meeting=meeting, number=record.number).first()
        if item is None:
            item = AgendaItem.objects.create(meeting=meeting, **values)
        elif item.assign_unlocked(values):
            item.save()
        presenters = [
            self.ministries[s] for s in record.presenting_ministries if s in self.ministries
        ]
        if presenters:
            item.set_unlocked_m2m("presenting_ministries", presenters)
        self._evidence(AgendaItemEvidence, "agenda_item", item, record.evidence)

    def _program(self, record):
        program = Program.objects.filter(normalized_name=normalize_name(record.name)).first()
        new = program is None
        if new:
            program = Program(name=record.name[:500])
        if self._spell(program, "name", record.name, record.spellings) or new:
            program.save()
        if "ministries" not in program.locked_fields:
            program.ministries.add(*self.issuing)
        self._evidence(ProgramEvidence, "program", program, record.evidence)
        self._tie_to_strategy(record, ProgramEvidence, "program", program)
        for amount_record in record.amounts:
            values = {
                "value": amount_record.value,
                "currency": amount_record.currency,
                "year": amount_record.year,
            }
            amount, created = BudgetAmount.objects.get_or_create(
                program=program, text=amount_record.text, defaults=values
            )
            if not created and amount.assign_unlocked(
                {name: value for name, value in values.items() if value is not None}
            ):
                amount.save()
            self._evidence(BudgetAmountEvidence, "amount", amount, [amount_record.evidence])

    def _center(self, record):
        center = Center.objects.filter(normalized_name=normalize_name(record.name)).first()
        values = {
            "provisional": record.provisional,
            "region": record.region[:100],
            "country": record.country[:100],
        }
        changed = center is None
        if center is None:
            center = Center(name=record.name[:300], **values)
        elif center.assign_unlocked({k: v for k, v in values.items() if v not in ("", None)}):
            changed = True
        if self._spell(center, "name", record.name, record.spellings) or changed:
            center.save()
        counts = record.counts or {ministry.slug: None for ministry in self.issuing}
        if "ministries" not in center.locked_fields:
            for slug, count in counts.items():
                if slug in self.ministries:
                    operator = {"center": center, "ministry": self.ministries[slug]}
                    if CenterOperator.objects.filter(**operator).update(count=count):
                        derived.rows_written(CenterOperator, [CenterOperator(**operator)])
                    else:
                        CenterOperator.objects.create(**operator, count=count)
        self._evidence(CenterEvidence, "center", center, record.evidence)
        self._tie_to_strategy(record, CenterEvidence, "center", center)
