"""Ingesting release files, and dumping what they gave as fixtures: what the management
commands call."""

import json
from collections import Counter
from dataclasses import dataclass

from django.core import serializers
from django.db import DatabaseError

from documents.models import (
    Announcement,
    Committee,
    Meeting,
    MeetingEvidence,
    Person,
    PersonEvidence,
    Statement,
)
from documents.parsing import UnreadableInput
from documents.sources import parse_source, read_sources

from .importer import ingest_release
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

VOLATILE_FIELDS = ("created_at", "updated_at")
# The policy fixture, in loading order: each model after those its natural keys name.
POLICY_MODELS = (
    Committee,
    Person,
    Meeting,
    Announcement,
    MeetingEvidence,
    PersonEvidence,
    Statement,
    Strategy,
    StrategyRelation,
    StrategyTask,
    StrategyTaskEvidence,
    StrategyEvidence,
    StrategyLead,
    AgendaItem,
    AgendaItemEvidence,
    Program,
    BudgetAmount,
    BudgetAmountEvidence,
    ProgramEvidence,
    Center,
    CenterOperator,
    CenterEvidence,
)


@dataclass
class Result:
    path: str
    outcome: str = ""
    error: str = ""


def ingest_files(paths, on_wait=None):
    """Parse and store each release the files and folders hold, each in its own
    transaction; a failure loses only that release. ``on_wait()`` is called when another
    ingest holds the turn (see ingest_release)."""
    results = []
    for source in read_sources(paths):
        result = Result(source.origin)
        try:
            result.outcome = ingest_release(parse_source(source), source.key, on_wait)
        except UnreadableInput as error:
            result.error = str(error)
        except (DatabaseError, ValueError) as error:
            result.error = f"not saved: {type(error).__name__}: {str(error).splitlines()[0]}"
        results.append(result)
    return results


def count_outcomes(results):
    counts = Counter(result.outcome or "failed" for result in results)
    return {key: counts.get(key, 0) for key in ("created", "updated", "unchanged", "failed")}


def policy_fixture_json(base_committee_slugs):
    """Every record the releases produced, as fixture JSON with natural keys, sorted so
    that the same database always gives the same bytes."""
    objects = []
    for model in POLICY_MODELS:
        instances = model.objects.all()
        if model is Committee:
            instances = instances.exclude(slug__in=base_committee_slugs)
        for instance in sorted(instances, key=lambda obj: _sort_key(obj.natural_key())):
            objects.append(instance)
    text = serializers.serialize(
        "json",
        objects,
        indent=2,
        ensure_ascii=False,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    objects = json.loads(text)
    for obj in objects:
        # When a database imported a text is its own history, not the text's.
        for field in VOLATILE_FIELDS:
            obj["fields"].pop(field, None)
    return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"


def _sort_key(key):
    """Natural keys sort with None first and numbers in numeric order."""
    return tuple("" if p is None else f"{p:012d}" if isinstance(p, int) else str(p) for p in key)
