"""The search index follows every change in the same transaction (programs.derived, with
programs.indexing's one definition of an entry): loaded fixtures, admin edits, deletes,
relinked ministries, ingests; no release can push an entry past the engine's limits."""

import datetime
import json
import random

import pytest
from django.core import serializers
from django.core.management import call_command

from documents.models import Announcement, Ministry
from programs import indexing
from programs.models import Program, SearchEntry, Strategy
from programs.releases import ingest_files

from ..conftest import DATA_DIR, FIXTURES_DIR
from ..test_admin import admin_url, form_data


def found(client, **params):
    """The titles a search finds (its first page)."""
    response = client.get("/search/", params)
    assert response.status_code == 200
    return [entry.title for entry, _, _ in response.context["hits"]]


def entry_of(record):
    kind = indexing.kind_of(type(record))
    return SearchEntry.objects.get(kind=kind, key=indexing.entry_key(record))


def snapshot():
    """Every entry with what it holds, by (kind, key)."""
    return {
        (e.kind, e.key): (e.pk, e.title, e.body, e.date, e.tokens, e.title_tokens,
                          tuple(sorted(m.pk for m in e.ministries.all())))
        for e in SearchEntry.objects.prefetch_related("ministries")
    }  # fmt: skip


def test_loaded_fixtures_are_searchable_with_no_further_command(client, site):
    """`site` is migrate + loaddata of every fixture, nothing else."""
    assert "양자과학기술 국제협력 전략" in " ".join(found(client, q="양자 국제협력"))
    assert "인공 지능 민생 10대 프로젝트 추진 방안" in found(client, q="인공지능 민생")
    assert "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표" in found(client, q="과기정통부 연구성과")
    # Every record has its entry, as a repair would write it.
    before = snapshot()
    indexing.rebuild()
    assert snapshot() == before


def test_an_admin_rename_is_found_by_its_new_word_at_once(client, admin_client, site):
    strategy = Strategy.objects.get(normalized_name__contains="양자과학기술국제협력")
    url = admin_url(Strategy, "change", strategy.pk)
    data = form_data(admin_client.get(url))
    data["title"] = "초전도 양자과학기술 국제협력 전략"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert found(client, q="초전도", type="strategy") == ["초전도 양자과학기술 국제협력 전략"]


def test_a_deleted_record_leaves_no_entry(site):
    program = Program.objects.first()
    key = indexing.entry_key(program)
    program.delete()
    assert not SearchEntry.objects.filter(kind="program", key=key).exists()
    announcement = Announcement.objects.get(key="002_a9915ecec5217dee")
    cited = list(announcement.strategies.distinct())
    announcement.delete()
    assert not SearchEntry.objects.filter(kind="announcement", key="002_a9915ecec5217dee").exists()
    # What it cited keeps its entry, dated now by what still cites it.
    for strategy in cited:
        assert entry_of(strategy).title == strategy.title


def test_relinking_a_ministry_updates_its_facet(client, site):
    strategy = Strategy.objects.get(normalized_name__contains="양자과학기술국제협력")
    mof = Ministry.objects.get(slug="mof")
    strategy.ministries.set([mof])
    assert list(entry_of(strategy).ministries.all()) == [mof]
    title = strategy.title
    assert title in found(client, ministry="mof", type="strategy")
    assert title not in found(client, ministry="msit", type="strategy")
    mof.strategies.clear()  # the other side of the link
    assert list(entry_of(strategy).ministries.all()) == []
    assert title not in found(client, ministry="mof", type="strategy")


