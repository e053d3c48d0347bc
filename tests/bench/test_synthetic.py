"""The synthetic corpus: deterministic for a seed, with exact provenance, searchable."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from bench.synthetic import CorpusBuilder, Table, batch_cursor, default_pool
from documents.models import Announcement, Meeting, PersonEvidence
from programs.models import AgendaItem, SearchEntry, StrategyEvidence
from programs.search import (
    date_marks,
    matching,
    ministry_token,
    of_ministries,
    of_period,
    token_text,
    tokens_of,
)

from ..conftest import BASE_FIXTURES


def generate(seed):
    CorpusBuilder(60, seed=seed, batch=25).build()
    return list(
        Announcement.objects.filter(key__startswith="synthetic-")
        .order_by("key")
        .values_list("title", "date", "text")
    )


@pytest.mark.django_db(transaction=True)
def test_same_seed_same_corpus_other_seed_other_corpus():
    call_command("loaddata", *BASE_FIXTURES, verbosity=0)
    first = generate(seed=7)
    call_command("flush", verbosity=0, interactive=False)
    call_command("loaddata", *BASE_FIXTURES, verbosity=0)
    assert generate(seed=7) == first
    call_command("flush", verbosity=0, interactive=False)
    call_command("loaddata", *BASE_FIXTURES, verbosity=0)
    assert generate(seed=8) != first


def test_synthetic_records_cite_their_sentences_and_are_searchable(ministries):
    CorpusBuilder(40, seed=1, batch=15).build()
    assert Announcement.objects.filter(key__startswith="synthetic-").count() == 40
    for evidence in StrategyEvidence.objects.select_related("announcement", "strategy"):
        assert evidence.announcement.text[evidence.start : evidence.end] == evidence.quote
        assert evidence.strategy.title in evidence.quote
    assert Meeting.objects.filter(agenda_items__isnull=False).exists()
    sizes = [len(t.encode()) for t in Announcement.objects.values_list("text", flat=True)]
    assert min(sizes) >= 3_000 and max(sizes) <= 21_000  # "realistic length (3–20 KB)"
    some = Announcement.objects.filter(key__startswith="synthetic-").first()
    word = some.title.split(",")[1].split()[0]
    found = matching(SearchEntry.objects.filter(kind="announcement"), word)
    assert some.key in found.values_list("key", flat=True)
    issuer = some.issuing_ministries.get()
    of_issuer = of_ministries(SearchEntry.objects.filter(kind="announcement"), [issuer.slug])
    assert some.key in of_issuer.values_list("key", flat=True)
    assert set(of_issuer.values_list("key", flat=True)) == set(
        issuer.issued_announcements.values_list("key", flat=True)
    )
    # Every synthetic entry is found by its year and its month, by their date marks.
    everything = SearchEntry.objects.all()
    for entry in everything.exclude(date=None).order_by("pk")[:20]:
        assert entry in of_period(everything, entry.date.replace(month=1), entry.date)
        assert entry in of_period(everything, entry.date, entry.date)
        next_month = entry.date.replace(day=28) + datetime.timedelta(days=4)
        assert entry not in of_period(everything, next_month, next_month.replace(month=12))


def stored_tokens(entry_ids):
    """Each entry's tokens as the database holds them: on PostgreSQL, a tsvector's lexemes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, tsvector_to_array(tokens) FROM programs_searchentry WHERE id = ANY(%s)",
                [list(entry_ids)],
            )
            return {entry_id: set(lexemes) for entry_id, lexemes in cursor.fetchall()}
    entries = SearchEntry.objects.filter(pk__in=entry_ids).values_list("pk", "tokens")
    return {entry_id: set(tokens.split()) for entry_id, tokens in entries}


def test_an_announcements_entry_holds_the_tokens_of_its_text_and_its_marks(ministries):
    CorpusBuilder(8, seed=3, batch=3).build()
    announcements = Announcement.objects.filter(key__startswith="synthetic-")
    entries = dict(SearchEntry.objects.filter(kind="announcement").values_list("key", "pk"))
    stored = stored_tokens(entries.values())
    for announcement in announcements.prefetch_related("issuing_ministries"):
        [issuer] = announcement.issuing_ministries.all()
        # A body's tokens are its lines' tokens, each line tokenised once in the pool (so
        # no syllable pair spans two lines, as one would if the body were tokenised whole).
        lines = [announcement.title, *announcement.text.split("\n")]
        expected = set().union(*map(tokens_of, lines))
        expected |= {ministry_token(issuer.slug), *date_marks(announcement.date)}
        assert stored[entries[announcement.key]] == expected


def test_tokens_written_in_bulk_are_stored_as_given(db):
    """Bulk writes send tokens in PostgreSQL's binary tsvector form: an entry without
    tokens, and Latin, digit and mark tokens, arrive as they were written."""
    table = Table(SearchEntry)
    given = {
        table.add(kind="program", key="none", url="/", title="t", tokens=token_text([])): set(),
        table.add(
            kind="program",
            key="some",
            url="/",
            title="t",
            tokens=token_text(["5g", "r&d", "@2024-03", "과학", "학기"]),
        ): {"5g", "r&d", "@2024-03", "과학", "학기"},
    }
    with batch_cursor() as cursor:
        table.write(table.take(), cursor)
    assert stored_tokens(given) == given


def test_records_added_after_a_corpus_get_fresh_ids(ministries):
    CorpusBuilder(12, seed=2, batch=5).build()
    last = Announcement.objects.order_by("-pk").first()
    last_entry = SearchEntry.objects.order_by("-pk").first()
    added = Announcement.objects.create(key="after-corpus", title="t", text="x")
    assert added.pk > last.pk
    # Its search entry, written as it was saved, takes an id past the corpus's too.
    entry = SearchEntry.objects.get(kind="announcement", key="after-corpus")
    assert entry.pk > last_entry.pk
    assert SearchEntry.objects.filter(kind="announcement").count() == 13


