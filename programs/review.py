"""What staff see before a release is saved: every fact the parser found, each with its
sentences, and — for a release already stored — how those facts differ from what is stored.

A fact is one record as one release states it: its kind, its key (the normalised name the
importer matches it by, or the field name for the announcement's own fields), what the
release says about it and the sentences it says it in. Facts are compared by kind and key:
a key on one side only is added or removed; on both, changed when what is said differs.
"""

import dataclasses

from documents.models import Announcement, MeetingEvidence, Ministry, PersonEvidence, Statement
from documents.text import normalize_name

from .models import (
    AgendaItemEvidence,
    BudgetAmountEvidence,
    CenterEvidence,
    ProgramEvidence,
    StrategyEvidence,
    StrategyTaskEvidence,
)

# The kinds in the order a page lists them, with the names staff read.
KINDS = {
    "announcement": "발표문",
    "ministry": "부처",
    "meeting": "회의",
    "agenda_item": "안건",
    "strategy": "전략",
    "task": "추진과제",
    "program": "사업",
    "budget": "예산",
    "center": "센터",
    "person": "인물",
}
# The kinds whose sentences are not stored (a ministry is named, not cited): compared by
# what is said about them alone.
UNCITED_KINDS = {"announcement", "ministry"}
ANNOUNCEMENT_FIELDS = ("title", "subtitles", "date", "kind", "source_name", "source_url")


@dataclasses.dataclass(frozen=True)
class Fact:
    kind: str
    key: str
    label: str  # the name shown
    details: tuple = ()  # (what, value) pairs, values as text
    evidence: tuple = ()  # the sentences, in text order

    @property
    def kind_label(self):
        return KINDS[self.kind]


@dataclasses.dataclass(frozen=True)
class Change:
    old: Fact
    new: Fact

    @property
    def changed_details(self):
        """(what, old value, new value) for each statement that differs."""
        old, new = dict(self.old.details), dict(self.new.details)
        return [
            (name, old.get(name, ""), new.get(name, ""))
            for name in dict.fromkeys([*old, *new])
            if old.get(name, "") != new.get(name, "")
        ]

    @property
    def evidence_changed(self):
        return self.new.kind not in UNCITED_KINDS and set(self.old.evidence) != set(
            self.new.evidence
        )


@dataclasses.dataclass
class Diff:
    added: list
    removed: list
    changed: list
    unchanged: int

    def __bool__(self):
        return bool(self.added or self.removed or self.changed)


def diff(old_facts, new_facts):
    """The facts of ``new_facts`` not in ``old_facts``, those gone, and those changed."""
    old = {(fact.kind, fact.key): fact for fact in old_facts}
    new = {(fact.kind, fact.key): fact for fact in new_facts}
    both = [key for key in new if key in old]
    changed = [Change(old[key], new[key]) for key in both if _differ(old[key], new[key])]
    return Diff(
        added=[fact for key, fact in new.items() if key not in old],
        removed=[fact for key, fact in old.items() if key not in new],
        changed=changed,
        unchanged=len(both) - len(changed),
    )


def _differ(old, new):
    return old.details != new.details or Change(old, new).evidence_changed


