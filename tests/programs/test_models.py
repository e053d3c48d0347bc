import datetime

import pytest
from django.db import IntegrityError, transaction

from documents.models import Announcement
from programs.models import AgendaItem, BudgetAmount, Program, Strategy, StrategyRelation


def test_strategy_named_twice_with_other_spacing_is_one_record(global_rnd):
    with pytest.raises(IntegrityError), transaction.atomic():
        Strategy.objects.create(title="과학기술글로벌협력종합전략")
    assert list(Strategy.objects.matching("「과학기술 글로벌 협력 종합전략(안)」")) == [
        global_rnd["strategy"]
    ]


def test_strategy_links_every_announcement_that_names_it(global_rnd):
    strategy = global_rnd["strategy"]
    copy = Announcement.objects.create(
        key="copy",
        title="글로벌 센터 운영",
        original_text="과학기술 글로벌 협력 종합전략",
        text="과학기술 글로벌 협력 종합전략",
        date=datetime.date(2024, 12, 1),
    )
    strategy.evidence.create(
        announcement=copy, start=0, end=16, quote="과학기술 글로벌 협력 종합전략"
    )
    assert list(strategy.announcements.distinct()) == [copy, global_rnd["announcement"]]


def test_strategy_str_marks_a_draft(global_rnd):
    assert str(global_rnd["strategy"]) == "과학기술 글로벌 협력 종합전략(안)"


def test_agenda_item_number_is_unique_per_meeting(global_rnd):
    meeting = global_rnd["meeting"]
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, number=2, title="양자과학기술 국제협력 전략(안)")
    # Items named only in prose carry no number, and there may be several.
    AgendaItem.objects.create(
        meeting=meeting, order=5, title="중소기업 인공 지능 활용·확산 지원방안"
    )
    AgendaItem.objects.create(meeting=meeting, order=6, title="연구개발 생태계 혁신 방안")
    assert [(i.number, i.title) for i in meeting.agenda_items.all()] == [
        (2, "과학기술 글로벌 협력 종합전략(안)"),
        (None, "중소기업 인공 지능 활용·확산 지원방안"),
        (None, "연구개발 생태계 혁신 방안"),
    ]


def test_agenda_item_title_is_unique_per_meeting_up_to_spacing(global_rnd):
    with pytest.raises(IntegrityError):
        AgendaItem.objects.create(
            meeting=global_rnd["meeting"], title="과학기술 글로벌협력 종합전략"
        )


def test_strategy_tasks_keep_the_order_of_the_text(global_rnd):
    strategy = global_rnd["strategy"]
    strategy.tasks.create(order=3, label="3.", title="연구자 간 협력")
    strategy.tasks.create(order=2, label="2.", title="연구기관 간 협력")
    assert [t.label for t in strategy.tasks.all()] == ["1.", "2.", "3."]
    with pytest.raises(IntegrityError):
        strategy.tasks.create(order=2, title="중복")


def test_strategy_relation_cannot_point_at_itself(global_rnd):
    strategy = global_rnd["strategy"]
    with pytest.raises(IntegrityError):
        StrategyRelation.objects.create(source=strategy, target=strategy, kind="related")


def test_follow_up_relation_reads_both_ways(global_rnd):
    plan = global_rnd["strategy"]
    origin = Strategy.objects.create(title="글로벌 R&D 추진전략", date=datetime.date(2023, 11, 27))
    StrategyRelation.objects.create(source=plan, target=origin, kind="follow_up")
    assert list(plan.related.all()) == [origin]
    assert list(origin.related_from.all()) == [plan]


def test_budget_amount_in_won_is_its_krw_amount(global_rnd):
    amount = global_rnd["amount"]
    assert (amount.value, amount.currency, amount.amount_krw) == (
        80_000_000_000,
        "KRW",
        80_000_000_000,
    )
    dollars = BudgetAmount(
        program=amount.program, text="10억달러", value=1_000_000_000, currency="USD"
    )
    assert dollars.amount_krw is None


def test_program_period_must_not_end_before_it_starts(db):
    with pytest.raises(IntegrityError):
        Program.objects.create(name="역순 사업", start_year=2030, end_year=2021)


def test_center_counts_per_ministry(global_rnd, ministries):
    from documents.models import Ministry

    center = global_rnd["center"]
    center.operators.create(ministry=Ministry.objects.get(slug="motie"), count=2)
    assert sorted(center.operators.values_list("ministry__name", "count")) == [
        ("과학기술정보통신부", None),
        ("산업통상자원부", 2),
    ]
    assert str(center) == "(가칭)글로벌 R&D 지원센터"
