import json

import pytest

from documents.text import (
    canonical_spelling,
    clean_name,
    committee_name_problem,
    normalize_name,
    strip_draft_suffix,
)

from ..conftest import FIXTURES_DIR


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("「과학기술 글로벌 협력 종합전략(안)」", "과학기술 글로벌 협력 종합전략"),
        ("과학기술글로벌협력종합전략", "과학기술 글로벌 협력 종합전략"),
        ("『기초‧원천 연구성과 확산체계 고도화 전략』", "기초·원천 연구성과 확산체계 고도화 전략"),
        ("기초원천 연구성과 확산체계 고도화 전략", "기초ㆍ원천 연구성과 확산체계 고도화 전략"),
        ("‘인공 지능 민생 10대 과제’", "인공지능 민생 10대 과제"),
        ("｢국방 인공 지능 전환(AX) 전략 ( 안 )｣", "국방 인공지능 전환(AX) 전략"),
        ("Global R&D 전략지도", "global r&d 전략지도"),
    ],
)
def test_normalize_name_equates_spellings_of_one_name(spelling, canonical):
    assert normalize_name(spelling) == normalize_name(canonical)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("글로벌 R&D 추진전략", "글로벌 R&D 전략지도"),
        # "(안)" in the middle of a name is meaning, not a draft mark.
        ("글로벌 R&D 전략지도(안) - 양자", "글로벌 R&D 전략지도 - 양자"),
        ("제조 인공 지능 전환(M.AX) 추진 방향", "제조 인공 지능 전환(AX) 추진 방향"),
    ],
)
def test_normalize_name_keeps_different_names_apart(first, second):
    assert normalize_name(first) != normalize_name(second)


def test_strip_draft_suffix_reports_the_draft_mark():
    assert strip_draft_suffix("양자과학기술 국제협력 전략(안)") == (
        "양자과학기술 국제협력 전략",
        True,
    )
    assert strip_draft_suffix("양자과학기술 국제협력 전략") == ("양자과학기술 국제협력 전략", False)


@pytest.mark.parametrize(
    "fragment",
    [
        "정례회의",  # a kind of sitting: whose?
        "제3차 전체회의",
        "(‘23.6.) · 2022-2023 미래포럼",  # a date and a separator: a piece of a list
        "개인정보보호 모의재판 경연대회의",  # noun + particle: a clipped sentence
        "국가과학기술자문회의 심의회의 운영위원회에서",
        "위원회",
        "포럼",
        "2023. 6. 미래포럼",
    ],
)
def test_committee_name_problem_refuses_fragments(fragment):
    assert committee_name_problem(fragment)


def test_committee_name_problem_accepts_every_known_body_and_real_new_ones():
    known = json.loads((FIXTURES_DIR / "committees.json").read_text("utf-8"))
    names = [obj["fields"]["name"] for obj in known if obj["model"] == "documents.committee"]
    names += ["｢글로벌 CBPR 포럼", "4차산업혁명위원회", "양자 개척자(퀀텀 프론티어) 전략협의회"]
    assert [name for name in names if committee_name_problem(name)] == []


def test_clean_name_drops_a_clipped_bracket_and_extra_spacing():
    assert clean_name("｢글로벌  CBPR 포럼") == "글로벌 CBPR 포럼"
    assert clean_name("「과학기술 글로벌 협력 종합전략」") == "과학기술 글로벌 협력 종합전략"


def test_canonical_spelling_is_the_most_common_form():
    counts = {"과학 기술 관계 장관회의": 1, "과학기술관계장관회의": 3}
    assert canonical_spelling(counts) == "과학기술관계장관회의"
    # Bracketed and bare writings of one form add up.
    counts = {"「글로벌 R&D 추진전략」": 1, "글로벌 R&D 추진전략": 1, "글로벌 R&D 추진 전략": 2}
    assert canonical_spelling(counts) == "글로벌 R&D 추진전략"


def test_canonical_spelling_keeps_the_current_name_on_a_tie():
    counts = {"국방 인공 지능 전환(AX) 전략": 1, "국방 인공 지능 전환(AX)전략": 1}
    assert canonical_spelling(counts, "국방 인공 지능 전환(AX) 전략") == (
        "국방 인공 지능 전환(AX) 전략"
    )
    assert canonical_spelling(counts) == "국방 인공 지능 전환(AX)전략"  # else fewer spaces
