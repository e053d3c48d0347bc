"""The JSON of every page, and the API, run as many SQL queries with 1,000 rows as with 10
(the pattern of test_query_counts.py)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.test_query_counts import populate, urls


def data_urls(records):
    pages = [url for url in urls(records) if url != "/"]
    return [
        *(url + ("&" if "?" in url else "?") + "format=json" for url in pages),
        "/api/announcements/", f"/api/announcements/{records['announcement'].key}/",
        "/api/strategies/", f"/api/strategies/{records['strategy'].slug}/",
        "/api/programs/", f"/api/programs/{records['program'].slug}/",
        "/api/centers/", f"/api/centers/{records['center'].slug}/",
        "/api/people/", "/api/meetings/", "/api/ministries/", "/api/bodies/",
        "/api/search/?q=양자", "/feeds/announcements/", "/feeds/ministries/msit/",
        f"/feeds/strategies/{records['strategy'].slug}/",
        f"/feeds/bodies/{records['committee'].slug}/", "/feeds/search/?q=양자",
    ]  # fmt: skip


def query_counts(client, n):
    records = populate(n)
    counts = {}
    for position, url in enumerate(data_urls(records)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200, url
        counts[position] = len(queries)
    return counts


@pytest.mark.django_db(transaction=True)
def test_data_queries_do_not_grow_with_rows(client, ministries, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.API_ANON_RATE = "100000/minute"
    small = query_counts(client, 10)
    call_command("flush", verbosity=0, interactive=False)
    call_command("loaddata", "fixtures/ministries.json", "fixtures/committees.json", verbosity=0)
    large = query_counts(client, 1000)
    assert large == small
