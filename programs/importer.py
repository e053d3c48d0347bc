"""Saving a parsed release: one transaction per release, idempotent by its key and text.

A release already stored with the same text is left alone ("unchanged"). A changed text
updates the records it names — but never a field that staff edited by hand (a record's
``locked_fields``) — and replaces the evidence that pointed into the old text.
"""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from documents.models import (
    Announcement,
    Committee,
    Meeting,
    MeetingEvidence,
    Ministry,
    Person,
    PersonEvidence,
    Statement,
)
from documents.text import normalize_name
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


def ingest_release(parsed, key, on_wait=None, force=False):
    """Store ``parsed`` (a ParsedRelease) under ``key``; return created/updated/unchanged.
    ``on_wait()`` is called if another ingest's release must be finished first. ``force``
    stores it even if its text is unchanged (staff applying a re-parse in the admin)."""
    with transaction.atomic(), derived.batched():
        _take_turn(on_wait)
        announcement = Announcement.objects.filter(key=key).first()
        unchanged = announcement is not None and announcement.content_hash == parsed.content_hash
        if unchanged and not force:
            return UNCHANGED
        outcome = CREATED if announcement is None else UPDATED
        announcement = _save_announcement(announcement, parsed, key)
        _Records(announcement, parsed).save()
        transaction.on_commit(data_changed)
        return outcome


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


def _save_announcement(announcement, parsed, key):
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

    def __init__(self, announcement, parsed):
        self.announcement = announcement
        self.parsed = parsed
        slugs = {m.slug for m in parsed.ministries} | set(parsed.issuing_ministries)
        for item in parsed.agenda_items:
            slugs.update(item.presenting_ministries)
        for center in parsed.centers:
            slugs.update(center.counts)
        for strategy in parsed.strategies:
            slugs.update(strategy.lead_ministries)
        self.ministries = Ministry.objects.in_bulk(slugs, field_name="slug")
        self.issuing = [
            self.ministries[s] for s in parsed.issuing_ministries if s in self.ministries
        ]
        self.strategies = {}
        self.meeting = None

    def save(self):
        announcement, parsed = self.announcement, self.parsed
        announcement.set_unlocked_m2m("issuing_ministries", self.issuing)
        mentioned = [
            self.ministries[m.slug] for m in parsed.ministries if m.slug in self.ministries
        ]
        announcement.set_unlocked_m2m("mentioned_ministries", mentioned)
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
        person, created = Person.objects.get_or_create(
            name=record.name,
            title=record.title[:200],
            defaults={"ministry": self.ministries.get(record.ministry)},
        )
        if not created and person.assign_unlocked(
            {"ministry": self.ministries.get(record.ministry)}
        ):
            person.save()
        self._evidence(PersonEvidence, "person", person, record.evidence)
        for span in record.statements:
            Statement.objects.get_or_create(
                announcement=self.announcement,
                start=span.start,
                end=span.end,
                defaults={"person": person, "quote": span.quote},
            )
        return person

    def _meeting(self, record, people):
        committee = self._committee(record)
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
        if record.committee:
            committee = Committee.objects.filter(slug=record.committee).first()
            if committee is not None:
                return committee
        committee, _ = Committee.objects.get_or_create(
            name=record.body[:200], defaults={"slug": slugify(record.body, allow_unicode=True)[:80]}
        )
        return committee

    def _strategy(self, record):
        strategy = Strategy.objects.filter(normalized_name=normalize_name(record.title)).first()
        if strategy is None:
            strategy = Strategy.objects.create(
                title=record.title[:500],
                draft=record.draft,
                date=self.parsed.date,
                date_precision=self.parsed.date_precision if self.parsed.date else "",
            )
        elif strategy.assign_unlocked({"draft": strategy.draft and record.draft}):
            strategy.save()
        if record.adopted_on and strategy.assign_unlocked(
            # Its date is its adoption's, not that of the first release that names it.
            {"adopted_on": record.adopted_on, "adopted_at": self.meeting,
             "date": record.adopted_on, "date_precision": "day"}
        ):  # fmt: skip
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
        for ministry in leads:
            for span in spans:
                StrategyLead.objects.get_or_create(
                    strategy=strategy,
                    ministry=ministry,
                    announcement=self.announcement,
                    start=span.start,
                    end=span.end,
                    defaults={"quote": span.quote},
                )

    def _tie_to_strategy(self, record, evidence_model, field, instance):
        """Link a program or center to the strategy the text ties it to, with the sentence."""
        strategy = self.strategies.get(record.strategy or "")
        if strategy is None:
            return
        if instance.assign_unlocked({"strategy": strategy}):
            instance.save()
        span = record.strategy_evidence
        if span is not None:
            evidence_model.objects.update_or_create(
                **{field: instance},
                announcement=self.announcement,
                start=span.start,
                end=span.end,
                defaults={"quote": span.quote, "ties_strategy": True},
            )

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
        if program is None:
            program = Program.objects.create(name=record.name[:500])
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
            "name": record.name[:300],
            "provisional": record.provisional,
            "region": record.region[:100],
            "country": record.country[:100],
        }
        if center is None:
            center = Center.objects.create(**values)
        elif center.assign_unlocked({k: v for k, v in values.items() if v not in ("", None)}):
            center.save()
        counts = record.counts or {ministry.slug: None for ministry in self.issuing}
        if "ministries" not in center.locked_fields:
            for slug, count in counts.items():
                if slug in self.ministries:
                    CenterOperator.objects.update_or_create(
                        center=center, ministry=self.ministries[slug], defaults={"count": count}
                    )
        self._evidence(CenterEvidence, "center", center, record.evidence)
        self._tie_to_strategy(record, CenterEvidence, "center", center)
