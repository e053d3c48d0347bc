"""What the parser returns: plain dataclasses, each fact with its evidence."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    """A sentence of the normalised text: ``text[start:end] == quote``."""

    start: int
    end: int
    quote: str

    def as_json(self):
        return {"start": self.start, "end": self.end, "quote": self.quote}


@dataclass
class MinistryRecord:
    slug: str
    name: str
    written: str
    evidence: Evidence


@dataclass
class PersonRecord:
    name: str
    title: str
    ministry: str | None  # slug
    evidence: list = field(default_factory=list)
    statements: list = field(default_factory=list)  # Evidence spans of the quoted words


@dataclass
class MeetingRecord:
    body: str
    committee: str | None  # slug of a known body
    name: str
    number: int | None
    series: int
    date: datetime.date | None
    date_inferred: bool
    chair: str | None  # a person's name
    venue: str
    evidence: list = field(default_factory=list)


@dataclass
class AgendaItemRecord:
    number: int | None
    title: str
    kind: str | None
    closed: bool
    strategy: str | None = None  # the title of the strategy it carries
    presenting_ministries: list = field(default_factory=list)  # slugs
    evidence: list = field(default_factory=list)
    position: int = 0  # offset of its first mention, for ordering
    section_start: int = 0  # where the text about it begins (its header, if it has one)
    draft: bool = False


@dataclass
class TaskRecord:
    order: int
    label: str
    title: str
    parent: int | None  # the order of the pillar it belongs to
    evidence: Evidence
    pillar: bool = False  # a pillar (전략) rather than a task under one


@dataclass
class StrategyRecord:
    title: str
    draft: bool
    tasks: list = field(default_factory=list)
    follows_up: list = field(default_factory=list)  # titles of earlier strategies
    related: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    position: int = 0
    # Relations (relations.py): the ministries whose agenda item submitted or reported it,
    # the day the meeting that deliberated it was held (its adoption, not a mention), and
    # every way the text writes its name (``title`` is the fullest of them).
    lead_ministries: list = field(default_factory=list)  # slugs
    adopted_on: datetime.date | None = None
    spellings: list = field(default_factory=list)

    @property
    def display_name(self):
        """The one name shown: the fullest written form (spacing variants merged)."""
        return self.title


@dataclass
class AmountRecord:
    text: str
    value: int
    currency: str
    evidence: Evidence  # the sentence the sum stands in
    position: int = 0  # where the sum itself starts in the text
    year: int | None = None  # the budget year the text gives it: ’20년 기준, 2025년 예산

    def as_json(self):
        return {
            "text": self.text,
            "value": self.value,
            "currency": self.currency,
            "year": self.year,
        }


@dataclass
class ProgramRecord:
    name: str
    amounts: list = field(default_factory=list)
    strategy: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    period_text: str = ""
    evidence: list = field(default_factory=list)
    position: int = 0
    strategy_evidence: Evidence | None = None  # the sentence that ties it to ``strategy``
    spellings: list = field(default_factory=list)


@dataclass
class CenterRecord:
    name: str
    provisional: bool
    region: str = ""
    country: str = ""
    counts: dict = field(default_factory=dict)  # ministry slug → number of centers
    strategy: str | None = None
    evidence: list = field(default_factory=list)
    position: int = 0
    strategy_evidence: Evidence | None = None  # the sentence that ties it to ``strategy``
    spellings: list = field(default_factory=list)


@dataclass
class RankRecord:
    technology: str
    rank: int
    evidence: Evidence


@dataclass
class TargetRecord:
    label: str
    text: str
    evidence: Evidence


def _json_or_none(evidence):
    return evidence.as_json() if evidence is not None else None


@dataclass
class ParsedRelease:
    """Everything extracted from one press release."""

    file: str
    text: str
    original_text: str
    content_hash: str
    title: str = ""
    subtitles: list = field(default_factory=list)
    date: datetime.date | None = None
    date_precision: str = ""
    date_inferred: bool = False
    kind: str = "press_release"
    source_name: str = ""
    source_url: str = ""
    issuing_ministries: list = field(default_factory=list)  # slugs
    ministries: list = field(default_factory=list)  # MinistryRecord, first mention each
    meeting: MeetingRecord | None = None
    agenda_items: list = field(default_factory=list)
    strategies: list = field(default_factory=list)
    programs: list = field(default_factory=list)
    centers: list = field(default_factory=list)
    people: list = field(default_factory=list)
    amounts: list = field(default_factory=list)
    ranks: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    body_markdown: str = ""
    warnings: list = field(default_factory=list)
    given_fields: list = field(default_factory=list)  # metadata given with the release

    def spans(self):
        """Every evidence span of the extraction (each quotes ``text`` at its offsets)."""
        spans = [m.evidence for m in self.ministries] + [a.evidence for a in self.amounts]
        for group in (self.agenda_items, self.strategies, self.programs, self.centers, self.people):
            for record in group:
                spans.extend(record.evidence)
        for strategy in self.strategies:
            spans.extend(task.evidence for task in strategy.tasks)
        for person in self.people:
            spans.extend(person.statements)
        if self.meeting:
            spans.extend(self.meeting.evidence)
        return spans

    def as_json(self):
        """The extraction as the ``parse_release --json`` object (fixed keys first)."""
        meeting = self.meeting
        return {
            "file": self.file,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "date_inferred": self.date_inferred,
            "kind": self.kind,
            "ministries": [m.name for m in self.ministries],
            "meeting": None
            if meeting is None
            else {
                "body": meeting.body,
                "name": meeting.name,
                "number": meeting.number,
                "date": meeting.date.isoformat() if meeting.date else None,
                "series": meeting.series,
                "date_inferred": meeting.date_inferred,
                "chair": meeting.chair,
                "venue": meeting.venue,
                "evidence": [e.as_json() for e in meeting.evidence],
            },
            "agenda_items": [
                {
                    "number": item.number,
                    "title": item.title,
                    "kind": item.kind,
                    "closed": item.closed,
                    "strategy": item.strategy,
                    "presenting_ministries": item.presenting_ministries,
                    "evidence": [e.as_json() for e in item.evidence],
                }
                for item in self.agenda_items
            ],
            "strategies": [
                {
                    "title": s.title,
                    "draft": s.draft,
                    "tasks": [
                        {"order": t.order, "label": t.label, "title": t.title, "parent": t.parent}
                        for t in s.tasks
                    ],
                    "follows_up": s.follows_up,
                    "related": s.related,
                    "evidence": [e.as_json() for e in s.evidence],
                    "display_name": s.display_name,
                    "spellings": s.spellings,
                    "lead_ministries": s.lead_ministries,
                    "adopted_on": s.adopted_on.isoformat() if s.adopted_on else None,
                }
                for s in self.strategies
            ],
            "programs": [
                {
                    "name": p.name,
                    "amounts_krw": [a.value for a in p.amounts if a.currency == "KRW"],
                    "amounts": [a.as_json() for a in p.amounts],
                    "evidence": [e.as_json() for e in p.evidence],
                    "strategy": p.strategy,
                    "strategy_evidence": _json_or_none(p.strategy_evidence),
                    "spellings": p.spellings,
                }
                for p in self.programs
            ],
            "centers": [
                {
                    "name": c.name,
                    "provisional": c.provisional,
                    "region": c.region,
                    "country": c.country,
                    "counts": c.counts,
                    "evidence": [e.as_json() for e in c.evidence],
                    "strategy": c.strategy,
                    "strategy_evidence": _json_or_none(c.strategy_evidence),
                    "spellings": c.spellings,
                }
                for c in self.centers
            ],
            "people": [
                {
                    "name": p.name,
                    "title": p.title,
                    "statements": [s.quote for s in p.statements],
                    "evidence": [e.as_json() for e in p.evidence],
                }
                for p in self.people
            ],
            "amounts": [a.as_json() for a in self.amounts],
            "warnings": self.warnings,
            "subtitles": self.subtitles,
            "date_precision": self.date_precision or None,
            "issuing_ministries": self.issuing_ministries,
            "ranks": [{"technology": r.technology, "rank": r.rank} for r in self.ranks],
            "targets": [{"label": t.label, "text": t.text} for t in self.targets],
            "contacts": self.contacts,
        }
