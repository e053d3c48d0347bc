"""Relations between the records of one release, each from a text form:

- a strategy's lead ministries: those presenting the agenda item that carries it (its
  section's subject, the 소관부처 column, or a bracket after the item's title: "… 전략(안)
  (국방부)"), and its adoption day: the day of the meeting that deliberated it, when held;
- a program's or center's strategy: the strategy named in the same sentence, or whose
  title holds the center's name (「글로벌 R&D 전략거점센터 구축·운영 방향」), with that sentence;
- a sum's budget year: a year written just before it in its clause (2025년 예산 800억원)
  or a "’20년 기준" right after it.
"""

import re

from . import names
from .dates import HELD_PAST
from .document import flat
from .ministries import resolve_ministry
from .records import Evidence

# A ministry in brackets right after an item's title: "국방 인공 지능 전환(AX) 전략 (국방부)".
_PRESENTER_BRACKET = re.compile(r"^\s*[」』’'\]]?\s*(?:\(안\))?\s*\(([가-힣·‧ㆍ,\s]{2,40})\)")
_YEAR_BEFORE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})|[’‘'`](?P<yy>\d{2}))\s*년(?:도)?[^,.;()]{0,12}$"
)
_YEAR_AFTER = re.compile(r"^\s*\(?\s*(?:(?P<y>(?:19|20)\d{2})|[’‘'`](?P<yy>\d{2}))\s*년\s*기준")


def attach_relations(release, doc):
    """Fill the relation fields of ``release``'s records (see the module docstring)."""
    _strategy_leads_and_adoption(release, doc)
    for record in release.programs + release.centers:
        _link_to_strategy(record, release.strategies, doc)
    for amount in release.amounts:
        amount.year = _budget_year(doc, amount)


def _strategy_leads_and_adoption(release, doc):
    meeting = release.meeting
    held = meeting is not None and any(HELD_PAST.search(flat(e.quote)) for e in meeting.evidence)
    by_title = {s.title: s for s in release.strategies}
    for item in release.agenda_items:
        strategy = by_title.get(item.strategy or "")
        if strategy is None:
            continue
        for slug in item.presenting_ministries + _bracketed_presenters(doc, item):
            if slug not in strategy.lead_ministries:
                strategy.lead_ministries.append(slug)
        if held and meeting.date is not None:
            strategy.adopted_on = meeting.date


def _bracketed_presenters(doc, item):
    """Ministries written in a bracket right after the item's title in its evidence."""
    found = []
    for evidence in item.evidence:
        text = flat(evidence.quote)
        position = text.find(item.title)
        if position < 0:
            continue
        match = _PRESENTER_BRACKET.match(text[position + len(item.title) :])
        for written in re.split(r"[·‧ㆍ,]\s*", match.group(1)) if match else []:
            slug = resolve_ministry(doc, written.strip())
            if slug and slug not in found:
                found.append(slug)
    return found


def _link_to_strategy(record, strategies, doc):
    """The strategy named beside the record, or whose title holds the record's name."""
    key = names.matching_key(record.name)
    for strategy in strategies:
        if key and key in names.matching_key(strategy.title) and strategy.evidence:
            record.strategy, record.strategy_evidence = strategy.title, strategy.evidence[0]
            return
    for evidence in record.evidence:
        text = names.matching_key(evidence.quote)
        for strategy in strategies:
            if names.matching_key(strategy.title) in text:
                record.strategy = strategy.title
                record.strategy_evidence = Evidence(evidence.start, evidence.end, evidence.quote)
                return


def _budget_year(doc, amount):
    """The year the text gives a sum: just before it in its clause, or "’20년 기준" after."""
    sentence = amount.evidence
    offset = amount.position - sentence.start
    before = sentence.quote[max(0, offset - 30) : offset]
    after = sentence.quote[offset + len(amount.text) :][:16]
    match = _YEAR_BEFORE.search(before) or _YEAR_AFTER.match(after)
    if match is None:
        return None
    return int(match["y"]) if match["y"] else 2000 + int(match["yy"])
