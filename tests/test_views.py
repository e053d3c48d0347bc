"""The pages people come for, with the data of the committed fixtures."""

import datetime
import re
from urllib.parse import urldefrag, urljoin

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from documents.models import Announcement, Committee, Meeting, Ministry, Person, PersonEvidence
from policybase import paging, views
from programs.models import (
    AgendaItem,
    Center,
    CenterEvidence,
    Program,
    ProgramEvidence,
    Strategy,
    StrategyEvidence,
)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.getvalue().decode()  # getvalue() also reads a streamed static file


def internal_links(html, base):
    html = re.sub(r'<link rel="alternate"[^>]*>', "", html)  # data, not pages (test_data_out)
    for href in re.findall(r'href="([^"]+)"', html):
        url = urldefrag(urljoin(base, href.replace("&amp;", "&")))[0]
        if url.startswith("/") and not url.startswith(("/admin", "/search", "/language")):
            yield url


def crawl(client):
    """Every page reachable from the home page by links: {url: html}."""
    pages, queue = {}, ["/"]
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        pages[url] = page(client, url)
        queue.extend(link for link in internal_links(pages[url], url) if link not in pages)
    return pages


def test_every_record_is_reachable_from_home_and_every_page_is_whole(client, site):
    pages = crawl(client)
    records = [
        *Announcement.objects.all(), *Strategy.objects.all(), *Program.objects.all(),
        *Center.objects.all(), *Person.objects.all(), *Meeting.objects.select_related("committee"),
        *Ministry.objects.all(), *Committee.objects.all(),
    ]  # fmt: skip
    assert {r.get_absolute_url() for r in records} - set(pages) == set()
    assert "/static/site.css" in pages  # the stylesheet every page links to is served
    for url, html in pages.items():
        if url.startswith("/static/"):
            continue
        assert '<html lang="ko">' in html, url
        assert re.search(r"<title>[^<]+ · 과학기술 정책 지식베이스</title>", html), url
        assert 'aria-label="현재 위치"' in html, url  # breadcrumbs
        assert 'name="q"' in html, url  # the search form on every page


def test_home_shows_counts_latest_and_strategies_by_year(client, site):
    html = page(client, "/")
    assert "<dt>발표문</dt><dd>5</dd>" in html
    assert "김민석 국무총리 주재, 제1회 과학 기술 관계 장관회의 개최" in html
    assert 'href="/years/2025/">2025년</a>' in html


def test_announcement_detail_highlights_entities_and_shows_its_records(client, site):
    html = page(client, reverse("announcement-detail", args=["000_77bb8d32fb59adcb"]))
    strategy = Strategy.objects.get(title="양자과학기술 국제협력 전략")
    url = strategy.get_absolute_url()
    assert f'<a class="entity" href="{url}"><mark>양자과학기술 국제협력 전략</mark></a>' in html
    assert 'id="ev-' in html  # the spots evidence links point to
    assert "2024-06-26" in html  # the meeting's day (CONVENTIONS date rule 1)
    meeting = Meeting.objects.get(committee__slug="pacst-global-rnd", number=3)
    assert (
        f'href="{meeting.get_absolute_url()}">제3회 국제 연구개발(글로벌 R&amp;D) 특별위원회</a>'
        in html
    )
    assert "류광준</a>: “과학기술 분야 국제협력은" in html


def test_inferred_date_is_marked(client, site):
    html = page(client, reverse("announcement-detail", args=["004_7a159ff990e1c2db"]))
    assert '2025-11-24</a> <span class="badge">추정</span>' in html


def test_meeting_lists_items_in_order_with_kind_closed_and_strategy(client, site):
    meeting = Meeting.objects.get(committee__slug="pacst-global-rnd", number=3)
    html = page(client, meeting.get_absolute_url())
    items = re.findall(r'<li id="item-\d+">제(\d)호 ([^<]+)', html)
    assert [number for number, _ in items] == ["2", "3", "4", "5"]
    assert '<span class="badge">비공개</span>' in html
    strategy = Strategy.objects.get(title="과학기술 글로벌 협력 종합전략")
    assert f'→ <a href="{strategy.get_absolute_url()}">과학기술 글로벌 협력 종합전략' in html
    assert "류광준" in html  # chair


