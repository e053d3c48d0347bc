"""A large synthetic corpus made from the real one, for measuring the site at scale.

Bodies are composed of real sentences from the source releases; each sentence is tokenised
for search once, and a body's search tokens are the union of its sentences' tokens, so no
synthetic body is tokenised again. Rows are built in Python with their ids assigned here,
so every table of a batch is written in one go (COPY on PostgreSQL) without reading ids
back. The same seed gives the same corpus.
"""

import datetime
import multiprocessing
import multiprocessing.connection
import os
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse

from documents.models import Announcement, Committee, Meeting, Ministry, Person, PersonEvidence
from documents.parsing import parse_release
from documents.rendering import paragraphs_html
from policybase.caching import data_changed
from programs.indexing import entry_fields
from programs.models import (
    AgendaItem,
    BudgetAmount,
    Center,
    CenterOperator,
    Program,
    SearchEntry,
    Strategy,
    StrategyEvidence,
)
from programs.search import CREATE_GIN_INDEX, GIN_INDEX, tokens_of

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
    """Real content sentences with their search tokens, computed once. A sentence's tokens
    are kept as ranks in ``vocabulary`` (every token of the pool, sorted), so a body's
    tokens are put in order by sorting numbers, not strings."""

    sentences: list = field(default_factory=list)
    sizes: list = field(default_factory=list)  # UTF-8 bytes, with the line break
    token_ranks: list = field(default_factory=list)
    vocabulary: list = field(default_factory=list)
    rank: dict = field(default_factory=dict)  # token → its place in vocabulary

    @classmethod
    def from_sources(cls, directories):
        pool, token_sets = cls(), []
        for directory in directories:
            for path in sorted(Path(directory).glob("*.txt")):
                release = parse_release(path.read_bytes(), file=path.name)
                for sentence in release.text.split("\n"):
                    if 20 <= len(sentence) <= 600:
                        pool.sentences.append(sentence)
                        pool.sizes.append(len(sentence.encode()) + 1)
                        token_sets.append(tokens_of(sentence))
        pool.vocabulary = sorted(set().union(*token_sets))
        pool.rank = {token: rank for rank, token in enumerate(pool.vocabulary)}
        pool.token_ranks = [tuple(pool.rank[t] for t in tokens) for tokens in token_sets]
        return pool

    def sorted_tokens(self, picks, texts):
        """The distinct search tokens of the picked sentences and of ``texts``, sorted as
        PostgreSQL sorts a tsvector's lexemes (bytewise: for UTF-8, code-point order), so
        that it reads them without sorting them again."""
        ranks, others = set().union(*(self.token_ranks[i] for i in picks)), set()
        for text in texts:
            for token in tokens_of(text):
                rank = self.rank.get(token)
                if rank is None:
                    others.add(token)
                else:
                    ranks.add(rank)
        known = list(map(self.vocabulary.__getitem__, sorted(ranks)))
        return sorted(known + sorted(others))  # two sorted runs: merged in one pass


def default_pool():
    return SentencePool.from_sources(
        [settings.FIXTURES_DIR / "sources", settings.BASE_DIR / "tests" / "data" / "corpus"]
    )


class TokensBinaryDumper(psycopg.adapt.Dumper):
    """Search tokens as written for every engine (search.token_text) in the binary form of
    a PostgreSQL ``tsvector``: the number of lexemes, then each lexeme NUL-terminated with
    its number of positions (two bytes: none)."""

    format = psycopg.pq.Format.BINARY
    oid = 3614  # tsvector: a built-in type's oid is fixed by PostgreSQL

    def dump(self, text):
        lexemes = text.split()
        if not lexemes:
            return bytes(4)
        ends = "\0\0\0"
        return len(lexemes).to_bytes(4, "big") + (ends.join(lexemes) + ends).encode()


