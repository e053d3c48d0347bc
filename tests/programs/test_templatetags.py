"""The template filters of ours: Korean sums of money and dates."""

import datetime

import pytest

from programs.templatetags.policy import day, exact_amount, korean_amount


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2024, 6, 27), "2024-06-27"),
        (datetime.date(2008, 2, 1), "2008-02-01"),
        (None, ""),
    ],
)
def test_a_day_reads_year_month_day(value, expected):
    assert day(value) == expected


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (80_000_000_000, "KRW", "800억원"),
        (1_824_700_000_000, "KRW", "1조 8,247억원"),
        (10**9, "USD", "10억달러"),
        (5_000, "KRW", "5,000원"),
        (None, "KRW", ""),
    ],
)
def test_sums_read_in_korean_units(value, currency, expected):
    assert korean_amount(value, currency) == expected


def test_the_exact_sum_has_every_digit():
    assert exact_amount(931_700_000_000) == "931,700,000,000원"
