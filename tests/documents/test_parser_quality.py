"""The parser's quality on the evaluation set (tests/data/eval, a copy of the shared dev
set): no field, nor the whole, may fall below the floor reached so far. Raise a floor as
the parser improves; never lower one to let a change in."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from documents.evaluation import FIELDS, parse_folder, score

EVAL_DIR = Path(__file__).resolve().parents[1] / "data/eval"
SHARED_SCORER = Path(__file__).resolve().parents[3] / "shared/eval/score.py"
# F1 per field, a little below what the parser reaches (see `make eval`).
FIELD_FLOORS = {
    "ministries": 0.97,
    "meeting": 0.97,
    "agenda_items": 0.96,
    "strategies": 0.91,
    "programs": 0.83,
    "centers": 0.92,
    "people": 0.98,
    "amounts": 0.97,
}
OVERALL_FLOOR = 0.94
DATE_ACCURACY_FLOOR = 0.92


@pytest.fixture(scope="module")
def predictions():
    return parse_folder(EVAL_DIR / "raw")[0]


@pytest.fixture(scope="module")
def result(predictions):
    return score(predictions, EVAL_DIR / "gold")


def test_evaluation_set_pairs_every_text_with_its_gold():
    raw = {p.stem for p in (EVAL_DIR / "raw").glob("*.txt")}
    gold = {p.stem for p in (EVAL_DIR / "gold").glob("*.json")}
    assert raw == gold
    assert len(raw) == 47


def test_no_document_of_the_evaluation_set_fails(result):
    assert result.errors == 0


@pytest.mark.parametrize("name", FIELDS)
def test_field_f1_stays_above_its_floor(result, name):
    assert result.field(name)[2] >= FIELD_FLOORS[name], result.summary()


def test_overall_f1_stays_above_its_floor(result):
    assert result.overall()[2] >= OVERALL_FLOOR, result.summary()


def test_date_accuracy_stays_above_its_floor(result):
    assert result.date_accuracy >= DATE_ACCURACY_FLOOR, result.summary()


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="no shared evaluation folder beside")
def test_scores_agree_with_the_shared_scorer(predictions, result, tmp_path):
    path = tmp_path / "predictions.json"
    path.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")
    printed = subprocess.run(
        [sys.executable, SHARED_SCORER, path, EVAL_DIR / "gold"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert printed == result.summary()
