"""Writing many rows of one table in one statement (programs.bulk)."""

import datetime

from programs.bulk import update_rows
from programs.models import Program, Strategy


def test_update_rows_writes_each_records_fields_in_one_statement(
    ministries, django_assert_num_queries
):
    meeting_date = datetime.date(2025, 11, 24)
    first = Strategy.objects.create(title="첫 전략", adopted_on=meeting_date)
    second = Strategy.objects.create(title="둘째 전략", spellings=[["둘째 전략", 1]])
    untouched = Strategy.objects.create(title="그대로인 전략")
    first.title, first.adopted_on, first.spellings = "첫째 전략", None, [["첫째 전략", 2]]
    second.draft, second.adopted_on = True, datetime.date(2024, 1, 2)
    with django_assert_num_queries(1):
        update_rows(Strategy, [first, second], ["title", "adopted_on", "spellings", "draft"])
    rows = Strategy.objects.order_by("pk").values_list("title", "adopted_on", "spellings", "draft")
    assert list(rows) == [
        ("첫째 전략", None, [["첫째 전략", 2]], False),
        ("둘째 전략", datetime.date(2024, 1, 2), [["둘째 전략", 1]], True),
        ("그대로인 전략", None, [], False),
    ]
    assert untouched.title == "그대로인 전략"


def test_update_rows_sets_and_clears_a_foreign_key(ministries):
    strategy = Strategy.objects.create(title="연구개발 전략")
    linked = Program.objects.create(name="연계 사업")
    unlinked = Program.objects.create(name="독립 사업", strategy=strategy)
    unlinked.strategy = None
    update_rows(Program, [unlinked], ["strategy"])  # a column of NULLs only
    assert Program.objects.get(name="독립 사업").strategy is None
    linked.strategy, unlinked.strategy = strategy, strategy
    update_rows(Program, [linked, unlinked], ["strategy"])
    assert set(Program.objects.values_list("strategy", flat=True)) == {strategy.pk}
    update_rows(Program, [], ["strategy"])  # nothing to write: no statement
