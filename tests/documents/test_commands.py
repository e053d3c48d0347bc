"""parse_release prints the extraction as JSON without touching the database."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ..conftest import FIXTURES_DIR

SEEDS = sorted((FIXTURES_DIR / "sources").glob("*.txt"))
FIXED_KEYS = {
    "file", "title", "date", "date_inferred", "kind", "ministries", "meeting", "agenda_items",
    "strategies", "programs", "centers", "people", "amounts", "warnings",
}  # fmt: skip


def run(*args, capsys):
    try:
        call_command("parse_release", *args)
        failed = False
    except CommandError:
        failed = True
    return json.loads(capsys.readouterr().out), failed


def test_one_file_prints_one_object_with_the_fixed_keys(capsys):
    result, failed = run(str(SEEDS[2]), "--json", capsys=capsys)
    assert not failed
    assert set(result) >= FIXED_KEYS
    assert (result["date"], result["date_inferred"], result["kind"]) == (
        "2020-11-17",
        False,
        "press_release",
    )
    assert result["meeting"]["body"] == "과학기술관계장관회의"
    assert result["meeting"]["number"] == 14
    assert {"name": "800억원 규모 펀드", "amounts_krw": [80_000_000_000]}.items() <= next(
        p for p in result["programs"] if p["name"] == "800억원 규모 펀드"
    ).items()
    assert result["amounts"][0] == {
        "text": "800억원",
        "value": 80_000_000_000,
        "currency": "KRW",
        "year": None,  # no budget year is written beside it
    }


def test_several_files_print_an_array_in_argument_order(capsys):
    result, failed = run(str(SEEDS[4]), str(SEEDS[0]), "--json", capsys=capsys)
    assert not failed
    assert [r["file"] for r in result] == [str(SEEDS[4]), str(SEEDS[0])]


def test_an_unreadable_file_gets_an_error_object_and_a_failing_exit(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    result, failed = run(str(empty), str(SEEDS[1]), str(missing), "--json", capsys=capsys)
    assert failed
    assert result[0] == {"file": str(empty), "error": "empty file"}
    assert result[1]["title"].startswith("과기정통부, ICT 외교전략 가동")
    assert result[2]["file"] == str(missing)
    assert result[2]["error"].startswith("cannot read file:")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_seed_parses_without_error(seed, capsys):
    result, failed = run(str(seed), capsys=capsys)
    assert not failed and result["title"]
