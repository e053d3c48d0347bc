"""The interface in two languages, the charts, the search page and the cited sentences, on
the committed fixtures (docs/interface.md)."""

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from documents.models import Announcement, Ministry
from documents.rendering import render_body
from policybase.charts import bar_chart
from programs.models import AgendaItem, BudgetAmount, Program, Strategy, StrategyEvidence

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def url_of(record):
    """``record``'s Korean address (an English page requested earlier in the test leaves
    English active: tests/conftest.py)."""
    with translation.override("ko"):
        return record.get_absolute_url()


def html_of(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


class Texts(HTMLParser):
    """The text of each element matching (tag, class) in a page, and the lang of <html>."""

    def __init__(self, tag, cls=None):
        super().__init__()
        self.tag, self.cls, self.found, self.depth, self.lang = tag, cls, [], 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if self.depth:
            self.depth += tag == self.tag
        elif tag == self.tag and (self.cls is None or self.cls in attrs.get("class", "").split()):
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag):
        if self.depth and tag == self.tag:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1] += data


def texts(html, tag, cls=None):
    parser = Texts(tag, cls)
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.found]


# -- The catalogue ---------------------------------------------------------------------


def test_every_interface_string_is_translated_and_the_compiled_catalogue_matches():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    assert len(po) > 150
    untranslated = [entry.msgid for entry in po if not entry.translated()]
    assert untranslated == []
    assert not [entry.msgid for entry in po if "fuzzy" in entry.flags]
    # The committed .mo is the .po compiled: the same messages, the same translations.
    compiled = {entry.msgid: entry.msgstr for entry in mo}
    assert compiled == {entry.msgid: entry.msgstr for entry in po if not entry.obsolete}
    # Placeholders survive translation.
    for entry in po:
        assert set(re.findall(r"%\(\w+\)s", entry.msgid)) == set(
            re.findall(r"%\(\w+\)s", entry.msgstr)
        ), entry.msgid


def test_templates_hold_no_korean_outside_translation_tags():
    """Every interface string of a page goes through the catalogue: Korean text left in a
    template outside {% translate %} / {% blocktranslate %} would show on English pages.
    (The 500 page stands alone, in Korean: it renders when nothing else can.)"""
    korean = re.compile(r"[가-힣]")
    tags = re.compile(
        r"{%\s*(?:blocktranslate|blocktrans)\b.*?{%\s*endblocktranslate\s*%}"
        r"|{%\s*translate\s+\"[^\"]*\"[^%]*%}|{#.*?#}|_\(\"[^\"]*\"\)",
        re.S,
    )
    leftovers = {}
    templates = Path(settings.BASE_DIR, "templates")
    for path in templates.rglob("*.html"):
        # The 500 page is Korean by design; the staff's admin pages are in Korean, as the
        # staff work (Django's own admin strings follow its own catalogue).
        if path.name == "500.html" or path.relative_to(templates).parts[0] == "admin":
            continue
        text = tags.sub("", path.read_text(encoding="utf-8"))
        text = text.replace(">한국어<", "><")  # the switch names Korean in Korean
        if found := korean.findall(text):
            leftovers[path.name] = "".join(found)[:40]
    assert leftovers == {}


# -- Languages -------------------------------------------------------------------------


@pytest.mark.django_db
def test_korean_is_the_default_and_english_has_its_own_addresses(client, site):
    korean = html_of(client, "/strategies/")
    english = html_of(client, "/en/strategies/")
    assert Texts("html").lang is None  # (parser sanity: set only by a page)
    assert re.search(r'<html lang="ko">', korean) and re.search(r'<html lang="en">', english)
    assert texts(korean, "h1") == ["전략·계획"] and texts(english, "h1") == ["Strategies and plans"]
    assert "Skip to content" in english and "본문 바로가기" in korean
    for html in (korean, english):
        assert '<link rel="alternate" hreflang="ko" href="http://testserver/strategies/">' in html
        assert (
            '<link rel="alternate" hreflang="en" href="http://testserver/en/strategies/">' in html
        )
        assert (
            '<link rel="alternate" hreflang="x-default" href="http://testserver/strategies/">'
            in html
        )
    # The switch names the other language and comes back to this page.
    assert '<a href="/language/en/?next=/strategies/" hreflang="en" lang="en">English</a>' in korean
    assert (
        '<a href="/language/ko/?next=/en/strategies/" hreflang="ko" lang="ko">한국어</a>' in english
    )
    # The English page links to English pages.
    assert 'href="/en/programs/"' in english and 'href="/programs/"' not in english


