"""Ministry forms of documents.parsing.ministries on real text."""

from documents.parsing import parse_release


def ministries_of(text):
    return [(m.name, m.written) for m in parse_release(text.encode("utf-8")).ministries]


def test_name_broken_over_a_line_is_the_longer_ministry():
    text = "개인정보위는 과학기술\n정보통신부(장관 배경훈)와 함께 2026년 서비스를 검토하였다."
    assert ministries_of(text)[-1] == ("과학기술정보통신부", "과학기술정보통신부")


def test_compressed_list_expands_to_each_ministry():
    text = "2025년 회의에는 기재·교육·외교부 장관이 참석하였다."
    assert [name for name, _ in ministries_of(text)] == ["기획재정부", "교육부", "외교부"]


def test_ministries_only_in_a_chart_of_bare_names_do_not_act():
    text = (
        "2013년도 업무보고\n\n"
        "미래창조과학부는 2013년 업무계획을 보고하였다.\n\n"
        "(2003.2~2008.2)\n\n"
        "과학기술부 교육부\n\n"
        "산업자원부 정보통신부 방송위원회\n\n"
        "지식경제부\n\n"
        "방송통신위원회\n"
    )
    assert [name for name, _ in ministries_of(text)] == ["미래창조과학부"]


def test_police_agency_acts_as_a_ministry():
    # CONVENTIONS: 청 are central government bodies; 경찰청 joins a task force here.
    text = (
        "금융위원회는 경찰청, 금융감독원과 함께 「AI 기반 보험사기 방지체계 구축 TF」를 "
        "출범시켰다고 2025년 11월 3일 밝혔다."
    )
    release = parse_release(text.encode())
    assert [m.name for m in release.ministries] == ["금융위원회", "경찰청"]
