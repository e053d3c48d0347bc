"""Data out: ?format=json/csv on the pages, Atom feeds, the API, the sitemap, robots.txt and
the bulk dump, read back with a real feed parser and the standard json and csv modules."""

import csv
import gzip
import io
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Announcement, Committee, Meeting, Ministry, Person
from policybase import paging
from programs.models import Center, Program, SearchEntry, Strategy


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def get_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def get_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def path_of(url):
    parts = urlsplit(url)
    return parts.path


def alternates(html):
    """{type: href} of the page's <link rel="alternate"> tags."""
    found = re.findall(r'<link rel="alternate" type="([^"]+)"[^>]*href="([^"]+)"', html)
    return {kind: href.replace("&amp;", "&") for kind, href in found}


# ?format=json and ?format=csv on the list pages


def test_announcement_list_json_is_the_page_with_links_to_the_next(client, site, monkeypatch):
    monkeypatch.setattr("documents.views.PAGE_SIZE", 2)
    monkeypatch.setattr(paging, "ORDER_CHUNK", 4)
    html = client.get("/announcements/").content.decode()
    titles_on_page = [
        unescape(title)
        for title in re.findall(r'<li><a href="/announcements/[^"]+">([^<]+)</a>', html)
    ]
    first = get_json(client, "/announcements/?format=json")
    assert first["count"] == Announcement.objects.count()
    assert [row["title"] for row in first["results"]] == titles_on_page
    assert first["previous"] is None
    seen = [row["key"] for row in first["results"]]
    page = first
    while page["next"]:
        assert "format=json" in page["next"]
        page = get_json(client, page["next"])
        seen.extend(row["key"] for row in page["results"])
    assert page["previous"] is not None
    assert sorted(seen) == sorted(Announcement.objects.values_list("key", flat=True))
    assert len(seen) == len(set(seen))
    row = first["results"][0]
    announcement = Announcement.objects.get(key=row["key"])
    assert row["url"] == f"http://testserver{announcement.get_absolute_url()}"
    assert {m["slug"] for m in row["issuing_ministries"]} == set(
        announcement.issuing_ministries.values_list("slug", flat=True)
    )


def test_announcement_list_csv_streams_every_row_in_the_pages_order(client, site):
    rows = get_csv(client, "/announcements/?format=csv&page=2")
    listed = Announcement.objects.listed()
    assert [row["key"] for row in rows] == list(listed.values_list("key", flat=True))
    assert set(rows[0]) >= {"url", "key", "title", "date", "kind", "issuing_ministries"}
    msit = Ministry.objects.get(slug="msit")
    issued = set(msit.issued_announcements.values_list("key", flat=True))
    assert {row["key"] for row in rows if msit.name in row["issuing_ministries"]} == issued


@pytest.mark.parametrize(
    ("url", "model", "field"),
    [
        ("/strategies/", Strategy, "slug"),
        ("/programs/", Program, "slug"),
        ("/centers/", Center, "slug"),
        ("/people/", Person, "slug"),
        ("/ministries/", Ministry, "slug"),
        ("/bodies/", Committee, "slug"),
    ],
)
def test_every_list_in_json_and_csv_holds_its_records(client, site, url, model, field):
    data = get_json(client, f"{url}?format=json")
    keys = [row[field] for row in data["results"]]
    rows = get_csv(client, f"{url}?format=csv")
    assert [row[field] for row in rows][: len(keys)] == keys
    assert sorted(row[field] for row in rows) == sorted(model.objects.values_list(field, flat=True))
    for row in data["results"]:
        record = model.objects.get(**{field: row[field]})
        assert row["url"] == f"http://testserver{record.get_absolute_url()}"


def test_search_json_and_csv_apply_the_filters_and_the_order(client, site):
    url = "/search/?q=전략&type=strategy&sort=date"
    html = client.get(url).content.decode()
    data = get_json(client, url + "&format=json")
    assert data["count"] > 0
    assert {row["kind"] for row in data["results"]} == {"strategy"}
    dates = [row["date"] for row in data["results"] if row["date"]]
    assert dates == sorted(dates, reverse=True)
    for row in data["results"]:
        assert (
            "전략" in row["title"]
            or "전략" in SearchEntry.objects.get(key=row["key"], kind="strategy").body
        )
        assert path_of(row["url"]) in html
    rows = get_csv(client, url + "&format=csv")
    assert len(rows) == data["count"]
    assert [row["key"] for row in rows][: len(data["results"])] == [
        row["key"] for row in data["results"]
    ]
    everything = get_json(client, "/search/?q=전략&format=json")
    assert everything["count"] > data["count"]
    assert {facet["value"] for facet in everything["facets"]["type"]} > {"strategy"}