@pytest.mark.django_db
def test_the_browsers_language_and_the_switchs_choice(client, site):
    prefers_english = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9,ko;q=0.5"}
    response = client.get("/strategies/?page=2", **prefers_english)
    assert response.status_code == 302 and response["Location"] == "/en/strategies/?page=2"
    assert "Accept-Language" in response["Vary"]
    prefers_korean = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9,en;q=0.5"}
    assert client.get("/strategies/", **prefers_korean).status_code == 200
    # The switch remembers Korean: the English browser now gets the Korean page.
    response = client.get("/language/ko/?next=/en/strategies/%3Fpage%3D2")
    assert response.status_code == 302 and response["Location"] == "/strategies/?page=2"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ko"
    assert client.get("/strategies/", **prefers_english).status_code == 200
    # ... and English, which sends a Korean address to its English one.
    client.get("/language/en/?next=/strategies/")
    assert client.get("/ministries/")["Location"] == "/en/ministries/"
    # An English address is English whatever the browser says.
    assert client.get("/en/ministries/", **prefers_korean).status_code == 200


@pytest.mark.django_db
def test_the_switch_refuses_other_sites_and_languages(client, site):
    response = client.get("/language/en/?next=https://evil.example/")
    assert response["Location"] == "/en/"
    assert client.get("/language/fr/?next=/").status_code == 404


