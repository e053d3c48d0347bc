"""The forms archives come in (documents/rows.py, documents/files.py): JSON Lines and CSV with
one release per row, and the PDF, HWPX and HWP files ministries publish."""

import csv
import datetime
import io
import json
import os
import pickle
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from documents import rows
from documents.parsing import UnreadableInput
from documents.rows import parse_written_date
from documents.sources import Metadata, parse_source, read_sources, source_from_bytes

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = DATA / "files"
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "002_a9915ecec5217dee.txt"
SPACE = DATA / "corpus" / "010_kari_space_committee_15th_2019.txt"


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), "utf-8")
    return path


def write_csv(path, header, rows, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# JSON Lines ---------------------------------------------------------------------------------


def test_jsonl_rows_are_releases_with_their_metadata(tmp_path):
    text = SPACE.read_text("utf-8")
    archive = write_jsonl(
        tmp_path / "msit.jsonl",
        [
            {
                "id": 15,
                "title": "제15회 국가우주위원회 개최결과",
                "date": "2019. 1. 10.(목)",
                "url": "https://www.msit.go.kr/bbs/view.do?nttSeqNo=1",
                "ministry": "과학기술정보통신부",
                "text": text,
            },
            {"key": "space-15-html", "제목": "HTML 사본", "일자": "2019년 1월 10일",
             "html": f"<html><body><p>{text}</p></body></html>"},
        ],
    )  # fmt: skip

    first, second = read_sources([archive])

    assert (first.key, first.origin, first.data.decode()) == ("msit~15", f"{archive}:1", text)
    assert first.metadata == Metadata(
        title="제15회 국가우주위원회 개최결과",
        date=datetime.date(2019, 1, 10),
        source_url="https://www.msit.go.kr/bbs/view.do?nttSeqNo=1",
        issuer="과학기술정보통신부",
    )
    assert (second.key, second.origin) == ("space-15-html", f"{archive}:2")
    assert second.metadata.date == datetime.date(2019, 1, 10)
    assert parse_source(second).title == "HTML 사본"


def test_a_bad_jsonl_row_is_that_row_s_error_and_the_rows_after_it_are_read(tmp_path):
    archive = tmp_path / "mixed.jsonl"
    good = json.dumps({"title": "좋은 행", "text": SPACE.read_text("utf-8")}, ensure_ascii=False)
    archive.write_text(
        "\n".join([good, "{not json", "[1, 2]", json.dumps({"title": "본문 없음"}),
                   json.dumps({"text": "본문", "date": "2019-02-30"}), "", good]),
        "utf-8",
    )  # fmt: skip

    sources = list(read_sources([archive]))

    assert [s.origin.rsplit(":", 1)[1] for s in sources] == ["1", "2", "3", "4", "5", "7"]
    assert [s.key for s in sources] == [f"mixed~L{n}" for n in (1, 2, 3, 4, 5, 7)]
    errors = [s.error for s in sources]
    assert errors[0] == errors[5] == ""
    assert errors[1].startswith("Expecting property name")
    assert errors[2] == "a row is a JSON object, not list"
    assert errors[3] == "no text: give the release in a text, body or html column"
    assert errors[4] == "date '2019-02-30' is not a date (write it 2024-06-27)"
    assert all("\n" not in error for error in errors)
    with pytest.raises(UnreadableInput, match="no text"):
        parse_source(sources[3])


# CSV ----------------------------------------------------------------------------------------


def test_csv_rows_with_korean_column_names_and_a_field_past_csv_s_default_limit(tmp_path):
    text = SPACE.read_text("utf-8")
    long_text = text + "\n" + "ㅇ 위성정보 활용을 확대한다.\n" * 20_000  # ~400 KB in one field
    archive = write_csv(
        tmp_path / "board.csv",
        ["번호", "제목", "일자", "원문주소", "부처", "본문"],
        [
            ["101", "우주위원회", "2019.01.10", "https://example.go.kr/101", "과기정통부", text],
            ["102", "긴 보도자료", "2019-01-11 09:00", "", "", long_text],
        ],
    )

    first, second = read_sources([archive])

    assert (first.key, first.origin) == ("board~101", f"{archive}:2")
    assert first.metadata.issuer == "과기정통부"
    assert first.metadata.date == datetime.date(2019, 1, 10)
    assert first.data.decode() == text
    assert second.data.decode() == long_text and not second.error
    assert second.metadata.date == datetime.date(2019, 1, 11)
    # A row spans as many lines as its text: the next row's origin is the line it starts on.
    assert second.origin == f"{archive}:{2 + text.count(chr(10)) + 1}"


def test_a_cp949_csv_from_a_korean_spreadsheet_is_read(tmp_path):
    rows = [["우주위원회", "과학기술정보통신부는 발표했다."]]
    archive = write_csv(tmp_path / "excel.csv", ["제목", "내용"], rows, encoding="cp949")

    (source,) = read_sources([archive])

    assert source.metadata.title == "우주위원회"
    assert source.data.decode() == "과학기술정보통신부는 발표했다."


def test_a_bad_csv_row_is_that_row_s_error(tmp_path):
    archive = tmp_path / "bad.csv"
    archive.write_text("title,text\n제목,본문이다\n빈 본문,\n가,나,다\n", "utf-8")

    sources = list(read_sources([archive]))

    assert [(s.key, s.error) for s in sources] == [
        ("bad~L2", ""),
        ("bad~L3", "no text: give the release in a text, body or html column"),
        ("bad~L4", "3 fields, the header names 2"),
    ]


def test_a_row_the_csv_module_refuses_is_that_row_s_error(tmp_path, monkeypatch):
    monkeypatch.setattr(rows, "MAX_FIELD", 40)  # a field past the limit: csv's own error
    archive = tmp_path / "long.csv"
    archive.write_text("id,text\n1,짧은 본문\n2," + "긴 본문 " * 20 + "\n3,다음 본문\n", "utf-8")

    sources = list(read_sources([archive]))

    assert [(s.key, s.error) for s in sources] == [
        ("long~1", ""),
        ("long~L3", "CSV: field larger than field limit (40)"),
        ("long~3", ""),
    ]
    csv.field_size_limit(rows.MAX_FIELD)


def test_a_key_column_is_kept_safe_for_an_address_and_without_one_the_line_keys_the_row(
    tmp_path,
):
    archive = write_jsonl(
        tmp_path / "a.jsonl",
        [{"key": "fsc/2025/85055", "text": "가"}, {"key": " ", "text": "나"},
         {"key": "k" * 300, "text": "다"}, {"key": "k" * 299 + "x", "text": "라"}],
    )  # fmt: skip

    keys = [s.key for s in read_sources([archive])]

    assert keys[:2] == ["fsc~2025~85055", "a~L2"]
    assert all(len(key) <= 200 for key in keys) and keys[2] != keys[3]


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2024-06-27", datetime.date(2024, 6, 27)),
        ("2024.6.27.", datetime.date(2024, 6, 27)),
        ("2024. 6. 27.(목)", datetime.date(2024, 6, 27)),
        ("2024/06/27", datetime.date(2024, 6, 27)),
        ("2024년 6월 27일", datetime.date(2024, 6, 27)),
        ("2024-06-27T09:00:00+09:00", datetime.date(2024, 6, 27)),
        ("2024.06.27 15:30", datetime.date(2024, 6, 27)),
        ("", None),
    ],
)
def test_dates_in_the_forms_archives_write_them(written, day):
    assert parse_written_date(written) == day


