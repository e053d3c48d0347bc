"""Test set-up: the suite runs once per database engine named by DATABASE_URL.

On PostgreSQL only the tests that touch the database run (the others are engine-independent
and ran with SQLite); where no PostgreSQL answers, those tests are reported as skipped.
"""

from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command

DATA_DIR = Path(__file__).parent / "data"
FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
BASE_FIXTURES = [FIXTURES_DIR / "ministries.json", FIXTURES_DIR / "committees.json"]


def _engine():
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


def _postgres_unreachable_reason():
    db = settings.DATABASES["default"]
    try:
        psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as error:
        first_line = str(error).strip().splitlines()[0]
        return f"PostgreSQL not reachable at {db.get('HOST')}:{db.get('PORT')}: {first_line}"
    return None


def _uses_database(item):
    return "django_db_setup" in getattr(item, "fixturenames", ()) or bool(
        item.get_closest_marker("django_db")
    )


def pytest_report_header(config):
    return f"database engine: {_engine()}"


def pytest_collection_modifyitems(config, items):
    if _engine() != "postgresql":
        return
    engine_independent = [item for item in items if not _uses_database(item)]
    if engine_independent:
        config.hook.pytest_deselected(items=engine_independent)
        items[:] = [item for item in items if _uses_database(item)]
    reason = _postgres_unreachable_reason()
    if reason:
        for item in items:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a page or count cached by an earlier test,
    whose data was rolled back, must not answer for this one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _korean_by_default():
    """Each test starts in Korean: a request to an English page leaves English active in
    the test's thread (a server's next request activates its own), and addresses a test
    reverses afterwards would be English ones."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def ministries(db):
    """The curated ministry and committee fixtures, loaded."""
    call_command("loaddata", *BASE_FIXTURES, verbosity=0)


def read_data(name):
    return (DATA_DIR / name).read_text(encoding="utf-8")


def span_of(text, phrase):
    """(start, end, quote) of the first occurrence of ``phrase`` in ``text``."""
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "quote": phrase}


@pytest.fixture
def global_rnd(ministries):
    """Seed 000 (제3회 글로벌 R&D 특별위원회, 2024-06-26) entered by hand, with provenance."""
    import datetime

    from documents.models import Announcement, Committee, Meeting, Ministry, Person, Statement
    from programs.models import AgendaItem, BudgetAmount, Center, Program, Strategy, StrategyTask

    text = (FIXTURES_DIR / "sources" / "000_77bb8d32fb59adcb.txt").read_text(encoding="utf-8")
    msit = Ministry.objects.get(slug="msit")
    announcement = Announcement.objects.create(
        key="000_77bb8d32fb59adcb",
        title="국가·연구기관·연구자·다자 차원에서 과학기술 국제협력을 전방위로 지원한다",
        subtitles=["제3회 국제 연구개발(글로벌 R&D) 특별위원회 개최"],
        date=datetime.date(2024, 6, 27),
        date_precision="day",
        kind=Announcement.Kind.BOARD_POST,
        original_text=text,
        text=text,
        content_hash="0" * 64,
    )
    announcement.issuing_ministries.add(msit)
    chair = Person.objects.create(name="류광준", title="과학기술혁신본부장", ministry=msit)
    meeting = Meeting.objects.create(
        committee=Committee.objects.get(slug="pacst-global-rnd"),
        number=3,
        name="제3회 글로벌 R&D 특별위원회",
        date=datetime.date(2024, 6, 26),
        chair=chair,
    )
    meeting.evidence.create(
        announcement=announcement,
        **span_of(text, "6월 26일(수) 국가과학기술자문회의 산하 글로벌 R&D 특별위원회"),
    )
    strategy = Strategy.objects.create(
        title="과학기술 글로벌 협력 종합전략", draft=True, date=datetime.date(2024, 6, 26)
    )
    strategy.ministries.add(msit)
    strategy.evidence.create(
        announcement=announcement, **span_of(text, "과학기술 글로벌 협력 종합전략(안)")
    )
    task = StrategyTask.objects.create(
        strategy=strategy,
        order=1,
        label="1.",
        title="국가 간 협력 : 글로벌 협력의 전방위적 확대 및 전략성 강화",
    )
    task.evidence.create(announcement=announcement, **span_of(text, "1. 국가 간 협력"))
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        order=1,
        title="과학기술 글로벌 협력 종합전략(안)",
        kind=AgendaItem.Kind.DELIBERATION,
        strategy=strategy,
    )
    item.evidence.create(
        announcement=announcement,
        **span_of(text, "[ 제2호 (심의) : 과학기술 글로벌 협력 종합전략(안) ]"),
    )
    program = Program.objects.create(name="글로벌 연수지원 사업", strategy=strategy)
    program.ministries.add(msit)
    program.evidence.create(announcement=announcement, **span_of(text, "글로벌 연수지원 사업*"))
    center = Center.objects.create(name="글로벌 R&D 지원센터", provisional=True, strategy=strategy)
    center.operators.create(ministry=msit)
    center.evidence.create(announcement=announcement, **span_of(text, "(가칭)글로벌 R&D 지원센터"))
    quote = span_of(text, "과학기술 분야 국제협력은 그 중요성이 점차 커지고 있어")
    Statement.objects.create(person=chair, announcement=announcement, **quote)
    chair.evidence.create(announcement=announcement, **span_of(text, "류광준 과학기술혁신본부장"))
    # Seed 002 states a budget: the 800억원 fund of the research-outcomes strategy.
    text_002 = (FIXTURES_DIR / "sources" / "002_a9915ecec5217dee.txt").read_text(encoding="utf-8")
    release_002 = Announcement.objects.create(
        key="002_a9915ecec5217dee",
        title="기초ㆍ원천 연구성과 확산체계 고도화 전략 발표",
        date=datetime.date(2020, 11, 17),
        date_precision="day",
        original_text=text_002,
        text=text_002,
        content_hash="2" * 64,
    )
    fund = Program.objects.create(name="공공기술 사업화 펀드", start_year=2021, end_year=2030)
    fund.evidence.create(
        announcement=release_002, **span_of(text_002, "민관합동으로 800억원 규모의 펀드를 결성")
    )
    amount = BudgetAmount.objects.create(program=fund, text="800억원", value=80_000_000_000)
    amount.evidence.create(announcement=release_002, **span_of(text_002, "800억원 규모의 펀드"))
    return {
        "announcement": announcement,
        "release_002": release_002,
        "fund": fund,
        "amount": amount,
        "meeting": meeting,
        "strategy": strategy,
        "task": task,
        "agenda_item": item,
        "program": program,
        "center": center,
        "person": chair,
    }


@pytest.fixture
def site(db):
    """Every committed fixture loaded, and nothing else: the site as `make run` serves it
    (loading the records writes their search entries)."""
    policy = sorted((FIXTURES_DIR / "policy").glob("*.json"))
    call_command("loaddata", *BASE_FIXTURES, *policy, verbosity=0)
