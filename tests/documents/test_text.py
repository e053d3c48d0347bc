import pytest

from documents.text import normalize_name, strip_draft_suffix


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
