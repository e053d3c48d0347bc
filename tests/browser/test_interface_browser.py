"""The English interface, a chart, a followed citation and the search page, in a real
browser; and axe-core on the pages they changed, in both languages."""

import re

import pytest

from .conftest import csp_violations


def test_the_english_switch_and_back(page, live_site):
    page.goto(f"{live_site}/strategies/")
    assert page.locator("html").get_attribute("lang") == "ko"
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url == f"{live_site}/en/strategies/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Strategies and plans"
    assert page.get_by_role("navigation", name="Main menu").is_visible()
    # The choice is remembered: a Korean address now leads to its English page.
    page.goto(f"{live_site}/programs/")
    assert page.url == f"{live_site}/en/programs/"
    page.get_by_role("link", name="한국어").click()
    page.wait_for_load_state()
    assert page.url == f"{live_site}/programs/"
    assert page.locator("h1").inner_text() == "사업"
    assert csp_violations(page) == []


def test_a_browser_that_prefers_english_gets_the_english_page(browser, live_site):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{live_site}/ministries/msit/")
    assert page.url == f"{live_site}/en/ministries/msit/"
    assert page.locator("h1").inner_text().startswith("Ministry of Science and ICT")
    context.close()


def test_a_chart_is_drawn_with_its_table(page, live_site):
    page.goto(f"{live_site}/ministries/msit/")
    chart = page.locator("figure.chart")
    svg = chart.locator("svg")
    box = svg.bounding_box()
    assert box["width"] > 300 and box["height"] > 20
    bars = svg.locator("rect")
    rows = chart.locator("table tbody tr")
    assert bars.count() == rows.count() > 0
    # The longest bar is the year with the most announcements in the table.
    figures = [int(text.replace(",", "")) for text in chart.locator("tbody td").all_inner_texts()]
    widths = [float(bars.nth(i).get_attribute("width")) for i in range(bars.count())]
    assert widths.index(max(widths)) == figures.index(max(figures))
    assert svg.get_attribute("role") == "img"
    assert "연도별 발표문 수" in chart.locator("figcaption").inner_text()


def test_following_a_citation_highlights_the_cited_sentence_in_view(page, live_site):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_site}/strategies/")
    page.get_by_role("link", name="양자과학기술 국제협력 전략").first.click()
    citation = page.locator("blockquote.evidence a").last
    href = citation.get_attribute("href")
    citation.click()
    page.wait_for_load_state()
    anchor = page.url.split("#", 1)[1]
    assert href.endswith("#" + anchor)
    target = page.locator(f"#{anchor}")
    assert target.inner_text().strip()  # the sentence itself, not an empty mark
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).backgroundColor") == (
        "rgb(255, 224, 102)"
    )
    box = target.bounding_box()
    assert 0 <= box["y"] < 900  # scrolled into view


def test_search_results_are_above_the_fold(page, live_site):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_site}/search/?q=전략&ministry=과기정통부")
    results = page.locator("ol.hits > li")
    assert results.count() >= 3
    for number in range(3):
        box = results.nth(number).bounding_box()
        assert box["y"] + box["height"] <= 900, number
    # The filters sit beside the results, not above them.
    form = page.locator("aside.search-filters").bounding_box()
    first = results.first.bounding_box()
    assert form["x"] > first["x"] + first["width"] - 1
    # A chip takes its filter off.
    page.locator("ul.chips a", has_text="부처").click()
    page.wait_for_load_state()
    assert "ministry" not in page.url and "q=" in page.url


PAGES = [
    "/ministries/msit/",
    "/years/2024/",
    "/search/?q=전략&ministry=과기정통부&year=abc",
    "/strategies/",
    "/",
]


@pytest.mark.parametrize("language", ["", "/en"])
def test_changed_pages_have_no_serious_accessibility_violations(
    unguarded_page, live_site, axe, language
):
    from programs.models import BudgetAmount, Strategy

    page = unguarded_page
    strategy = Strategy.objects.get(title="양자과학기술 국제협력 전략")
    program = BudgetAmount.objects.exclude(year=None).first().program
    paths = [*PAGES, strategy.get_absolute_url(), program.get_absolute_url()]
    found = {}
    for path in paths:
        page.goto(f"{live_site}{language}{path}")
        page.add_script_tag(content=axe)
        result = page.evaluate("async () => await axe.run(document)")
        found[path] = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert result["passes"], path
        assert re.fullmatch("ko|en", page.locator("html").get_attribute("lang"))
    assert found == {path: [] for path in paths}
