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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quoted name the text builds, plans or runs is a program (_RUN_AS_PROGRAM).
        (
            "미국, 유럽, 중국 등의 우수 연구기관과 연계한 ‘글로벌 협력 벨트’를 구축해 기업의 "
            "현지 진출을 돕는다.",
            ["글로벌 협력 벨트"],
        ),
        (
            "인류공동문제 해결을 위해 ‘글로벌 생활문제 R&D’를 기획‧추진하고 있다.",
            ["글로벌 생활문제 R&D"],
        ),
        ("과기정통부의 ‘평창ICT올림픽’ 추진 현황을 소개한다.", ["평창ICT올림픽"]),
        # A quoted name a contest is held under, its words kept whole ("핵 더 …").
        (
            "올해 개최되는 ‘핵 더 챌린지(Hack the Challenge)’ 경진대회는 민간 기업과 공동 "
            "진행된다.",
            ["핵 더 챌린지(Hack the Challenge)"],
        ),
        # The earlier program of a series: "「A」에 이어서 추진하는".
        (
            "「보험업권 상생상품」은 「사망보험금 유동화」에 이어서 추진하는 과제입니다.",
            ["보험업권 상생상품", "사망보험금 유동화"],
        ),
    ],
)
def test_quoted_name_run_as_a_program(text, expected):
    assert programs_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A map, a law and a council are built or run too, but are no programs.
        "인재 집중·부족 영역을 파악하는 ‘글로벌 인력지도’를 구축하여 활용한다.",
        "「보험조사협의회」를 개최하였다.",
        "정부는 「산업기술혁신촉진법」을 시행한다.",
        # A slogan is no name.
        "‘경계를 넘어선 보안, 통합된 미래를 열다!’를 추진한다.",
        # An entry's topic in a contest is no program, whatever its head.
        "최우수상은 ‘LLM 기반 공격 시나리오 보고서 및 CVE 요약 시스템’을 주제로 한 팀에게 "
        "돌아갔다.",
    ],
)
def test_quoted_look_alike_is_no_program(text):
    assert programs_of(text) == []


def test_count_of_programs_names_the_quoted_items_before_it():
    # The last N quoted names before "N개 사업"; a quoted domain (‘…영역’에서는) is not one.
    text = (
        "△‘지휘 영역’에서는 전장의 정보를 실시간 분석해 결심을 지원하는 ‘인공 지능 전투 "
        "참모’와 정책 수립을 지원하는 ‘인공 지능 정책 참모’ 2개 사업을 추진할 계획이다."
    )
    assert programs_of(text) == ["인공 지능 전투 참모", "인공 지능 정책 참모"]


def test_garbled_quotes_still_name_the_listed_programs():
    # Converted text opens quotes with ’ and closes with ‘ or ’.
    text = (
        "아울러, 중소기업의 연구장비 임대를 위한 ’연구장비 활용 이용권(바우처) 사업‘, "
        "규제자유특구의 신기술 상용화를 위한 ’이후의(포스트) 규제자유특구 연계 기술개발(R&D)’, "
        "디지털화를 위한 ‘소상공인 지능형(스마트)기술 육성 기술개발(R&D)’ 등 6개 사업(205억원)"
        "이 새롭게 추진된다."
    )
    assert programs_of(text) == [
        "연구장비 활용 이용권(바우처) 사업",
        "이후의(포스트) 규제자유특구 연계 기술개발(R&D)",
        "소상공인 지능형(스마트)기술 육성 기술개발(R&D)",
    ]


def test_year_quote_is_no_garbled_quote():
    assert [raw for raw, _, _ in names.quoted_names("’21년 정부안 9억원, ’22년 확대")] == []


def test_list_of_tasks_closed_by_gwaje_names_programs_after_their_clauses():
    text = (
        "이 외에도 국민의 세금 상담 대기시간을 줄이는 인공 지능 국세 정보 상담사, 관심사에 "
        "따라 문화유산을 해설하는 국가 유산 인공 지능 해설사 등의 과제가 포함되어 추진된다."
    )
    assert programs_of(text) == ["인공 지능 국세 정보 상담사", "국가 유산 인공 지능 해설사"]


@pytest.mark.parametrize(
    "text",
    [
        "TF는 정보 조회체계 활성화, AI를 활용한 보험사기 패턴 분석 및 위험지수 개발 등의 "
        "과제를 다각도로 검토·추진한다.",
        "정부는 불법사금융 근절, 서민금융 공급 확충 등의 과제를 추진한다.",
    ],
)
def test_actions_listed_as_tasks_are_no_programs(text):
    assert programs_of(text) == []


def test_service_of_a_system_names_both():
    text = (
        "과기정통부 ‘범부처 통합연구지원시스템(IRIS)의 평가위원 및 협업 연구자 AI 추천 "
        "서비스’ 사전적정성 검토를 의결했다."
    )
    assert programs_of(text) == [
        "범부처 통합연구지원시스템(IRIS)",
        "평가위원 및 협업 연구자 AI 추천 서비스",
    ]


