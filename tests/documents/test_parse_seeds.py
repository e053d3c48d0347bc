"""The five source press releases, each with its full extraction as a reader states it.

Names are as the text writes them (its own middle dots and spacing), without brackets,
list markers or a trailing (안). What counts as a program is a name whose head noun is a
program word (사업, 프로젝트, 펀드, 바우처, 연구단, 프로그램); see README "The parser".
"""

import pytest

from documents.parsing import parse_release

from ..conftest import FIXTURES_DIR


def parse_seed(stem):
    path = FIXTURES_DIR / "sources" / f"{stem}.txt"
    return parse_release(path.read_bytes(), file=path.name)


def summary(release):
    """The extraction as plain values, in the order the release gives them."""
    meeting = release.meeting
    return {
        "title": release.title,
        "date": release.date.isoformat() if release.date else None,
        "date_inferred": release.date_inferred,
        "kind": release.kind,
        "ministries": [m.name for m in release.ministries],
        "meeting": meeting
        and {
            "body": meeting.body,
            "name": meeting.name,
            "number": meeting.number,
            "series": meeting.series,
            "date": meeting.date.isoformat() if meeting.date else None,
            "chair": meeting.chair,
        },
        "agenda_items": [
            (i.number, i.title, i.kind, i.closed, i.strategy) for i in release.agenda_items
        ],
        "strategies": [(s.title, s.draft) for s in release.strategies],
        "tasks": {
            s.title: [(t.label, t.title, t.parent) for t in s.tasks]
            for s in release.strategies
            if s.tasks
        },
        "relations": {
            s.title: (s.follows_up, s.related)
            for s in release.strategies
            if s.follows_up or s.related
        },
        "programs": [(p.name, [a.value for a in p.amounts]) for p in release.programs],
        "centers": [(c.name, c.provisional, c.region, c.counts) for c in release.centers],
        "people": [(p.name, p.title, [s.quote[:12] for s in p.statements]) for p in release.people],
        "amounts": [(a.text, a.value, a.currency) for a in release.amounts],
    }


GLOBAL_RND_SPECIAL_COMMITTEE = {
    "title": "국가·연구기관·연구자·다자 차원에서 과학기술 국제협력을 전방위로 지원한다",
    # The day of the meeting it reports as held (CONVENTIONS date rule 1), not 작성일 6. 27.
    "date": "2024-06-26",
    "date_inferred": False,
    "kind": "board_post",
    "ministries": ["과학기술정보통신부"],
    "meeting": {
        "body": "글로벌 R&D 특별위원회",
        "name": "제3회 국제 연구개발(글로벌 R&D) 특별위원회",
        "number": 3,
        "series": 1,
        "date": "2024-06-26",
        "chair": "류광준",
    },
    "agenda_items": [
        (2, "과학기술 글로벌 협력 종합전략", "심의", False, "과학기술 글로벌 협력 종합전략"),
        (3, "양자과학기술 국제협력 전략", "심의", True, "양자과학기술 국제협력 전략"),
        (4, "글로벌 연수지원 강화 방안", "심의", True, "글로벌 연수지원 강화 방안"),
        (5, "글로벌 R&D 전략지도(안) - 첨단바이오, AI, 양자", "심의", True, "글로벌 R&D 전략지도"),
    ],
    "strategies": [
        ("글로벌 R&D 추진전략", False),
        ("글로벌 R&D 전략거점센터 구축·운영 방향", False),
        ("글로벌 연수지원 강화 방안", True),
        ("과학기술 글로벌 협력 종합전략", True),
        ("양자과학기술 국제협력 전략", True),
        ("글로벌 R&D 전략지도", True),
    ],
    "tasks": {
        "과학기술 글로벌 협력 종합전략": [
            ("1.", "국가 간 협력 : 글로벌 협력의 전방위적 확대 및 전략성 강화", None),
            ("2.", "연구기관 간 협력 : 안정적이고 중장기적인 글로벌 협력 확대", None),
            ("3.", "연구자 간 협력 : 글로벌 협력을 위한 연구자 풀 확대", None),
            ("4.", "다자 간 협력 : 국제사회에서의 우리 과학기술 역할·외연 확장", None),
        ],
        "양자과학기술 국제협력 전략": [
            ("△", "개방형 혁신체계 구축", None),
            ("△", "국제 연대활동 강화", None),
            ("△", "글로벌 협력기반 조성", None),
        ],
    },
    "relations": {"글로벌 연수지원 강화 방안": (["글로벌 R&D 추진전략"], [])},
    # Platforms and portals run by government are programs (CONVENTIONS: programs).
    "programs": [
        ("제1차 글로벌 R&D 플래그십 프로젝트", []),
        ("Top-tier 협력 플랫폼", []),
        ("기초연구사업", []),
        ("국가양자종합포털", []),
        ("글로벌 연수지원 사업", []),
    ],
    "centers": [
        ("글로벌 R&D 전략거점센터", False, "", {}),
        ("미국 양자기술 협력센터", False, "", {}),
        ("글로벌 산업기술 협력센터", False, "", {}),
        ("글로벌 R&D 지원센터", True, "", {}),
        ("K-퀀텀국제협력본부", True, "", {}),
    ],
    "people": [
        ("이종호", "과학기술정보통신부 장관", []),
        ("류광준", "과학기술혁신본부장", ["과학기술 분야 국제협력", "앞으로 국제 공동 R&"]),
    ],
    "amounts": [],
}

