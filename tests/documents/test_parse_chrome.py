"""Board chrome kept out of the text, bodies and records (documents/parsing/chrome.py), one
form at a time, on the shapes real board copies have (tests/data/eval/raw,
/work/shared/corpus); and the facts of real releases unchanged by it."""

from pathlib import Path

import pytest

from documents.parsing import chrome, layout, parse_release

RAW = Path(__file__).resolve().parents[1] / "data" / "eval" / "raw"


def stripped(text):
    return "\n".join(chrome.strip_chrome(text.split("\n")))


@pytest.mark.parametrize(
    ("board", "expected"),
    [
        # korea.kr and agency sites: skip links, the e-government banner, text size, print
        ("본문 바로가기 메인메뉴 바로가기\n전자정부이 누리집은 대한민국 공식 전자정부 누리집입니다."
         "\n콘텐츠 영역\n미래 유망 원자력 기술·산업진흥 정책 지속 추진\n글자크기 설정\n목록",
         "미래 유망 원자력 기술·산업진흥 정책 지속 추진"),
        ("본문으로 바로가기\n부처보도자료\n기초ㆍ원천 연구성과 확산체계 고도화 전략 발표",
         "부처보도자료\n기초ㆍ원천 연구성과 확산체계 고도화 전략 발표"),
        ("본문 바로가기 대메뉴 바로가기\n제4회 국가우주위원회, 국가 우주개발 정책 심의·의결\n인쇄하기 목록",
         "제4회 국가우주위원회, 국가 우주개발 정책 심의·의결"),
    ],
)  # fmt: skip
def test_skip_links_and_page_buttons_go(board, expected):
    assert stripped(board) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("작성자 : 관리자 작성일 : 2024-06-27", "작성일 : 2024-06-27"),  # a free board
        ("조회수 641 | 등록일 2022-12-28", "등록일 2022-12-28"),  # iljarihub
        ("조회수926 등록일2025-11-25", "등록일2025-11-25"),  # kasa.go.kr
        ("• 등록일2020-11-18\n• 조회수3199\n• 발간일", "• 등록일2020-11-18\n• 발간일"),  # bioin
        ("· 2025.12.04 17:30 ·수정 2025.12.05 09:03 · 조회 0",  # a news page's byline
         "· 2025.12.04 17:30 ·수정 2025.12.05 09:03"),
        ("- 발행일\n- 2010-12-24\n- 조회\n- 2,800\n본문\n선도연구센터지원사업은",  # nnpc
         "- 발행일\n- 2010-12-24\n\n선도연구센터지원사업은"),
        ("- 저자\n- 나노지원\n- 종류", "- 종류"),
        ("저자\n\n종류", "\n종류"),  # no author given: the next label stays
        ("작성자 홍길동 | 작성일 2023.05.02 | 조회 1,204 | 추천 3", "작성일 2023.05.02"),
    ],
)  # fmt: skip
def test_author_and_view_counters_go_and_the_date_stays(header, expected):
    assert stripped(header) == expected


@pytest.mark.parametrize(
    ("board", "expected"),
    [
        # fsc.go.kr: the list with sizes, viewer and download buttons, then the list button
        ("기관 관리·감독을 강화해나갈 예정이다.\n첨부파일 (3)\n첨부파일 목록\n"
         "250805(보도참고) 소비자 선택권을 보장하는 방식으로 품질인증부품 사용을 활성화.pdf\n"
         " (349 KB) \n파일뷰어\n파일다운로드\n250805(보도참고) 자동차보험 개선..hwp\n(197 KB)\n"
         "파일다운로드\n목록으로",
         "기관 관리·감독을 강화해나갈 예정이다."),
        # kisa.or.kr / pipc.go.kr copies: "[첨부파일]" and a list of names
        ("말했다.\n\n[첨부파일]\n- 191031-KISA-보도자료(KISA__K-사이버_시큐리티_챌린지_2019).pdf\n"
         "- 211125 (조간) 개인정보위, 시정조치(조사1과).hwp", "말했다.\n"),
        ("첨부파일\n등록된 첨부파일이 없습니다.\n중소벤처기업부는", "중소벤처기업부는"),
        ("보도자료 전문.hwpx (1.2MB) 다운로드 미리보기\n본문이다.", "본문이다."),
    ],
)  # fmt: skip
def test_attachment_lists_go(board, expected):
    lines = [line.strip() for line in board.split("\n")]
    assert "\n".join(chrome.strip_chrome(lines)) == expected


def test_previous_next_links_and_share_buttons_go():
    board = (
        "향후 계획을 밝혔다.\n공유하기\n페이스북 트위터 카카오톡 URL 복사\n"
        "이전글 제2회 국가우주위원회 개최\n다음글 | 2025년 우주항공청 업무계획\n목록"
    )
    assert stripped(board) == "향후 계획을 밝혔다."