def test_ingesting_one_release_changes_only_its_entries(site):
    before = snapshot()
    [result] = ingest_files([DATA_DIR / "corpus" / "016_pacst_34th_deliberation_steering_2021.txt"])
    assert result.outcome == "created", result.error
    announcement = Announcement.objects.get(key="016_pacst_34th_deliberation_steering_2021")
    touched = {("announcement", announcement.key)}
    for related in (announcement.strategies, announcement.programs, announcement.centers):
        touched |= {(indexing.kind_of(r.__class__), indexing.entry_key(r)) for r in related.all()}
    for item in announcement.agenda_items.all():
        touched.add(("agenda_item", str(item.pk)))
    after = snapshot()
    assert ("announcement", announcement.key) in after
    unchanged = {key: row for key, row in before.items() if key not in touched}
    assert {key: after[key] for key in unchanged} == unchanged
    assert set(after) - set(before) <= touched


def release_file(tmp_path, name, title, lines):
    path = tmp_path / f"{name}.txt"
    path.write_text("\n".join([title, "2024-06-27", *lines]), encoding="utf-8")
    return path


def test_a_ten_megabyte_release_is_stored_bounded_and_searchable(client, ministries, tmp_path):
    seed = (FIXTURES_DIR / "sources" / "000_77bb8d32fb59adcb.txt").read_text(encoding="utf-8")
    body = [f"{n}번째 문단 {line}" for n in range(520) for line in seed.split("\n")]
    path = release_file(tmp_path, "huge", "초대형 발표문 양자암호 시험", body)
    assert path.stat().st_size > 10_000_000
    assert [r.error for r in ingest_files([path])] == [""]
    entry = SearchEntry.objects.get(kind="announcement", key="huge")
    assert len(entry.tokens.split()) <= indexing.MAX_TOKENS + 4  # and its marks
    assert len(entry.body) == indexing.BODY_LENGTH
    assert found(client, q="양자암호") == ["초대형 발표문 양자암호 시험"]
    small = release_file(tmp_path, "small", "작은 발표문 쀍뛣 시험", ["과기정통부는 밝혔다."])
    assert [r.outcome for r in ingest_files([small])] == ["created"]
    assert found(client, q="쀍뛣") == ["작은 발표문 쀍뛣 시험"]


def test_a_release_of_100000_distinct_syllable_pairs_is_stored_and_searchable(
    client, ministries, tmp_path
):
    rng = random.Random(7)
    syllables = "".join(chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(100_001))
    lines = [syllables[i : i + 60] for i in range(0, len(syllables), 60)]
    assert len({syllables[i : i + 2] for i in range(len(syllables) - 1)}) > 99_000
    path = release_file(tmp_path, "varied", "음절쌍 시험 발표문", lines)
    assert [r.error for r in ingest_files([path])] == [""]
    entry = SearchEntry.objects.get(kind="announcement", key="varied")
    assert indexing.MAX_TOKENS <= len(entry.tokens.split()) <= indexing.MAX_TOKENS + 4
    assert found(client, q="음절쌍") == ["음절쌍 시험 발표문"]
    # The first pairs met are kept: a word of the first line finds it too.
    assert found(client, q=lines[0][:6]) == ["음절쌍 시험 발표문"]


def test_a_repair_rewrites_what_is_stale_or_missing_in_place_and_drops_orphans(site, monkeypatch):
    before = snapshot()
    SearchEntry.objects.filter(kind="strategy").update(title="낡은 제목", digest="")
    SearchEntry.objects.filter(kind="center").delete()
    SearchEntry.objects.create(kind="program", key="gone", url="/x/", title="없는 사업", tokens=" ")
    monkeypatch.setattr(indexing, "CHUNK", 3)  # many chunks, one transaction each
    stale = Strategy.objects.count()
    written = indexing.rebuild()
    after = snapshot()
    assert written == stale + len([key for key in before if key[0] == "center"])
    # The same rows (strategies' ids kept), repaired; the centers back; the orphan gone.
    assert {k: v[1:] for k, v in after.items()} == {k: v[1:] for k, v in before.items()}
    assert [after[k][0] for k in before if k[0] == "strategy"] == [
        before[k][0] for k in before if k[0] == "strategy"
    ]
    # An entry changed behind the digest's back is left by a repair, rewritten by --all.
    SearchEntry.objects.filter(kind="strategy").update(title="낡은 제목")
    assert indexing.rebuild() == 0
    assert indexing.rebuild(everything=True) == len(after)
    assert snapshot() == after


