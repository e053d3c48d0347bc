"""Taking in an archive without losing a release: names that normalise alike are one
record, a renamed record keeps its identity, a crash is its release's error, a re-run
redoes only what changed, and the command says what happened."""

import dataclasses
import datetime
import os
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from documents.models import Announcement, Committee, Meeting, Person
from documents.sources import parse_source, read_sources
from documents.text import normalize_name
from programs import importer, releases
from programs.models import Center, Program, SearchEntry, Strategy, StrategyEvidence
from programs.releases import ingest_files

from ..conftest import DATA_DIR, FIXTURES_DIR

SOURCES = sorted((FIXTURES_DIR / "sources").glob("*.txt"))
# A real release that reports a meeting of a known body and names strategies.
MEETING_RELEASE = FIXTURES_DIR / "sources" / "000_77bb8d32fb59adcb.txt"


def parsed_release(path=MEETING_RELEASE):
    [source] = read_sources([path])
    return parse_source(source)


def with_meeting_body(parsed, body):
    """``parsed`` with its meeting held by a body the directory does not know, written
    ``body``: as a crawl of another ministry's board gives it."""
    parsed.meeting = dataclasses.replace(parsed.meeting, body=body, committee=None)
    return parsed


def test_bodies_written_with_a_stray_bracket_or_other_spacing_are_one_committee(ministries):
    bodies = ["｢글로벌 CBPR 포럼", "글로벌 CBPR 포럼", "글로벌  CBPR포럼"]
    before = Committee.objects.count()
    outcomes = [
        importer.ingest_release(with_meeting_body(parsed_release(), body), f"cbpr-{number}")
        for number, body in enumerate(bodies)
    ]
    assert outcomes == ["created"] * 3
    assert Committee.objects.count() == before + 1
    committee = Committee.objects.get(slug__startswith="글로벌-cbpr")
    assert committee.name == "글로벌 CBPR 포럼"  # shown without the clipped bracket
    assert Meeting.objects.filter(committee=committee).count() == 1
    assert Announcement.objects.filter(meeting__committee=committee).count() == 3


def test_a_body_name_that_is_a_fragment_makes_no_committee(ministries):
    before = Committee.objects.count()
    parsed = with_meeting_body(parsed_release(), "개인정보보호 모의재판 경연대회의")
    assert importer.ingest_release(parsed, "fragment") == "created"
    announcement = Announcement.objects.get(key="fragment")
    assert Committee.objects.count() == before
    assert announcement.meeting is None
    assert any("경연대회의" in warning for warning in announcement.warnings)
    assert announcement.strategies.exists()  # the rest of the release is kept


def test_slugs_are_unique_by_construction_for_names_that_slugify_alike(ministries):
    # Two different names (a hyphen is not spacing) whose slugs are the same string.
    for number, body in enumerate(["한미 우주 협력 포럼", "한미-우주-협력 포럼"]):
        importer.ingest_release(with_meeting_body(parsed_release(), body), f"slug-{number}")
    slugs = Committee.objects.filter(name__contains="협력 포럼").values_list("slug", flat=True)
    assert sorted(slugs) == ["한미-우주-협력-포럼", "한미-우주-협력-포럼-2"]


def test_strategy_spellings_are_one_record_shown_in_the_most_common_form(ministries):
    parsed = parsed_release()
    strategy = parsed.strategies[0]
    squeezed = strategy.title.replace(" ", "")
    spaced = " ".join(squeezed)  # an odd source's spacing, one letter a word
    written = {"a": squeezed, "b": squeezed, "c": spaced}
    for key, title in written.items():
        variant = parsed_release()
        variant.strategies[0] = dataclasses.replace(
            variant.strategies[0], title=title, spellings=[title]
        )
        importer.ingest_release(variant, key)
    [record] = Strategy.objects.matching(squeezed)
    assert record.title == squeezed  # two releases against one
    assert sorted(record.spellings) == sorted([[squeezed, 2], [spaced, 1]])
    assert (
        StrategyEvidence.objects.filter(strategy=record).values("announcement").distinct().count()
        == 3
    )


def test_a_renamed_strategy_keeps_its_evidence_and_is_updated_not_duplicated(ministries, tmp_path):
    source = tmp_path / MEETING_RELEASE.name
    shutil.copy(MEETING_RELEASE, source)
    assert [r.outcome for r in ingest_files([source])] == ["created"]
    strategy = Strategy.objects.order_by("pk").first()
    extracted_as = strategy.title
    count = Strategy.objects.count()
    # What the admin does on a save: the edited field is locked.
    strategy.title = "손으로 고친 전략 이름"
    strategy.lock(["title"])
    strategy.save()

    source.write_text(source.read_text("utf-8") + "\n\n덧붙인 문단입니다.\n", "utf-8")
    assert [r.outcome for r in ingest_files([source])] == ["updated"]

    assert Strategy.objects.count() == count
    strategy.refresh_from_db()
    assert strategy.title == "손으로 고친 전략 이름"
    assert strategy.normalized_name == normalize_name(extracted_as)
    assert StrategyEvidence.objects.filter(
        strategy=strategy, announcement__key=source.stem
    ).exists()
    assert not Strategy.objects.matching(extracted_as).exclude(pk=strategy.pk).exists()