@pytest.mark.parametrize(
    "content",
    [
        "과기정통부는 연구성과를 공유하고 첨부파일로 세부 계획을 배포했다.",
        "조회수 1,000만 회를 넘긴 영상은 다음과 같다. 조회 기능도 개선한다.",
        "① 개인정보처리자는 개인정보를 국외로 제공(조회되는 경우를",
        "저자는 이 보고서에서 정책 방향을 제시했다.",
        "[첨부파일: 211125 (조간) 개인정보위, 시정조치(조사1과).pdf]",  # an attachment's text follows
        "[첨부: 250826[별첨] 금융위원회 부위원장 모두발언.hwpx]",
        "제목: KISA, 홈페이지 취약점 발굴 대회 개최",
        "보도일시 2019. 1. 10.(목) 조간",
        "목록에 오른 12대 국가전략기술을 지원한다.",
    ],
)
def test_content_that_uses_a_chrome_word_stays(content):
    assert stripped(content) == content


@pytest.mark.parametrize(
    "fragments",
    [
        "지원 대상\n을\n확대\n해 나갈\n계획",  # pkg018: text cut into one word a line
        "집중\n․\n공유\n, 위변조 검증에 효과적인",  # pkg006
        "평가위원\n추천\n서비스",
        "이 사업의\n목록\n은 다음과 같다",
    ],
)
def test_a_common_word_alone_on_a_line_stays_among_text(fragments):
    assert stripped(fragments) == fragments


def test_a_common_word_alone_on_a_line_goes_beside_other_chrome():
    board = "원전 해체분야 산업육성 방안\n글자크기 설정\n목록\n\n인쇄\n공유\n다음 문단이다."
    assert stripped(board) == "원전 해체분야 산업육성 방안\n\n다음 문단이다."


def test_chrome_is_out_of_the_text_the_body_and_the_original_keeps_it():
    data = (RAW / "pkg001_fsc_85055.txt").read_bytes()

    parsed = parse_release(data)

    for chrome_text in ("파일다운로드", "파일뷰어", "(349 KB)", "목록으로", "첨부파일 목록"):
        assert chrome_text not in parsed.text
        assert chrome_text not in parsed.body_markdown
        assert chrome_text in parsed.original_text
    assert "품질인증부품 사용을 활성화" in parsed.body_markdown


# Real board copies, each with its chrome: what the parser finds in them is the same with
# and without the chrome, and the chrome is gone from the text.
BOARD_COPIES = {
    "000_77bb8d32fb59adcb.txt": "작성자 : 관리자",
    "002_a9915ecec5217dee.txt": "조회수3199",
    "013_ktab_nuclear_promotion_committee_8th_2019.txt": "작성자 : 관리자",  # a board post still
    "017_bioin_synbio_council_launch_2022.txt": "조회수1563",
    "019_iljarihub_mss_2023_tech_dev_support.txt": "등록된 첨부파일이 없습니다.",
    "024_kasa_space_committee_4th_2025.txt": "본문 바로가기 대메뉴 바로가기",
    "pkg001_fsc_85055.txt": "파일다운로드",
    "pkg013_pipc_7709.txt": "- 211125 (조간) 개인정보위, 개인정보 보호법규 위반 5개 사업자 시정조치(조사1과).hwp",
}


def facts(parsed):
    return {
        "title": parsed.title,
        "date": parsed.date,
        "kind": parsed.kind,
        "issuing": parsed.issuing_ministries,
        "ministries": [m.slug for m in parsed.ministries],
        "meeting": parsed.meeting and (parsed.meeting.name, parsed.meeting.number),
        "agenda": [(a.number, a.title) for a in parsed.agenda_items],
        "strategies": sorted(s.title for s in parsed.strategies),
        "programs": sorted(p.name for p in parsed.programs),
        "centers": sorted(c.name for c in parsed.centers),
        "people": sorted((p.name, p.title) for p in parsed.people),
        "amounts": sorted(a.value for a in parsed.amounts),
    }


@pytest.mark.parametrize(("name", "chrome_text"), sorted(BOARD_COPIES.items()))
def test_a_real_release_s_facts_are_unchanged_by_the_stripping(monkeypatch, name, chrome_text):
    data = (RAW / name).read_bytes()
    with_stripping = parse_release(data)
    monkeypatch.setattr(layout, "strip_chrome", lambda lines: lines)  # as before it
    without_stripping = parse_release(data)

    assert chrome_text in without_stripping.text
    assert chrome_text not in with_stripping.text
    assert facts(with_stripping) == facts(without_stripping)
    assert with_stripping.title and with_stripping.body_markdown