@pytest.mark.parametrize("written", ["27/06/2024", "지난주", "2024-13-01", "2024"])
def test_a_date_that_is_not_one_is_refused(written):
    with pytest.raises(ValueError, match="is not a date"):
        parse_written_date(written)


def test_reading_a_large_archive_is_lazy_and_bounded(tmp_path):
    text = SEED.read_text("utf-8")
    archive = tmp_path / "big.jsonl"
    with open(archive, "w", encoding="utf-8") as handle:
        for number in range(3000):  # ~35 MB
            handle.write(json.dumps({"id": number, "text": text}, ensure_ascii=False) + "\n")

    tracemalloc.start()
    count = sum(1 for _ in read_sources([archive]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert count == 3000
    assert peak < 2_000_000, f"peak {peak:,} bytes: rows are not read one at a time"


# PDF, HWPX, HWP -----------------------------------------------------------------------------


def test_a_release_printed_to_pdf_by_chromium_parses_like_its_text():
    (pdf,) = read_sources([FILES / "002_board_copy_chromium.pdf"])
    (text,) = read_sources([SEED])

    from_pdf, from_text = parse_source(pdf), parse_source(text)

    assert pdf.format == "pdf" and pdf.key == "002_board_copy_chromium"
    assert from_pdf.title == from_text.title == "기초ㆍ원천 연구성과 확산체계 고도화 전략 발표"
    assert from_pdf.date == from_text.date == datetime.date(2020, 11, 17)
    assert from_pdf.issuing_ministries == ["msit"]
    assert "범부처『연구성과 확산 통합 네트워크(KTTN)』구축" in from_pdf.text
    assert [s.title for s in from_pdf.strategies] == [s.title for s in from_text.strategies]
    assert {a.value for a in from_pdf.amounts} == {a.value for a in from_text.amounts}


@pytest.mark.parametrize("name", ["010_space_committee.hwpx", "010_space_committee.hwp"])
def test_an_hwpx_and_an_hwp_written_by_python_hwpx_parse_like_the_release_text(name):
    (source,) = read_sources([FILES / name])
    (text,) = read_sources([SPACE])

    parsed, expected = parse_source(source), parse_source(text)

    assert source.format == name.rsplit(".", 1)[1]
    assert parsed.title == expected.title
    assert parsed.title == "정부, 민간주도 우주개발 생태계조성으로 미래 혁신성장동력을 창출한다."
    assert parsed.date == expected.date
    assert (parsed.meeting.name, parsed.meeting.number) == ("제15회 국가우주위원회", 15)
    assert "담당부서 거대공공연구정책과, 우주기술과" in parsed.text  # the header table's row
    assert "우주개발 추진체계를 정부·출연(연) 중심에서 민간이 주관하는 방식으로" in parsed.text
    titles = sorted(s.title for s in parsed.strategies)
    assert titles == sorted(s.title for s in expected.strategies) and len(titles) == 3


def test_the_hwpx_is_an_owpml_package():
    with zipfile.ZipFile(FILES / "010_space_committee.hwpx") as package:
        names = package.namelist()
        assert package.read("mimetype") == b"application/hwp+zip"
        section = package.read("Contents/section0.xml").decode()
    assert "Contents/header.xml" in names and "META-INF/container.xml" in names
    assert "<hp:t>거대공공연구정책과, 우주기술과</hp:t>" in section


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", b"%PDF-1.4\n%broken", "cannot read PDF: "),
        ("empty.hwpx", b"", "HWPX is not a zip package"),
        ("text.hwpx", b"just text", "HWPX is not a zip package"),
        ("old.hwp", b"HWP Document File V3.00", "not an HWP 5 file"),
        ("broken.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "cannot read HWP: "),
    ],
)
def test_a_damaged_file_is_that_file_s_one_line_error(tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    (source,) = read_sources([tmp_path / name])

    with pytest.raises(UnreadableInput) as raised:
        parse_source(source)

    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_a_pdf_without_text_says_so(tmp_path):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)  # a page as a scanner leaves it: an image, no text
    buffer = io.BytesIO()
    document.save(buffer)
    (tmp_path / "scan.pdf").write_bytes(buffer.getvalue())
    (source,) = read_sources([tmp_path / "scan.pdf"])

    with pytest.raises(UnreadableInput, match="PDF holds no text"):
        parse_source(source)


def test_a_folder_holds_every_format_and_sources_travel_to_worker_processes(tmp_path):
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "a.pdf").write_bytes((FILES / "002_board_copy_chromium.pdf").read_bytes())
    (tmp_path / "b.hwpx").write_bytes((FILES / "010_space_committee.hwpx").read_bytes())
    write_jsonl(tmp_path / "c.jsonl", [{"id": 1, "text": "가"}, {"id": 2, "text": "나"}])
    write_csv(tmp_path / "d.csv", ["id", "text"], [["9", "다"]])
    (tmp_path / "e.json").write_text('[{"text": "라"}]', "utf-8")
    (tmp_path / "f.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")  # not a release: not reported

    sources = list(read_sources([tmp_path]))

    assert [(s.key, s.format) for s in sources] == [
        ("b", "hwpx"), ("c~1", "text"), ("c~2", "text"), ("d~9", "text"), ("e", "text"),
        ("f", "text"), ("pdf~a", "pdf"),
    ]  # fmt: skip
    assert [s.error for s in sources if s.error] == [
        "a .json file is not read: give one release per line as JSON Lines (.jsonl)",
        "a spreadsheet is not read: save it as CSV (.csv)",
    ]
    assert [pickle.loads(pickle.dumps(s)) for s in sources] == sources