def test_selection_names_the_program_it_selects_for():
    text = "‘제1차 글로벌 R&D 플래그십 프로젝트 선정안’을 발표하였다."
    assert programs_of(text) == ["제1차 글로벌 R&D 플래그십 프로젝트"]


def test_count_in_front_makes_no_name():
    assert programs_of("조기 성과를 위해 ‘7대 대표 과제(프로젝트)’를 우선 추진한다.") == []


def test_page_label_between_details_and_text_ends_the_sentence():
    text = (
        "선도연구센터 20년\n- 조회\n- 2,800\n본문\n선도연구센터지원사업은 1990년대부터 지원되었다."
    )
    assert programs_of(text) == ["선도연구센터지원사업"]


def centers_of(text):
    return [c.name for c in parse_release(text.encode("utf-8")).centers]


def test_centers_named_only_by_their_places_are_no_name():
    text = "미주‧유럽 거점센터에 이어 아시아거점 역할을 하는 글로벌 R&D 지원센터를 지정할 계획이다."
    assert centers_of(text) == ["글로벌 R&D 지원센터"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quoted evaluation a ministry runs.
        (
            "개인정보위는 행정안전부 주관 「2022년 데이터기반행정 실태점검」에서 우수기관에 "
            "선정되었다.",
            ["2022년 데이터기반행정 실태점검"],
        ),
        # Names each followed by the ministry that runs it.
        ("     * 미래기술마당(과기정통부), NTB(산업부) 등", ["미래기술마당", "NTB"]),
    ],
)
def test_program_named_by_who_runs_or_launches_it(text, expected):
    assert programs_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A task force or a council launched is a body, not a program.
        "금융위원회는 「AI 기반 보험사기 방지체계 구축 TF」를 출범시켰다.",
        "과기정통부는 「한국 합성생물학 발전협의회」 출범식을 개최하였다.",
        # People with their ministry are no programs.
        "이날 회의에는 김철수(과기정통부), 이영희(산업부) 국장이 참석했다.",
        # One name with its ministry is an aside, not a list of programs.
        "간담회에는 한국연구재단(과기정통부) 관계자가 참석했다.",
        # Agencies each with their ministry are no programs either.
        "* 한국연구재단(과기정통부), 한국산업기술진흥원(산업부) 등",
        # A policy aim quoted and pursued is no program.
        "금융위원회는 ‘생산적 금융’을 추진한다.",
        # Categories of R&D given as examples are no programs.
        "정부는 연구개발사업(기초연구, 응용연구 등)을 지원한다.",
    ],
)
def test_no_program_from_an_organisation_or_a_person(text):
    assert programs_of(text) == []


def test_center_glued_to_the_next_table_cell_is_read_to_its_head():
    text = (
        "특히, KAIST연합캠퍼스는 \nKAIST와 대덕단지의 출연(연), \n"
        "D.U.P연합캠퍼스DGIST, UNIST, POSTECH\n과학기술 특화대학의 연구역량을 연계한다.\n"
    )
    assert centers_of(text) == ["KAIST연합캠퍼스", "D.U.P연합캠퍼스"]


def test_center_behind_an_address_is_a_venue():
    text = "同 생산기지는 경기도 평택시 삼성\n전자 평택캠퍼스에 건설되는 반도체공장이다."
    assert centers_of(text) == []


def test_center_the_headline_names_with_its_acronym():
    text = (
        "[국방부]서욱 국방부장관, 국방과학연구소(ADD) 초도방문\n\n"
        "□ 서욱 국방부 장관은 5월 14일(금) 오후 국방과학연구소를 초도 방문하였습니다.\n"
    )
    assert centers_of(text) == ["국방과학연구소(ADD)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A plain-language rewrite keeps the familiar head in brackets, and its alias.
        (
            "중소 제조 현장에 인공 지능을 확산하고, 인공 지능 전환 지원 이음 터(플랫폼)(제조 인공 "
            "지능 24) 구축해 나갈 계획이다.",
            ["인공 지능 전환 지원 이음 터(플랫폼)(제조 인공 지능 24)"],
        ),
        (
            "ㅇ (인센티브) 중개인력의 참여가 필수화된 기술사업화 전용프로그램(바우처)을 기획한다.",
            ["기술사업화 전용프로그램(바우처)"],
        ),
        # A count before it says how many, not which.
        ("조기 성과를 위해 7대 대표 과제(프로젝트)를 우선 추진한다.", []),
        # A role the text gives something else ("…로서") is no name.
        (
            "회의는 과학 기술·인공 지능 정책 점검·집행·관리 이음 터(플랫폼)로서 운영된다.",
            [],
        ),
    ],
)
def test_head_in_brackets_names_a_program(text, expected):
    assert programs_of(text) == expected


def test_label_of_an_agenda_heading_is_no_part_of_a_name():
    assert names.clean_name("1> 인공 지능 민생 10대 과제(프로젝트)")[0] == (
        "인공 지능 민생 10대 과제(프로젝트)"
    )