def _column_type_oids(table, columns):
    """The type of each of ``columns`` of ``table``, as oids, which a binary COPY needs."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass",
            [table],
        )
        types = dict(cursor.fetchall())
    return [types[column] for column in columns]


@contextmanager
def batch_cursor(statements=(), database=None):
    """A cursor for Table.write() in a transaction of its own, after ``statements`` (see
    _load_settings): on ``database``, a psycopg connection of a worker's own, or else on
    Django's connection. On PostgreSQL the cursor is psycopg's own, which COPY needs."""
    if database is not None:
        with database.transaction(), database.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            yield cursor
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        yield cursor.cursor if connection.vendor == "postgresql" else cursor


class Table:
    """New rows of one model's table, with ids assigned here; ``write()`` sends them in
    one go: COPY on PostgreSQL, a single executemany elsewhere. Fields not given take the
    model's defaults."""

    def __init__(self, model):
        self.model = model
        fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        self.defaults = {
            f.attname: f.get_db_prep_save(f.get_default(), connection)
            for f in fields
            if not f.primary_key
        }
        self.next_id = (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        self.rows = []
        if connection.vendor == "postgresql":
            self.type_oids = _column_type_oids(model._meta.db_table, [f.column for f in fields])

    def reserve(self, count):
        """The first of ``count`` consecutive unused ids, set aside for rows built elsewhere
        (see CorpusBuilder)."""
        first, self.next_id = self.next_id, self.next_id + count
        return first

    def add(self, row_id=None, **values):
        """Queue a row with id ``row_id``, by default the next unused one; return the id."""
        if row_id is None:
            row_id = self.reserve(1)
        row = {**self.defaults, "id": row_id, **values}
        self.rows.append(tuple(row[name] for name in self.attnames))
        return row_id

    def take(self):
        """The rows queued so far; the queue starts again empty."""
        rows, self.rows = self.rows, []
        return rows

    def write(self, rows, cursor):
        """Send ``rows`` through ``cursor``, one of batch_cursor()."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        if connection.vendor == "postgresql":
            # Binary COPY: PostgreSQL stores each value as sent, parsing no text. Read
            # from text, a search entry's 1,500 tokens took most of its COPY's time.
            cursor.adapters.register_dumper(None, TokensBinaryDumper)
            copy_in = f"COPY {table} ({self.columns}) FROM STDIN (FORMAT BINARY)"
            with cursor.copy(copy_in) as copy:
                copy.set_types(self.type_oids)
                for row in rows:
                    copy.write_row(row)
        elif rows:
            marks = ", ".join(["%s"] * len(self.attnames))
            insert = f"INSERT INTO {table} ({self.columns}) VALUES ({marks})"
            cursor.executemany(insert, rows)

    def finish(self):
        """Point the table's id sequence past the ids assigned here."""
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(statement)


# The rows of one announcement, in these tables, take ids at fixed places (see CorpusBuilder).
PER_ANNOUNCEMENT = (
    Announcement,
    Announcement.issuing_ministries.through,
    StrategyEvidence,
    PersonEvidence,
    Meeting,
    AgendaItem,
    SearchEntry,
    SearchEntry.ministries.through,
)
MEETING_EVERY = 5  # one announcement in five reports a meeting...
MOST_AGENDA_ITEMS = 5  # ...with two to five agenda items


class CorpusBuilder:
    """Builds ``count`` announcements with their records; ``build()`` writes them.

    The shared records (people, strategies, programs, centers) come first, from one
    generator seeded by ``seed``. Then announcement ``number`` depends on the seed and its
    number alone: it draws from a generator seeded by both, and each of its rows takes the
    id at its number in a block of ids set aside for the table. So worker processes, each
    with its own connection, build and write batches of announcements side by side, and a
    seed gives the same corpus, ids and all, with any number of them.
    """

    def __init__(self, count, seed=0, pool=None, batch=5000, workers=None):
        self.count, self.seed, self.batch = count, seed, batch
        self.rng = random.Random(seed)
        self.pool = pool or default_pool()
        self.ministries = list(Ministry.objects.order_by("slug"))
        self.committees = list(Committee.objects.order_by("slug"))
        # Numbering continues after the meetings already stored (series 1).
        self.meeting_numbers = dict(
            Meeting.objects.filter(series=1).values_list("committee").annotate(last=Max("number"))
        )
        self.seconds = {}  # how long writing the rows, then indexing them, took
        self.load_settings = _load_settings()
        # Other processes see only what is committed, and SQLite takes one writer at a
        # time: elsewhere (in a test's transaction, in development) this process works alone.
        parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.workers = (workers or os.cpu_count() or 1) if parallel else 1
        self.tables = {
            model: Table(model)
            for model in (
                Person,
                Strategy,
                Program,
                Center,
                BudgetAmount,
                CenterOperator,
                *PER_ANNOUNCEMENT,
            )
        }
        # Set by build(): the shared records every announcement draws from, and each
        # table's first id of the block its announcement rows take.
        self.people, self.strategies, self.first_ids = [], [], {}

    def build(self):
        """Write the corpus in batches; return the number of announcements written."""
        started = time.perf_counter()
        postgres = connection.vendor == "postgresql"
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        with batch_cursor(self.load_settings) as cursor:
            self.people = self._people()
            self.strategies = self._named(
                Strategy, STRATEGY_FORMS, "title", max(20, self.count // 5)
            )
            programs = self._named(Program, PROGRAM_FORMS, "name", max(20, self.count // 5))
            centers = self._named(Center, CENTER_FORMS, "name", max(10, self.count // 20))
            self._amounts_and_operators(programs, centers)
            self._index_records(self.strategies, programs, centers)
            self._write(self._take_rows(), cursor)
        # A block per table: a row per announcement, but a meeting for every MEETING_EVERY
        # announcements and room for MOST_AGENDA_ITEMS items each.
        meetings = self.count // MEETING_EVERY
        block_sizes = {Meeting: meetings, AgendaItem: meetings * MOST_AGENDA_ITEMS}
        self.first_ids = {
            model: self.tables[model].reserve(block_sizes.get(model, self.count))
            for model in PER_ANNOUNCEMENT
        }
        batches = [
            range(start, min(start + self.batch, self.count))
            for start in range(0, self.count, self.batch)
        ]
        if self.workers == 1:
            self._write_batches(batches)
        else:
            self._write_batches_in_processes(batches)
        for table in self.tables.values():
            table.finish()
        data_changed()  # bulk inserts send no signals: cached pages must not outlive them
        self.seconds["rows"] = time.perf_counter() - started
        started = time.perf_counter()
        if postgres:
            with connection.cursor() as cursor:
                # The index is built in memory as far as this allows, much faster than on disk.
                cursor.execute("SET maintenance_work_mem = '1GB'")
                cursor.execute(CREATE_GIN_INDEX)
                cursor.execute("RESET maintenance_work_mem")
                # Fresh statistics, or the planner guesses: how common a search word is (for
                # tokens), how many rows each join table holds. VACUUM marks the
                # pages all-visible, so list pages count off ids in the index alone.
                # VACUUM cannot run inside a transaction (as in tests); ANALYZE can.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.seconds["index"] = time.perf_counter() - started
        return self.count

    def _write_batches(self, batches, database=None):
        """Build and write each batch of announcement numbers, one transaction each, on
        ``database`` (see batch_cursor)."""
        for numbers in batches:
            for number in numbers:
                self._announcement(number)
            with batch_cursor(self.load_settings, database) as cursor:
                self._write(self._take_rows(), cursor)

    def _write_batches_in_processes(self, batches):
        """Share the batches among forked worker processes (the pool of sentences and the
        shared records come with the fork, nothing is pickled but an error); stop them all
        at the first that fails, and raise its error."""
        context = multiprocessing.get_context("fork")
        running = {}  # the end of a pipe each worker's error would come through → worker
        for first in range(self.workers):
            errors, report = context.Pipe(duplex=False)
            worker = context.Process(
                target=self._work, args=(batches[first :: self.workers], report)
            )
            worker.start()
            report.close()  # the worker's end: once it exits, reading ours finds the end
            running[errors] = worker
        try:
            while running:
                for errors in multiprocessing.connection.wait(list(running)):
                    worker = running.pop(errors)
                    error = _received_error(errors)
                    errors.close()
                    worker.join()
                    if error is None and worker.exitcode != 0:
                        error = RuntimeError(f"a worker process ended with code {worker.exitcode}")
                    if error is not None:
                        raise error
        finally:
            for worker in running.values():  # those still running after an error
                worker.terminate()
                worker.join()

    def _work(self, batches, report):
        """A worker process's life: its batches, on a database connection of its own, then
        exit; on an error, send it through ``report`` (read as it comes, whatever its size).
        The connections Django holds came with the fork and are the parent's, open or not:
        closing one here would close it there. (Nor can the parent close them all first:
        with an asyncio loop running, as beside the browser in the tests, Django's
        close_all() sees other connections than a plain thread does.) So a worker never
        touches them, and it ends as multiprocessing's children do, without finalising
        them."""
        try:
            with psycopg.connect(**connection.get_connection_params()) as database:
                self._write_batches(batches, database)
        except BaseException as error:
            report.send(error)
            sys.exit(1)

    def _take_rows(self):
        return {table: table.take() for table in self.tables.values()}

    def _write(self, rows, cursor):
        for table, table_rows in rows.items():
            table.write(table_rows, cursor)

    # ------------------------------------------------------------ shared records

    def _people(self):
        people = []
        for number in range(400):
            name = self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2))
            title = f"{self.rng.choice(TITLES)} {number}"
            person_id = self.tables[Person].add(
                name=name,
                title=title,
                slug=f"synthetic-person-{number}",
                ministry_id=self.rng.choice(self.ministries).pk,
            )
            people.append((person_id, name, title))
        return people

    def _named(self, model, forms, field_name, total):
        """``total`` records of ``model``: [(id, name)]."""
        records = []
        for number in range(total):
            topic = self.rng.choice(TOPICS)
            name = f"{self.rng.choice(forms).format(topic=topic)} {number + 1}호"
            values = {
                field_name: name,
                "normalized_name": f"synthetic-{model.__name__.lower()}-{number}",
                "slug": f"synthetic-{model.__name__.lower()}-{number}",
            }
            if model is Strategy:
                values.update(date=_date(self.rng), date_precision="day")
            if model is Center:
                values["region"] = self.rng.choice(REGIONS)
            records.append((self.tables[model].add(**values), name, values))
        return records

    def _amounts_and_operators(self, programs, centers):
        for program_id, _, _ in programs:
            value = self.rng.randint(5, 9_000)
            self.tables[BudgetAmount].add(
                program_id=program_id, text=f"{value:,}억원", value=value * 10**8
            )
        for center_id, _, _ in centers:
            self.tables[CenterOperator].add(
                center_id=center_id,
                ministry_id=self.rng.choice(self.ministries).pk,
                count=self.rng.randint(1, 8),
            )

    def _ministry_on(self, day, rng):
        active = [
            m
            for m in self.ministries
            if (m.established is None or m.established <= day)
            and (m.abolished is None or day < m.abolished)
        ]
        return rng.choice(active or self.ministries)

    # ------------------------------------------------------------ one announcement

    def _id(self, model, place):
        """The id of the row at ``place`` in ``model``'s block (see the class)."""
        return self.first_ids[model] + place

    def _announcement(self, number):
        rng = random.Random(f"{self.seed}/{number}")
        day = _date(rng)
        ministry = self._ministry_on(day, rng)
        strategy_id, strategy_title, _ = rng.choice(self.strategies)
        person_id, person_name, person_title = rng.choice(self.people)
        picks = self._sentences_for(rng.randint(3_000, 20_000), rng)
        lead = f"□ {ministry.name}는 {day.month}월 {day.day}일 「{strategy_title}」을 발표하였다."
        said = self.pool.sentences[picks[0]][:80]
        quote = f"ㅇ {person_name} {person_title.rsplit(' ', 1)[0]}은 “{said}”라고 밝혔다."
        lines = [lead, quote, *(self.pool.sentences[i] for i in picks)]
        text = "\n".join(lines)
        title = f"{ministry.name}, {strategy_title} 발표"
        key = f"synthetic-{number:07d}"
        meeting_id = None
        if number % MEETING_EVERY == MEETING_EVERY - 1:
            meeting_id = self._meeting(number // MEETING_EVERY, day, person_id, strategy_id, rng)
        announcement_id = self.tables[Announcement].add(
            self._id(Announcement, number),
            key=key,
            title=title,
            date=day,
            date_precision="day",
            kind=Announcement.Kind.PRESS_RELEASE,
            source_name="synthetic",
            text=text,
            body_html=paragraphs_html(lines),
            content_hash=f"synthetic-{number}",
            meeting_id=meeting_id,
        )
        issuers = Announcement.issuing_ministries.through
        self.tables[issuers].add(
            self._id(issuers, number), announcement_id=announcement_id, ministry_id=ministry.pk
        )
        self.tables[StrategyEvidence].add(
            self._id(StrategyEvidence, number),
            announcement_id=announcement_id,
            strategy_id=strategy_id,
            start=0,
            end=len(lead),
            quote=lead,
        )
        self.tables[PersonEvidence].add(
            self._id(PersonEvidence, number),
            announcement_id=announcement_id,
            person_id=person_id,
            start=len(lead) + 1,
            end=len(lead) + 1 + len(quote),
            quote=quote,
        )
        entry_id = self.tables[SearchEntry].add(
            self._id(SearchEntry, number),
            **entry_fields(
                "announcement",
                key,
                reverse("announcement-detail", args=[key]),
                title,
                text,
                day,
                [ministry.slug],
                tokens=self.pool.sorted_tokens(picks, [title, lead, quote]),
            ),
        )
        entry_ministries = SearchEntry.ministries.through
        self.tables[entry_ministries].add(
            self._id(entry_ministries, number), searchentry_id=entry_id, ministry_id=ministry.pk
        )

    def _sentences_for(self, size, rng):
        """Pool sentences, drawn at random, until the body reaches ``size`` bytes."""
        picks, total = [], 0
        while total < size:
            pick = rng.randrange(len(self.pool.sentences))
            picks.append(pick)
            total += self.pool.sizes[pick]
        return picks

    def _meeting(self, place, day, chair_id, strategy_id, rng):
        """Meeting ``place`` of the corpus, with two to five agenda items; its id. The
        committees take turns, so each one's meetings are numbered without gaps wherever
        they are built."""
        committee = self.committees[place % len(self.committees)]
        number = (self.meeting_numbers.get(committee.pk) or 0) + place // len(self.committees) + 1
        name = f"제{number}회 {committee.name}"
        meeting_id = self.tables[Meeting].add(
            self._id(Meeting, place),
            committee_id=committee.pk,
            number=number,
            name=name,
            date=day,
            chair_id=chair_id,
        )
        for order in range(rng.randint(2, MOST_AGENDA_ITEMS)):
            self.tables[AgendaItem].add(
                self._id(AgendaItem, place * MOST_AGENDA_ITEMS + order),
                meeting_id=meeting_id,
                number=order + 1,
                order=order,
                title=f"안건 {order + 1}: {name} 심의 과제",
                normalized_title=f"{meeting_id}-{order}",
                kind="심의",
                strategy_id=strategy_id if order == 0 else None,
            )
        return meeting_id

    def _index_records(self, strategies, programs, centers):
        for kind, records in (
            ("strategy", strategies),
            ("program", programs),
            ("center", centers),
        ):
            for _, name, values in records:
                slug = values["slug"]
                url = reverse(f"{kind}-detail", args=[slug])
                day = values.get("date")
                self.tables[SearchEntry].add(**entry_fields(kind, slug, url, name, "", day, ()))


def _received_error(errors):
    """The error a worker sent through ``errors``, or None if it sent none (the end)."""
    try:
        return errors.recv()
    except EOFError:
        return None


def _date(rng):
    return FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))


def _load_settings():
    """SET LOCAL statements for each batch's transaction. On PostgreSQL a commit need not
    wait for the disk (a generated corpus can be generated again), and where the server
    has lz4, large texts are compressed with it, faster to write than the default pglz."""
    if connection.vendor != "postgresql":
        return []
    statements = ["SET LOCAL synchronous_commit = off"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if cursor.fetchone()[0]:
            statements.append("SET LOCAL default_toast_compression = lz4")
    return statements
