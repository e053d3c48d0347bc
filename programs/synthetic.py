"""A large synthetic corpus made from the real one, for measuring the site at scale.

Bodies are composed of real sentences from the source releases; each sentence is tokenised
for search once, and a body's search tokens are the union of its sentences' tokens, so no
synthetic body is tokenised again. Everything is written with bulk inserts. The same seed
gives the same corpus.
"""

import datetime
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max

from documents.models import Announcement, Committee, Meeting, Ministry, Person, PersonEvidence
from documents.parsing import parse_release
from policybase.caching import data_changed

from .models import (
    AgendaItem,
    BudgetAmount,
    Center,
    CenterOperator,
    Program,
    SearchEntry,
    Strategy,
    StrategyEvidence,
)
from .search import CREATE_GIN_INDEX, GIN_INDEX, token_text, tokens_of

FIRST_DAY, LAST_DAY = datetime.date(2008, 1, 1), datetime.date(2026, 12, 31)
TOPICS = tuple(
    [
        "양자과학기술",
        "인공지능",
        "첨단바이오",
        "반도체",
        "이차전지",
        "우주항공",
        "탄소중립",
        "수소",
        "합성생물학",
        "디지털헬스",
        "차세대통신",
        "로봇",
        "원자력",
        "해양수산",
        "소재부품",
        "기초연구",
        "연구성과확산",
        "과학기술인재",
        "지역혁신",
        "국제협력",
        "디스플레이",
        "사이버보안",
        "기후기술",
    ]
)
STRATEGY_FORMS = (
    "{topic} 국가전략",
    "{topic} 혁신 전략",
    "{topic} 국제협력 전략",
    "{topic} 육성 방안",
    "{topic} 기술 로드맵",
    "{topic} 추진계획",
    "{topic} 산업 생태계 강화 방안",
)
PROGRAM_FORMS = (
    "{topic} 원천기술개발사업",
    "{topic} 플래그십 프로젝트",
    "{topic} 혁신 펀드",
    "{topic} 선도연구단",
)
CENTER_FORMS = ("{topic} 글로벌 협력센터", "{topic} 혁신 거점센터", "{topic} 연구소")
REGIONS = ("미주", "유럽", "아시아", "중동", "오세아니아", "")
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현우준영수희진호석경미아은도하연성"
TITLES = ("장관", "차관", "과학기술혁신본부장", "연구개발정책실장", "국장", "위원장")


@dataclass
class SentencePool:
    """Real content sentences with their search tokens, computed once."""

    sentences: list = field(default_factory=list)
    tokens: list = field(default_factory=list)

    @classmethod
    def from_sources(cls, directories):
        pool = cls()
        for directory in directories:
            for path in sorted(Path(directory).glob("*.txt")):
                release = parse_release(path.read_bytes(), file=path.name)
                for sentence in release.text.split("\n"):
                    if 20 <= len(sentence) <= 600:
                        pool.sentences.append(sentence)
                        pool.tokens.append(tokens_of(sentence))
        return pool


def default_pool():
    return SentencePool.from_sources(
        [settings.FIXTURES_DIR / "sources", settings.BASE_DIR / "tests" / "data" / "corpus"]
    )