def test_meeting_links_to_previous_and_next_of_its_body(client, site):
    body = Committee.objects.get(slug="sci-tech-ministers")
    first = Meeting.objects.get(committee=body, series=1, number=14)
    second = Meeting.objects.get(committee=body, series=2, number=1)
    assert f'href="{second.get_absolute_url()}" rel="next"' in page(
        client, first.get_absolute_url()
    )
    assert f'href="{first.get_absolute_url()}" rel="prev"' in page(
        client, second.get_absolute_url()
    )


def test_strategy_shows_timeline_tasks_items_relations_and_source_sentences(client, site):
    strategy = Strategy.objects.get(title="기초‧원천 연구성과 확산체계 고도화 전략")
    html = page(client, strategy.get_absolute_url())
    assert "❶ 정책‧사업의 성과지향적 연계" in html
    assert "제14회 과학기술관계장관회의" in html
    assert "관련: <a href=" in html and "R&amp;D 우수성과 범부처 이어달리기 추진방안" in html
    announcement = Announcement.objects.get(key="002_a9915ecec5217dee")
    assert re.search(rf'href="{announcement.get_absolute_url()}#ev-\d+"', html)
    follow_up = Strategy.objects.get(title="글로벌 연수지원 강화 방안")
    origin = Strategy.objects.get(title="글로벌 R&D 추진전략")
    assert f'후속 조치: <a href="{origin.get_absolute_url()}">' in page(
        client, follow_up.get_absolute_url()
    )
    assert f'후속 조치로 이어진 전략: <a href="{follow_up.get_absolute_url()}">' in page(
        client, origin.get_absolute_url()
    )


def test_budget_reads_in_korean_units_with_the_exact_figure_beside_it(client, site):
    # The exact figure is on the page, not only in a tooltip a mouse must find.
    program = Program.objects.get(name="원천기술개발사업")
    html = page(client, program.get_absolute_url())
    assert (
        '<data value="931700000000">9,317억원</data> '
        '<span class="exact-amount">(931,700,000,000원)</span>'
    ) in html
    assert "원문 “9,317억원”" in html


def test_centers_are_grouped_by_region(client, site):
    html = page(client, reverse("center-list"))
    assert "<h2>미주·유럽·아시아</h2>" in html
    assert "<h2>권역 미상</h2>" in html


def test_ministry_page_shows_lineage_and_what_it_issued(client, site):
    msit = Ministry.objects.get(slug="msit")
    html = page(client, msit.get_absolute_url())
    msip = Ministry.objects.get(slug="msip")
    assert f'전신: <a href="{msip.get_absolute_url()}">미래창조과학부</a>' in html
    assert "<h3>2024</h3>" in html and "<h3>2020</h3>" in html
    assert (
        f'후신: 미래창조과학부 → <a href="{msit.get_absolute_url()}">과학기술정보통신부</a>'
        in page(client, msip.get_absolute_url())
    )


def test_year_page_holds_that_years_records(client, site):
    html = page(client, reverse("year-detail", args=[2020]))
    assert "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표" in html
    assert "제14회 과학기술관계장관회의" in html
    assert "김민석" not in html


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("announcement:000_77bb8d32fb59adcb", "strategy:양자과학기술 국제협력 전략"),
        ("announcement:002_a9915ecec5217dee", "meeting:sci-tech-ministers:1:14"),
        ("announcement:004_7a159ff990e1c2db", "ministry:industry-trade-2025"),
        ("strategy:기초‧원천 연구성과 확산체계 고도화 전략", "meeting:sci-tech-ministers:1:14"),
        ("program:800억원 규모 펀드", "announcement:002_a9915ecec5217dee"),
        ("center:글로벌 R&D 전략거점센터", "ministry:motie"),
        ("person:최기영", "meeting:sci-tech-ministers:1:14"),
        ("ministry:msit", "ministry:msip"),
    ],
)
def test_links_go_both_ways(client, site, a, b):
    first, second = resolve(a), resolve(b)
    assert f'href="{second.get_absolute_url()}' in page(client, first.get_absolute_url())
    assert f'href="{first.get_absolute_url()}' in page(client, second.get_absolute_url())


