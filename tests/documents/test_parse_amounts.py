"""Money forms of documents.parsing.amounts, each on a real sentence: what it yields (text
as written, value in won), and what is no money."""

import pytest

from documents.parsing import parse_release
from documents.parsing.amounts import find_amounts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 천만 is one unit (10^7), also after 억.
        ("건당 최고 1천만 원의 포상금이 지급된다.", [("1천만 원", 10_000_000)]),
        ("총 1억 5천만원 편취", [("1억 5천만원", 150_000_000)]),
        # "…여 원": about so much, written so.
        ("과징금 360억여 원 부과", [("360억여 원", 36_000_000_000)]),
        ("총 360억 3,300만 원의 과징금", [("360억 3,300만 원", 36_033_000_000)]),
    ],
)
def test_amount_forms_read_with_their_value(text, expected):
    assert [(a.text, a.value) for a in find_amounts(text)] == expected


@pytest.mark.parametrize("text", ["행사에는 100여 명이 참가했다.", "3억 명의 이용자"])
def test_counts_are_no_money(text):
    assert find_amounts(text) == []


def test_sum_without_its_currency_is_the_sum_written_in_full():
    text = (
        "정부 R&D 5년간 170조 투자\n\n"
        "정부는 향후 5년간 170조원의 정부 연구개발 예산을 투자한다. 별도로 300억 원을 지원한다."
    )
    assert [a.text for a in parse_release(text.encode()).amounts] == ["170조원", "300억 원"]
