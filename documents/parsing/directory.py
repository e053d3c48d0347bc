"""The ministries and deliberative bodies the parser recognises, read from the curated
fixtures as plain data (the parser never touches the database)."""

import datetime
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from documents.text import normalize_name

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"


@dataclass(frozen=True)
class MinistryEntry:
    slug: str
    name: str
    established: datetime.date | None
    abolished: datetime.date | None
    aliases: tuple = ()

    def active_on(self, day):
        return (self.established is None or self.established <= day) and (
            self.abolished is None or day < self.abolished
        )

    def active_in(self, year):
        """Whether the ministry existed under this name at some time in ``year``."""
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return (self.established is None or self.established <= last) and (
            self.abolished is None or first < self.abolished
        )


@dataclass(frozen=True)
class CommitteeEntry:
    slug: str
    name: str
    short_name: str
    parent: str | None
    series_starts: tuple = ()

    def series_on(self, day):
        """The series of a meeting held on ``day``: 1, plus one per restart of the count."""
        if day is None:
            return len(self.series_starts) + 1 if self.series_starts else 1
        return 1 + sum(1 for start in self.series_starts if start <= day)


@dataclass
class Directory:
    ministries: list
    committees: list
    _by_name: dict = field(default_factory=dict, repr=False)
    _names: tuple = field(default=(), init=False, repr=False, compare=False)
    _committee_keys: tuple = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self):
        for entry in self.ministries:
            for name in {entry.name, *entry.aliases}:
                self._by_name.setdefault(name, []).append(entry)
        # Asked for on every sentence of every release: sorted once.
        self._names = tuple(sorted(self._by_name, key=len, reverse=True))
        # (key of a known name, its body): each committee's name and short name, in order.
        self._committee_keys = tuple(
            (normalize_name(known), entry)
            for entry in self.committees
            for known in filter(None, (entry.name, entry.short_name))
        )

    def ministry_names(self):
        """Every full name and alias, longest first (so 과학기술정보통신부 beats 정보통신부)."""
        return self._names

    def candidates(self, name):
        return self._by_name.get(name, [])

    def resolve(self, name, day=None, years=()):
        """The ministry ``name`` meant on ``day`` (or, undated, in the ``years`` mentioned)."""
        entries = self.candidates(name)
        exact = [e for e in entries if e.name == name]
        if len(exact) == 1 and day is None:
            return exact[0]
        if day is not None:
            active = [e for e in entries if e.active_on(day)]
            if active:
                # A full name beats an alias shared with another ministry (교육부).
                return next((e for e in active if e.name == name), active[0])
            return exact[0] if len(exact) == 1 else None
        if years and entries:  # an unknown name has no candidates to choose among
            return max(
                entries, key=lambda e: (sum(e.active_in(y) for y in years), e.abolished is None)
            )
        current = [e for e in entries if e.abolished is None]
        return (exact or current or entries or [None])[0]

    def committee_matching(self, written):
        """The known body a written name means: exact, or the longest known name it ends with."""
        key = normalize_name(written)
        variants = {key, normalize_name(_prefer_parenthesised(written))}
        best = None
        for known_key, entry in self._committee_keys:
            if len(known_key) < 4:
                continue
            matches = any(v == known_key or v.endswith(known_key) for v in variants)
            if matches and (best is None or len(known_key) > best[0]):
                best = (len(known_key), entry)
        return best[1] if best else None


def _prefer_parenthesised(text):
    """ "국제 연구개발(글로벌 R&D) 특별위원회" → "글로벌 R&D 특별위원회": plain-language
    rewrites keep the familiar term in brackets after its Korean rendering."""
    return re.sub(r"[가-힣]+(?:\s[가-힣]+)?\(([^()]*[A-Za-z][^()]*)\)", r"\1", text)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@functools.lru_cache(maxsize=4)
def load_directory(fixtures_dir=FIXTURES_DIR):
    """The directory built from ``ministries.json`` and ``committees.json``."""
    ministry_objects = json.loads((Path(fixtures_dir) / "ministries.json").read_text("utf-8"))
    aliases = {}
    for obj in ministry_objects:
        if obj["model"] == "documents.ministryalias":
            aliases.setdefault(obj["fields"]["ministry"][0], []).append(obj["fields"]["name"])
    ministries = [
        MinistryEntry(
            slug=obj["fields"]["slug"],
            name=obj["fields"]["name"],
            established=_date(obj["fields"]["established"]),
            abolished=_date(obj["fields"]["abolished"]),
            aliases=tuple(aliases.get(obj["fields"]["slug"], ())),
        )
        for obj in ministry_objects
        if obj["model"] == "documents.ministry"
    ]
    committee_objects = json.loads((Path(fixtures_dir) / "committees.json").read_text("utf-8"))
    committees = [
        CommitteeEntry(
            slug=obj["fields"]["slug"],
            name=obj["fields"]["name"],
            short_name=obj["fields"]["short_name"],
            parent=(obj["fields"]["parent"] or [None])[0],
            series_starts=tuple(_date(d) for d in obj["fields"].get("series_starts", [])),
        )
        for obj in committee_objects
    ]
    return Directory(ministries, committees)
