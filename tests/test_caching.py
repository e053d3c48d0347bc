"""Cached page data never outlives the data it was computed from."""

import datetime

from django.core.cache import cache

from documents.models import Announcement, Ministry
from policybase.caching import cached, data_changed, data_version
from programs.releases import ingest_files

from .conftest import FIXTURES_DIR


def home_count(client):
    html = client.get("/").content.decode()
    return int(html.split("<dt>발표문</dt><dd>")[1].split("<")[0])


def test_a_saved_record_refreshes_cached_counts(client, site):
    assert home_count(client) == 5
    Announcement.objects.create(
        key="new", title="새 발표", date=datetime.date(2026, 1, 5), text="x", original_text="x"
    )
    assert home_count(client) == 6


def test_an_import_refreshes_cached_counts(client, ministries):
    assert home_count(client) == 0
    ingest_files([FIXTURES_DIR / "sources" / "001_426236785009aba2.txt"])
    assert home_count(client) == 1


def test_cached_values_are_keyed_by_the_data_version(db):
    cache.clear()
    calls = []
    assert cached("answer", lambda: calls.append(1) or 42) == 42
    assert cached("answer", lambda: calls.append(1) or 43) == 42
    before = data_version()
    Announcement.objects.create(key="k", title="t", text="x", original_text="x")
    assert data_version() == before + 1
    assert cached("answer", lambda: calls.append(1) or 44) == 44
    assert len(calls) == 2


def test_a_visitor_gets_the_second_view_of_a_page_from_the_page_cache(
    client, site, django_assert_num_queries
):
    announcement = Announcement.objects.order_by("key").first()
    first = client.get(announcement.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(announcement.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_an_edit_makes_cached_pages_stale(client, site):
    announcement = Announcement.objects.order_by("key").first()
    url = announcement.get_absolute_url()
    client.get(url)
    announcement.title = "고친 제목 <확인>"
    announcement.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "고친 제목 &lt;확인&gt;" in response.content.decode()


def test_a_new_link_between_records_makes_cached_pages_stale(client, site, settings):
    """Linking an announcement to a ministry saves no record: the page must still see it.
    (Rendered pages, not the page cache: the ministry page caches its newest ids.)"""
    settings.PAGE_CACHE_SECONDS = 0
    moef = Ministry.objects.get(slug="moef")
    announcement = Announcement.objects.order_by("key").first()
    assert announcement.title not in client.get(moef.get_absolute_url()).content.decode()
    announcement.issuing_ministries.add(moef)
    html = client.get(moef.get_absolute_url()).content.decode()
    assert announcement.title in html and "발표문 (1건)" in html
    announcement.issuing_ministries.remove(moef)
    assert announcement.title not in client.get(moef.get_absolute_url()).content.decode()


def test_a_bulk_load_makes_cached_pages_stale(client, ministries):
    assert home_count(client) == 0
    Announcement.objects.bulk_create([Announcement(key="bulk", title="t", text="x")])
    assert home_count(client) == 0  # bulk inserts send no signal...
    data_changed()  # ...so bulk loaders say so (generate_corpus, imports)
    assert home_count(client) == 1


def test_each_query_string_is_a_page_of_its_own(client, site):
    first = client.get("/search/?q=양자")
    other = client.get("/search/?q=인공지능")
    assert other["X-Page-Cache"] == "miss"
    assert first.content != other.content


def test_errors_staff_and_admin_are_never_cached(client, site, admin_user):
    assert client.get("/announcements/no-such-key/").status_code == 404
    assert client.get("/announcements/no-such-key/")["X-Page-Cache"] == "miss"
    client.force_login(admin_user)
    assert not client.get("/").has_header("X-Page-Cache")
    assert not client.get("/admin/").has_header("X-Page-Cache")


def test_the_page_cache_can_be_turned_off(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert not client.get("/").has_header("X-Page-Cache")