def test_a_release_that_crashes_its_parser_process_is_its_own_error(
    ministries, tmp_path, monkeypatch
):
    for path in SOURCES[:3]:
        shutil.copy(path, tmp_path)
    doomed = SOURCES[1].stem

    def parse_or_die(source):
        if source.key == doomed:
            os._exit(9)  # the process dies: no exception says why
        return parse_source(source)

    monkeypatch.setattr(releases, "parse_source", parse_or_die)
    results = ingest_files([tmp_path], workers=2)
    assert [r.path.rsplit("/", 1)[-1] for r in results] == [p.name for p in SOURCES[:3]]
    assert [r.outcome or r.error for r in results] == [
        "created",
        "parser crashed: its process died",
        "created",
    ]
    assert set(Announcement.objects.values_list("key", flat=True)) == {
        SOURCES[0].stem,
        SOURCES[2].stem,
    }


def test_a_parser_exception_is_its_releases_error(ministries, tmp_path, monkeypatch):
    for path in SOURCES[:2]:
        shutil.copy(path, tmp_path)

    def parse_or_raise(source):
        if source.key == SOURCES[0].stem:
            raise RecursionError("maximum recursion depth exceeded")
        return parse_source(source)

    monkeypatch.setattr(releases, "parse_source", parse_or_raise)
    results = ingest_files([tmp_path])
    assert results[0].error == "parser failed: RecursionError: maximum recursion depth exceeded"
    assert results[1].outcome == "created"


def test_a_release_the_database_refuses_loses_only_itself_in_its_batch(ministries, monkeypatch):
    save = importer._Records.save

    def refuse_one(records):
        if records.announcement.key == SOURCES[2].stem:
            raise DatabaseError("value too long for type character varying(500)")
        save(records)

    monkeypatch.setattr(importer._Records, "save", refuse_one)
    results = ingest_files(SOURCES, batch_size=len(SOURCES))
    assert [r.error for r in results].count("") == len(SOURCES) - 1
    assert results[2].error == (
        "not saved: DatabaseError: value too long for type character varying(500)"
    )
    keys = set(Announcement.objects.values_list("key", flat=True))
    assert keys == {path.stem for path in SOURCES} - {SOURCES[2].stem}


def test_a_rerun_skips_unchanged_sources_without_parsing_and_redoes_the_rest(
    ministries, tmp_path, monkeypatch
):
    for path in SOURCES:
        shutil.copy(path, tmp_path)
    (tmp_path / "broken.txt").write_bytes(bytes(range(256)) * 10)
    first = ingest_files([tmp_path])
    assert sorted(r.outcome or "failed" for r in first).count("created") == len(SOURCES)

    changed = tmp_path / SOURCES[0].name
    changed.write_text(changed.read_text("utf-8") + "\n\n덧붙인 문단입니다.\n", "utf-8")
    parsed = []

    def counting_parse(source):
        parsed.append(source.key)
        return parse_source(source)

    monkeypatch.setattr(releases, "parse_source", counting_parse)
    second = {r.path.rsplit("/", 1)[-1]: r.outcome or "failed" for r in ingest_files([tmp_path])}
    assert sorted(parsed) == sorted(["broken", SOURCES[0].stem])  # what failed or changed
    assert second.pop("broken.txt") == "failed"
    assert second.pop(SOURCES[0].name) == "updated"
    assert set(second.values()) == {"unchanged"}


def test_a_new_parser_parses_everything_again(ministries, monkeypatch):
    ingest_files(SOURCES[:2])
    monkeypatch.setattr(releases, "parser_fingerprint", lambda: "a parser with a new rule")
    outcomes = [r.outcome for r in ingest_files(SOURCES[:2])]
    # Parsed again; the text gave the same release, so each is rewritten as updated.
    assert outcomes == ["updated", "updated"]


