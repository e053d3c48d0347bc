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


MEETING_CONTENTS = """보험사기 대응 합동 TF 출범

금융위원회는 11월 3일 경찰청 등 관계기관과 제1차 회의를 개최하였다.

II. 회의 내용

1. 보험사기 현황 및 현행 대응체계 점검

보험사기 적발 규모는 매년 증가하고 있다.

2. 합동 TF 구성 및 운영방안

정부는 TF를 분기별로 운영한다.

III. 향후 계획

1. 연내 제도 개선안을 마련한다
"""


def test_numbered_headings_under_the_meeting_contents_are_its_items():
    items = parse_release(MEETING_CONTENTS.encode()).agenda_items
    assert [(i.number, i.title) for i in items] == [
        (1, "보험사기 현황 및 현행 대응체계 점검"),
        (2, "합동 TF 구성 및 운영방안"),
    ]


def test_matter_decided_about_a_named_service_is_an_item():
    text = (
        "개인정보보호위원회는 2월 11일 제3회 전체회의를 개최하였다.\n"
        "1호 지원사업, 과기정통부 ‘범부처 통합연구지원시스템(IRIS)의 평가위원 및 협업 연구자 "
        "AI 추천 서비스’ 사전적정성 검토 전체회의 의결\n"
    )
    items = parse_release(text.encode()).agenda_items
    assert [(i.title, i.kind) for i in items] == [
        (
            "범부처 통합연구지원시스템(IRIS)의 평가위원 및 협업 연구자 AI 추천 서비스 사전적정성 검토",
            "의결",
        )
    ]