class CorpusBuilder:
    """Builds ``count`` announcements with their records; ``build()`` writes them."""

    def __init__(self, count, seed=0, pool=None, batch=1000):
        self.count, self.batch = count, batch
        self.rng = random.Random(seed)
        self.pool = pool or default_pool()
        self.ministries = list(Ministry.objects.order_by("slug"))
        self.committees = list(Committee.objects.order_by("slug"))
        # Numbering continues after the meetings already stored (series 1).
        self.meeting_numbers = dict(
            Meeting.objects.filter(series=1).values_list("committee").annotate(last=Max("number"))
        )

    def build(self):
        """Write the corpus in batches; return the number of announcements written."""
        people = self._people()
        strategies = self._named(Strategy, STRATEGY_FORMS, "title", max(20, self.count // 5))
        programs = self._named(Program, PROGRAM_FORMS, "name", max(20, self.count // 5))
        centers = self._named(Center, CENTER_FORMS, "name", max(10, self.count // 20))
        self._amounts_and_operators(programs, centers)
        written = 0
        postgres = connection.vendor == "postgresql"
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        while written < self.count:
            size = min(self.batch, self.count - written)
            with transaction.atomic():
                if postgres:
                    with connection.cursor() as cursor:
                        # A generated corpus can be generated again: no need to wait for
                        # each commit to reach the disk.
                        cursor.execute("SET LOCAL synchronous_commit = off")
                self._batch(written, size, people, strategies, programs, centers)
            written += size
        self._index_records(strategies, programs, centers)
        data_changed()  # bulk inserts send no signals: cached pages must not outlive them
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(CREATE_GIN_INDEX)
                # Fresh statistics, or the planner guesses: how common a search word is (for
                # search_vector), how many rows each join table holds.
                cursor.execute("ANALYZE")
        return written

    # ------------------------------------------------------------ shared records

    def _people(self):
        people = []
        for number in range(400):
            name = self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2))
            title = self.rng.choice(TITLES)
            people.append(
                Person(
                    name=name,
                    title=f"{title} {number}",
                    slug=f"synthetic-person-{number}",
                    ministry=self.rng.choice(self.ministries),
                )
            )
        return Person.objects.bulk_create(people, ignore_conflicts=False)

    def _named(self, model, forms, field_name, total):
        records = []
        for number in range(total):
            topic = self.rng.choice(TOPICS)
            name = f"{self.rng.choice(forms).format(topic=topic)} {number + 1}호"
            record = model(**{field_name: name})
            record.normalized_name = f"synthetic-{model.__name__.lower()}-{number}"
            record.slug = f"synthetic-{model.__name__.lower()}-{number}"
            if model is Strategy:
                record.date = self._date()
                record.date_precision = "day"
            if model is Center:
                record.region = self.rng.choice(REGIONS)
            records.append(record)
        return model.objects.bulk_create(records, batch_size=self.batch)

    def _amounts_and_operators(self, programs, centers):
        amounts = [
            BudgetAmount(program=p, text=f"{value:,}억원", value=value * 10**8)
            for p in programs
            for value in [self.rng.randint(5, 9_000)]
        ]
        BudgetAmount.objects.bulk_create(amounts, batch_size=self.batch)
        operators = [
            CenterOperator(
                center=c, ministry=self.rng.choice(self.ministries), count=self.rng.randint(1, 8)
            )
            for c in centers
        ]
        CenterOperator.objects.bulk_create(operators, batch_size=self.batch)

    def _date(self):
        return FIRST_DAY + datetime.timedelta(days=self.rng.randrange((LAST_DAY - FIRST_DAY).days))

    def _ministry_on(self, day):
        active = [
            m
            for m in self.ministries
            if (m.established is None or m.established <= day)
            and (m.abolished is None or day < m.abolished)
        ]
        return self.rng.choice(active or self.ministries)

    # ------------------------------------------------------------ one batch of announcements

    def _batch(self, offset, size, people, strategies, programs, centers):
        drafts = [
            self._announcement(offset + i, strategies, programs, centers, people)
            for i in range(size)
        ]
        saved = Announcement.objects.bulk_create(
            [d["announcement"] for d in drafts], batch_size=self.batch
        )
        through = Announcement.issuing_ministries.through
        through.objects.bulk_create(
            [
                through(announcement_id=a.pk, ministry_id=d["ministry"].pk)
                for a, d in zip(saved, drafts, strict=True)
            ],
            batch_size=self.batch,
        )
        StrategyEvidence.objects.bulk_create(
            [
                StrategyEvidence(announcement=a, strategy=d["strategy"], **d["strategy_span"])
                for a, d in zip(saved, drafts, strict=True)
            ],
            batch_size=self.batch,
        )
        PersonEvidence.objects.bulk_create(
            [
                PersonEvidence(announcement=a, person=d["person"], **d["person_span"])
                for a, d in zip(saved, drafts, strict=True)
            ],
            batch_size=self.batch,
        )
        self._meetings(saved, drafts)
        entries = [self._announcement_entry(a, d) for a, d in zip(saved, drafts, strict=True)]
        SearchEntry.objects.bulk_create(entries, batch_size=self.batch)
        links = SearchEntry.ministries.through
        links.objects.bulk_create(
            [
                links(searchentry_id=e.pk, ministry_id=d["ministry"].pk)
                for e, d in zip(entries, drafts, strict=True)
            ],
            batch_size=self.batch,
        )

    def _announcement(self, number, strategies, programs, centers, people):
        day = self._date()
        ministry = self._ministry_on(day)
        strategy = self.rng.choice(strategies)
        person = self.rng.choice(people)
        picks = self._sentences_for(self.rng.randint(3_000, 20_000))
        lead = f"□ {ministry.name}는 {day.month}월 {day.day}일 「{strategy.title}」을 발표하였다."
        said = self.pool.sentences[picks[0]][:80]
        quote = f"ㅇ {person.name} {person.title.rsplit(' ', 1)[0]}은 “{said}”라고 밝혔다."
        lines = [lead, quote, *(self.pool.sentences[i] for i in picks)]
        text = "\n".join(lines)
        title = f"{ministry.name}, {strategy.title} 발표"
        tokens = set(tokens_of(title))
        for i in picks:
            tokens |= self.pool.tokens[i]
        tokens |= tokens_of(lead) | tokens_of(quote)
        return {
            "announcement": Announcement(
                key=f"synthetic-{number:07d}",
                title=title,
                date=day,
                date_precision="day",
                kind=Announcement.Kind.PRESS_RELEASE,
                source_name="synthetic",
                original_text="",
                text=text,
                body_markdown="",
                content_hash=f"synthetic-{number}",
            ),
            "ministry": ministry,
            "strategy": strategy,
            "person": person,
            "strategy_span": {"start": 0, "end": len(lead), "quote": lead},
            "person_span": {
                "start": len(lead) + 1,
                "end": len(lead) + 1 + len(quote),
                "quote": quote,
            },
            "tokens": tokens,
        }

    def _sentences_for(self, size):
        """Pool sentences, drawn at random, until the body reaches ``size`` bytes."""
        picks, total = [], 0
        while total < size:
            pick = self.rng.randrange(len(self.pool.sentences))
            picks.append(pick)
            total += len(self.pool.sentences[pick].encode()) + 1
        return picks

    def _meetings(self, saved, drafts):
        """Every fifth announcement reports a numbered meeting with two to five agenda items."""
        meetings, items = [], []
        for announcement, draft in zip(saved, drafts, strict=True):
            if announcement.pk % 5:
                continue
            committee = self.rng.choice(self.committees)
            number = (self.meeting_numbers.get(committee.pk) or 0) + 1
            self.meeting_numbers[committee.pk] = number
            meeting = Meeting(
                committee=committee,
                number=number,
                name=f"제{number}회 {committee.name}",
                date=announcement.date,
                chair=draft["person"],
            )
            meetings.append((meeting, announcement, draft))
        saved_meetings = Meeting.objects.bulk_create(
            [m for m, _, _ in meetings], batch_size=self.batch
        )
        for meeting, (_, announcement, draft) in zip(saved_meetings, meetings, strict=True):
            announcement.meeting_id = meeting.pk
            for order in range(self.rng.randint(2, 5)):
                strategy = draft["strategy"] if order == 0 else None
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        number=order + 1,
                        order=order,
                        title=f"안건 {order + 1}: {meeting.name} 심의 과제",
                        normalized_title=f"{meeting.pk}-{order}",
                        kind="심의",
                        strategy=strategy,
                    )
                )
        Announcement.objects.bulk_update(
            [a for _, a, _ in meetings], ["meeting"], batch_size=self.batch
        )
        AgendaItem.objects.bulk_create(items, batch_size=self.batch)

    def _announcement_entry(self, announcement, draft):
        return SearchEntry(
            kind="announcement",
            key=announcement.key,
            url=announcement.get_absolute_url(),
            title=announcement.title,
            body=announcement.text[:1000],
            date=announcement.date,
            year=announcement.date.year,
            tokens=token_text(draft["tokens"]),
            title_tokens=token_text(tokens_of(announcement.title)),
        )

    def _index_records(self, strategies, programs, centers):
        entries = []
        for kind, records, attribute in (
            ("strategy", strategies, "title"),
            ("program", programs, "name"),
            ("center", centers, "name"),
        ):
            for record in records:
                name = getattr(record, attribute)
                entries.append(
                    SearchEntry(
                        kind=kind,
                        key=record.slug,
                        url=record.get_absolute_url(),
                        title=name,
                        body="",
                        date=getattr(record, "date", None),
                        year=record.date.year if getattr(record, "date", None) else None,
                        tokens=token_text(tokens_of(name)),
                        title_tokens=token_text(tokens_of(name)),
                    )
                )
        SearchEntry.objects.bulk_create(entries, batch_size=self.batch)
