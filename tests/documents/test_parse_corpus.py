"""Real government texts of other ministries, years and shapes than the seeds: the facts a
reader finds in each (see tests/data/corpus/README.md)."""

import datetime

import pytest

from documents.parsing import parse_release

from ..conftest import DATA_DIR

CORPUS = DATA_DIR / "corpus"


def parse(prefix):
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    return parse_release(path.read_bytes(), file=path.name)


def meeting_of(release):
    m = release.meeting
    return m and (m.body, m.number, m.date, m.chair)


@pytest.mark.parametrize(
    ("prefix", "date", "kind"),
    [
        ("006", datetime.date(2016, 4, 21), "press_release"),  # '16. 4. 21(목) in the lead
        ("009", None, "press_release"),  # only the law's amendment date ('18.1.16.) is given
        # The 15th 국가우주위원회 held on 1월7일 (CONVENTIONS date rule 1), not 보도일시 1. 10.
        ("010", datetime.date(2019, 1, 7), "press_release"),
        ("013", datetime.date(2019, 11, 20), "board_post"),
        ("015", None, "press_release"),  # 5월 14일(금) with no year anywhere to anchor it
        ("016", datetime.date(2021, 10, 28), "meeting_result"),  # (21.10.28) in the title
        # "…는 26일 … 실시": the lead's day, in the month of 등록일 2022-12-28 (rule 2).
        ("019", datetime.date(2022, 12, 26), "press_release"),
        ("020", datetime.date(2024, 1, 17), "press_release"),  # "2024.01.17 해양수산부" byline
        ("024", datetime.date(2025, 11, 25), "press_release"),
        ("025", datetime.date(2025, 12, 4), "press_release"),  # not the page's own 2026 date
    ],
)
def test_corpus_date_and_kind(prefix, date, kind):
    release = parse(prefix)
    assert (release.date, release.kind) == (date, kind)
    assert release.date_inferred is False


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        ("010", "정부, 민간주도 우주개발 생태계조성으로 미래 혁신성장동력을 창출한다."),
        ("013", "제8차 원자력진흥위원회 개최"),
        ("015", "서욱 국방부장관, 국방과학연구소(ADD) 초도방문"),
        ("016", "제34회 심의회의 운영위원회 결과(21.10.28)"),
        ("020", "올해 해양수산 연구개발사업(R&D), 미래 먹거리 개발 등에 중점 투자"),
        ("024", "제4회 국가우주위원회, 국가 우주개발 정책 심의·의결"),
        ("025", "농식품부, 국내 최초 '그린바이오 벤처캠퍼스' 준공 ... 그린바이오산업 육성 본격화"),
    ],
)
def test_corpus_title_skips_site_chrome(prefix, title):
    assert parse(prefix).title == title


@pytest.mark.parametrize(
    ("prefix", "meeting"),
    [
        ("006", ("국가과학기술자문회의", 33, datetime.date(2016, 4, 21), "박근혜")),
        ("010", ("국가우주위원회", 15, datetime.date(2019, 1, 7), None)),
        # 11월 18일 lost its 월/일 in copying ("1118"): the date stays unknown.
        ("013", ("원자력진흥위원회", 8, None, "이낙연")),
        (
            "016",
            ("국가과학기술자문회의 심의회의 운영위원회", 34, datetime.date(2021, 10, 28), None),
        ),
        ("024", ("국가우주위원회", 4, datetime.date(2025, 11, 25), "방효충")),
        ("015", None),
        # A 설명회 on policy is a meeting (CONVENTIONS); upcoming, so undated.
        ("020", ("2024년 해양수산 연구개발(R&D) 투자방향 설명회", None, None, None)),
    ],
)
def test_corpus_meeting(prefix, meeting):
    assert meeting_of(parse(prefix)) == meeting


def test_flattened_agenda_table_gives_numbered_items_with_kind_and_ministry():
    release = parse("016")
    assert [(i.number, i.title, i.kind, i.presenting_ministries) for i in release.agenda_items] == [
        (1, "2021년 연구관리전문기관 지정·운영에 대한 실태조사·분석 결과", "심의", ["msit"]),
        (2, "2022-2023년도 연구지원체계평가 추진계획", "심의", ["msit"]),
        (3, "연구성과 관리·유통 전담기관 제도 활성화 전략", "보고", ["msit"]),
        (4, "국가연구개발사업 동시수행 연구개발과제 수 적용제외 과제", "심의", ["msit"]),
        (5, "2022년도 국가연구개발 성과평가 실시계획", "심의", ["msit"]),
    ]


def test_agenda_listed_in_prose_before_등의_안건():
    release = parse("024")
    assert [(i.title, i.kind) for i in release.agenda_items] == [
        ("제4차 우주개발진흥 기본계획 수정계획", "심의"),
        ("대한민국 우주과학탐사 로드맵", "심의"),
        ("군정찰위성-Ⅱ 사업추진기본전략", "심의"),
        ("군위성통신체계-Ⅲ 사업추진기본전략", "심의"),
    ]


def test_plans_numbered_in_a_flattened_header_are_strategies():
    titles = {s.title for s in parse("010").strategies}
    assert titles == {"대한민국 우주산업전략", "제2차 위성정보 활용계획", "국가 우주협력 추진전략"}


@pytest.mark.parametrize(
    ("prefix", "people"),
    [
        ("009", [("김동연", "기획재정부 장관"), ("유영민", "과학기술정보통신부 장관")]),
        # "서 욱 국방부 장관": a name written with a space; 국방부 is not a person.
        ("015", [("서욱", "국방부 장관"), ("박종승", "소장")]),
        ("024", [("윤영빈", "우주항공청 청장"), ("방효충", "한국과학기술원 교수")]),
        ("025", [("송미령", "농림축산식품부 장관")]),
    ],
)
def test_corpus_people(prefix, people):
    assert [(p.name, p.title) for p in parse(prefix).people] == people


def test_law_articles_are_not_money_and_spaced_units_are():
    assert [a.text for a in parse("010").amounts] == ["2조 7,000억원", "2,300억원"]  # not 제5조
    assert [(a.text, a.value) for a in parse("020").amounts] == [
        ("7,518억 원", 751_800_000_000),
        ("305억 원", 30_500_000_000),
    ]


def test_html_spans_join_and_the_center_is_found():
    release = parse("025")
    assert "HTML reduced to its text" in release.warnings
    assert [c.name for c in release.centers] == ["그린바이오 벤처캠퍼스"]
    assert [m.name for m in release.ministries] == ["농림축산식품부"]


def test_shopping_lines_after_the_end_mark_are_not_content():
    release = parse("015")
    assert "슬리퍼" not in release.body_markdown
    assert [m.name for m in release.ministries] == ["국방부"]
