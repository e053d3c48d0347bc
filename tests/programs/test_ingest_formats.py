"""`manage.py ingest` over the forms archives come in: PDF, HWPX and HWP files, and JSON Lines
and CSV archives whose metadata wins over what the parser infers and is recorded as given."""

import csv
import datetime
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents.models import Announcement

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = DATA / "files"
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "002_a9915ecec5217dee.txt"
SPACE = DATA / "corpus" / "010_kari_space_committee_15th_2019.txt"

pytestmark = pytest.mark.django_db


def ingest(*paths):
    call_command("ingest", *map(str, paths))


BOARD = (
    "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표",
    datetime.date(2020, 11, 17),
    "공공기술 사업화 기업 대상의 총 800억원 규모 펀드 조성",
)
SPACE_RELEASE = (
    "정부, 민간주도 우주개발 생태계조성으로 미래 혁신성장동력을 창출한다.",
    datetime.date(2019, 1, 7),
    "우주개발 추진체계를 정부·출연(연) 중심에서 민간이 주관하는 방식으로",
)


@pytest.mark.parametrize(
    ("name", "title", "date", "sentence"),
    [
        ("002_board_copy_chromium.pdf", *BOARD),
        ("010_space_committee.hwpx", *SPACE_RELEASE),
        ("010_space_committee.hwp", *SPACE_RELEASE),
    ],
)
def test_pdf_hwpx_and_hwp_files_ingest_with_title_date_and_body(
    ministries, capsys, name, title, date, sentence
):
    ingest(FILES / name)

    assert capsys.readouterr().out.strip() == "1 created, 0 updated, 0 unchanged, 0 failed"
    announcement = Announcement.objects.get(key=Path(name).stem)
    assert (announcement.title, announcement.date) == (title, date)
    assert sentence in announcement.body_markdown
    assert [m.slug for m in announcement.issuing_ministries.all()] == ["msit"]
    assert announcement.given_fields == []


def test_a_damaged_pdf_is_that_file_s_failure_and_the_others_load(ministries, tmp_path, capsys):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n1 0 obj garbage")
    (tmp_path / "b.hwpx").write_bytes((FILES / "010_space_committee.hwpx").read_bytes())

    with pytest.raises(CommandError, match="not saved"):
        ingest(tmp_path)

    output = capsys.readouterr()
    assert output.out.strip() == "1 created, 0 updated, 0 unchanged, 1 failed"
    assert f"{tmp_path / 'a.pdf'}: cannot read PDF: " in output.err
    assert list(Announcement.objects.values_list("key", flat=True)) == ["b"]


def archive_rows(url="https://www.msit.go.kr/bbs/view.do?nttSeqNo=3180000&a=1&b=<2>"):
    """Two releases with metadata that disagrees with what their text says."""
    return [
        {"id": "3180000", "title": "기초·원천 연구성과 확산 전략 (주어진 제목)",
         "date": "2020.11.18", "url": url, "ministry": "산업통상자원부",
         "text": SEED.read_text("utf-8")},
        {"id": "15", "text": SPACE.read_text("utf-8")},  # nothing given: the parser's
    ]  # fmt: skip


def check_precedence(key_prefix):
    given = Announcement.objects.get(key=f"{key_prefix}~3180000")
    assert given.title == "기초·원천 연구성과 확산 전략 (주어진 제목)"
    assert given.date == datetime.date(2020, 11, 18) and not given.date_inferred
    assert given.source_url == "https://www.msit.go.kr/bbs/view.do?nttSeqNo=3180000&a=1&b=<2>"
    assert given.source_name == "산업통상자원부"
    assert [m.slug for m in given.issuing_ministries.all()] == ["motie"]
    assert given.given_fields == ["title", "date", "source_url", "issuer"]
    inferred = Announcement.objects.get(key=f"{key_prefix}~15")
    assert inferred.title == "정부, 민간주도 우주개발 생태계조성으로 미래 혁신성장동력을 창출한다."
    assert inferred.date == datetime.date(2019, 1, 7)
    assert [m.slug for m in inferred.issuing_ministries.all()] == ["msit"]
    assert inferred.given_fields == [] and inferred.source_url == ""


def test_jsonl_metadata_wins_over_the_parser_and_is_recorded_as_given(ministries, tmp_path):
    archive = tmp_path / "msit.jsonl"
    archive.write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in archive_rows()), "utf-8"
    )

    ingest(archive)

    check_precedence("msit")


def test_csv_metadata_wins_over_the_parser_and_is_recorded_as_given(ministries, tmp_path):
    archive = tmp_path / "board.csv"
    with open(archive, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["번호", "제목", "일자", "원문주소", "부처", "본문"])
        for row in archive_rows():
            writer.writerow([row.get(k, "") for k in ("id", "title", "date", "url", "ministry")]
                            + [row["text"]])  # fmt: skip

    ingest(archive)

    check_precedence("board")


def test_a_corrected_title_in_the_archive_updates_the_release(ministries, tmp_path, capsys):
    archive = tmp_path / "msit.jsonl"
    rows = archive_rows()
    archive.write_text(json.dumps(rows[0], ensure_ascii=False), "utf-8")
    ingest(archive)
    ingest(archive)
    rows[0]["title"] = "고친 제목"
    archive.write_text(json.dumps(rows[0], ensure_ascii=False), "utf-8")
    ingest(archive)

    runs = capsys.readouterr().out.strip().splitlines()
    assert runs == [
        "1 created, 0 updated, 0 unchanged, 0 failed",
        "0 created, 0 updated, 1 unchanged, 0 failed",
        "0 created, 1 updated, 0 unchanged, 0 failed",
    ]
    assert Announcement.objects.get(key="msit~3180000").title == "고친 제목"


def test_the_release_page_links_its_source_escaped(ministries, tmp_path, client):
    archive = tmp_path / "msit.jsonl"
    archive.write_text(json.dumps(archive_rows()[0], ensure_ascii=False), "utf-8")
    ingest(archive)

    page = client.get("/announcements/msit~3180000/").content.decode()

    assert (
        '<a href="https://www.msit.go.kr/bbs/view.do?nttSeqNo=3180000&amp;a=1&amp;b=&lt;2&gt;"'
        ' rel="nofollow noopener" class="source-link">원문 링크</a>'
    ) in page


def test_a_source_url_that_is_not_http_is_shown_but_never_linked(ministries, tmp_path, client):
    archive = tmp_path / "x.jsonl"
    archive.write_text(
        json.dumps(archive_rows(url="javascript:alert(1)")[0], ensure_ascii=False), "utf-8"
    )
    ingest(archive)

    page = client.get("/announcements/x~3180000/").content.decode()

    assert "<dd>javascript:alert(1)</dd>" in page
    assert 'href="javascript:' not in page and "source-link" not in page


def test_board_chrome_is_kept_out_of_the_body_the_snippet_and_the_records(ministries):
    from programs.models import SearchEntry

    board = DATA / "eval" / "raw" / "024_kasa_space_committee_4th_2025.txt"
    ingest(board)

    announcement = Announcement.objects.get(key=board.stem)
    entry = SearchEntry.objects.get(kind="announcement", key=board.stem)
    for chrome in ("본문 바로가기", "대메뉴 바로가기", "조회수926"):
        assert chrome in announcement.original_text
        assert chrome not in announcement.text
        assert chrome not in announcement.body_html
        assert chrome not in entry.body
    assert announcement.date == datetime.date(2025, 11, 25)  # dated as before: 등록일 stays
    assert "제4차 우주개발진흥 기본계획 수정계획" in entry.body