def test_ingest_summarises_and_exits_non_zero_listing_the_failures(ministries, tmp_path, capsys):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(bytes(range(256)) * 10)
    missing = tmp_path / "missing.txt"
    files = [str(SOURCES[0]), str(broken), str(missing), str(SOURCES[1])]
    with pytest.raises(CommandError) as failure:
        call_command("ingest", *files, "--workers=1")
    assert capsys.readouterr().out.strip() == "2 created, 0 updated, 0 unchanged, 2 failed"
    message = str(failure.value)
    assert message.startswith("2 of 4 releases were not saved:")
    assert f"{broken}: binary file" in message
    assert f"{missing}: cannot read file" in message


def test_ingest_in_worker_processes_gives_what_one_process_gives(ministries, capsys):
    call_command("ingest", *map(str, SOURCES), "--workers=2", "--batch-size=2")
    assert (
        capsys.readouterr().out.strip()
        == f"{len(SOURCES)} created, 0 updated, 0 unchanged, 0 failed"
    )
    by_workers = sorted(Strategy.objects.values_list("normalized_name", "title"))
    Announcement.objects.all().delete()
    Strategy.objects.all().delete()
    ingest_files(SOURCES, workers=1)
    assert sorted(Strategy.objects.values_list("normalized_name", "title")) == by_workers
    assert by_workers


def test_the_corpus_loses_no_release(ministries):
    corpus = sorted((DATA_DIR / "corpus").glob("*.txt"))
    results = ingest_files(corpus, workers=2)
    assert [r.path for r in results if r.error] == []
    assert Announcement.objects.count() == len({path.stem for path in corpus})


def test_a_person_under_a_title_spaced_otherwise_is_one_person(ministries):
    from documents.models import Person

    parsed = parsed_release()
    person = parsed.people[0]
    squeezed = person.title.replace(" ", "")
    assert squeezed != person.title  # a title of several words
    importer.ingest_release(parsed, "as-written")
    variant = parsed_release()
    variant.people[0] = dataclasses.replace(variant.people[0], title=squeezed)
    importer.ingest_release(variant, "squeezed")
    [one] = Person.objects.filter(name=person.name)
    assert set(one.announcements.values_list("key", flat=True)) == {"as-written", "squeezed"}


def database_content(base_committees):
    """Everything the releases gave, with natural keys (no ids, no times), and the search
    entries and rendered bodies derived from it."""
    # By URL, not key: an agenda item's entry is keyed by its id.
    entries = SearchEntry.objects.all()
    return (
        releases.policy_fixture_json(base_committees),
        sorted(entries.values_list("kind", "url", "title", "body", "tokens", "date")),
        sorted(entries.values_list("kind", "url", "ministries__slug")),
        list(Announcement.objects.order_by("key").values_list("key", "body_html")),
    )


def test_a_batch_stores_what_releases_stored_one_at_a_time_store(ministries, tmp_path):
    """The batch's shortcuts (records read once, new announcements inserted together,
    found records updated in one statement, the index and bodies written at its end) store
    what a transaction a release stores: the real texts, and two of them given twice."""
    archive = tmp_path / "archive"
    shutil.copytree(DATA_DIR / "eval" / "raw", archive / "eval")
    shutil.copytree(FIXTURES_DIR / "sources", archive / "sources")
    for path in SOURCES[:2]:  # one release posted on two boards
        shutil.copy(path, archive / f"copy-{path.name}")
    base_committees = list(Committee.objects.values_list("slug", flat=True))
    ingest_files([archive], batch_size=1)
    one_at_a_time = database_content(base_committees)
    Announcement.objects.all().delete()
    for model in (Strategy, Program, Center, Meeting, Person):
        model.objects.all().delete()
    Committee.objects.exclude(slug__in=base_committees).delete()
    ingest_files([archive], batch_size=50)
    assert Announcement.objects.count() == len(list(archive.rglob("*.txt")))
    for part, expected in zip(database_content(base_committees), one_at_a_time, strict=True):
        assert part == expected


def test_bodies_link_an_unnumbered_meeting_at_the_date_a_later_release_gives_it(ministries):
    """An unnumbered meeting's address is its date: when a later release dates it otherwise
    (a release before the event, one after), the earlier body links the new address."""
    path = FIXTURES_DIR / "sources" / "001_426236785009aba2.txt"
    before = parsed_release(path)
    assert before.meeting is not None and before.meeting.number is None
    importer.ingest_release(before, "before-the-event")
    after = parsed_release(path)
    moved = before.meeting.date + datetime.timedelta(days=1)
    after.meeting = dataclasses.replace(after.meeting, date=moved)
    importer.ingest_release(after, "after-the-event")
    [meeting] = Meeting.objects.filter(number=None)
    assert meeting.date == moved
    address = meeting.get_absolute_url()
    assert moved.isoformat() in address
    for key in ("before-the-event", "after-the-event"):
        assert f'href="{address}"' in Announcement.objects.get(key=key).body_html
