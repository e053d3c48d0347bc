"""Program forms of documents.parsing.policies and name boundaries of names, each on a
real sentence: what becomes a program, and what must not."""

import pytest

from documents.parsing import names, parse_release


def programs_of(text):
    return [p.name for p in parse_release(text.encode("utf-8")).programs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quoted name whose head is a platform, system, service, challenge or scheme.
        (
            "금융위원회는 「AI 기반 인슈어테크 플랫폼」을 통해 보험사기를 적발한다.",
            ["AI 기반 인슈어테크 플랫폼"],
        ),
        (
            "KISA는 ‘K-사이버 시큐리티 챌린지 2019’ 일환으로 경진대회를 운영한다.",
            ["K-사이버 시큐리티 챌린지 2019"],
        ),
        # Comma items that the text closes with "등 N개 사업".
        (
            "새롭게 시작하는 연구개발사업은 2024년 305억 원 규모로, 대체 해조육 및 수산배양육 "
            "기술개발, 해양디지털 항로 실증기술개발, 해양수산 과학기술 국제협력 고도화 등 13개 "
            "사업이 추진될 예정이다.",
            [
                "대체 해조육 및 수산배양육 기술개발",
                "해양디지털 항로 실증기술개발",
                "해양수산 과학기술 국제협력 고도화",
            ],
        ),
        # A provisional name: (가칭) left out.
        (
            "국내외 협력 네트워크 플랫폼으로서 (가칭)국가양자종합포털 구축 등을 추진한다.",
            ["국가양자종합포털"],
        ),
        # An alias in brackets is another name of the same program.
        (
            "KISA는 ‘대국민 고지·안내문의 전자화 시범사업(이하 전자고지 지원사업)’에 대한 "
            "설명회를 개최한다고 밝혔다.",
            ["대국민 고지·안내문의 전자화 시범사업"],
        ),
        # A compound fund name, unquoted.
        ("첨단전략산업기금을 신설하는 개정안이 통과되었다.", ["첨단전략산업기금"]),
    ],
)
def test_program_form_yields_the_named_program(text, expected):
    assert programs_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # R&D in general is no program.
        "정부는 국가연구개발사업을 예비타당성조사 대상으로 관리한다.",
        # An institution named like a fund.
        "신용보증기금이 보증을 제공하였다.",
        # An everyday system, unquoted, is no program.
        "보험사기 방지시스템을 고도화하였다.",
    ],
)
def test_no_program_from_a_look_alike(text):
    assert programs_of(text) == []


@pytest.mark.parametrize(
    "name",
    [
        "K-엔비디아 육성 ② 국가 AI컴퓨팅 센터 ③ 재생에너지 발전사업",
        "이하 전자고지 지원사업",
        "일반+특별+기금",
        "중 첨단기금",
        "\U000f02cf 국민참여형펀드",
    ],
)
def test_badly_bounded_candidate_is_no_name(name):
    assert not names.is_well_bounded(name)


@pytest.mark.parametrize("name", ["알키미스트+ 사업", "K-Shield 주니어", "Top-tier 협력 플랫폼"])
def test_well_bounded_name_keeps_its_signs(name):
    assert names.is_well_bounded(name)


def test_plan_of_one_project_names_the_project():
    text = (
        "국가우주위원회 개최\n\n"
        "제4회 국가우주위원회에서 「군정찰위성-Ⅱ 사업추진기본전략(안)」을 심의하였다."
    )
    assert programs_of(text) == ["군정찰위성-Ⅱ"]


def test_bulleted_items_with_a_scheme_head_are_programs():
    text = (
        "공공기관이 헬프데스크를 통해 검토를 신청하면, ▲사전적정성 검토제*, ▲규제유예제도"
        "(샌드박스), ▲원스톱 가명처리 등 사업별 적합한 제도와 연계한다."
    )
    assert programs_of(text) == ["사전적정성 검토제", "규제유예제도(샌드박스)"]


def test_things_discussed_about_business_are_no_list_of_programs():
    text = (
        "상담회에는 35개 기업이 참여해 보안 솔루션 판매, 기술협력·공동개발, 신규 투자유치 "
        "등 사업·투자 관련 논의가 이루어졌다."
    )
    assert programs_of(text) == []


def test_quoted_name_broken_over_lines_is_read_whole_without_its_operator():
    text = "금융위원회는 「\nAI 기반 인슈어테크 플랫폼 (한국신용정보원)\n」을 통해 보험사기를 적발한다."
    assert programs_of(text) == ["AI 기반 인슈어테크 플랫폼"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "산업기술혁신계획 실적\n\n* 초격차 프로젝트 추진체계 마련(‘24.3)",
            ["초격차 프로젝트"],
        ),
        ("** ‘24년 3개 신규테마 추가 선정, 알키미스트+ 사업 예타면제", ["알키미스트+ 사업"]),
        ("정부는 신규 사업 발굴에 나선다.", []),
        ("정부연구개발사업 투자 방향을 정한다.", []),
    ],
)
def test_list_line_names_a_program_before_a_noun(text, expected):
    assert programs_of(text) == expected


def test_prose_head_before_a_noun_is_no_program_name():
    assert programs_of("범부처 협력을 강화한다(이어달리기정책사업 동기화).") == []
