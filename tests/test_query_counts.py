"""Every list and detail page runs as many SQL queries with 1,000 rows as with 10."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from documents.models import Announcement, Committee, Meeting, Ministry, Person, Statement
from programs.indexing import rebuild
from programs.models import (
    AgendaItem,
    BudgetAmount,
    Center,
    CenterOperator,
    Program,
    Strategy,
    StrategyEvidence,
    StrategyTask,
)

TEXT = "과학기술정보통신부는 양자과학기술 국제협력 전략을 발표하였다."


def populate(n):
    """``n`` announcements, strategies, programs, centers, people and meetings, all linked
    to one ministry, one strategy, one meeting and one person."""
    msit = Ministry.objects.get(slug="msit")
    body = Committee.objects.get(slug="pacst-global-rnd")
    day = datetime.date(2024, 6, 27)
    announcements = Announcement.objects.bulk_create(
        Announcement(
            key=f"a{i}",
            title=f"발표 {i}",
            date=day,
            text=TEXT,
            original_text=TEXT,
            body_markdown=TEXT,
            content_hash=str(i),
        )
        for i in range(n)
    )
    Announcement.issuing_ministries.through.objects.bulk_create(
        Announcement.issuing_ministries.through(announcement_id=a.pk, ministry_id=msit.pk)
        for a in announcements
    )
    strategies = [Strategy(title=f"전략 {i}", date=day) for i in range(n)]
    for strategy in strategies:
        strategy.normalized_name, strategy.slug = (
            f"전략{strategy.title}",
            f"s-{strategy.title.split()[1]}",
        )
    strategies = Strategy.objects.bulk_create(strategies)
    Strategy.ministries.through.objects.bulk_create(
        Strategy.ministries.through(strategy_id=s.pk, ministry_id=msit.pk) for s in strategies
    )
    main = strategies[0]
    StrategyEvidence.objects.bulk_create(
        StrategyEvidence(strategy=main, announcement=a, start=0, end=5, quote=TEXT[:5])
        for a in announcements
    )
    StrategyTask.objects.bulk_create(
        StrategyTask(strategy=main, order=i, title=f"과제 {i}") for i in range(n)
    )
    programs = [
        Program(name=f"사업 {i}", strategy=main, normalized_name=f"사업{i}", slug=f"p-{i}")
        for i in range(n)
    ]
    programs = Program.objects.bulk_create(programs)
    BudgetAmount.objects.bulk_create(
        BudgetAmount(program=p, text=f"{i}억원", value=i * 10**8 + 1)
        for i, p in enumerate(programs)
    )
    centers = [
        Center(name=f"센터 {i}", region="유럽", normalized_name=f"센터{i}", slug=f"c-{i}")
        for i in range(n)
    ]
    centers = Center.objects.bulk_create(centers)
    CenterOperator.objects.bulk_create(CenterOperator(center=c, ministry=msit) for c in centers)
    people = Person.objects.bulk_create(
        Person(name=f"김{i:04d}", title="장관", slug=f"person-{i}", ministry=msit) for i in range(n)
    )
    Statement.objects.bulk_create(
        Statement(person=people[0], announcement=a, start=0, end=5, quote=TEXT[:5])
        for a in announcements
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(committee=body, number=i + 1, name=f"제{i + 1}회", date=day, chair=people[0])
        for i in range(n)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meetings[0],
            number=i + 1,
            order=i,
            title=f"안건 {i}",
            normalized_title=f"안건{i}",
            strategy=main,
        )
        for i in range(n)
    )
    rebuild()
    return {
        "announcement": announcements[0],
        "strategy": main,
        "program": programs[0],
        "center": centers[0],
        "person": people[0],
        "meeting": meetings[0],
        "ministry": msit,
        "committee": body,
    }


def urls(records):
    with translation.override("ko"):  # an English page requested before leaves English on
        return _urls(records)


def _urls(records):
    korean = [
        "/", "/announcements/", "/strategies/", "/programs/", "/centers/", "/people/",
        "/ministries/", "/bodies/", "/years/2024/", "/search/?q=양자+국제협력&ministry=msit",
        *(record.get_absolute_url() for record in records.values()),
    ]  # fmt: skip
    # The English pages, the charts' pages among them (their labels read English names).
    charts = ["/years/2024/", "/announcements/", "/search/?q=양자+국제협력&ministry=msit"]
    charts += [records[kind].get_absolute_url() for kind in ("ministry", "strategy", "program")]
    return korean + ["/en" + url for url in charts]


def query_counts(client, n):
    records = populate(n)
    counts = {}
    for position, url in enumerate(urls(records)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[position] = len(queries)
    return counts


@pytest.mark.django_db(transaction=True)
def test_page_queries_do_not_grow_with_rows(client, ministries, settings):
    settings.PAGE_CACHE_SECONDS = 0  # measure rendering, not the page cache
    small = query_counts(client, 10)
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)
    call_command("loaddata", "fixtures/ministries.json", "fixtures/committees.json", verbosity=0)
    large = query_counts(client, 1000)
    assert large == small


TEXT_COLUMNS = ['"documents_announcement"."text"', '"original_text"', '"body_markdown"']


@pytest.mark.django_db
def test_pages_leave_announcement_texts_unread_once_the_body_is_cached(
    client, ministries, settings
):
    """An announcement's texts are up to 60 KB each: a page that lists or links
    announcements (a strategy's timeline, a person's statements) must not read them, nor
    an announcement's own page once its rendered body is cached."""
    settings.PAGE_CACHE_SECONDS = 0
    for url in urls(populate(3)):
        client.get(url)  # renders and caches the announcement's body
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        reading = [q["sql"] for q in queries if any(c in q["sql"] for c in TEXT_COLUMNS)]
        assert reading == [], url


@pytest.mark.django_db
def test_a_pages_queries_are_prepared_once_it_has_been_seen_a_few_times(
    client, ministries, settings
):
    """On PostgreSQL a query's parameters go apart from its SQL, so a query run five times
    on a connection is prepared there, and PostgreSQL no longer plans it on each view."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(6):
        assert client.get("/ministries/msit/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('WHERE "documents_ministry"."slug" = $1' in sql for sql in prepared), prepared
