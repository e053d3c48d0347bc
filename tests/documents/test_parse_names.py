"""Boundaries of candidate names (documents.parsing.names): what a line puts before a
name is stripped, fragments are rejected; each case is a fragment real archives held."""

import pytest

from documents.parsing import names, parse_release


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("251222[별첨5] AI 기본교육 추진계획", "AI 기본교육 추진계획"),
        ("## Ⅲ. (2단계) 자본시장 체질개선 방안", "자본시장 체질개선 방안"),
        ("➡ 상기 개선방안", "개선방안"),
        ("아울러 지원계획", "지원계획"),
        ("\U000f02cf 국민참여형펀드", "국민참여형펀드"),
        ("\ue034 특히 양자과학기술 국제협력 전략", "양자과학기술 국제협력 전략"),
        ("[참고1] 이번 글로벌 R&D 추진전략", "글로벌 R&D 추진전략"),
        ("10:00 / 중앙 서민금융통합지원센터", "중앙 서민금융통합지원센터"),
        # A plan's period is part of its name; a dating bracket is not.
        ("제8차 산업기술혁신계획('24∼'28)", "제8차 산업기술혁신계획('24∼'28)"),
        (
            "기초연구 진흥 종합계획(’23.11월, 국가과학기술자문회의 전원회의)",
            "기초연구 진흥 종합계획",
        ),
        # (가칭) is no stage label: it is read as provisional, not stripped as noise.
        ("(가칭)K-퀀텀국제협력본부", "K-퀀텀국제협력본부"),
    ],
)
def test_clean_name_strips_what_stands_before_a_name(raw, name):
    assert names.clean_name(raw)[0] == name


@pytest.mark.parametrize(
    "name",
    ["지원계획", "개선방안", "1차 펀드", "구축 방안", "향후 계획"],
)
def test_generic_heads_are_no_names(name):
    assert names.is_generic(names.clean_name(name)[0]) or names.has_inner_count(name)


@pytest.mark.parametrize(
    "name",
    [
        "18일(금) 서울 중구 소재 정동1928아트센터",
        "2 실 10 단 7 센터",
        "김대중컨벤션센터",
        "등의 개선방안",
        "공공기관 이 헬프데스크",
    ],
)
def test_venues_counts_and_fragments_are_rejected(name):
    assert not names.is_well_bounded(names.clean_name(name)[0])


def test_phrase_before_keeps_and_between_the_nouns_of_one_name():
    text = "2. 자동차보험 고비용 수리비 부담완화 및 소비자 선택권 보장방안을"
    end = text.index("보장방안") + len("보장방안")
    phrase = names.phrase_before(text, end, max_words=8)
    assert phrase == "자동차보험 고비용 수리비 부담완화 및 소비자 선택권 보장방안"


def test_phrase_before_stops_at_and_after_an_inflected_word():
    text = "방안을 마련하고 및 소비자 선택권 보장방안을"
    end = text.index("보장방안") + len("보장방안")
    assert names.phrase_before(text, end) == "소비자 선택권 보장방안"


def test_heading_line_names_its_plan_without_its_number():
    release = parse_release(
        "자동차보험 개선\n\n2. 자동차보험 고비용 수리비 부담완화 및 소비자 선택권 보장방안\n".encode()
    )
    assert [s.title for s in release.strategies] == [
        "자동차보험 고비용 수리비 부담완화 및 소비자 선택권 보장방안"
    ]


def test_agenda_title_gives_its_strategy_the_fuller_name():
    text = (
        "국가과학기술자문회의 심의회의 운영위원회 개최\n\n"
        "제34회 심의회의 운영위원회에서 「2022년도 국가연구개발 성과평가 실시계획(안)」을 "
        "심의·의결하였다. 국가연구개발 성과평가 실시계획에 따라 평가를 한다."
    )
    release = parse_release(text.encode("utf-8"))
    assert [s.title for s in release.strategies] == ["2022년도 국가연구개발 성과평가 실시계획"]


