"""Writes 010_space_committee.hwpx and .hwp from the release text
tests/data/corpus/010_kari_space_committee_15th_2019.txt (an HWP release as crawled), the way
the ministry's file is laid out: the header (보도일시, 배포일시, 담당부서, ...) as a two-column
table, then one paragraph per line. python-hwpx writes both the OWPML package (HWPX) and the
HWP 5 compound file. Run from the repository root:

    .venv/bin/python tests/data/files/make_hancom_files.py
"""

from pathlib import Path

from hwpx import HwpxDocument

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1] / "data/corpus/010_kari_space_committee_15th_2019.txt"


def header_and_body(lines):
    """The "label |" / "value |" pairs of the flattened header table, and the lines after."""
    pairs, index = [], 0
    while index + 1 < len(lines) and lines[index].endswith(" |") and len(lines[index]) < 12:
        pairs.append((lines[index].rstrip(" |"), lines[index + 1].rstrip(" |")))
        index += 2
        while index < len(lines) and lines[index].strip("| ") == "":
            index += 1
    return pairs, lines[index:]


def main():
    lines = [line for line in SOURCE.read_text("utf-8").splitlines() if line.strip()]
    file_name, lines = lines[0], lines[1:]  # the crawl's first line names the .hwp file
    pairs, body = header_and_body(lines)
    document = HwpxDocument.new()
    document.add_paragraph("보도자료")
    table = document.add_table(len(pairs), 2)
    for row, (label, value) in enumerate(pairs):
        table.set_cell_text(row, 0, label)
        table.set_cell_text(row, 1, value)
    for line in body:
        document.add_paragraph(line.rstrip(" |"))
    document.save_to_path(HERE / "010_space_committee.hwpx")
    document.save_to_path(HERE / "010_space_committee.hwp")
    print(f"{file_name}: {len(pairs)} header rows, {len(body)} paragraphs")


if __name__ == "__main__":
    main()