ICT_DIPLOMACY_NEWS = {
    "title": "과기정통부, ICT 외교전략 가동…“글로벌문제 해결·해외 일자리 창출”",
    "date": "2017-12-07",
    "date_inferred": False,
    "kind": "news_article",
    "ministries": ["과학기술정보통신부"],
    # A 설명회 where policy is presented is a meeting (CONVENTIONS: meeting).
    "meeting": {
        "body": "2017 주한외교관 정책설명회",
        "name": "2017 주한외교관 정책설명회",
        "number": None,
        "series": 1,
        "date": "2017-12-07",
        "chair": None,
    },
    "agenda_items": [],
    "strategies": [("과학기술‧ICT 외교전략", False), ("4차 산업혁명 추진방향", False)],
    "tasks": {},
    "relations": {},
    # Quoted names the text builds, plans or pursues are programs (CONVENTIONS: programs).
    "programs": [
        ("차세대 글로벌혁신협력 프로젝트", []),
        ("글로벌 협력 벨트", []),
        ("글로벌 생활문제 R&D", []),
        ("평창ICT올림픽", []),
    ],
    "centers": [],
    "people": [("유영민", "과학기술정보통신부 장관", ["4차 산업혁명 대응과 "])],
    "amounts": [("10억달러", 1_000_000_000, "USD")],
}

