"""What the parser does with input that is not a clean UTF-8 release."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.parsing import ParseFailure, UnreadableInput, parse_release
from documents.parsing.directory import load_directory

from ..conftest import FIXTURES_DIR

SEED = (FIXTURES_DIR / "sources" / "000_77bb8d32fb59adcb.txt").read_bytes()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n ", "empty file"),
        (bytes(range(256)) * 8, "binary file: not a text document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(2000), "binary file: not a text document"),
    ],
)
def test_unreadable_input_gets_a_one_line_error(data, message):
    with pytest.raises(UnreadableInput) as error:
        parse_release(data)
    assert str(error.value) == message


def test_utf8_cut_mid_character_is_read_with_a_warning():
    assert SEED.rstrip().endswith("다.".encode())
    cut = SEED.rstrip()[:-2]  # drop the period and the last byte of the three-byte "다"
    release = parse_release(cut)
    assert "truncated UTF-8 character at the end dropped" in release.warnings
    assert (
        release.title == "국가·연구기관·연구자·다자 차원에서 과학기술 국제협력을 전방위로 지원한다"
    )


def test_utf8_with_bom_reads_as_without():
    assert parse_release(b"\xef\xbb\xbf" + SEED).as_json() == parse_release(SEED).as_json()


def test_cp949_release_reads_like_its_utf8_twin():
    text = (FIXTURES_DIR / "sources" / "004_7a159ff990e1c2db.txt").read_text(encoding="utf-8")
    # Keep what CP949 can encode (it lacks a few symbols such as × and ‧).
    text = "".join(char for char in text if char.encode("cp949", errors="ignore"))
    from_cp949 = parse_release(text.encode("cp949"))
    from_utf8 = parse_release(text.encode("utf-8"))
    assert from_cp949.warnings[0] == "decoded as CP949/EUC-KR"
    assert (
        from_cp949.title
        == from_utf8.title
        == "김민석 국무총리 주재, 제1회 과학 기술 관계 장관회의 개최"
    )
    assert from_cp949.date == from_utf8.date
    assert [m.name for m in from_cp949.ministries] == [m.name for m in from_utf8.ministries]


def test_undecodable_bytes_are_replaced_and_counted():
    release = parse_release(
        "지원 café".encode()[:-2] + b"\xff\xfe\xfd" + "과학기술정보통신부".encode()
    )
    assert any(w.endswith("undecodable byte sequences replaced") for w in release.warnings)


def test_html_is_reduced_to_its_visible_text():
    page = (
        "<html><head><title>무시</title><script>var s = '과학기술정보통신부';</script></head>"
        "<body><h1>양자 기술 국제협력 강화</h1><p>과학기술정보통신부는 <span>12</span><span>월 "
        "</span><span>4</span>일 「양자과학기술 국제협력 전략」을 발표하였다.</p>"
        "<script>document.write('<p>악성 「가짜 전략」</p>')</script><style>p { }</style></body></html>"
    )
    release = parse_release(page.encode("utf-8"))
    assert "HTML reduced to its text" in release.warnings
    assert release.title == "양자 기술 국제협력 강화"
    assert "script" not in release.text and "document.write" not in release.text
    assert "12월 4일" in release.text  # spans join without spaces, as the page shows them
    assert [s.title for s in release.strategies] == ["양자과학기술 국제협력 전략"]


def test_huge_file_is_parsed_up_to_a_limit_with_a_warning():
    data = SEED * (10 * 1024 * 1024 // len(SEED) + 1)  # over 10 MB
    release = parse_release(data)
    assert len(release.text) <= 1_000_000
    assert release.warnings[0].endswith("characters: only the first 1,000,000 are parsed and kept")
    assert release.meeting is not None and release.meeting.number == 3


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_crash(data):
    try:
        release = parse_release(data)
    except UnreadableInput as error:
        assert not isinstance(error, ParseFailure), error  # a rule's bug, not a bad input
        assert "\n" not in str(error)
    else:
        assert release.text == release.text.strip()


KOREANISH = st.text(
    alphabet=st.sampled_from(
        list(
            "가나다라마바사과학기술전략계획방안사업센터부청회의제호안「」『』‘’“”()[]<>△▲①②❶□ㅇ-*※·‧ㆍ"
        )
        + list("0123456789년월일억원조달러 \n.,:")
    ),
    max_size=600,
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=800), KOREANISH))
def test_arbitrary_text_never_crashes_and_every_span_quotes_the_text(text):
    try:
        release = parse_release(text.encode("utf-8"))
    except UnreadableInput as error:
        assert not isinstance(error, ParseFailure), error
        return
    spans = release.spans()
    for span in spans:
        assert release.text[span.start : span.end] == span.quote


def test_markdown_release_reads_its_heading_as_title():
    markdown = (
        "# 양자과학기술 국제협력 전략 발표\n\n"
        "## 개요\n\n"
        "- 과학기술정보통신부는 6월 26일(수) 「양자과학기술 국제협력 전략(안)」을 심의하였다.\n"
        "- 2024년부터 **3년간 28억원**을 지원한다.\n"
    )
    release = parse_release(markdown.encode("utf-8"))
    assert release.title == "양자과학기술 국제협력 전략 발표"
    assert [(s.title, s.draft) for s in release.strategies] == [
        ("양자과학기술 국제협력 전략", True)
    ]
    assert [a.text for a in release.amounts] == ["28억원"]
    assert release.date == datetime.date(2024, 6, 26)
    assert release.date_inferred is True


# Text converted from HWP, as the seven rejected releases hold it: a BEL where a field code
# stood, a form feed at each page break, a vertical tab ending a table cell's line.
HWP_TEXT = (
    SEED.decode("utf-8")
    .replace("(장관", "(\x07장관", 1)
    .replace("’23.11.27", "\x07’23.11.27\x07", 1)
    .replace("\n\n", "\n\x0c\n", 2)
    .replace("다.\n", "다.\x0b\n", 1)
)


def test_hwp_control_characters_are_text_not_binary():
    release = parse_release(HWP_TEXT.encode("utf-8"))
    clean = parse_release(SEED)
    assert "\x07" not in release.text and "\x0b" not in release.text
    assert "\x0c" not in release.original_text
    assert release.title == clean.title
    assert [s.title for s in release.strategies] == [s.title for s in clean.strategies]
    assert "control characters: 3 removed, 3 page or line feeds made line breaks" in (
        release.warnings
    )


def test_a_few_nul_bytes_are_removed_and_many_mean_binary():
    damaged = SEED.replace("과학기술".encode(), "과학\x00기술".encode(), 5)
    release = parse_release(damaged)
    assert "\x00" not in release.original_text
    assert release.text == parse_release(SEED).text
    with pytest.raises(UnreadableInput, match="binary file"):
        parse_release(SEED[:2000] + b"\x00" * 100 + SEED[2000:4000])


def html_release(broken_tag):
    """Seed 000 as an HTML page, with ``broken_tag`` (an element never closed) near the top."""
    paragraphs = "".join(f"<p>{line}</p>" for line in SEED.decode("utf-8").splitlines())
    page = f"<html><head><title>보도자료</title></head><body>{broken_tag}{paragraphs}</body></html>"
    return page.encode("utf-8")


@pytest.mark.parametrize(
    "broken", ['<svg width="10"><path d="M0 0"/>', '<iframe src="/x">', "<script>var a = 1;"]
)
def test_html_with_an_unclosed_element_keeps_its_whole_text(broken):
    release = parse_release(html_release(broken))
    whole = parse_release(html_release(""))
    tag = broken[1:].split(" ", 1)[0].split(">", 1)[0]
    assert f"HTML: dropped 1 <head>; unclosed <{tag}> kept as text" in release.warnings
    assert release.title == whole.title == parse_release(SEED).title
    assert len(release.text) >= len(whole.text) > 1000
    assert [s.title for s in release.strategies] == [s.title for s in whole.strategies]


def test_html_names_the_elements_it_dropped():
    page = html_release("<script>x()</script><svg><text>svg-label</text></svg><style>p{}</style>")
    release = parse_release(page)
    assert "HTML: dropped 1 <head>, 1 <script>, 1 <style>, 1 <svg>" in release.warnings
    assert "svg-label" not in release.text and "x()" not in release.text


def test_rule_failure_becomes_the_documents_error(monkeypatch):
    def broken(doc):
        raise ValueError("max() iterable argument is empty")

    monkeypatch.setattr("documents.parsing.release.extract.extract_people", broken)
    with pytest.raises(ParseFailure) as error:
        parse_release("과학기술정보통신부는 6월 26일 회의를 열었다.".encode())
    assert str(error.value) == "parser failed: ValueError: max() iterable argument is empty"


def test_ministry_resolver_without_candidates_returns_none_with_years():
    assert load_directory().resolve("없는부", None, [2020, 2021]) is None
