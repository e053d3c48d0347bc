"""The agenda cover sheet (의안) of documents.parsing.cover, on the opening of a real
deliberation item: the meeting, its one item, the submitting ministry, the day."""

import datetime

from documents.parsing import parse_release

# The opening of an item put to the steering committee, as its PDF converts to text.
COVER = """의안번호 제 2 호 심
의
사
항
심 의
연 월 일
2025. 5. 30.
(제 72 회)
제8차 산업기술혁신계획('24∼'28)
2025년도 시행계획(안)
국가과학기술자문회의
심의회의 운영위원회
제 출 자 산업통상자원부 산업기술정책과
제출 연월일 2025. 5. 26.
공개
- 1 -
1. 의결주문
ㅇ 「제8차 산업기술혁신계획('24~'28)(이하 ‘혁신계획’)」의 2025년도
시행계획(안)을 별지와 같이 의결함
"""


def test_cover_sheet_names_the_session_it_goes_to():
    meeting = parse_release(COVER.encode()).meeting
    assert (meeting.body, meeting.number, meeting.date) == (
        "국가과학기술자문회의 심의회의 운영위원회",
        72,
        datetime.date(2025, 5, 30),
    )
    assert meeting.evidence[0].quote.startswith("(제 72 회)")


def test_cover_sheet_is_its_one_agenda_item():
    items = parse_release(COVER.encode()).agenda_items
    assert [(i.number, i.title, i.draft) for i in items] == [
        (2, "제8차 산업기술혁신계획('24∼'28) 2025년도 시행계획", True)
    ]


def test_submitter_on_the_cover_is_a_ministry_of_the_text():
    ministries = parse_release(COVER.encode()).ministries
    assert [m.name for m in ministries] == ["산업통상자원부"]


def test_session_without_an_item_number_is_no_cover():
    text = "(제 72 회)\n제8차 산업기술혁신계획\n국가과학기술자문회의\n심의회의 운영위원회\n"
    assert parse_release(text.encode()).agenda_items == []