RESEARCH_OUTCOMES_STRATEGY = {
    "title": "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표",
    "date": "2020-11-17",
    "date_inferred": False,
    "kind": "press_release",
    "ministries": ["과학기술정보통신부", "산업통상자원부"],
    "meeting": {
        "body": "과학기술관계장관회의",
        "name": "제14회 과학기술관계장관회의",
        "number": 14,
        "series": 1,
        "date": "2020-11-17",
        "chair": "최기영",
    },
    # The overview box names it "기초원천 연구성과 확산전략(4호 안건)"; the lead says it
    # was adopted (확정) under its full name.
    "agenda_items": [
        (
            4,
            "기초‧원천 연구성과 확산체계 고도화 전략",
            "의결",
            False,
            "기초‧원천 연구성과 확산체계 고도화 전략",
        )
    ],
    "strategies": [
        ("기초‧원천 연구성과 확산체계 고도화 전략", False),
        ("R&D 우수성과 범부처 이어달리기 추진방안", False),
        ("제7차 기술이전‧사업화 촉진계획", False),
    ],
    "tasks": {
        "기초‧원천 연구성과 확산체계 고도화 전략": [
            ("❶", "정책‧사업의 성과지향적 연계", None),
            ("❷", "혁신주체간 협업체계 심화", None),
            ("❸", "연구성과 확산 플랫폼 혁신‧고도화", None),
            ("❶", "분산된 연구성과 사업화 지원사업을 기능적으로 통합 운영한다", 1),
            ("❷", "연구성과 이어달리기의 바톤존(중개연구‧중개조직)을 강화한다", 1),
            ("❸", "연구성과 창출‧활용 전문기관간 협업‧소통체계를 확립한다", 1),
            ("❹", "범부처『연구성과 확산 통합 네트워크(KTTN)』를 구축한다", 2),
            ("❺", "기술(연구자)과 시장(기업)이 일체화된 연구개발 수행체계를 구축한다", 2),
            ("❻", "OSMU(One Source Multi Use)型 기초‧원천기술 육성을 추진한다", 2),
            ("❼", "연구성과 사업화 제조‧지식재산(IP)‧금융 서비스를 고도화한다", 3),
            ("❽", "연구성과의 기업 수요정보 및 사업화 이력관리 시스템을 고도화한다", 3),
            ("❾", "지역 네트워크 기반의 연구성과 사업화 혁신 생태계를 구축한다", 3),
        ]
    },
    "relations": {
        "기초‧원천 연구성과 확산체계 고도화 전략": (
            [],
            ["R&D 우수성과 범부처 이어달리기 추진방안", "제7차 기술이전‧사업화 촉진계획"],
        )
    },
    # Networks and systems run by government are programs (CONVENTIONS: programs).
    "programs": [
        ("연구성과 확산 통합 네트워크(KTTN)", []),
        ("5개 중개연구단", [2_800_000_000]),
        ("800억원 규모 펀드", [80_000_000_000]),
        ("미래기술마당", []),
        ("NTB", []),
        ("기술사업화 전용프로그램(바우처)", []),
        ("원천기술개발사업", [931_700_000_000]),
        ("A/S 바우처", [500_000_000]),
        ("공공연구성과 이력관리시스템(SW패키지)", []),
    ],
    "centers": [],
    "people": [
        ("최기영", "과학기술정보통신부 장관", []),
        ("용홍택", "과기정통부 연구개발정책실장", ["정부 R&D 성과에 대", "이번 전략을 토대로 그"]),
    ],
    "amounts": [
        ("800억원", 80_000_000_000, "KRW"),
        ("28억원", 2_800_000_000, "KRW"),
        ("9,317억원", 931_700_000_000, "KRW"),
        ("5억원", 500_000_000, "KRW"),
        ("62억원", 6_200_000_000, "KRW"),
        ("9억원", 900_000_000, "KRW"),
    ],
}

STRATEGIC_HUBS_BLOG = {
    "title": "글로벌 센터 운영 R&D 지원으로 혁신 이끈다!",
    "date": None,
    "date_inferred": False,
    "kind": "blog_copy",
    "ministries": ["과학기술정보통신부", "산업통상자원부"],
    "meeting": None,
    "agenda_items": [],
    "strategies": [
        ("글로벌 R&D 전략거점센터 운영 방안", False),
        ("글로벌 R&D 추진전략", False),
        ("과학기술 글로벌 협력 종합전략", False),
        ("글로벌 R&D 전략 지도", False),
    ],
    "tasks": {},
    "relations": {},
    "programs": [],
    # A 헬프데스크 is a center (CONVENTIONS: centers).
    "centers": [
        ("글로벌 R&D 전략거점센터", False, "미주·유럽·아시아", {"msit": 8, "motie": 2}),
        ("글로벌 R&D 헬프데스크", False, "", {}),
    ],
    "people": [("류광준", "과학기술혁신본부장", [])],
    "amounts": [],
}

