import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from documents.models import Announcement, Committee, Meeting, Ministry, Statement


@pytest.mark.parametrize(
    ("alias", "day", "expected"),
    [
        ("산업부", datetime.date(2020, 11, 17), "산업통상자원부"),
        ("산업부", datetime.date(2025, 11, 24), "산업통상부"),
        ("과기정통부", datetime.date(2024, 6, 26), "과학기술정보통신부"),
        ("기재부", datetime.date(2025, 11, 24), "기획재정부"),
        ("재경부", datetime.date(2026, 3, 1), "재정경제부"),
        ("행안부", datetime.date(2010, 5, 1), "행정안전부"),
        ("복지부", datetime.date(2009, 1, 1), "보건복지가족부"),
        ("기후부", datetime.date(2025, 11, 24), "기후에너지환경부"),
        ("교과부", datetime.date(2010, 12, 24), "교육과학기술부"),
    ],
)
def test_ministry_alias_resolves_to_the_ministry_named_on_that_day(
    ministries, alias, day, expected
):
    assert [m.name for m in Ministry.objects.named(alias).active_on(day)] == [expected]


def test_ministry_of_the_same_name_in_two_eras_is_two_records(ministries):
    finance = Ministry.objects.filter(name="재정경제부").order_by("established")
    assert [(m.slug, m.established, m.abolished) for m in finance] == [
        ("mofe-1998", datetime.date(1998, 2, 28), datetime.date(2008, 2, 29)),
        ("finance-economy-2026", datetime.date(2026, 1, 2), None),
    ]


def test_ministry_lineage_runs_from_most_to_msit(ministries):
    chain, ministry = [], Ministry.objects.get(slug="msit")
    while ministry is not None:
        chain.append(ministry.name)
        ministry = ministry.predecessors.filter(
            reorganisations_out__kind__in=["renamed", "split"]
        ).first()
    assert chain == ["과학기술정보통신부", "미래창조과학부", "교육과학기술부"]
    assert {m.name for m in Ministry.objects.get(slug="mest").predecessors.all()} == {
        "과학기술부",
        "교육인적자원부",
    }


def test_ministry_split_has_both_successors(ministries):
    moef = Ministry.objects.get(slug="moef")
    assert sorted(moef.successors.values_list("name", flat=True)) == ["기획예산처", "재정경제부"]


def test_ministry_cannot_be_abolished_before_it_is_established(db):
    with pytest.raises(IntegrityError):
        Ministry.objects.create(
            slug="x",
            name="가상부",
            established=datetime.date(2020, 1, 1),
            abolished=datetime.date(2019, 1, 1),
        )


def test_meeting_number_is_unique_within_a_series(ministries):
    body = Committee.objects.get(slug="sci-tech-ministers")
    Meeting.objects.create(committee=body, number=1, name="제1회 과학기술관계장관회의")
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(committee=body, number=1, name="제1회 과학기술관계장관회의")
    restarted = Meeting.objects.create(
        committee=body,
        series=2,
        number=1,
        name="제1회 과학 기술 관계 장관회의",
        date=datetime.date(2025, 11, 24),
    )
    assert list(body.meetings.values_list("series", "number")) == [(1, 1), (2, 1)]
    assert Meeting.objects.get_by_natural_key(*restarted.natural_key()) == restarted


def test_meeting_ordering_follows_series_then_number(ministries):
    body = Committee.objects.get(slug="sci-tech-ministers")
    for series, number in [(2, 1), (1, 15), (1, 14)]:
        Meeting.objects.create(
            committee=body, series=series, number=number, name=f"{series}-{number}"
        )
    assert [m.name for m in body.meetings.all()] == ["1-14", "1-15", "2-1"]


def test_announcements_are_ordered_newest_first(db):
    for key, day in [("a", datetime.date(2017, 12, 7)), ("b", datetime.date(2024, 6, 27))]:
        Announcement.objects.create(key=key, title=key, date=day, original_text="x", text="x")
    assert list(Announcement.objects.values_list("key", flat=True)) == ["b", "a"]


def test_quoted_span_must_quote_the_text_at_its_offsets(global_rnd):
    statement = Statement.objects.get()
    assert statement.announcement.text[statement.start : statement.end] == statement.quote
    statement.full_clean()
    statement.start += 1
    with pytest.raises(ValidationError, match="인용문"):
        statement.full_clean()


def test_evidence_span_must_not_be_empty(global_rnd):
    meeting = global_rnd["meeting"]
    with pytest.raises(IntegrityError):
        meeting.evidence.create(announcement=global_rnd["announcement"], start=5, end=5, quote="")


def test_record_keeps_each_announcement_it_came_from(global_rnd):
    meeting, announcement = global_rnd["meeting"], global_rnd["announcement"]
    assert list(meeting.announcements.all()) == [announcement]
    assert list(announcement.meetings.all()) == [meeting]
    evidence = meeting.evidence.get()
    assert announcement.text[evidence.start : evidence.end] == evidence.quote


def test_lock_and_assign_unlocked_leave_hand_edits_alone(global_rnd):
    person = global_rnd["person"]
    person.lock(["title", "locked_fields"])
    assert person.locked_fields == ["title"]
    changed = person.assign_unlocked({"title": "본부장", "name": "류광준"})
    assert changed == []
    assert person.title == "과학기술혁신본부장"
    changed = person.assign_unlocked({"title": "본부장", "name": "류 광준"})
    assert (changed, person.name) == (["name"], "류 광준")


def test_set_unlocked_m2m_respects_a_lock(global_rnd):
    announcement = global_rnd["announcement"]
    motie = Ministry.objects.get(slug="motie")
    assert announcement.set_unlocked_m2m("issuing_ministries", [motie]) is True
    assert list(announcement.issuing_ministries.all()) == [motie]
    announcement.lock(["issuing_ministries"])
    assert announcement.set_unlocked_m2m("issuing_ministries", []) is False
    assert list(announcement.issuing_ministries.all()) == [motie]


def test_a_committee_named_by_a_sentence_fragment_does_not_validate(db):
    from django.core.exceptions import ValidationError

    from documents.models import Committee

    with pytest.raises(ValidationError, match="회의체 이름이 아닙니다"):
        Committee(name="정례회의", slug="jeongrye").full_clean()
    Committee(name="글로벌 CBPR 포럼", slug="global-cbpr").full_clean()