@pytest.mark.django_db
def test_the_page_cache_keeps_each_language_apart(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    first = client.get("/ministries/")
    again = client.get("/ministries/")
    english = client.get("/en/ministries/")
    assert (first["X-Page-Cache"], again["X-Page-Cache"], english["X-Page-Cache"]) == (
        "miss",
        "hit",
        "miss",
    )
    assert texts(again.content.decode(), "h1") == ["부처"]
    assert texts(english.content.decode(), "h1") == ["Ministries"]
    assert client.get("/en/ministries/")["X-Page-Cache"] == "hit"
    # A reader whose browser prefers English is sent on, never served the cached Korean.
    redirected = client.get("/ministries/", HTTP_ACCEPT_LANGUAGE="en")
    assert redirected.status_code == 302


@pytest.mark.django_db
def test_records_show_english_names_where_known_and_korean_marked_as_korean(client, site):
    msit = Ministry.objects.get(slug="msit")
    assert msit.name_en
    english = html_of(client, "/en" + url_of(msit))
    assert texts(english, "h1")[0].startswith(msit.name_en)
    assert f"<title>{msit.name_en} ·" in english
    assert f'<span lang="ko">{msit.name}</span>' in english  # its Korean name, marked
    korean = html_of(client, url_of(msit))
    assert texts(korean, "h1")[0].startswith(msit.name)
    # A strategy has no English name: Korean, marked as such, on the English page.
    strategy = Strategy.objects.get(title="양자과학기술 국제협력 전략")
    english = html_of(client, "/en" + url_of(strategy))
    assert f'<h1><span lang="ko">{strategy.title}</span>' in english
    assert '<article aria-label="Text" lang="ko">' in html_of(
        client, "/en" + url_of(Announcement.objects.first())
    )
    # Announcement lists name each issuing ministry in the page's language.
    listing = html_of(client, "/en/announcements/")
    assert f"· {msit.name_en}" in listing and f"· {msit.name}<" not in listing


def test_dates_numbers_and_sums_follow_the_language():
    template = Template(
        "{% load policy %}{{ day|day }}|{{ total|number }}|{{ sum|korean_amount }}|"
        "{{ sum|exact_amount }}"
    )
    import datetime

    context = Context({"day": datetime.date(2024, 6, 27), "total": 12345, "sum": 931700000000})
    with translation.override("ko"):
        assert template.render(context) == "2024-06-27|12,345|9,317억원|931,700,000,000원"
    with translation.override("en"):
        assert (
            template.render(context) == "27 June 2024|12,345|KRW 931.7 billion|KRW 931,700,000,000"
        )


@pytest.mark.django_db
def test_error_pages_are_korean_by_default(client, site):
    response = client.get("/strategies/no-such-strategy/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ko">' in html and "찾을 수 없는 페이지입니다" in html
    english = client.get("/en/strategies/no-such-strategy/").content.decode()
    assert "Page not found" in english
    server_error = Path(settings.BASE_DIR, "templates", "500.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in server_error and "서버 오류" in server_error


# -- Charts ----------------------------------------------------------------------------


def chart_rows(html, chart_id):
    """The (label, figures...) rows of the table behind the chart ``chart_id``."""
    figure = html[html.index(f'aria-labelledby="{chart_id}-caption"') :]
    table = figure[figure.index("<tbody>") : figure.index("</tbody>")]
    return [
        tuple(
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        )
        for row in re.findall(r"<tr>(.*?)</tr>", table)
    ]


def svg_bars(html, chart_id):
    figure = html[html.index(f'aria-labelledby="{chart_id}-caption"') :]
    svg = figure[: figure.index("</svg>")]
    assert f'<title id="{chart_id}-title">' in svg and f'<desc id="{chart_id}-desc">' in svg
    return [int(width) for width in re.findall(r'<rect class="series-\d" [^>]*width="(\d+)"', svg)]


@pytest.mark.django_db
def test_a_ministrys_announcements_per_year_chart_and_its_table(client, site):
    msit = Ministry.objects.get(slug="msit")
    years = (
        Announcement.objects.filter(issuing_ministries=msit)
        .exclude(date=None)
        .values_list("date__year")
        .annotate(total=Count("pk"))
        .order_by("date__year")
    )
    expected = [(str(year), f"{total:,}") for year, total in years]
    assert expected
    html = html_of(client, url_of(msit))
    assert chart_rows(html, "years-chart") == expected
    widths = svg_bars(html, "years-chart")
    assert len(widths) == len(expected) and max(widths) == 400
    largest = max(total for _, total in years)
    assert widths == [round(400 * total / largest) for _, total in years]


@pytest.mark.django_db
def test_a_years_announcements_by_ministry_chart(client, site):
    year = Announcement.objects.exclude(date=None).latest("date").date.year
    links = Announcement.issuing_ministries.through.objects.filter(announcement__date__year=year)
    counts = links.values_list("ministry__name", "ministry__name_en").annotate(n=Count("pk"))
    korean = html_of(client, f"/years/{year}/")
    assert sorted(chart_rows(korean, "ministries-chart")) == sorted(
        (name, str(n)) for name, _, n in counts
    )
    english = html_of(client, f"/en/years/{year}/")
    assert sorted(chart_rows(english, "ministries-chart")) == sorted(
        (name_en or name, str(n)) for name, name_en, n in counts
    )


@pytest.mark.django_db
def test_a_programs_budgets_over_time(client, site):
    amount = BudgetAmount.objects.exclude(year=None).exclude(value=None).first()
    program = amount.program
    dated = program.amounts.exclude(year=None).exclude(value=None).order_by("year", "value")
    html = html_of(client, url_of(program))
    rows = chart_rows(html, "budget-chart")
    assert [label for label, _ in rows] == [str(a.year) for a in dated]
    # Each figure in Korean units, and the exact sum written out on the page.
    assert rows[0][1].startswith(f"{dated[0].value // 10**8:,}억") or dated[0].value < 10**8
    assert f"({dated[0].value:,}원)" in html


@pytest.mark.django_db
def test_a_strategys_timeline_of_mentions_and_meetings(client, site):
    strategy = (
        Strategy.objects.annotate(n=Count("agenda_items")).filter(n__gt=0).order_by("-n").first()
    )
    mentions = dict(
        StrategyEvidence.objects.filter(strategy=strategy)
        .exclude(announcement__date=None)
        .values_list("announcement__date__year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    meetings = dict(
        AgendaItem.objects.filter(strategy=strategy)
        .exclude(meeting__date=None)
        .values_list("meeting__date__year")
        .annotate(n=Count("meeting", distinct=True))
        .order_by()
    )
    expected = [
        (str(year), str(mentions.get(year, 0)), str(meetings.get(year, 0)))
        for year in sorted({*mentions, *meetings})
    ]
    html = html_of(client, url_of(strategy))
    assert chart_rows(html, "timeline-chart") == expected
    assert '<th scope="col">언급</th><th scope="col">회의</th>' in html
    english = html_of(client, "/en" + url_of(strategy))
    assert '<th scope="col">Mentions</th><th scope="col">Meetings</th>' in english


def test_a_chart_scales_its_bars_to_the_largest_figure():
    chart = bar_chart([("2023", [(5, "5")], ""), ("2024", [(20, "20")], "")], ["n"])
    assert [bar.width for row in chart.rows for bar in row.bars] == [100, 400]
    assert chart.top == [("n", "2024")]
    assert not bar_chart([], ["n"])


# -- Search ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_results_come_before_the_form_and_filters_show_as_removable_chips(client, site):
    html = html_of(client, reverse("search"), data={"q": "양자", "type": "strategy"})
    assert html.index('<ol class="hits">') < html.index('<form method="get" action="/search/"')
    chips = re.findall(r'<ul class="chips".*?</ul>', html, re.S)[0]
    assert '<a href="?type=strategy">검색어: 양자' in chips
    assert '<a href="?q=%EC%96%91%EC%9E%90">종류: 전략·계획' in chips
    assert '<option value="" >' not in html and '<option value="">전체</option>' in html
    assert "---------" not in html


@pytest.mark.django_db
def test_facet_links_replace_their_parameter_instead_of_repeating_it(client, site):
    html = html_of(
        client, reverse("search"), data={"q": "전략", "year": "2024", "type": "strategy"}
    )
    facet_links = re.findall(r'<section aria-labelledby="facet-\w+">.*?</section>', html, re.S)
    hrefs = [
        href.replace("&amp;", "&")
        for s in facet_links
        for href in re.findall(r'href="\?([^"]+)"', s)
    ]
    assert hrefs
    for href in hrefs:
        names = [pair.split("=")[0] for pair in href.split("&")]
        assert len(names) == len(set(names)), href
        assert "page" not in names


@pytest.mark.django_db
def test_a_former_ministry_name_widening_the_search_is_said(client, site):
    html = html_of(client, reverse("search"), data={"ministry": "과기정통부"})
    note = re.findall(r'<p class="note">(.*?)</p>', html, re.S)
    assert note and "계보" in note[0]
    assert "미래창조과학부" in note[0] and "교육과학기술부" in note[0]
    # A ministry with no former or later name widens nothing and says nothing.
    lone = Ministry.objects.filter(reorganisations_out=None, reorganisations_in=None).first()
    if lone is not None:
        assert '<p class="note">' not in html_of(
            client, reverse("search"), data={"ministry": lone.slug}
        )


@pytest.mark.django_db
def test_one_bad_parameter_keeps_the_valid_ones(client, site):
    good = client.get(reverse("search"), {"q": "양자", "type": "strategy"})
    bad = client.get(reverse("search"), {"q": "양자", "type": "strategy", "year": "abc"})
    assert bad.status_code == 400  # said, with the field marked
    assert [entry.pk for entry, _, _ in bad.context["hits"]] == [
        entry.pk for entry, _, _ in good.context["hits"]
    ]
    assert bad.context["hits"] and 'aria-invalid="true"' in bad.content.decode()


# -- Citations and bodies --------------------------------------------------------------


def test_a_cited_sentence_is_wrapped_where_it_stands_and_hwp_bullets_become_a_list():
    text = (
        "첫 문장이다. 둘째 문장은 양자 전략을 말한다. 셋째다.\n\n"
        "\U000f02b1 (전략1) 지원체계 구축\n\n\U000f02b2 (전략2) 협업"
    )
    anchors = [
        (7, "둘째 문장은 양자 전략을 말한다."),
        (0, "첫 문장이다."),
        (40, "\U000f02b1 (전략1) 지원체계 구축"),
    ]
    html = render_body(text, [("양자 전략", "/strategies/q/")], anchors)
    assert '<span class="evidence-anchor" id="ev-0">첫 문장이다.</span>' in html
    assert (
        '<span class="evidence-anchor" id="ev-7">둘째 문장은 <a class="entity" '
        'href="/strategies/q/"><mark>양자 전략</mark></a>을 말한다.</span> 셋째다.'
    ) in html
    assert '<span class="evidence-anchor" id="ev-40">(전략1) 지원체계 구축</span>' in html
    assert html.count("<li>") == 2 and "\U000f02b1" not in html


@pytest.mark.django_db
def test_each_citation_link_on_a_page_reads_differently(client, site):
    strategy = Strategy.objects.annotate(n=Count("evidence")).order_by("-n").first()
    html = html_of(client, url_of(strategy))
    links = re.findall(r'<blockquote class="evidence"><a href="[^"]+">(.*?)</a>', html, re.S)
    names = [re.sub(r"<[^>]+>", "", link) for link in links]
    assert len(names) > 1 and len(names) == len(set(names))


@pytest.mark.django_db
def test_the_cited_sentence_is_in_the_announcement_under_the_citations_anchor(client, site):
    evidence = StrategyEvidence.objects.select_related("announcement").first()
    html = html_of(client, url_of(evidence.announcement))
    wrapped = re.search(
        rf'<span class="evidence-anchor" id="ev-{evidence.start}">(.*?)</span>', html, re.S
    )
    assert wrapped
    shown = unescape(re.sub(r"<[^>]+>", "", wrapped.group(1)))
    assert shown and shown[:6] in evidence.quote


def test_the_stylesheet_highlights_the_target_and_prints_without_navigation():
    css = Path(settings.BASE_DIR, "static", "site.css").read_text(encoding="utf-8")
    assert ".evidence-anchor:target {" in css
    assert "word-break: keep-all" in css
    printing = css[css.index("@media print") :]
    assert "header.site" in printing and "display: none" in printing


@pytest.mark.django_db
def test_every_page_starts_with_a_skip_link_to_the_content(client, site):
    program = Program.objects.first()
    for url in ["/", "/en/", url_of(program), "/search/?q=양자"]:
        html = client.get(url).content.decode()
        body = html[html.index("<body>") :]
        first_link = re.search(r"<a [^>]*>", body).group()
        assert 'class="skip-link" href="#content"' in first_link, url
        assert '<main id="content"' in html


@pytest.mark.django_db
def test_rebuild_search_all_rerenders_bodies_rendered_the_old_way(site):
    from io import StringIO

    from django.core.management import call_command

    evidence = StrategyEvidence.objects.select_related("announcement").first()
    announcement = evidence.announcement
    old = f'<p><span class="evidence-anchor" id="ev-{evidence.start}"></span>옛 본문</p>'
    Announcement.objects.filter(pk=announcement.pk).update(body_html=old)
    call_command("rebuild_search", stdout=StringIO())
    assert Announcement.objects.get(pk=announcement.pk).body_html == old  # not missing
    output = StringIO()
    call_command("rebuild_search", "--all", stdout=output)
    body = Announcement.objects.get(pk=announcement.pk).body_html
    assert body != old and f'id="ev-{evidence.start}">' in body
    assert f'id="ev-{evidence.start}"></span>' not in body  # the sentence is inside
    assert f"{Announcement.objects.exclude(text='').count()} announcement bodies rendered" in (
        output.getvalue()
    )


@pytest.mark.django_db
def test_the_redirect_to_english_never_leaves_the_site(client, site):
    from policybase.language import translated

    # A request line "GET //evil.example/strategies/" is a path of this site, which no
    # pattern matches (the test client would read evil.example as a host).
    assert translated("//evil.example/strategies/", "en") is None
    assert translated("/strategies/?next=//evil.example/", "en") == (
        "/en/strategies/?next=//evil.example/"
    )
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    for path in ["/%2F%2Fevil.example/", "/no-such-page/"]:
        response = client.get(path, **english)
        assert response.status_code == 404, path
    strategy = Strategy.objects.get(title="양자과학기술 국제협력 전략")
    response = client.get(url_of(strategy), **english)
    assert response["Location"] == "/en" + url_of(strategy)
    switched = client.get(f"/language/en/?next=http://testserver{url_of(strategy)}")
    assert switched["Location"] == "/en" + url_of(strategy)


def test_a_korean_label_on_an_english_chart_is_marked_korean():
    chart = bar_chart([("국방부", [(3, "3")], "/en/ministries/mnd/", "ko")], ["n"])
    html = Template('{% include "includes/chart.html" %}').render(
        Context({"chart": chart, "chart_id": "c", "caption": "x", "label_heading": "y"})
    )
    assert '<text class="chart-label" x="0" y="15" lang="ko">국방부</text>' in html
    assert '<th scope="row" lang="ko"><a href="/en/ministries/mnd/">국방부</a></th>' in html
