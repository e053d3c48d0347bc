"""Text from press releases is untrusted: scripts, javascript: links and raw HTML in a
source document render inert, through the parser, the importer and the pages."""

import re

import pytest

from documents.models import Announcement
from programs.indexing import rebuild
from programs.releases import ingest_files

HOSTILE = """<script>alert('title')</script> 과학기술 전략 발표

□ 과학기술정보통신부는 6월 26일(수) 「<img src=x onerror=alert(1)>양자 전략」을 발표하였다.
ㅇ [눌러 보세요](javascript:alert(2)) 그리고 <a href="javascript:alert(3)">링크</a>
ㅇ <iframe src="https://evil.example"></iframe> <b onmouseover="alert(4)">굵게</b>
□ 류광준 과학기술혁신본부장은 “<script>alert(5)</script> 중요하다”라고 밝혔다.
"""


@pytest.fixture
def hostile(ministries, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    assert [r.error for r in ingest_files([path])] == [""]
    rebuild()
    return Announcement.objects.get(key="hostile")


def test_hostile_release_renders_inert_on_every_page(client, hostile):
    urls = [hostile.get_absolute_url(), "/", "/announcements/", "/strategies/", "/people/"]
    urls += [s.get_absolute_url() for s in hostile.strategies.all()]
    urls += [p.get_absolute_url() for p in hostile.people.all()]
    urls.append("/search/?q=양자")
    for url in urls:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", html, re.I), url
        assert not re.search(r"<[^>]+\son\w+\s*=", html, re.I), url  # no event handlers
        assert "<iframe" not in html and "<img" not in html, url


def test_hostile_markup_is_dropped_or_shown_as_text(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert "<h1>과학기술 전략 발표</h1>" in html  # the page's script was dropped as markup
    assert "(javascript:alert(2))" in html  # shown as the text it is, not as a link


def test_markup_in_a_plain_text_title_is_escaped(client, ministries, tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("양자 <b onclick=x>전략</b> 발표 안내\n\n□ 본문입니다.\n", encoding="utf-8")
    ingest_files([path])
    html = client.get(Announcement.objects.get(key="plain").get_absolute_url()).content.decode()
    assert "<h1>양자 &lt;b onclick=x&gt;전략&lt;/b&gt; 발표 안내</h1>" in html


def test_control_characters_are_stored_alike_on_every_engine(ministries, tmp_path):
    # PostgreSQL refuses NUL in text and SQLite stores it: removed before either sees it.
    path = tmp_path / "controls.txt"
    path.write_bytes(
        "양자 전략\x07 발표 안내\n\n"
        "□ 과학기술정보통신부는\x00 「양자 전략」을\x0c발표하였다.\n".encode()
    )
    assert [r.error for r in ingest_files([path])] == [""]
    stored = Announcement.objects.get(key="controls")
    assert stored.title == "양자 전략 발표 안내"
    assert "과학기술정보통신부는 「양자 전략」을\n발표하였다." in stored.original_text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", stored.original_text + stored.text)
