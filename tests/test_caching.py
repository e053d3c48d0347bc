"""Cached page data never outlives the data it was computed from."""

import datetime

from django.core.cache import cache

from documents.models import Announcement
from documents.releases import ingest_files
from policybase.caching import cached, data_version

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
