"""Agenda forms of documents.parsing.agenda, each on a real sentence."""

import pytest

from documents.parsing import parse_release
from documents.parsing.agenda import _circled_number, _circled_plans


def items_of(text):
    return [(i.number, i.title) for i in parse_release(text.encode("utf-8")).agenda_items]


def test_circled_plans_deliberated_in_the_meeting_sentence_are_items():
    text = (
        "원자력진흥위원회 개최 결과\n\n"
        "□ 정부는 18일 제8차 원자력진흥위원회에서 ①미래 방사선 산업창출 전략, 미래선도 원자력 "
        "기술역량 확보방안 원자력 분야의 정책을 심의·확정했다."
    )
    assert items_of(text) == [
        (None, "미래 방사선 산업창출 전략"),
        (None, "미래선도 원자력 기술역량 확보방안"),
    ]


def test_circled_plans_taken_up_as_these_plans_are_items():
    text = (
        "제15회 국가우주위원회 개최결과\n\n"
        "- 대한민국 우주산업 전략 등 3개 계획* 발표 * ①대한민국 우주산업전략, ②제2차 위성정보 "
        "활용계획, ③국가 우주협력 추진전략\n"
        "ㅇ 동 계획은 지난 1월7일 「제15회 국가우주위원회」를 통해 확정하였다."
    )
    assert items_of(text) == [
        (None, "대한민국 우주산업전략"),
        (None, "제2차 위성정보 활용계획"),
        (None, "국가 우주협력 추진전략"),
    ]


def test_labelled_item_line_is_a_numbered_item():
    text = (
        "국민성장펀드 기금운용심의회 개최\n\n"
        "금융위원회는 26일 개최된 국민성장펀드 기금운용심의회에서 2건을 의결하였다.\n"
        "2. (승인안건➊) 울산 차세대 이차전지 소재공장\n"
        "3. (승인안건➋) 평택 5라인 AI반도체 클러스터 구축 프로젝트"
    )
    assert items_of(text) == [
        (1, "울산 차세대 이차전지 소재공장"),
        (2, "평택 5라인 AI반도체 클러스터 구축 프로젝트"),
    ]


def test_plans_still_to_be_confirmed_are_no_items():
    text = "국가우주위원회 개최\n\n제4회 국가우주위원회에서 ①우주산업 육성 전략을 심의할 예정이다."
    assert items_of(text) == []


@pytest.mark.parametrize(("label", "number"), [("2", 2), ("①", 1), ("❸", 3), ("➊", 1), ("➋", 2)])
def test_circled_number_reads_every_kind_of_circle(label, number):
    assert _circled_number(label) == number


def test_circled_plans_end_at_their_head_word():
    text = "①대한민국 우주산업전략, ②제2차 위성정보 활용계획 수립 배경"
    assert list(_circled_plans(text)) == ["대한민국 우주산업전략", "제2차 위성정보 활용계획"]
