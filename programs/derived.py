"""What is derived from the records — search entries and rendered bodies — kept current in
the same transaction as every change.

Each save, delete or link change of a record notes what it makes stale: the record's own
entry, the entries that show it (a program's shows its budgets; an agenda item's its
meeting), the body of the announcement its evidence cites. Outside a batch (an admin edit)
the stale entries are rewritten at once. Inside ``batched()`` (an import, a fixture load)
they are collected and rewritten once, at the end of the batch, still inside the caller's
transaction: a release whose records are saved one by one costs one write per entry.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_delete, post_save

from documents.models import Announcement, Meeting, MeetingEvidence, PersonEvidence

from . import indexing
from .bodies import render_bodies
from .models import (
    AgendaItem,
    AgendaItemEvidence,
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

Kind = SearchEntry.Kind
_state = threading.local()
# The receivers of each model whose saves make derived data stale, by model (see connect).
_SAVE_RECEIVERS = {}


class Changes:
    """The entries and bodies that writes have made stale."""

    def __init__(self):
        self.stale = defaultdict(set)  # kind → ids of records whose entries to rewrite
        self.removed = defaultdict(set)  # kind → keys of entries to delete
        self.bodies = set()  # ids of announcements whose bodies to render

    def apply(self):
        for kind, keys in self.removed.items():
            indexing.unindex(kind, keys)
        for kind, ids in self.stale.items():
            indexing.index(kind, ids)  # records deleted since are skipped
        if self.bodies:
            render_bodies(self.bodies)


@contextmanager
def batched():
    """Collect the changes made inside and apply them once, when the block ends (inside
    the caller's transaction, which should enclose the block). Nested blocks join the
    outermost one."""
    if getattr(_state, "changes", None) is not None:
        yield
        return
    _state.changes = changes = Changes()
    try:
        yield
    finally:
        _state.changes = None
    changes.apply()


@contextmanager
def _changes():
    """The batch's changes, or changes applied as soon as the caller has noted them."""
    current = getattr(_state, "changes", None)
    if current is not None:
        yield current
        return
    changes = Changes()
    yield changes
    changes.apply()


# ---------------------------------------------------------------- what each write makes stale


def _record_saved(sender, instance, **kwargs):
    with _changes() as changes:
        changes.stale[indexing.kind_of(sender)].add(instance.pk)


def _record_deleted(sender, instance, **kwargs):
    with _changes() as changes:
        changes.removed[indexing.kind_of(sender)].add(indexing.entry_key(instance))


def _announcement_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    with _changes() as changes:
        changes.stale[Kind.ANNOUNCEMENT].add(instance.pk)
        changes.bodies.add(instance.pk)
        # A new announcement cites nothing yet, and a save of other fields leaves its date.
        date_may_change = not created and (update_fields is None or "date" in update_fields)
        if not raw and date_may_change:
            # Its date is the first date of the records it cites, if it is their earliest.
            for kind, model, field in (
                (Kind.STRATEGY, StrategyEvidence, "strategy_id"),
                (Kind.PROGRAM, ProgramEvidence, "program_id"),
                (Kind.CENTER, CenterEvidence, "center_id"),
            ):
                cited = model.objects.filter(announcement_id=instance.pk).values_list(field)
                changes.stale[kind].update(pk for (pk,) in cited)


def _shown_in(kind, field, body=False):
    """A receiver for rows shown in the entry of the record ``field`` names (and, with
    ``body``, in the body of the announcement they cite)."""

    def receiver(sender, instance, **kwargs):
        with _changes() as changes:
            if kind is not None:
                changes.stale[kind].add(getattr(instance, field))
            if body:
                changes.bodies.add(instance.announcement_id)

    return receiver


def _meeting_saved(sender, instance, created=False, update_fields=None, **kwargs):
    # An agenda item's entry shows its meeting's name and date (a new meeting has none).
    if created:
        return
    items = AgendaItem.objects.filter(meeting_id=instance.pk).values_list("pk", flat=True)
    with _changes() as changes:
        changes.stale[Kind.AGENDA_ITEM].update(items)
        if instance.number is None and (update_fields is None or "date" in update_fields):
            # An unnumbered meeting's address is its date: the bodies that link it, or its
            # agenda items, must link the new one.
            for model, field in (
                (MeetingEvidence, "meeting"),
                (AgendaItemEvidence, "agenda_item__meeting"),
            ):
                cited = model.objects.filter(**{field: instance.pk})
                changes.bodies.update(cited.values_list("announcement_id", flat=True))


def _links_changed(kind, through, owner_field):
    """A receiver for a table linking records of ``kind`` (by ``owner_field``) to ministries."""

    cleared = f"_cleared_{through._meta.db_table}"

    def receiver(sender, instance, action, reverse, pk_set, **kwargs):
        if reverse:  # a ministry's links to records of this kind
            if action == "pre_clear":  # which records lose a link: after, none says
                links = through.objects.filter(ministry_id=instance.pk)
                setattr(instance, cleared, set(links.values_list(owner_field, flat=True)))
                return
            if action == "post_clear":
                pk_set = getattr(instance, cleared, set())
            elif action not in ("post_add", "post_remove"):
                return
            owners = pk_set or ()
        elif action in ("post_add", "post_remove", "post_clear"):
            owners = (instance.pk,)
        else:
            return
        with _changes() as changes:
            changes.stale[kind].update(owners)

    return receiver


def records_changed(model, ids):
    """Note the entries of the ``model`` records ``ids`` stale (links written in bulk, which
    send no m2m_changed)."""
    with _changes() as changes:
        changes.stale[indexing.kind_of(model)].update(ids)


def rows_written(model, rows):
    """Note what rows of ``model`` written in bulk (which sends no signals) make stale."""
    receiver = _SAVE_RECEIVERS.get(model)
    if receiver is not None:
        for row in rows:
            receiver(sender=model, instance=row)


def connect():
    """Connect the receivers (from the app's ready())."""
    for model in (Strategy, AgendaItem, Program, Center):
        post_save.connect(_record_saved, sender=model, dispatch_uid=f"derived-{model.__name__}")
        post_delete.connect(
            _record_deleted, sender=model, dispatch_uid=f"derived-del-{model.__name__}"
        )
    post_save.connect(_announcement_saved, sender=Announcement, dispatch_uid="derived-ann")
    post_delete.connect(_record_deleted, sender=Announcement, dispatch_uid="derived-del-ann")
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="derived-meeting")
    shown = (
        (StrategyTask, Kind.STRATEGY, "strategy_id", False),
        (BudgetAmount, Kind.PROGRAM, "program_id", False),
        (CenterOperator, Kind.CENTER, "center_id", False),
        (StrategyEvidence, Kind.STRATEGY, "strategy_id", True),
        (ProgramEvidence, Kind.PROGRAM, "program_id", True),
        (CenterEvidence, Kind.CENTER, "center_id", True),
        (AgendaItemEvidence, None, None, True),
        (MeetingEvidence, None, None, True),
        (PersonEvidence, None, None, True),
    )
    for model, kind, field, body in shown:
        receiver = _shown_in(kind, field, body)
        uid = f"derived-shown-{model.__name__}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        _SAVE_RECEIVERS[model] = receiver
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-del")
    links = (
        (Kind.ANNOUNCEMENT, Announcement.issuing_ministries.through, "announcement_id"),
        (Kind.ANNOUNCEMENT, Announcement.mentioned_ministries.through, "announcement_id"),
        (Kind.STRATEGY, Strategy.ministries.through, "strategy_id"),
        (Kind.PROGRAM, Program.ministries.through, "program_id"),
        (Kind.AGENDA_ITEM, AgendaItem.presenting_ministries.through, "agendaitem_id"),
    )
    for kind, through, owner_field in links:
        m2m_changed.connect(
            _links_changed(kind, through, owner_field),
            sender=through,
            weak=False,
            dispatch_uid=f"derived-links-{through.__name__}",
        )
