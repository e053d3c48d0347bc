"""Date forms of documents.parsing.dates and the order of CONVENTIONS' date rules."""

import datetime

import pytest

from documents.parsing import parse_release
from documents.parsing.dates import dated_mentions, day_in_month_of, day_only_mentions

RELEASED = datetime.date(2024, 11, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025. 12. 21.(일) 개최", datetime.date(2025, 12, 21)),
        ("’25.9.3. 의결", datetime.date(2025, 9, 3)),
        ("‘25.8.26일(화) 협약식", datetime.date(2025, 8, 26)),
        ("`26.2.26일 개최된", datetime.date(2026, 2, 26)),
        ("등록일2020-11-18", datetime.date(2020, 11, 18)),
    ],
)
def test_written_date_forms_read_with_their_year(text, expected):
    assert dated_mentions(text)[0].as_date() == expected


def test_day_without_month_is_a_day_of_the_release_week():
    (mention,) = day_only_mentions("<사진 설명: 17 일(일) 개최된 해커톤 시상식")
    assert day_in_month_of(mention, RELEASED) == datetime.date(2024, 11, 17)


def test_day_without_month_whose_weekday_does_not_fit_is_unknown():
    (mention,) = day_only_mentions("17일(월) 개최된")
    assert day_in_month_of(mention, RELEASED) is None


@pytest.mark.parametrize("text", ["’25.8.26", "6월 26일(수)", "3~5일", "2024. 11. 18."])
def test_day_only_form_ignores_days_with_a_month_or_in_a_range(text):
    assert day_only_mentions(text) == []


def test_held_meeting_day_beats_the_release_date():
    text = (
        "보도일시 2024. 6. 27.(목) 조간\n\n"
        "과학기술정보통신부는 6월 26일(수) 제14회 과학기술관계장관회의를 개최하고 "
        "「양자과학기술 국제협력 전략」을 확정하였다."
    )
    release = parse_release(text.encode("utf-8"))
    assert release.date == datetime.date(2024, 6, 26)


def test_upcoming_event_leaves_the_release_date():
    text = (
        "보도일시 2024. 1. 17.(수)\n\n"
        "해양수산부는 1월 18일(목)부터 22일(월)까지 ‘2024년 해양수산 연구개발(R&D) 투자방향 "
        "설명회’를 순차적으로 개최한다."
    )
    release = parse_release(text.encode("utf-8"))
    assert release.date == datetime.date(2024, 1, 17)


def test_day_of_a_held_event_takes_month_and_year_from_the_distribution_date():
    text = (
        "배포 2023. 10. 20.(금)\n\n"
        "- 19일 공공데이터법 제정 10주년 기념식에서 행정안전부장관 표창 수상\n"
        "개인정보위는 우수기관에 선정되었다고 밝혔다."
    )
    release = parse_release(text.encode("utf-8"))
    assert (release.date, release.date_inferred) == (datetime.date(2023, 10, 19), True)


def test_schedule_line_dates_an_event_reported_as_held():
    text = (
        "보험업권 상생상품 활성화 협약식\n\n"
        "금융위원회 부위원장은 협약식에 참석하였다.\n"
        "▪ (일시/장소) ‘25.8.26(화) 13:40 ~ 14:30, 보험개발원 대회의실"
    )
    assert parse_release(text.encode("utf-8")).date == datetime.date(2025, 8, 26)


def test_schedule_line_of_an_upcoming_event_is_not_the_date():
    text = (
        "설명회 개최 안내\n\n해양수산부는 투자방향 설명회를 개최한다.\n▪ (일시) 2024. 1. 18. 14:00"
    )
    assert parse_release(text.encode("utf-8")).date is None


def test_today_takes_the_only_date_the_text_writes():
    text = (
        "과학벨트 추진계획 확정\n\n"
        "오늘 국제과학비즈니스벨트위원회에서는 추진계획을 심의‧확정하였습니다.\n"
        "대한민국 교육부 2011. 5. 16. 13:39"
    )
    assert parse_release(text.encode("utf-8")).date == datetime.date(2011, 5, 16)


# A board page posted two days after the news, as the lead tells.
POSTED = (
    "중소벤처기업부, 2023년 기술개발 지원\n\n조회수 641 | 등록일 2022-12-28\n\n"
    "중소벤처기업부(장관 이영)는 {day}일 총 1조 8,247억원 규모의 통합공고를 실시한다고 "
    "밝혔다.\n"
)


def test_lead_day_in_the_posting_week_is_the_release_date():
    release = parse_release(POSTED.format(day=26).encode())
    assert (release.date, release.date_inferred) == (datetime.date(2022, 12, 26), False)


@pytest.mark.parametrize("day", [29, 3])
def test_lead_day_outside_the_posting_week_leaves_the_posting_date(day):
    # After the posting date, or weeks before it: not this month's news day.
    assert parse_release(POSTED.format(day=day).encode()).date == datetime.date(2022, 12, 28)
