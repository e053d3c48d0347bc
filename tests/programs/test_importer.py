"""Ingesting releases: one transaction per file, idempotent, hand edits kept."""

import shutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from documents.models import Announcement, Meeting
from programs import importer
from programs.management.commands.build_fixtures import build_policy_fixture
from programs.models import AgendaItem, Program, Strategy, StrategyEvidence
from programs.releases import ingest_files

from ..conftest import FIXTURES_DIR

SOURCES = sorted((FIXTURES_DIR / "sources").glob("*.txt"))


def row_counts():
    models = [
        *apps.get_app_config("documents").get_models(),
        *apps.get_app_config("programs").get_models(),
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_ingest_creates_then_changes_nothing(ministries, capsys):
    call_command("ingest", *map(str, SOURCES))
    assert capsys.readouterr().out.strip() == "5 created, 0 updated, 0 unchanged, 0 failed"
    before = row_counts()
    call_command("ingest", *map(str, SOURCES))
    assert capsys.readouterr().out.strip() == "0 created, 0 updated, 5 unchanged, 0 failed"
    assert row_counts() == before


def test_ingest_stores_cited_records(ministries):
    ingest_files(SOURCES)
    meeting = Meeting.objects.get(committee__slug="sci-tech-ministers", series=2, number=1)
    assert (meeting.date.isoformat(), meeting.chair.name, meeting.venue) == (
        "2025-11-24",
        "김민석",
        "정부서울청사",
    )
    assert [item.number for item in meeting.agenda_items.all()][:5] == [1, 2, 3, 4, 5]
    release = Announcement.objects.get(key="004_7a159ff990e1c2db")
    assert release.meeting == meeting
    # 산업부 in November 2025 is 산업통상부; in November 2020, 산업통상자원부.
    assert "산업통상부" in release.mentioned_ministries.values_list("name", flat=True)
    earlier = Announcement.objects.get(key="002_a9915ecec5217dee")
    assert "산업통상자원부" in earlier.mentioned_ministries.values_list("name", flat=True)
    fund = Program.objects.get(name="800억원 규모 펀드")
    assert [(a.text, a.amount_krw) for a in fund.amounts.all()] == [("800억원", 80_000_000_000)]
    for evidence in StrategyEvidence.objects.select_related("announcement"):
        assert evidence.announcement.text[evidence.start : evidence.end] == evidence.quote


def test_a_strategy_named_in_two_releases_is_one_record_linked_to_both(ministries):
    ingest_files(SOURCES)
    strategy = Strategy.objects.get(title="글로벌 R&D 추진전략")
    assert sorted(strategy.announcements.distinct().values_list("key", flat=True)) == [
        "000_77bb8d32fb59adcb",
        "003_2fa347c49210c2af",
    ]


def test_changed_text_updates_records_but_keeps_hand_edits(ministries, tmp_path):
    original = FIXTURES_DIR / "sources" / "000_77bb8d32fb59adcb.txt"
    copy = tmp_path / original.name
    shutil.copy(original, copy)
    ingest_files([copy])
    item = AgendaItem.objects.get(number=3, meeting__number=3)
    item.title = "양자과학기술 국제협력 전략 (수정)"
    item.lock(["title"])
    item.save()
    text = original.read_text(encoding="utf-8").replace("36개 중점협력기술", "40개 중점협력기술")
    copy.write_text(
        text.replace("[ 제3호 (심의) <비공개> :", "[ 제3호 (보고) <비공개> :"), encoding="utf-8"
    )
    assert [r.outcome for r in ingest_files([copy])] == ["updated"]
    item.refresh_from_db()
    assert item.title == "양자과학기술 국제협력 전략 (수정)"  # locked: kept
    assert item.kind == "보고"  # not locked: updated from the new text
    release = Announcement.objects.get(key=copy.stem)
    assert "40개 중점협력기술" in release.text
    for evidence in StrategyEvidence.objects.filter(announcement=release):
        assert release.text[evidence.start : evidence.end] == evidence.quote


def test_a_failing_file_leaves_nothing_and_the_others_load(ministries, tmp_path, capsys):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(bytes(range(256)) * 10)
    files = [str(SOURCES[0]), str(broken), str(SOURCES[1])]
    with pytest.raises(CommandError, match="1 of 3 releases were not saved"):
        call_command("ingest", *files)
    output = capsys.readouterr()
    assert "broken.txt: binary file: not a text document" in output.err
    assert output.out.strip() == "2 created, 0 updated, 0 unchanged, 1 failed"
    assert Announcement.objects.count() == 2


def test_an_error_midway_rolls_the_whole_file_back(ministries, monkeypatch):
    def fail(self, record):
        raise DatabaseError("disk full")

    monkeypatch.setattr(importer._Records, "_center", fail)
    results = ingest_files([FIXTURES_DIR / "sources" / "000_77bb8d32fb59adcb.txt"])
    assert results[0].error == "not saved: DatabaseError: disk full"
    assert (Announcement.objects.count(), Strategy.objects.count(), Meeting.objects.count()) == (
        0,
        0,
        0,
    )


def test_committed_policy_fixture_is_what_the_sources_give(ministries):
    """Fails when fixtures/policy/ is stale: run `python manage.py build_fixtures`."""
    committed = (FIXTURES_DIR / "policy" / "releases.json").read_text(encoding="utf-8")
    assert build_policy_fixture(FIXTURES_DIR) == committed