def test_a_folder_that_cannot_be_listed_is_its_error_and_the_rest_is_read(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("가", "utf-8")
    (tmp_path / "b.txt").write_text("나", "utf-8")
    scandir = os.scandir

    def refuse_locked(path):  # what a folder without read permission gives (root reads all)
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)

    sources = list(read_sources([tmp_path]))

    assert [(s.key, s.error) for s in sources] == [
        ("b", ""),
        ("locked", "cannot read folder: Permission denied"),
    ]


def test_an_hwpx_with_an_external_entity_is_refused_not_resolved(tmp_path, caplog):
    original = zipfile.ZipFile(FILES / "010_space_committee.hwpx")
    with zipfile.ZipFile(tmp_path / "xxe.hwpx", "w") as package:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "Contents/section0.xml":
                xml = data.decode()
                end = xml.index("?>") + 2
                entity = '<!DOCTYPE hs:sec [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                xml = xml[:end] + entity + xml[end:].replace("보도자료</hp:t>", "&xxe;</hp:t>", 1)
                data = xml.encode()
            package.writestr(info, data)
    (source,) = read_sources([tmp_path / "xxe.hwpx"])

    with pytest.raises(UnreadableInput, match=r"cannot read HWPX: .*DTD/entity"):
        parse_source(source)
    assert not [r for r in caplog.records if r.exc_info]  # the one-line error, no traceback


def test_an_uploaded_file_s_bytes_are_read_by_the_format_its_name_says():
    data = (FILES / "010_space_committee.hwpx").read_bytes()
    source = source_from_bytes("보도자료.HWPX", data, Metadata(title="올린 제목"))

    assert (source.key, source.format) == ("보도자료", "hwpx")
    parsed = parse_source(source)
    assert parsed.title == "올린 제목" and parsed.meeting.number == 15
    assert source_from_bytes("붙여넣기", b"text").format == "text"
