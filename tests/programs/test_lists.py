"""The long lists of the policy layer (strategies, programs, centers) page through every
row once, in order, however deep, and see new rows once the data changes."""

import datetime
import re

import pytest

from policybase import paging
from policybase.caching import data_changed
from programs.models import Center, Program, Strategy


def _strategies(count, start=0):
    # A few dates and repeated titles, so that ties are broken by id.
    return [
        Strategy(
            title=f"전략 {i % 7}",
            normalized_name=f"전략-{i}",
            slug=f"strategy-{i}",
            date=datetime.date(2020 + i % 3, 1, 1),
        )
        for i in range(start, start + count)
    ]


def _programs(count, start=0):
    return [
        Program(name=f"사업 {i % 5}", normalized_name=f"사업-{i}", slug=f"program-{i}")
        for i in range(start, start + count)
    ]


def _centers(count, start=0):
    return [
        Center(
            name=f"센터 {i % 5}",
            region=["유럽", "아시아"][i % 2],
            normalized_name=f"센터-{i}",
            slug=f"center-{i}",
        )
        for i in range(start, start + count)
    ]


LISTS = [
    ("/strategies/", "strategies", _strategies, Strategy, ("-date", "title", "pk"), 50),
    ("/programs/", "programs", _programs, Program, ("name", "pk"), 50),
    ("/centers/", "centers", _centers, Center, ("region", "name", "pk"), 100),
]


@pytest.mark.parametrize(("url", "prefix", "create", "model", "order", "size"), LISTS)
def test_a_long_list_gives_each_row_once_in_order_across_chunks(
    client, db, monkeypatch, settings, url, prefix, create, model, order, size
):
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(paging, "ORDER_CHUNK", 2 * size)  # two pages a chunk
    model.objects.bulk_create(create(5 * size // 2))  # 2.5 pages: 3 pages over 2 chunks
    data_changed()  # as bulk loaders do

    def walk():
        seen = []
        for number in (1, 2, 3):
            html = client.get(f"{url}?page={number}").content.decode()
            seen += re.findall(rf'<a href="/{prefix}/([^/"]+)/">', html)
        return seen

    expected = list(model.objects.order_by(*order).values_list("slug", flat=True))
    assert walk() == expected and len(set(expected)) == len(expected)
    create(1, start=10_000)[0].save()  # a record saved (in the admin, say)
    walked = walk()
    assert len(walked) == len(expected) + 1 == len(set(walked))
    assert walked == list(model.objects.order_by(*order).values_list("slug", flat=True))