def grouped(facts):
    """(kind label, facts) for each kind that has facts, in the order of KINDS."""
    groups = {kind: [] for kind in KINDS}
    for fact in facts:
        groups[fact.kind].append(fact)
    return [(KINDS[kind], group) for kind, group in groups.items() if group]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "예" if value else "아니요"
    if isinstance(value, (list, tuple)):
        return " / ".join(_text(item) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _details(*pairs):
    return tuple((name, _text(value)) for name, value in pairs)


def _quotes(spans):
    """The distinct sentences of ``spans`` in text order."""
    ordered = sorted(spans, key=lambda span: (span.start, span.end))
    return tuple(dict.fromkeys(span.quote for span in ordered))


def _announcement_facts(values):
    labels = {name: Announcement._meta.get_field(name).verbose_name for name in values}
    return [
        Fact("announcement", name, str(labels[name]), _details(("값", value)))
        for name, value in values.items()
    ]


# What a parsed release says ---------------------------------------------------------------


def parsed_facts(parsed):
    """Every fact of a ParsedRelease, as Fact rows."""
    facts = _announcement_facts({name: getattr(parsed, name) for name in ANNOUNCEMENT_FIELDS})
    facts += _parsed_ministries(parsed)
    meeting = parsed.meeting
    if meeting is not None:
        facts.append(
            Fact("meeting", "meeting", meeting.name, _meeting_details(
                meeting.name, meeting.number, meeting.date, meeting.venue, meeting.chair
            ), _quotes(meeting.evidence))
        )  # fmt: skip
    for item in parsed.agenda_items:
        facts.append(
            Fact("agenda_item", normalize_name(item.title), item.title,
                 _agenda_details(item.number, item.kind, item.closed, item.strategy),
                 _quotes(item.evidence))
        )  # fmt: skip
    for strategy in parsed.strategies:
        key = normalize_name(strategy.title)
        facts.append(
            Fact("strategy", key, strategy.title, (), _quotes(strategy.evidence))
        )  # fmt: skip
        for task in strategy.tasks:
            facts.append(
                Fact("task", f"{key}/{task.order}", f"{strategy.title} — {task.title}",
                     _details(("번호", task.label), ("제목", task.title)),
                     _quotes([task.evidence]))
            )  # fmt: skip
    for program in parsed.programs:
        key = normalize_name(program.name)
        facts.append(
            Fact("program", key, program.name, _details(("전략", program.strategy)),
                 _quotes(_with_tie(program)))
        )  # fmt: skip
        for amount in program.amounts:
            facts.append(
                Fact("budget", f"{key}/{amount.text}", f"{program.name}: {amount.text}",
                     _amount_details(amount.value, amount.currency, amount.year),
                     _quotes([amount.evidence]))
            )  # fmt: skip
    for center in parsed.centers:
        facts.append(
            Fact("center", normalize_name(center.name), center.name,
                 _center_details(center.region, center.country, center.provisional,
                                 center.strategy),
                 _quotes(_with_tie(center)))
        )  # fmt: skip
    for person in parsed.people:
        facts.append(
            Fact("person", _person_key(person.name, person.title),
                 f"{person.name} {person.title}".strip(), (),
                 _quotes([*person.evidence, *person.statements]))
        )  # fmt: skip
    return facts


def _with_tie(record):
    """A program's or center's sentences, with the one tying it to its strategy (stored as
    evidence of it too)."""
    tie = [record.strategy_evidence] if record.strategy and record.strategy_evidence else []
    return [*record.evidence, *tie]


def _parsed_ministries(parsed):
    mentioned = {record.slug: record for record in parsed.ministries}
    slugs = list(dict.fromkeys([*parsed.issuing_ministries, *mentioned]))
    names = dict(Ministry.objects.filter(slug__in=slugs).values_list("slug", "name"))
    facts = []
    for slug in slugs:
        record = mentioned.get(slug)
        name = names.get(slug) or (record.name if record else slug)
        roles = _roles(slug in parsed.issuing_ministries, record is not None)
        evidence = _quotes([record.evidence]) if record else ()
        facts.append(Fact("ministry", slug, name, _details(("역할", roles)), evidence))
    return facts


def _roles(issuing, mentioned):
    return [role for role, has in (("발표", issuing), ("언급", mentioned)) if has]


def _meeting_details(name, number, date, venue, chair):
    return _details(("이름", name), ("회차", number), ("일자", date), ("장소", venue),
                    ("주재", chair))  # fmt: skip


def _agenda_details(number, kind, closed, strategy):
    return _details(("번호", number), ("종류", kind or ""), ("비공개", closed),
                    ("전략", strategy))  # fmt: skip


def _amount_details(value, currency, year):
    return _details(("금액", f"{value:,} {currency}"), ("연도", year))


def _center_details(region, country, provisional, strategy):
    return _details(("지역", region), ("국가", country), ("가칭", provisional),
                    ("전략", strategy))  # fmt: skip


def _person_key(name, title):
    return f"{name}/{normalize_name(title)}"


# What the database holds from a stored release --------------------------------------------


def stored_facts(announcement):
    """The facts the database holds from ``announcement``: its fields, and every record
    with a sentence of it (in a fixed number of queries)."""
    facts = _announcement_facts({name: getattr(announcement, name) for name in ANNOUNCEMENT_FIELDS})
    facts += _stored_ministries(announcement)
    facts += _stored_meeting(announcement)
    facts += _stored_agenda(announcement)
    facts += _stored_strategies(announcement)
    facts += _stored_programs(announcement)
    facts += _stored_centers(announcement)
    facts += _stored_people(announcement)
    return facts


def _cited(evidence_model, announcement, field, *related):
    """{record: [its spans in this announcement]} for one kind of evidence."""
    rows = evidence_model.objects.filter(announcement=announcement).select_related(field, *related)
    records = {}
    for row in rows.order_by("start", "end"):
        records.setdefault(getattr(row, field), []).append(row)
    return records


def _stored_ministries(announcement):
    issuing = set(announcement.issuing_ministries.values_list("slug", flat=True))
    mentioned = list(announcement.mentioned_ministries.all())
    ministries = {m.slug: m for m in Ministry.objects.filter(slug__in=issuing)}
    ministries.update({m.slug: m for m in mentioned})
    mentioned_slugs = {m.slug for m in mentioned}
    return [
        Fact("ministry", slug, ministry.name,
             _details(("역할", _roles(slug in issuing, slug in mentioned_slugs))))
        for slug, ministry in ministries.items()
    ]  # fmt: skip


def _stored_meeting(announcement):
    cited = _cited(MeetingEvidence, announcement, "meeting", "meeting__chair")
    meeting = announcement.meeting
    if meeting is None and cited:
        meeting = next(iter(cited))
    if meeting is None:
        return []
    chair = meeting.chair.name if meeting.chair else None
    spans = cited.get(meeting, [])
    return [
        Fact("meeting", "meeting", meeting.name,
             _meeting_details(meeting.name, meeting.number, meeting.date, meeting.venue, chair),
             _quotes(spans))
    ]  # fmt: skip


def _stored_agenda(announcement):
    cited = _cited(AgendaItemEvidence, announcement, "agenda_item", "agenda_item__strategy")
    return [
        Fact("agenda_item", normalize_name(item.title), item.title,
             _agenda_details(item.number, item.kind, item.closed,
                             item.strategy.title if item.strategy else None),
             _quotes(spans))
        for item, spans in cited.items()
    ]  # fmt: skip


def _stored_strategies(announcement):
    facts = []
    cited = _cited(StrategyEvidence, announcement, "strategy")
    for strategy, spans in cited.items():
        facts.append(
            Fact("strategy", strategy.normalized_name, strategy.title, (), _quotes(spans))
        )  # fmt: skip
    tasks = _cited(StrategyTaskEvidence, announcement, "task", "task__strategy")
    for task, spans in tasks.items():
        strategy = task.strategy
        facts.append(
            Fact("task", f"{strategy.normalized_name}/{task.order}",
                 f"{strategy.title} — {task.title}",
                 _details(("번호", task.label), ("제목", task.title)), _quotes(spans))
        )  # fmt: skip
    return facts


def _stored_programs(announcement):
    facts = []
    cited = _cited(ProgramEvidence, announcement, "program", "program__strategy")
    for program, spans in cited.items():
        strategy = program.strategy.title if program.strategy else None
        facts.append(
            Fact("program", program.normalized_name, program.name,
                 _details(("전략", strategy)), _quotes(spans))
        )  # fmt: skip
    amounts = _cited(BudgetAmountEvidence, announcement, "amount", "amount__program")
    for amount, spans in amounts.items():
        program = amount.program
        facts.append(
            Fact("budget", f"{program.normalized_name}/{amount.text}",
                 f"{program.name}: {amount.text}",
                 _amount_details(amount.value, amount.currency, amount.year), _quotes(spans))
        )  # fmt: skip
    return facts


def _stored_centers(announcement):
    cited = _cited(CenterEvidence, announcement, "center", "center__strategy")
    facts = []
    for center, spans in cited.items():
        strategy = center.strategy.title if center.strategy else None
        facts.append(
            Fact("center", center.normalized_name, center.name,
                 _center_details(center.region, center.country, center.provisional, strategy),
                 _quotes(spans))
        )  # fmt: skip
    return facts


def _stored_people(announcement):
    cited = _cited(PersonEvidence, announcement, "person")
    statements = _cited(Statement, announcement, "person")
    people = list(dict.fromkeys([*cited, *statements]))
    return [
        Fact("person", _person_key(person.name, person.title), str(person), (),
             _quotes([*cited.get(person, []), *statements.get(person, [])]))
        for person in people
    ]  # fmt: skip
