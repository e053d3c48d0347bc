"""Reading releases from files and folders (documents/sources.py)."""

import datetime
from pathlib import Path

import pytest

from documents.parsing import UnreadableInput
from documents.sources import Metadata, Source, parse_source, read_sources

CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "corpus"


def first_text(corpus=CORPUS_DIR):
    return sorted(corpus.glob("*.txt"))[0].read_bytes()


def test_a_folder_is_read_recursively_with_keys_from_the_path_below_it(tmp_path):
    (tmp_path / "2024" / "03").mkdir(parents=True)
    (tmp_path / "2024" / "03" / "0001.txt").write_bytes(first_text())
    (tmp_path / "top.md").write_bytes(first_text())
    (tmp_path / "2024" / "notes.docx").write_bytes(b"PK\x03\x04")  # not a release format

    sources = list(read_sources([tmp_path]))

    assert [s.key for s in sources] == ["2024~03~0001", "top"]
    assert all(s.data and not s.error for s in sources)


def test_a_file_that_cannot_be_read_is_that_release_s_error_not_an_exception(tmp_path):
    sources = list(read_sources([tmp_path / "missing.txt"]))

    assert len(sources) == 1 and sources[0].key == "missing"
    assert sources[0].error.startswith("cannot read file")
    with pytest.raises(UnreadableInput, match="cannot read file"):
        parse_source(sources[0])


def test_given_metadata_wins_over_what_the_parser_infers_and_is_recorded():
    metadata = Metadata(
        title="주어진 제목", date=datetime.date(2021, 5, 4), source_url="https://www.korea.kr/1"
    )
    inferred = parse_source(Source("k", "x.txt", first_text()))
    given = parse_source(Source("k", "x.txt", first_text(), metadata))

    assert inferred.title != "주어진 제목"
    assert (given.title, given.date, given.source_url) == (
        "주어진 제목",
        datetime.date(2021, 5, 4),
        "https://www.korea.kr/1",
    )
    assert given.given_fields == ["title", "date", "source_url"]
    assert inferred.given_fields == []


def test_a_source_url_too_long_to_store_is_dropped_with_a_warning_not_the_release():
    url = "https://www.msit.go.kr/view?" + "q=1&" * 300
    parsed = parse_source(Source("k", "x.txt", first_text(), Metadata(title="t", source_url=url)))

    assert parsed.source_url == "" and parsed.title == "t"
    assert parsed.given_fields == ["title"]
    assert f"source URL of {len(url):,} characters dropped" in parsed.warnings