def test_search_json_pages_follow_next_links(client, site):
    first = get_json(client, "/search/?q=전략&format=json")
    assert first["next"], "the fixtures give more than one page of 전략"
    query = parse_qs(urlsplit(first["next"]).query)
    assert query["q"] == ["전략"] and query["page"] == ["2"] and query["format"] == ["json"]
    second = get_json(client, first["next"])
    assert second["previous"] and not set(r["url"] for r in first["results"]) & set(
        r["url"] for r in second["results"]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/announcements/?format=xml",
        "/search/?q=전략&format=pdf",
        "/strategies/?format=Json",
        "/ministries/msit/?format=csv",
    ],
)
def test_a_bad_format_is_a_400_saying_why(client, site, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"format" in response.content


def test_a_bad_search_filter_in_json_is_a_400_naming_it(client, site):
    data = get_json(client, "/search/?q=전략&year=abc&format=json", status=400)
    assert "year" in data["errors"]


def test_csv_cells_from_releases_are_never_formulas(client, global_rnd):
    hostile = '=HYPERLINK("http://evil.example","전략")'
    Announcement.objects.filter(pk=global_rnd["announcement"].pk).update(title=hostile)
    rows = get_csv(client, "/announcements/?format=csv")
    assert f"'{hostile}" in [row["title"] for row in rows]
    assert not any(row["title"].startswith("=") for row in rows)


# JSON of the records' pages, with provenance


def test_strategy_json_has_its_evidence_with_offsets_and_quotes(client, global_rnd):
    strategy = global_rnd["strategy"]
    data = get_json(client, strategy.get_absolute_url() + "?format=json")
    assert data["title"] == strategy.title and data["draft"] is True
    [mention] = data["evidence"]
    announcement = global_rnd["announcement"]
    assert mention["announcement"] == f"http://testserver{announcement.get_absolute_url()}"
    assert announcement.text[mention["start"] : mention["end"]] == mention["quote"]
    assert mention["quote"] == "과학기술 글로벌 협력 종합전략(안)"
    assert mention["cited_at"].endswith(f"#ev-{mention['start']}")
    [task] = data["tasks"]
    assert task["evidence"][0]["quote"] == "1. 국가 간 협력"
    [item] = data["agenda_items"]
    assert item["title"] == "과학기술 글로벌 협력 종합전략(안)"
    assert [p["name"] for p in data["programs"]] == ["글로벌 연수지원 사업"]


def test_strategy_json_names_its_lead_ministries_with_their_sentences(client, site):
    from programs.models import StrategyLead

    lead = StrategyLead.objects.select_related("strategy", "ministry", "announcement").first()
    assert lead, "the fixtures name lead ministries"
    data = get_json(client, lead.strategy.get_absolute_url() + "?format=json")
    found = [row for row in data["leads"] if row["ministry"]["slug"] == lead.ministry.slug]
    assert found
    for row in found:
        text = Announcement.objects.get(key=row["announcement_key"]).text
        assert text[row["start"] : row["end"]] == row["quote"]


def test_announcement_json_has_its_text_and_every_fact_drawn_from_it(client, global_rnd):
    announcement = global_rnd["announcement"]
    data = get_json(client, announcement.get_absolute_url() + "?format=json")
    assert data["text"] == announcement.text
    for kind, facts in data["extracted"].items():
        for fact in facts:
            assert data["text"][fact["start"] : fact["end"]] == fact["quote"], kind
    assert [f["name"] for f in data["extracted"]["centers"]] == [str(global_rnd["center"])]
    [statement] = data["statements"]
    assert statement["person_name"] == "류광준"
    assert statement["quote"].startswith("과학기술 분야 국제협력은")


def test_program_json_has_its_budget_with_the_sentence_stating_it(client, global_rnd):
    fund = global_rnd["fund"]
    data = get_json(client, fund.get_absolute_url() + "?format=json")
    [amount] = data["amounts"]
    assert amount["value"] == 80_000_000_000
    assert amount["evidence"][0]["quote"] == "800억원 규모의 펀드"
    assert data["start_year"] == 2021 and data["end_year"] == 2030


@pytest.mark.parametrize(
    "record", ["meeting", "person", "center", "program", "announcement", "release_002"]
)
def test_every_record_page_has_json_naming_its_own_url(client, global_rnd, record):
    url = global_rnd[record].get_absolute_url()
    data = get_json(client, url + "?format=json")
    assert data["url"] == f"http://testserver{url}"


def test_ministry_and_year_json_list_their_newest_records(client, global_rnd):
    data = get_json(client, "/ministries/msit/?format=json")
    assert data["name"] == "과학기술정보통신부"
    assert [a["key"] for a in data["announcements"]] == [global_rnd["announcement"].key]
    year = get_json(client, "/years/2024/?format=json")
    assert [a["key"] for a in year["announcements"]] == [global_rnd["announcement"].key]
    assert [m["name"] for m in year["meetings"]] == ["제3회 글로벌 R&D 특별위원회"]


# Each page advertises its formats and feed


@pytest.mark.parametrize(
    ("url", "kinds"),
    [
        ("/announcements/", {"application/atom+xml", "application/json", "text/csv"}),
        ("/strategies/", {"application/json", "text/csv"}),
        ("/ministries/msit/", {"application/atom+xml", "application/json"}),
        ("/search/?q=전략&type=strategy", {"application/atom+xml", "application/json", "text/csv"}),
    ],
)
def test_pages_advertise_their_json_csv_and_feed(client, site, url, kinds):
    links = alternates(client.get(url).content.decode())
    assert set(links) == kinds
    for kind, href in links.items():
        response = client.get(href)
        assert response.status_code == 200, href
        assert response["Content-Type"].startswith(kind)
    if url.startswith("/search/"):
        for href in links.values():
            assert parse_qs(urlsplit(href).query)["type"] == ["strategy"]


# Atom feeds


def test_the_newest_announcements_feed(client, site):
    feed = get_feed(client, "/feeds/announcements/")
    newest = Announcement.objects.exclude(date=None).listed()[:50]
    assert [entry.title for entry in feed.entries] == [a.title for a in newest]
    assert path_of(feed.entries[0].link) == newest[0].get_absolute_url()
    assert feed.entries[0].updated


def test_a_ministrys_feed_holds_only_what_it_issued(client, site):
    msit = Ministry.objects.get(slug="msit")
    feed = get_feed(client, reverse("feed-ministry", args=["msit"]))
    issued = msit.issued_announcements.exclude(date=None).order_by("-date", "key")
    assert feed.entries
    assert [path_of(e.link) for e in feed.entries] == [a.get_absolute_url() for a in issued][:20]
    html = client.get("/ministries/msit/").content.decode()
    assert all(path_of(e.link) in html for e in feed.entries)  # the page's newest
    assert msit.name in feed.feed.title


def test_a_strategys_feed_has_its_mentions_and_agenda_items(client, global_rnd):
    strategy = global_rnd["strategy"]
    feed = get_feed(client, reverse("feed-strategy", args=[strategy.slug]))
    titles = [entry.title for entry in feed.entries]
    assert "안건: 과학기술 글로벌 협력 종합전략(안) (제3회 글로벌 R&D 특별위원회)" in titles
    [mention] = [e for e in feed.entries if e.title.startswith("언급")]
    assert "과학기술 글로벌 협력 종합전략(안)" in mention.summary
    start = strategy.evidence.get().start
    assert mention.link.endswith(f"{global_rnd['announcement'].get_absolute_url()}#ev-{start}")


def test_a_bodys_feed_lists_its_meetings(client, site):
    committee = Committee.objects.filter(meetings__isnull=False).distinct().first()
    feed = get_feed(client, reverse("feed-body", args=[committee.slug]))
    assert sorted(path_of(e.link) for e in feed.entries) == sorted(
        m.get_absolute_url() for m in Meeting.objects.filter(committee=committee)
    )


def test_the_search_feed_has_the_search_pages_results(client, site):
    data = get_json(client, "/search/?q=전략&type=strategy&format=json")
    feed = get_feed(client, "/feeds/search/?q=전략&type=strategy")
    assert [e.link for e in feed.entries][: len(data["results"])] == [
        r["url"] for r in data["results"]
    ]
    assert all(e.title.startswith("[전략·계획]") for e in feed.entries)
    assert client.get("/feeds/search/?year=abc").status_code == 400


def test_feeds_escape_the_text_of_releases(client, global_rnd):
    hostile = '<script>alert("x")</script> & 전략'
    Announcement.objects.filter(pk=global_rnd["announcement"].pk).update(title=hostile)
    response = client.get("/feeds/announcements/")
    assert b"<script>" not in response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert hostile in [entry.title for entry in feed.entries]


def test_an_unknown_record_has_no_feed(client, site):
    assert client.get("/feeds/ministries/nothing/").status_code == 404
    assert client.get("/feeds/strategies/없는-전략/").status_code == 404


# The API


def test_api_lists_and_details_match_the_pages_json(client, global_rnd):
    strategy = global_rnd["strategy"]
    listed = get_json(client, "/api/strategies/")
    assert [row["slug"] for row in listed["results"]] == [strategy.slug]
    detail = get_json(client, f"/api/strategies/{strategy.slug}/")
    page = get_json(client, strategy.get_absolute_url() + "?format=json")
    assert {key: page[key] for key in detail} == detail  # the same fields, the same values
    announcement = global_rnd["announcement"]
    data = get_json(client, f"/api/announcements/{announcement.key}/")
    assert data["text"] == announcement.text
    for kind in ["ministries", "bodies", "meetings", "programs", "centers", "people"]:
        rows = get_json(client, f"/api/{kind}/")["results"]
        assert rows and all(row["url"].startswith("http://testserver/") for row in rows), kind


def test_api_pages_and_search(client, site):
    first = get_json(client, "/api/announcements/?page_size=2")
    assert first["count"] == Announcement.objects.count()
    assert first["next"] and "page=2" in first["next"]
    search = get_json(client, "/api/search/?q=전략&type=program")
    assert {row["kind"] for row in search["results"]} <= {"program"}
    assert get_json(client, "/api/search/?year=abc", status=400)["year"]
    assert client.get("/api/strategies/없는-전략/").status_code == 404


def test_api_schema_describes_every_endpoint(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for path in ["/api/announcements/", "/api/announcements/{key}/", "/api/search/",
                 "/api/strategies/{slug}/", "/api/meetings/{id}/", "/api/people/"]:  # fmt: skip
        assert path in schema["paths"], path
    assert client.get("/api/docs/").status_code == 200


def test_anonymous_api_clients_are_rate_limited(client, db, settings):
    settings.API_ANON_RATE = "3/minute"
    settings.PAGE_CACHE_SECONDS = 600  # the page cache must not serve the API past its limit
    responses = [client.get("/api/ministries/") for _ in range(5)]
    assert [response.status_code for response in responses] == [200, 200, 200, 429, 429]
    assert int(responses[-1]["Retry-After"]) > 0
    assert json.loads(responses[-1].content)["detail"]  # says when to come back


# Sitemap, robots.txt, the bulk dump


def test_sitemap_index_and_sections_list_every_record(client, site):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>([^<]+)</loc>", index)
    locations = set()
    for section in sections:
        xml = client.get(section).content.decode()
        locations.update(path_of(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", xml))
    records = [*Announcement.objects.all(), *Strategy.objects.all(), *Program.objects.all(),
               *Center.objects.all(), *Person.objects.all(), *Ministry.objects.all(),
               *Committee.objects.all(), *Meeting.objects.select_related("committee")]  # fmt: skip
    assert {r.get_absolute_url() for r in records} == locations


def test_sitemap_sections_split_into_pages_as_the_archive_grows(client, site, monkeypatch):
    from policybase import sitemaps

    monkeypatch.setattr(sitemaps.AnnouncementSitemap, "limit", 2)
    index = client.get("/sitemap.xml").content.decode()
    pages = [loc for loc in re.findall(r"<loc>([^<]+)</loc>", index) if "announcements" in loc]
    assert len(pages) == -(-Announcement.objects.count() // 2)
    second = client.get(pages[1]).content.decode()
    assert len(re.findall(r"<loc>", second)) == 2


def test_the_dump_holds_every_record_and_is_downloadable(client, global_rnd, settings, tmp_path):
    settings.DUMP_DIR = tmp_path
    settings.SITE_URL = "https://policybase.example"
    assert client.get("/data/latest.jsonl.gz").status_code == 404
    call_command("dump_jsonl", verbosity=0)
    response = client.get("/data/latest.jsonl.gz")
    assert response.status_code == 200
    lines = gzip.decompress(b"".join(response.streaming_content)).decode().splitlines()
    records = [json.loads(line) for line in lines]
    kinds = {record["type"] for record in records}
    assert kinds >= {"announcement", "strategy", "program", "center", "meeting", "person",
                     "ministry", "body", "agenda_item", "evidence"}  # fmt: skip
    [strategy] = [r for r in records if r["type"] == "strategy"]
    assert (
        strategy["url"] == f"https://policybase.example{global_rnd['strategy'].get_absolute_url()}"
    )
    texts = {r["url"]: r["text"] for r in records if r["type"] == "announcement"}
    evidence = [r for r in records if r["type"] == "evidence"]
    assert {e["of"] for e in evidence} >= {"strategies", "programs", "centers", "statement"}
    for row in evidence:
        assert texts[row["announcement"]][row["start"] : row["end"]] == row["quote"]