def resolve(reference):
    kind, _, rest = reference.partition(":")
    if kind == "announcement":
        return Announcement.objects.get(key=rest)
    if kind == "strategy":
        return Strategy.objects.get(title=rest)
    if kind == "program":
        return Program.objects.get(name=rest)
    if kind == "center":
        return Center.objects.get(name=rest)
    if kind == "person":
        return Person.objects.get(name=rest)
    if kind == "ministry":
        return Ministry.objects.get(slug=rest)
    slug, series, number = rest.split(":")
    return Meeting.objects.get(committee__slug=slug, series=series, number=number)


def test_unknown_records_are_404(client, site):
    for url in [
        "/announcements/nope/",
        "/strategies/없는-전략/",
        "/bodies/pacst/meetings/9-99/",
        "/years/3000/",
    ]:
        assert client.get(url).status_code == 404, url


def test_every_evidence_link_has_its_anchor_in_the_announcement(client, site):
    from programs.models import StrategyEvidence

    pages = {}
    for evidence in StrategyEvidence.objects.select_related("announcement"):
        url = evidence.announcement.get_absolute_url()
        pages.setdefault(url, page(client, url))
        assert f'id="ev-{evidence.start}"' in pages[url], (url, evidence.quote[:40])


def _dated_announcements(count, ministry=None):
    """``count`` announcements over a few days, several sharing a day (ties broken by key)."""

    rows = Announcement.objects.bulk_create(
        Announcement(
            key=f"long-{i:03d}",
            title=f"발표 {i}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=(i * 7) % 11),
            text="본문",
        )
        for i in range(count)
    )
    if ministry:
        through = Announcement.issuing_ministries.through
        through.objects.bulk_create(through(announcement=a, ministry=ministry) for a in rows)
    return rows


def test_walking_every_list_page_gives_each_announcement_once_in_order(client, ministries):
    _dated_announcements(75)
    expected = list(Announcement.objects.order_by("-date", "key").values_list("title", flat=True))
    seen = []
    for number in (1, 2, 3):
        html = page(client, f"/announcements/?page={number}")
        seen += re.findall(r'<a href="/announcements/long-\d+/">([^<]+)</a>', html)
    assert seen == expected
    assert "3 / 3 쪽" in html


def test_pages_across_order_chunks_give_each_announcement_once_and_see_new_ones(
    client, ministries, monkeypatch
):
    monkeypatch.setattr(paging, "ORDER_CHUNK", 60)  # two pages a chunk: 75 rows span two
    _dated_announcements(75)

    def walk():
        seen = []
        for number in (1, 2, 3):
            html = page(client, f"/announcements/?page={number}")
            seen += re.findall(r'<a href="/announcements/long-\d+/">([^<]+)</a>', html)
        return seen

    assert walk() == list(
        Announcement.objects.order_by("-date", "key").values_list("title", flat=True)
    )
    Announcement.objects.create(
        key="long-999", title="가장 새 발표", date=datetime.date(2030, 1, 1)
    )
    walked = walk()
    assert walked[0] == "가장 새 발표" and len(walked) == 76 == len(set(walked))


@pytest.mark.parametrize("recent", [20_000, 5])
def test_a_ministry_page_lists_its_own_newest_first_however_old_undated_last(
    client, ministries, monkeypatch, recent
):
    """An abolished ministry's newest announcements are older than everyone else's; the
    page still lists its own newest first, then its undated ones. (With RECENT at 5, they
    are not among the recent ones, so their newest date is looked up link by link.)"""
    monkeypatch.setattr(views, "RECENT", recent)
    mest, msit = Ministry.objects.get(slug="mest"), Ministry.objects.get(slug="msit")
    _dated_announcements(25, ministry=msit)  # 2024, newer than any of mest's
    old = Announcement.objects.bulk_create(
        Announcement(key=f"old-{i}", title=f"옛 발표 {i}", date=datetime.date(2010, 1, 1 + i))
        for i in range(3)
    )
    undated = Announcement.objects.create(key="old-undated", title="날짜 없는 발표")
    through = Announcement.issuing_ministries.through
    through.objects.bulk_create(through(announcement=a, ministry=mest) for a in [*old, undated])
    html = page(client, mest.get_absolute_url())
    listed = re.findall(r'<a href="/announcements/(old-[^/]+)/">', html)
    assert listed == ["old-2", "old-1", "old-0", "old-undated"]
    assert "발표문 (4건)" in html and "long-" not in html


