"""Relations between records (documents.parsing.relations), each from a text form."""

import datetime

from documents.parsing import parse_release


def parse(text):
    return parse_release(text.encode("utf-8"))


def test_agenda_items_presenter_leads_its_strategy_and_the_held_meeting_adopts_it():
    release = parse(
        "제14회 과학기술관계장관회의 개최\n\n"
        "과학기술정보통신부는 2024년 6월 26일(수) 제14회 과학기술관계장관회의를 개최하였다.\n"
        "[ 제2호 (심의) : 국방 인공 지능 전환(AX) 전략(안) ]\n"
        "국방부는 국방 인공 지능 전환 계획을 보고하였다."
    )
    strategy = next(s for s in release.strategies if s.title == "국방 인공 지능 전환(AX) 전략")
    assert strategy.lead_ministries == ["mnd"]
    assert strategy.adopted_on == datetime.date(2024, 6, 26)


def test_center_is_tied_to_the_strategy_whose_title_holds_its_name():
    release = parse(
        "글로벌 R&D 전략거점센터 발표\n\n"
        "정부는 「글로벌 R&D 전략거점센터 구축·운영 방향」을 2024년 6월 26일 발표하였다. "
        "글로벌 R&D 전략거점센터는 미주, 유럽, 아시아 등 세 권역으로 구성된다."
    )
    (center,) = release.centers
    assert center.strategy == "글로벌 R&D 전략거점센터 구축·운영 방향"
    assert "구축·운영 방향" in center.strategy_evidence.quote


def test_sum_takes_the_budget_year_written_before_it():
    release = parse("해양수산부는 2025년 예산 800억원을 편성하였고, 별도로 300억원을 지원한다.")
    assert [(a.text, a.year) for a in release.amounts] == [("800억원", 2025), ("300억원", None)]


def test_sum_takes_the_year_of_its_reference_note():
    release = parse("우리나라 우주산업 규모는 약 2조 7,000억원(’16년 기준)에 이른다.")
    assert [(a.text, a.year) for a in release.amounts] == [("2조 7,000억원", 2016)]


def test_spacing_variants_are_one_strategy_with_each_spelling_kept():
    release = parse(
        "글로벌 R&D 추진전략 발표\n\n"
        "정부는 「글로벌 R&D 추진전략」을 발표하였다. 「글로벌 R&D 추진 전략」에 따라 지원한다."
    )
    (strategy,) = release.strategies
    assert strategy.display_name == "글로벌 R&D 추진전략"
    assert strategy.spellings == ["글로벌 R&D 추진전략", "글로벌 R&D 추진 전략"]