def test_tokens_read_back_alike_on_every_engine_and_a_dump_loads_anywhere(client, site, tmp_path):
    entry = SearchEntry.objects.get(kind="announcement", key="002_a9915ecec5217dee")
    tokens = entry.tokens.split()
    assert entry.tokens == " " + " ".join(sorted(tokens)) + " "
    assert "연구" in tokens and "#msit" in tokens and "@2020" in tokens
    dump = tmp_path / "entries.json"
    dump.write_text(
        serializers.serialize("json", SearchEntry.objects.all(), use_natural_foreign_keys=True),
        encoding="utf-8",
    )
    assert "'" not in json.loads(dump.read_text(encoding="utf-8"))[0]["fields"]["tokens"]
    SearchEntry.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)
    assert "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표" in found(client, q="과기정통부 연구성과")


def test_the_body_is_rendered_when_the_release_is_written(client, site, admin_client):
    announcement = Announcement.objects.get(key="000_77bb8d32fb59adcb")
    strategy = announcement.strategies.first()
    assert f'href="{strategy.get_absolute_url()}"' in announcement.body_html
    assert 'id="ev-' in announcement.body_html
    page = client.get(announcement.get_absolute_url()).content.decode()
    assert announcement.body_html in page
    # An edit of the Markdown body in the admin is rendered as it is saved.
    url = admin_url(Announcement, "change", announcement.pk)
    data = form_data(admin_client.get(url))
    data["body_markdown"] = "손으로 고친 본문 <script>alert(1)</script>"
    assert admin_client.post(url, data).status_code == 302
    announcement.refresh_from_db()
    assert "손으로 고친 본문" in announcement.body_html
    assert "<script>" not in announcement.body_html


@pytest.mark.django_db(transaction=True)
def test_the_importer_reads_the_primary_with_a_replica_configured(settings, monkeypatch):
    """A replica alias that fails on any use: the importer's reads must never reach it."""
    from django.db import connections, router

    from policybase.routers import PrimaryReplicaRouter

    broken = {**connections.settings["default"], "NAME": "/nonexistent/replica.sqlite3"}
    if broken["ENGINE"].endswith("postgresql"):
        broken["NAME"] = "policybase_no_such_replica"
    monkeypatch.setitem(connections.settings, "replica_0", broken)
    monkeypatch.setattr(router, "routers", [PrimaryReplicaRouter(replicas=["replica_0"])])
    call_command("loaddata", FIXTURES_DIR / "ministries.json", verbosity=0)
    path = FIXTURES_DIR / "sources" / "001_426236785009aba2.txt"
    try:
        assert [r.outcome for r in ingest_files([path])] == ["created"]
        assert [r.outcome for r in ingest_files([path])] == ["unchanged"]
        # Outside a transaction a read does go to the replica, which fails here.
        with pytest.raises(Exception):  # noqa: B017 - each engine fails in its own words
            Announcement.objects.count()
    finally:
        connections["replica_0"].close()
        del connections["replica_0"]
    assert Announcement.objects.using("default").filter(key=path.stem).exists()
    assert SearchEntry.objects.using("default").filter(key=path.stem).exists()


def test_an_entry_is_dated_by_the_earliest_announcement_citing_it(site):
    strategy = Strategy.objects.filter(evidence__announcement__date__isnull=False).first()
    strategy.date = None
    strategy.save()
    cited = strategy.announcements.exclude(date=None).order_by("date").first()
    assert entry_of(strategy).date == cited.date
    cited.date = datetime.date(1999, 1, 2)
    cited.save()  # a citing announcement's date moves the record's entry
    assert entry_of(strategy).date == datetime.date(1999, 1, 2)
