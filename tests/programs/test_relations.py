"""The relations users browse by, from the seed releases as loaded: a strategy's lead
ministry and its adoption, a program or center tied to its strategy, a budget's year;
each shown on its page with the sentence that states it."""

import datetime

from programs.models import BudgetAmount, Center, Program, Strategy


def page(client, record):
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_strategy_is_led_by_the_ministry_that_submitted_its_agenda_item(client, site):
    strategy = Strategy.objects.get(title="국방 인공 지능 전환(AX) 전략")
    assert [lead.ministry.name for lead in strategy.leads.all()] == ["국방부"]
    assert list(strategy.ministries.values_list("name", flat=True)) == ["국방부"]
    html = page(client, strategy)
    assert "<h2>주관 부처</h2>" in html
    assert "<안건 2>「국방 인공 지능 전환(AX) 전략」" in html.replace("&lt;", "<").replace(
        "&gt;", ">"
    )
    sme = Strategy.objects.get(title="중소기업 인공 지능 활용·확산 지원방안")
    assert [lead.ministry.name for lead in sme.leads.all()] == ["중소벤처기업부"]


def test_a_strategy_is_dated_by_its_adoption_not_its_mentions(client, site):
    strategy = Strategy.objects.get(title="과학기술 글로벌 협력 종합전략")
    assert strategy.adopted_on == strategy.date == datetime.date(2024, 6, 26)
    assert strategy.adopted_at.number == 3
    html = page(client, strategy)
    assert "<dt>채택</dt>" in html
    assert strategy.adopted_at.get_absolute_url() in html


def test_programs_and_centers_are_tied_to_their_strategy_with_the_sentence(client, site):
    center = Center.objects.get(name="글로벌 R&D 전략거점센터")
    assert center.strategy.title == "글로벌 R&D 전략거점센터 운영 방안"
    tie = center.evidence.get(ties_strategy=True, announcement__key="003_2fa347c49210c2af")
    assert "글로벌 R&D 전략거점센터" in tie.quote
    html = page(client, center)
    assert center.strategy.get_absolute_url() in html
    assert f"#ev-{tie.start}" in html
    program = Program.objects.get(name="국가과학자 제도")
    assert program.strategy.title == "연구개발 생태계 혁신 방안"
    assert program.strategy.get_absolute_url() in page(client, program)
    # And the strategy lists them.
    assert program.get_absolute_url() in page(client, program.strategy)


def test_a_budget_carries_the_year_its_sentence_gives(client, site):
    amount = BudgetAmount.objects.get(text="5억원")
    assert amount.year == 2021
    assert "2021년" in page(client, amount.program)