@pytest.mark.parametrize(
    ("text", "centers"),
    [
        (
            "이번 성과는 지능형나노소재연구센터가 개발한 기술이다.",
            ["지능형나노소재연구센터"],
        ),
        ("과학벨트 기능지구에 KAIST연합캠퍼스를 조성한다.", ["KAIST연합캠퍼스"]),
        # A stem of two letters says only the kind: 지원센터, 고객센터.
        ("문의는 고객센터로 연락하면 된다.", []),
    ],
)
def test_one_word_center_is_named_by_a_long_stem(text, centers):
    assert [c.name for c in parse_release(text.encode("utf-8")).centers] == centers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A plan in a dated record of what was done, quoted plans around it or not.
        (
            "* 「AI 자율제조 전략」 발표\n* 초격차 프로젝트 추진체계 마련(‘24.3), 11대 분야별 "
            "초격차 로드맵 마련(’24.5)",
            ["AI 자율제조 전략", "분야별 초격차 로드맵"],
        ),
        (
            "ㅇ (산업융합) 초격차산업융합로드맵수립('24.12) 및 규제샌드박스 추진",
            ["초격차산업융합로드맵"],
        ),
        # Undated, a plan the text only says it will make is not named.
        ("* 「AI 자율제조 전략」 발표\n* 분야별 로드맵 마련 예정", ["AI 자율제조 전략"]),
    ],
)
def test_dated_plan_is_a_strategy(text, expected):
    assert [s.title for s in parse_release(text.encode()).strategies] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A page copy puts each chunk on a line of its own, the particle apart from its noun.
        (
            "정부는 생태계 강화를 위해\n지난 3월\n첨단전략\n산업기금 신설 방안\n을\n발표\n하였으며,",
            ["첨단전략 산업기금 신설 방안"],
        ),
        # A count before it makes it plans of a kind, not one plan.
        ("태양광, 풍력 등 총 7개 분야 글로벌 R&D 전략지도를 수립하였다.", []),
        # Generic: which plan is not said.
        ("정부는 관련 세부 추진 방안을 발표하였다.", []),
    ],
)
def test_announced_plan_is_a_strategy(text, expected):
    assert [s.title for s in parse_release(text.encode()).strategies] == expected


def test_quote_whose_opening_was_lost_closes_the_name_before_it():
    text = "● 이는 양자 추진전략(퀀텀 이니셔티브)’ 후속 조치의 일환으로 추진된다."
    assert [s.title for s in parse_release(text.encode()).strategies] == [
        "양자 추진전략(퀀텀 이니셔티브)"
    ]


def test_year_after_a_quote_mark_closes_no_name():
    assert (
        list(names.quoted_names("세계 최고 연구기관 內 구축* 및 선정·추진(’24년, 395억원)")) == []
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("2020년도 정부연구개발투자 방향과 기준(안)", "strategy"),
        ("2018년도 정부연구개발 투자방향 및 기준", "strategy"),
        ("예비타당성조사 운용지침 및 기준", None),
    ],
)
def test_investment_direction_and_standards_is_a_plan(name, kind):
    assert names.kind_of(name) == kind


def test_title_repeated_on_a_cover_is_one_name():
    raw = "2018년도 정부연구개발 투자방향 및 기준 2018년도 정부연구개발 투자방향 및 기준"
    assert names.clean_name(raw)[0] == "2018년도 정부연구개발 투자방향 및 기준"


def test_revision_of_a_plan_and_the_plan_are_two_strategies():
    text = (
        "이번 위원회에서는 「제4차 우주개발진흥 기본계획 수정계획」을 확정하였다. 이는 "
        "「제4차 우주개발진흥 기본계획」의 3년차 중간점검 결과를 반영한 것이다."
    )
    assert [s.title for s in parse_release(text.encode()).strategies] == [
        "제4차 우주개발진흥 기본계획 수정계획",
        "제4차 우주개발진흥 기본계획",
    ]
