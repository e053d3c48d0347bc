"""The meeting forms of documents.parsing.meetings, each on a real sentence: the body of
a bare session, unnumbered events, and what is not the meeting."""

import random

import pytest

from documents.parsing import meetings, parse_release


def meeting_of(text):
    meeting = parse_release(text.encode("utf-8")).meeting
    return None if meeting is None else (meeting.body, meeting.name, meeting.number)


def test_bare_session_belongs_to_the_body_named_before_it():
    text = (
        "개인정보보호위원회(위원장 고학수, 이하 ‘개인정보위’)는 7월 24일(수) 제13회 전체회의를 "
        "열고, 과징금 부과를 의결하였다."
    )
    assert meeting_of(text) == ("개인정보보호위원회 전체회의", "제13회 전체회의", 13)


def test_bare_meeting_belongs_to_the_council_named_before_it():
    text = (
        "과기정통부는 양자산업의 육성을 위해 양자 개척자(퀀텀 프론티어) 전략협의회를 "
        "구성ㆍ운영하여 제1회 회의를 개최하였다."
    )
    assert meeting_of(text)[0] == "양자 개척자(퀀텀 프론티어) 전략협의회"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "과학기술정보통신부가 7일 평창ICT체험관에서 '2017 주한외교관 정책설명회' 를 개최했다.",
            "2017 주한외교관 정책설명회",
        ),
        (
            "금융위원회는 `26.2.26일 개최된 국민성장펀드 기금운용심의회에서 ‘울산 소재공장 "
            "구축사업’에 대해 저리대출을 제공하는 안건을 의결 하였다. 오늘 기금운용심의회에서 "
            "의결된 사업은 2건이다.",
            "국민성장펀드 기금운용심의회",
        ),
        (
            "산업통상자원부는 13일 산업기술 R&D 전문가 간담회를 열고 혁신방안을 발표했습니다.",
            "산업기술 R&D 전문가 간담회",
        ),
    ],
)
def test_unnumbered_event_held_is_the_meeting(text, name):
    assert meeting_of(text)[1] == name


def test_event_named_with_and_keeps_both_parts():
    text = "KISA, 전자문서법 및 전자고지 지원사업 설명회 개최\n\nKISA는 설명회를 개최한다고 밝혔다."
    assert meeting_of(text)[1] == "전자문서법 및 전자고지 지원사업 설명회"


@pytest.mark.parametrize(
    "text",
    [
        # A legislative session is no government meeting.
        "첨단전략산업기금 신설안 국회 본회의 통과\n\n개정안이 금일 국회 본회의를 통과하였다.",
        # A body at its launch ceremony is a ceremony.
        "한국 합성생물학 발전협의회 출범\n\n한국 합성생물학 발전협의회 출범식을 개최하였다.",
        # An earlier meeting mentioned in passing.
        "보험업권은 지난 1년 여 간 치열하게 진행된 보험개혁회의가 마련한 과제를 이행한다.",
        # A body that will exchange views some day is not meeting now.
        "글로벌 R&D 추진 현황\n\n이러한 경과는 글로벌 R&D 특별위원회에서 지속적으로 의견을 교류하며 기여할 예정입니다.",
    ],
)
def test_no_meeting_from_what_is_not_one(text):
    assert meeting_of(text) is None


def test_report_headed_with_its_year_keeps_the_year():
    text = "2015년도 업무보고\n\n미래창조과학부는 2015년도 업무보고를 개최하였다."
    assert meeting_of(text)[1] == "2015년도 업무보고"


def test_body_headlined_at_its_launch_ceremony_is_no_meeting():
    text = (
        "「한국 합성생물학 발전협의회」 출범식 개최\n\n"
        "과기정통부는 7월 20일(수) 「한국 합성생물학 발전협의회」 출범식을 개최하였다. "
        "발전협의회는 합성생물학 관련 정책자문을 수행한다."
    )
    assert meeting_of(text) is None


def test_past_event_recalled_with_ba_itda_is_not_the_meeting():
    text = (
        "원자력 회의 관련 보도 설명\n\n"
        "과학기술정보통신부는 “2017년 1월 이후에도 12월 원자력진흥위원회 산하의 "
        "‘원자력이용개발전문위원회’를 개최해 원자력 연구개발 추진방향을 제시하는 "
        "‘미래원자력기술 발전전략’을 수립한 바 있다”고 밝혔습니다.\n"
    )
    assert meeting_of(text) is None


def test_cover_opening_with_the_event_name_is_its_paper():
    text = (
        "Issuu on Google+\n\n2013년도 업무보고\n\n과학기술과 ICT를 통한\n\n"
        "창조경제와 국민행복 실현 -\n\n2013. 4. 18.\n\n□ 기본방향 과학기술을 창조경제의 원천으로 "
        "활용한다.\n"
    )
    meeting = parse_release(text.encode("utf-8")).meeting
    assert (meeting.name, meeting.number, str(meeting.date)) == (
        "2013년도 업무보고",
        None,
        "2013-04-18",
    )


def test_event_phrases_found_as_the_pattern_finds_them_at_every_offset():
    """_event_phrase_matches skips the offsets where no event phrase can start: on texts of
    words, brackets, spaces and heads it finds what _EVENT_PHRASE.finditer finds."""
    pieces = ["가", "나", "위원회", "회의", "협의회", "업무보고", "포럼", "은", "의", ",", "a"]
    pieces += [" ", " ", "  ", "\n", "(", ")", "(이하 회의)"]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        expected = [(m.span(), m.group(1)) for m in meetings._EVENT_PHRASE.finditer(text)]
        found = [(m.span(), m.group(1)) for m in meetings._event_phrase_matches(text)]
        assert found == expected, text
