"""The announcement body as safe HTML: Markdown rendered, sanitised, entities linked."""

import re
from collections import OrderedDict

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

# What a release body may contain after rendering: structure and emphasis, no links or
# scripts of its own (links are added below, to our pages only).
ALLOWED_TAGS = {"p", "ul", "ol", "li", "h3", "h4", "strong", "em", "blockquote", "br", "code"}
_TAG = re.compile(r"(<[^>]+>)")


# Markdown rendered ahead of need (by the ingest's parser processes, which have a CPU of
# their own), by its text: a bounded number, the oldest forgotten first.
_RENDERED_AHEAD = OrderedDict()
RENDERED_AHEAD_MAX = 500


def markdown_html(markdown_text):
    """``markdown_text`` rendered and sanitised (no links yet): the costly half of a body."""
    html = _RENDERED_AHEAD.pop(markdown_text, None)
    if html is None:
        html = nh3.clean(markdown.markdown(markdown_text), tags=ALLOWED_TAGS, attributes={})
    return html


def remember_markdown_html(markdown_text, html):
    """Keep ``html`` (markdown_html of ``markdown_text``, made elsewhere) for the body's
    rendering."""
    _RENDERED_AHEAD[markdown_text] = html
    while len(_RENDERED_AHEAD) > RENDERED_AHEAD_MAX:
        _RENDERED_AHEAD.popitem(last=False)


def render_body(markdown_text, entities, anchors=()):
    """``markdown_text`` as sanitised HTML, with each (name, url) in ``entities`` linked
    where it stands and an ``id="ev-START"`` before each (start, sentence) in ``anchors``."""
    html = markdown_html(markdown_text)
    pieces = _TAG.split(html)
    names = {escape(name): url for name, url in entities if len(name) >= 2}
    finder = (
        re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
        if names
        else None
    )
    pending = [(start, escape(_lead(sentence))) for start, sentence in anchors if _lead(sentence)]
    out = []
    for piece in pieces:
        if piece.startswith("<"):
            out.append(piece)
            continue
        for start, lead in list(pending):
            position = piece.find(lead)
            if position >= 0:
                piece = piece[:position] + f"\x00{start}\x00" + piece[position:]
                pending.remove((start, lead))
        if finder is not None:
            piece = finder.sub(lambda match: _entity_link(match.group(), names), piece)
        piece = re.sub("\x00(\\d+)\x00", r'<span class="evidence-anchor" id="ev-\1"></span>', piece)
        out.append(piece)
    return mark_safe("".join(out))


def _lead(sentence):
    """The first words of a sentence as the Markdown body shows them: list markers and
    the brackets of a heading line ([ 제3호 … ], 【…】) dropped, as to_markdown drops them."""
    text = re.sub(r"^[\s□ㅇo\-*※•▸◦▪●△▲\[\]【】<>]+", "", sentence.split("\n")[0])
    return text[:12].strip()


def _entity_link(escaped_name, urls):
    url = escape(urls[escaped_name])
    return f'<a class="entity" href="{url}"><mark>{escaped_name}</mark></a>'


def paragraphs_html(lines):
    """Plain lines of text as HTML paragraphs, escaped (a body with no Markdown)."""
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line.strip())