def test_a_ministry_page_looks_for_its_newest_announcements_once_per_data_version(
    client, ministries, settings
):
    """Finding them reads the ministry's links and, for one that issued little, every older
    announcement; a later view reads only the rows, by id, until the data changes."""
    settings.PAGE_CACHE_SECONDS = 0  # rendered views, not the page cache
    msit = Ministry.objects.get(slug="msit")
    _dated_announcements(25, ministry=msit)
    links_table = Announcement.issuing_ministries.through._meta.db_table

    def link_reads():
        with CaptureQueriesContext(connection) as queries:
            html = page(client, msit.get_absolute_url())
        return html, [q["sql"] for q in queries if links_table in q["sql"]]

    first, reads = link_reads()
    assert reads  # the section and the total
    again, reads = link_reads()
    assert reads == [] and again == first
    newest = Announcement.objects.create(
        key="newest", title="가장 새 발표", date=datetime.date(2025, 1, 1)
    )
    newest.issuing_ministries.add(msit)
    html, reads = link_reads()
    assert reads and "가장 새 발표" in html.split('id="issued"')[1].split("</li>")[0]


def test_a_ministry_page_shows_the_newest_rows_and_links_to_the_rest(client, ministries):
    msit = Ministry.objects.get(slug="msit")
    _dated_announcements(25, ministry=msit)
    html = page(client, msit.get_absolute_url())
    assert "발표문 (25건)" in html
    assert len(re.findall(r'href="/announcements/long-', html)) == 20
    assert "?ministry=msit&amp;type=announcement" in html
    other = page(client, Ministry.objects.get(slug="moef").get_absolute_url())
    assert "모두 검색으로 보기" not in other


def test_a_persons_page_pages_each_of_its_lists_newest_first_undated_last(client, ministries):
    """A minister is named in thousands of announcements: each of the page's lists shows
    a page of them, newest first with undated ones last, and pages by its own parameter,
    keeping the others'."""
    person = Person.objects.create(name="김서연", title="장관", slug="kim-seoyeon")
    announcements = [
        *_dated_announcements(40),
        Announcement.objects.create(key="long-undated", title="날짜 없는 발표", text="본문"),
    ]
    PersonEvidence.objects.bulk_create(
        PersonEvidence(person=person, announcement=a, start=0, end=2, quote="본문")
        for a in announcements
    )
    body = Committee.objects.first()
    Meeting.objects.bulk_create(
        Meeting(committee=body, number=n, name=f"제{n}회 회의", date=datetime.date(2020, 1, n),
                chair=person)
        for n in range(1, 32)
    )  # fmt: skip
    dated = Announcement.objects.exclude(date=None).order_by("-date", "key")
    newest_first = [*dated.values_list("key", flat=True), "long-undated"]

    def mentions(url):
        return re.findall(r'<a href="/announcements/(long-[^/]+)/#ev-0">', page(client, url))

    url = person.get_absolute_url()
    first = page(client, url)
    assert mentions(url) == newest_first[: paging.PAGE_SIZE]
    assert '언급된 문장 <span class="muted">41건</span>' in first
    assert mentions(f"{url}?page=2&meetings=2") == newest_first[paging.PAGE_SIZE :]
    # The meetings it chaired, newest first, page by page; each list's links keep the other's page.
    assert re.findall(r">(제\d+회 회의)</a>", first) == [f"제{n}회 회의" for n in range(31, 1, -1)]
    second = page(client, f"{url}?page=2&meetings=2")
    assert re.findall(r">(제\d+회 회의)</a>", second) == ["제1회 회의"]
    assert 'href="?page=2&amp;meetings=1" rel="prev"' in second
    assert 'href="?page=1&amp;meetings=2" rel="prev"' in second
    assert "인용된 발언이 없습니다" in first and "발언 쪽 이동" not in first


