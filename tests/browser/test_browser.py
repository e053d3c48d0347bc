"""A reader's paths through the site in a real browser, and an accessibility check."""

import re

import pytest

from .conftest import csp_violations


def test_search_by_ministry_and_year(page, live_site):
    page.goto(f"{live_site}/search/")
    page.locator("input[name=ministry]").fill("과기정통부")
    page.locator("input[name=year]").fill("2020")
    page.get_by_role("button", name="검색").last.click()
    page.wait_for_load_state()
    assert (
        "ministry=%EA%B3%BC%EA%B8%B0%EC%A0%95%ED%86%B5%EB%B6%80" in page.url
        and "year=2020" in page.url
    )
    results = page.locator("main ol > li > a")
    titles = results.all_inner_texts()
    assert "기초‧원천 연구성과 확산체계 고도화 전략" in titles
    assert "양자과학기술 국제협력 전략" not in titles  # 2024, filtered out
    results.filter(has_text="기초ㆍ원천 연구성과 확산체계 고도화 전략 발표").click()
    assert page.locator("h1").inner_text() == "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표"


def test_site_search_box_finds_a_compound_from_two_words(page, live_site):
    page.goto(live_site)
    page.get_by_role("searchbox").fill("양자 국제협력")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_load_state()
    first = page.locator("main ol > li").first
    assert "양자과학기술 국제협력 전략" in first.inner_text()
    assert first.locator("mark").first.inner_text() == "양자"


def test_follow_cross_links_from_home_to_a_strategy_and_back_to_its_sentence(page, live_site):
    page.goto(live_site)
    page.get_by_role("link", name="발표문 전체 보기").click()
    page.get_by_role("link", name=re.compile("^국가·연구기관·연구자·다자")).click()
    page.locator("article a.entity", has_text="양자과학기술 국제협력 전략").first.click()
    assert page.locator("h1").inner_text().startswith("양자과학기술 국제협력 전략")
    page.locator("blockquote.evidence a").first.click()
    page.wait_for_load_state()
    anchor = page.url.split("#", 1)[1]
    assert anchor.startswith("ev-")
    assert page.locator(f"#{anchor}").count() == 1
    page.locator("aside dl").get_by_role("link", name=re.compile("^제3회 국제 연구개발")).click()
    assert "양자과학기술 국제협력 전략" in page.locator("main ol").inner_text()


PAGES = [
    "/",
    "/announcements/",
    "/announcements/000_77bb8d32fb59adcb/",
    "/strategies/",
    "/bodies/sci-tech-ministers/meetings/2-1/",
    "/ministries/msit/",
    "/centers/",
    "/programs/",
    "/years/2024/",
    "/search/?q=양자+국제협력&ministry=msit",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_serious_accessibility_violations(unguarded_page, live_site, axe, path):
    page = unguarded_page
    page.goto(f"{live_site}{path}")
    page.add_script_tag(content=axe)
    result = page.evaluate("async () => await axe.run(document)")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert result["passes"]  # axe ran and checked something


def test_pages_satisfy_their_content_security_policy(page, live_site):
    # One live site for all the pages (loading it is most of a browser test's time).
    from documents.models import Committee, Person
    from programs.models import Center, Program, Strategy

    records = [
        Strategy.objects.filter(tasks__parent__isnull=False).first(),  # indented tasks
        Program.objects.first(), Center.objects.first(), Person.objects.first(),
        Committee.objects.first(),
    ]  # fmt: skip
    others = [record.get_absolute_url() for record in records]
    violations = {}
    for path in [*PAGES, *others, "/announcements/%00/", "/admin/login/"]:
        response = page.goto(f"{live_site}{path}")
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("load")
        # The stylesheet loaded under the policy: the page is laid out by it.
        assert page.evaluate("document.styleSheets.length") >= 1, path
        if not path.startswith("/admin/"):
            assert page.evaluate("getComputedStyle(document.body).maxWidth") == "992px", path
        violations[path] = csp_violations(page)
        page.csp_console.clear()
    assert violations == {path: [] for path in violations}


def test_a_content_security_policy_violation_is_reported(page, live_site):
    # The check above would see one: an inline script added to a page is refused.
    page.goto(f"{live_site}/strategies/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'document.title = 1'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert page.title() != "1"
    assert csp_violations(page)
    assert any(violation.startswith("script-src") for violation in csp_violations(page))