SCIENCE_MINISTERS_MEETING = {
    "title": "김민석 국무총리 주재, 제1회 과학 기술 관계 장관회의 개최",
    "date": "2025-11-24",
    "date_inferred": True,
    "kind": "press_release",
    "ministries": [
        "과학기술정보통신부",
        "기획재정부",
        "교육부",
        "외교부",
        "국방부",
        "행정안전부",
        "문화체육관광부",
        "산업통상부",
        "보건복지부",
        "기후에너지환경부",
        "고용노동부",
        "중소벤처기업부",
        "금융위원회",
        "개인정보보호위원회",
        "국무조정실",
    ],
    "meeting": {
        "body": "과학기술관계장관회의",
        "name": "제1회 과학 기술 관계 장관회의",
        "number": 1,
        "series": 2,
        "date": "2025-11-24",
        "chair": "김민석",
    },
    "agenda_items": [
        (
            1,
            "인공 지능 민생 10대 과제(프로젝트) 추진 방안",
            None,
            False,
            "인공 지능 민생 10대 프로젝트 추진 방안",
        ),
        (2, "국방 인공 지능 전환(AX) 전략", None, False, "국방 인공 지능 전환(AX) 전략"),
        (
            3,
            "제조 인공 지능 전환(M.AX) 추진 방향",
            "의결",
            False,
            "제조 인공 지능 전환(M.AX) 추진 방향",
        ),
        (4, "과학 기술×인공 지능 국가전략", None, False, "과학 기술×인공 지능 국가전략"),
        (
            5,
            "인공 지능 분야 한-아랍 에미리트 국빈 방문 성과 및 후속 조치 추진계획",
            None,
            False,
            "인공 지능 분야 한-아랍 에미리트 국빈 방문 성과 및 후속 조치 추진계획",
        ),
        (
            None,
            "중소기업 인공 지능 활용·확산 지원방안",
            "의결",
            False,
            "중소기업 인공 지능 활용·확산 지원방안",
        ),
        (None, "연구개발 생태계 혁신 방안", "의결", False, "연구개발 생태계 혁신 방안"),
        (None, "과학 기술 인재 확보 전략", "의결", False, "과학 기술 인재 확보 전략"),
        (
            None,
            "아시아태평양경제협력체 인공 지능 추진 전략(AI 이니셔티브)",
            "보고",
            False,
            "아시아태평양경제협력체 인공 지능 추진 전략(AI 이니셔티브)",
        ),
        (
            None,
            "과학 기술 관계 장관회의 운영 방안",
            "의결",
            False,
            "과학 기술 관계 장관회의 운영 방안",
        ),
    ],
    "strategies": [
        ("인공 지능 민생 10대 프로젝트 추진 방안", False),
        ("국방 인공 지능 전환(AX) 전략", False),
        ("제조 인공 지능 전환(M.AX) 추진 방향", False),
        ("과학 기술×인공 지능 국가전략", False),
        ("인공 지능 분야 한-아랍 에미리트 국빈 방문 성과 및 후속 조치 추진계획", False),
        ("중소기업 인공 지능 활용·확산 지원방안", False),
        ("연구개발 생태계 혁신 방안", False),
        ("과학 기술 인재 확보 전략", False),
        ("아시아태평양경제협력체 인공 지능 추진 전략(AI 이니셔티브)", False),
        ("과학 기술 관계 장관회의 운영 방안", False),
    ],
    "tasks": {
        "국방 인공 지능 전환(AX) 전략": [
            ("▲", "추진 체계(거버넌스) 강화", None),
            ("▲", "기반 시설(인프라) 구축", None),
            ("▲", "민·군 협력 생태계 조성", None),
        ],
        "제조 인공 지능 전환(M.AX) 추진 방향": [
            ("①", "제조 인공 지능 전환(AX) 생태계 구축", None),
            ("②", "인공 지능 기반의 공정 혁신", None),
            ("③", "인공 지능 기반의 제품 혁신", None),
        ],
        "과학 기술×인공 지능 국가전략": [
            ("①", "핵심기술 확보", None),
            ("②", "융합인재 양성", None),
            ("③", "핵심 기반 시설(핵심인프라) 및 협력 생태계 구축", None),
            ("④", "산업생태계 고도화", None),
        ],
        "중소기업 인공 지능 활용·확산 지원방안": [
            ("△", "혁신 인공 지능·기저 기술(딥테크) 창업 초기기업 육성", None),
            ("△", "인공 지능 기반 지능형(스마트) 제조혁신", None),
            ("△", "중소·소상공인 인공 지능 활용·확산 촉진", None),
            ("△", "인공 지능 활용 기반 구축", None),
        ],
    },
    "relations": {},
    # Platforms, named services, alliances and named 제도 are programs (CONVENTIONS).
    "programs": [
        ("농산물 가격 알뜰 소비 정보 이음 터(플랫폼)", []),
        ("인공 지능 기반 사기전화(보이스피싱) 공동 대응 이음 터(플랫폼)", []),
        ("인공 지능 국세 정보 상담사", []),
        ("국가 유산 인공 지능 해설사", []),
        ("인공 지능 민생 10대 과제(프로젝트)", []),
        ("중장기 인공 지능 기본사회 과제(프로젝트)", []),
        ("인공 지능 전투 참모", []),
        ("인공 지능 정책 참모", []),
        ("지능형(스마트) 군수 지원체계", []),
        ("군 의료 지원체계", []),
        ("제조 인공 지능 전환 협력체(M.AX 얼라이언스)", []),
        ("인공 지능 공장 선도 사업", []),
        ("차세대 거대 신생기업 사업(NEXT UNICORN Project)", []),
        ("인공 지능 전환 지원 이음 터(플랫폼)(제조 인공 지능 24)", []),
        ("국가과학자 제도", []),
    ],
    "centers": [
        ("대학 기초 연구 인공 지능(AI) 센터", False, "", {}),
        ("국가과학 인공 지능(AI)연구소", True, "", {}),
    ],
    "people": [
        ("김민석", "국무총리", ["인공 지능은 우리 경제", "한 부처의 힘만으로 할"]),
        ("배경훈", "부총리", ["대한민국이 과학 기술과"]),
        ("이재명", "대통령", []),
    ],
    "amounts": [],
}


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("000_77bb8d32fb59adcb", GLOBAL_RND_SPECIAL_COMMITTEE),
        ("001_426236785009aba2", ICT_DIPLOMACY_NEWS),
        ("002_a9915ecec5217dee", RESEARCH_OUTCOMES_STRATEGY),
        ("003_2fa347c49210c2af", STRATEGIC_HUBS_BLOG),
        ("004_7a159ff990e1c2db", SCIENCE_MINISTERS_MEETING),
    ],
)
def test_seed_extraction_is_what_a_reader_states(stem, expected):
    actual = summary(parse_seed(stem))
    for field, value in expected.items():
        assert actual[field] == value, field


@pytest.mark.parametrize("stem", [p.stem for p in (FIXTURES_DIR / "sources").glob("*.txt")])
def test_seed_evidence_quotes_the_text_at_its_offsets(stem):
    release = parse_seed(stem)
    spans = release.spans()
    assert len(spans) >= 5
    for span in spans:
        assert release.text[span.start : span.end] == span.quote


def test_undated_blog_gets_no_date_and_says_why():
    release = parse_seed("003_2fa347c49210c2af")
    assert release.date is None
    assert release.warnings == ["no date found: the date is left unknown"]


def test_inferred_date_names_the_other_possible_year():
    release = parse_seed("004_7a159ff990e1c2db")
    assert release.warnings == [
        "year of 11월 24일(월) inferred as 2025 from its weekday; also possible: 2031"
    ]


def test_blog_boilerplate_never_becomes_data():
    release = parse_seed("003_2fa347c49210c2af")
    # "국토부 공공기여 제도" is an unrelated headline of the blog, after the article.
    assert "국토교통부" not in [m.name for m in release.ministries]
    assert "flaretime" not in release.body_markdown
    assert "All rights reserved" not in release.body_markdown