CITED_RECORDS = [
    (Strategy, StrategyEvidence, {"title": "양자 전략", "normalized_name": "양자전략"}),
    (Program, ProgramEvidence, {"name": "양자 사업", "normalized_name": "양자사업"}),
    (Center, CenterEvidence, {"name": "양자 센터", "normalized_name": "양자센터"}),
]


@pytest.mark.parametrize(("model", "evidence", "fields"), CITED_RECORDS)
def test_a_records_page_pages_the_sentences_citing_it_oldest_first(
    client, ministries, model, evidence, fields
):
    """A flagship strategy (or program, or center) is cited in thousands of announcements:
    its page shows their total and a page of them, oldest first with undated ones last."""
    record = model.objects.create(slug="cited", **fields)
    announcements = [
        *_dated_announcements(40),
        Announcement.objects.create(key="long-undated", title="날짜 없는 발표", text="본문"),
    ]
    evidence.objects.bulk_create(
        evidence(**{evidence.record_field: record}, announcement=a, start=0, end=2, quote="본문")
        for a in announcements
    )
    dated = Announcement.objects.exclude(date=None).order_by("date", "key")
    oldest_first = [*dated.values_list("key", flat=True), "long-undated"]

    def mentions(html):
        return re.findall(r'<a href="/announcements/(long-[^/]+)/#ev-0">', html)

    url = record.get_absolute_url()
    first = page(client, url)
    assert '발표문 속 언급 (시간순) <span class="muted">41건</span>' in first
    assert mentions(first) == oldest_first[: paging.PAGE_SIZE]
    second = page(client, f"{url}?page=2")
    assert mentions(second) == oldest_first[paging.PAGE_SIZE :]
    assert 'href="?page=1" rel="prev"' in second


def test_a_strategys_page_pages_its_agenda_items_keeping_the_mentions_page(client, ministries):
    strategy = Strategy.objects.create(title="양자 전략", normalized_name="양자전략", slug="q")
    body = Committee.objects.first()
    meetings = Meeting.objects.bulk_create(
        Meeting(committee=body, number=n, name=f"제{n}회 회의", date=datetime.date(2020, 1, n))
        for n in range(1, 32)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, number=1, title=f"안건 {m.number}", strategy=strategy)
        for m in meetings
    )
    url = strategy.get_absolute_url()
    first = page(client, url)
    assert '이 전략을 담은 안건 <span class="muted">31건</span>' in first
    items = re.findall(r">제1호 (안건 \d+)</a>", first)
    assert items == [f"안건 {n}" for n in range(1, 31)]
    second = page(client, f"{url}?page=3&agenda=2")
    assert re.findall(r">제1호 (안건 \d+)</a>", second) == ["안건 31"]
    assert 'href="?page=3&amp;agenda=1" rel="prev"' in second


def test_bodies_page_counts_each_bodys_meetings_and_sees_a_new_one(client, site):
    def count_shown(committee):
        return (
            f'{escape(committee.name)}</a> <span class="muted">회의 {committee.meetings.count()}건'
        )

    html = page(client, reverse("committee-list"))
    committees = list(Committee.objects.all())
    assert any(committee.meetings.exists() for committee in committees)
    for committee in committees:
        assert count_shown(committee) in html
    body = Committee.objects.get(slug="pacst-global-rnd")
    Meeting.objects.create(
        committee=body, number=999, name="제999회", date=datetime.date(2030, 1, 1)
    )
    assert count_shown(body) not in html
    assert count_shown(body) in page(client, reverse("committee-list"))


def test_a_meeting_with_neither_number_nor_date_has_a_page(client, ministries):
    committee = Committee.objects.get(slug="pacst-global-rnd")
    meeting = Meeting.objects.create(committee=committee, name="정책설명회")
    assert meeting.get_absolute_url().endswith("/meetings/undated/")
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "정책설명회" in response.content.decode()