def test_an_error_while_building_is_raised_not_swallowed(ministries, monkeypatch):
    def broken(self, number):
        raise ValueError(f"broken announcement {number}")

    monkeypatch.setattr(CorpusBuilder, "_announcement", broken)
    with pytest.raises(ValueError, match="broken announcement 0"):
        CorpusBuilder(10, seed=1, batch=5).build()


@pytest.fixture
def postgresql():
    """Worker processes write to PostgreSQL only (see CorpusBuilder.workers)."""
    if connection.vendor != "postgresql":
        pytest.skip("worker processes write to PostgreSQL only")


@pytest.fixture
def worker_database(postgresql):
    """A database the worker processes see: committed, ministries and bodies loaded."""
    call_command("loaddata", *BASE_FIXTURES, verbosity=0)


def corpus_rows():
    """Every row a corpus writes for its announcements, ids and all."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, tsvector_to_array(tokens) FROM programs_searchentry ORDER BY id")
        tokens = cursor.fetchall()
    return {
        "announcements": list(
            Announcement.objects.order_by("pk").values_list("pk", "key", "date", "text", "meeting")
        ),
        "issuers": list(
            Announcement.issuing_ministries.through.objects.order_by("pk").values_list()
        ),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "committee", "number")),
        "agenda items": list(
            AgendaItem.objects.order_by("pk").values_list("pk", "meeting", "title")
        ),
        "strategy evidence": list(StrategyEvidence.objects.order_by("pk").values_list()),
        "person evidence": list(PersonEvidence.objects.order_by("pk").values_list()),
        "search entries": list(SearchEntry.objects.order_by("pk").values_list("pk", "key", "date")),
        "entry tokens": tokens,
    }


@pytest.mark.django_db(transaction=True)
def test_worker_processes_write_the_corpus_one_process_writes(postgresql):
    """Announcements built in forked processes, batches side by side, are the ones a
    single process builds for the seed: same rows, same ids, meetings numbered alike."""
    corpora = []
    for workers in (1, 3):
        call_command("flush", verbosity=0, interactive=False)
        call_command("loaddata", *BASE_FIXTURES, verbosity=0)
        builder = CorpusBuilder(40, seed=5, batch=4, workers=workers)
        assert builder.workers == workers
        builder.build()
        corpora.append(corpus_rows())
    assert corpora[0] == corpora[1]
    assert len(corpora[0]["announcements"]) == 40
    meetings = Meeting.objects.filter(announcements__key__startswith="synthetic-")
    for committee in {meeting.committee_id for meeting in meetings}:
        numbers = sorted(meetings.filter(committee=committee).values_list("number", flat=True))
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


@pytest.mark.django_db(transaction=True)
def test_an_error_in_a_worker_process_is_raised_and_stops_the_others(worker_database, monkeypatch):
    build_one = CorpusBuilder._announcement

    def broken_at_seven(self, number):
        if number == 7:
            raise ValueError(f"broken announcement {number}")
        build_one(self, number)

    monkeypatch.setattr(CorpusBuilder, "_announcement", broken_at_seven)
    with pytest.raises(ValueError, match="broken announcement 7"):
        CorpusBuilder(2000, seed=1, batch=5, workers=2).build()
    # The failing batch wrote nothing; the batch after it, of the same worker, never ran.
    written = set(Announcement.objects.values_list("key", flat=True))
    assert not {f"synthetic-{number:07d}" for number in range(5, 10)} & written
    assert f"synthetic-{1995:07d}" not in written


def test_pool_gives_a_bodys_distinct_tokens_in_sorted_order():
    pool = default_pool()
    picks = [0, 7, 7, 31, len(pool.sentences) - 1]
    texts = ["과기정통부, 2025년 R&D 예산 발표", "「초격차 전략기술 육성」"]
    expected = set().union(*(tokens_of(pool.sentences[i]) for i in picks), *map(tokens_of, texts))
    assert pool.sorted_tokens(picks, texts) == sorted(expected)


@pytest.mark.django_db
def test_python_sorts_tokens_as_postgresql_sorts_lexemes():
    """The generator sends lexemes already in tsvector order so PostgreSQL need not sort
    them; that holds only if the two orders agree, Hangul, Latin and digits alike."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL tsvector property")
    pool = default_pool()
    tokens = pool.sorted_tokens(range(len(pool.sentences)), ["5g r&d ai 2차전지 x-ray"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(%s::tsvector)", [" ".join(tokens)])
        assert cursor.fetchone()[0] == tokens


@pytest.mark.django_db(transaction=True)
def test_worker_processes_leave_the_parents_connection_alone(worker_database):
    """Workers inherit the parent's open connection with the fork: they write on their
    own, and closing the inherited one (sending the server its goodbye) would end the
    parent's session too."""

    def backend():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    before = backend()
    CorpusBuilder(20, seed=1, batch=5, workers=2).build()
    assert backend() == before
    assert Announcement.objects.filter(key__startswith="synthetic-").count() == 20


@pytest.mark.django_db(transaction=True)
def test_a_workers_error_of_any_size_comes_back(worker_database, monkeypatch):
    """A worker's error is read as it comes: one larger than a pipe holds (64 KB) does not
    leave the worker waiting to send it and the parent waiting for the worker to end."""

    def broken(self, number):
        raise ValueError("본문" * 200_000)

    monkeypatch.setattr(CorpusBuilder, "_announcement", broken)
    with pytest.raises(ValueError) as raised:
        CorpusBuilder(10, seed=1, batch=5, workers=2).build()
    assert str(raised.value) == "본문" * 200_000
