"""The announcement body as safe HTML: Markdown rendered, sanitised, entities linked."""

import re

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

# What a release body may contain after rendering: structure and emphasis, no links or
# scripts of its own (links are added below, to our pages only).
ALLOWED_TAGS = {"p", "ul", "ol", "li", "h3", "h4", "strong", "em", "blockquote", "br", "code"}
_TAG = re.compile(r"(<[^>]+>)")


def render_body(markdown_text, entities, anchors=()):
    """``markdown_text`` as sanitised HTML, with each (name, url) in ``entities`` linked
    where it stands and an ``id="ev-START"`` before each (start, sentence) in ``anchors``."""
    html = nh3.clean(markdown.markdown(markdown_text), tags=ALLOWED_TAGS, attributes={})
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
