"""Two `ingest` commands at once, as two staff members or a cron job and a person would
run them: both finish, and the search index is complete and correct, on both engines."""

import json
import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from programs.releases import policy_fixture_json

from ..conftest import FIXTURES_DIR

BASE_COMMITTEES = {
    obj["fields"]["slug"]
    for obj in json.loads((FIXTURES_DIR / "committees.json").read_text("utf-8"))
    if obj["model"] == "documents.committee"
}

SEEDS = sorted(str(path) for path in (FIXTURES_DIR / "sources").glob("*.txt"))
ENTRIES = (
    "SELECT e.kind, e.key, e.title, e.body, e.date, e.tokens::text, e.title_tokens,"
    " (SELECT string_agg(m.ministry_id::text, ',' ORDER BY m.ministry_id)"
    "  FROM programs_searchentry_ministries m WHERE m.searchentry_id = e.id)"
    " FROM programs_searchentry e ORDER BY e.kind, e.key"
)


def manage(url, *args):
    """Run a management command on the database ``url``; its completed process."""
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
    )


def ingest_twice_at_once(url):
    """Two ingests of the seeds, in opposite orders, started together; their outputs."""
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda files: manage(url, "ingest", *files), [SEEDS, SEEDS[::-1]]))
    for run in runs:
        assert run.returncode == 0, run.stderr
    return [run.stdout.strip().splitlines()[-1] for run in runs]


def assert_each_release_saved_once(outcomes):
    """Each release created by one run and found unchanged by the other (which waited for
    it), none failed."""
    assert all(line.endswith(", 0 failed") for line in outcomes), outcomes
    created = sum(int(line.split(" created")[0]) for line in outcomes)
    unchanged = sum(int(line.split(", ")[2].split()[0]) for line in outcomes)
    assert (created, unchanged) == (len(SEEDS), len(SEEDS)), outcomes


@pytest.mark.django_db(transaction=True)
def test_two_ingests_at_once_leave_a_complete_index_on_postgresql(ministries):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL run checks PostgreSQL; the SQLite run has its own test")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    outcomes = ingest_twice_at_once(url)
    assert_each_release_saved_once(outcomes)
    with connection.cursor() as cursor:
        cursor.execute(ENTRIES)
        concurrent = cursor.fetchall()
        assert manage(url, "rebuild_search").returncode == 0
        cursor.execute(ENTRIES)
        assert cursor.fetchall() == concurrent  # what a repair writes is already there
        cursor.execute("SELECT count(*) FROM documents_announcement")
        assert cursor.fetchone()[0] == len(SEEDS)
    kinds = {row[0] for row in concurrent}
    assert kinds == {"announcement", "strategy", "agenda_item", "program", "center"}

    # The same database as one ingest alone gives, in the order of the one that took its turn
    # first (the seeds fit one batch, so it saved them all; the order in which spellings of
    # a name arrive decides which is shown).
    [winner] = [i for i, line in enumerate(outcomes) if line.startswith(f"{len(SEEDS)} created")]
    base = [str(FIXTURES_DIR / "ministries.json"), str(FIXTURES_DIR / "committees.json")]
    at_once = policy_fixture_json(BASE_COMMITTEES)
    assert manage(url, "flush", "--noinput").returncode == 0
    assert manage(url, "loaddata", *base, "-v0").returncode == 0
    alone = manage(url, "ingest", *[SEEDS, SEEDS[::-1]][winner])
    assert alone.stdout.strip() == f"{len(SEEDS)} created, 0 updated, 0 unchanged, 0 failed"
    assert policy_fixture_json(BASE_COMMITTEES) == at_once


def test_two_ingests_at_once_leave_a_complete_index_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert manage(url, "migrate", "-v0").returncode == 0
    base = [str(FIXTURES_DIR / "ministries.json"), str(FIXTURES_DIR / "committees.json")]
    assert manage(url, "loaddata", *base, "-v0").returncode == 0
    assert_each_release_saved_once(ingest_twice_at_once(url))
    entries = ENTRIES.replace("::text", "").replace("string_agg(", "group_concat(")
    entries = entries.replace(" ORDER BY m.ministry_id)", ")")
    with sqlite3.connect(tmp_path / "db.sqlite3") as database:
        concurrent = database.execute(entries).fetchall()
        assert manage(url, "rebuild_search").returncode == 0
        assert database.execute(entries).fetchall() == concurrent
        count = database.execute("SELECT count(*) FROM documents_announcement").fetchone()[0]
    assert count == len(SEEDS)
    assert len([row for row in concurrent if row[0] == "announcement"]) == len(SEEDS)
