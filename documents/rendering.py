"""The announcement body as safe HTML: Markdown rendered, sanitised, entities linked."""

import re
import threading

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

from policybase.ahead import MadeAhead

# What a release body may contain after rendering: structure and emphasis, no links or
# scripts of its own (links are added below, to our pages only).
ALLOWED_TAGS = {"p", "ul", "ol", "li", "h3", "h4", "strong", "em", "blockquote", "br", "code"}
_TAG = re.compile(r"(<[^>]+>)")
_ANCHOR_MARK = re.compile("\x00(\\d+)\x00")

# Bullets that HWP draws from its own fonts' private-use glyphs (U+F02B1, ...): shown as
# tofu by any other font. A line that starts with one is a list item.
HWP_BULLET = re.compile("^[\ue000-\uf8ff\U000f0000-\U000ffffd]+[ \t]*", re.MULTILINE)

# Markdown rendered ahead of need (by the ingest's parser processes), by its text.
_RENDERED_AHEAD = MadeAhead()


# One Markdown converter a thread, reset before each body: building one (its processors
# and patterns) cost more than a short body's conversion. A converter is not thread-safe.
_CONVERTERS = threading.local()


def _converter():
    converter = getattr(_CONVERTERS, "markdown", None)
    if converter is None:
        converter = markdown.Markdown()
        # The inline processor looks its patterns up by index, for every pattern and every
        # piece of text, and the block parser lists its processors for every block; on a
        # Registry each look-up re-checks the order and each listing builds a new list (a
        # fifth of the conversion). The same ones, in the same order, as plain lists.
        inline = converter.treeprocessors["inline"]
        inline.inlinePatterns = list(inline.inlinePatterns)
        converter.parser.blockprocessors = list(converter.parser.blockprocessors)
        _CONVERTERS.markdown = converter
    return converter.reset()


def markdown_html(markdown_text):
    """``markdown_text`` rendered and sanitised (no links yet): the costly half of a body."""
    html = _RENDERED_AHEAD.get(markdown_text)
    if html is None:
        markdown_text = HWP_BULLET.sub("- ", markdown_text)
        html = nh3.clean(_converter().convert(markdown_text), tags=ALLOWED_TAGS, attributes={})
    return html


def remember_markdown_html(markdown_text, html):
    """Keep ``html`` (markdown_html of ``markdown_text``, made elsewhere) for the body's
    rendering."""
    _RENDERED_AHEAD.remember(markdown_text, html)


def render_body(markdown_text, entities, anchors=()):
    """``markdown_text`` as sanitised HTML, with each (name, url) in ``entities`` linked
    where it stands and each (start, sentence) of ``anchors`` wrapped where it stands in a
    ``<span class="evidence-anchor" id="ev-START">``: the spot a citation links to, which
    the stylesheet highlights when it is the page's target."""
    html = markdown_html(markdown_text)
    pieces = _TAG.split(html)
    names = {escape(name): url for name, url in entities if len(name) >= 2}
    finder = (
        re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
        if names
        else None
    )
    pending = [
        (start, escape(_lead(sentence)), escape(_tail(sentence)))
        for start, sentence in anchors
        if _lead(sentence)
    ]
    out = []
    for piece in pieces:
        if piece.startswith("<") or not piece.strip():
            out.append(piece)
            continue
        if pending:
            piece = _mark_sentences(piece, pending)
        if finder is not None:
            piece = finder.sub(lambda match: _entity_link(match.group(), names), piece)
        out.append(piece)
    # The marks _mark_sentences left, made spans once the body is whole.
    html = _ANCHOR_MARK.sub(r'<span class="evidence-anchor" id="ev-\1">', "".join(out))
    return mark_safe(html.replace("\x01", "</span>"))


def _mark_sentences(piece, pending):
    """``piece`` (the text between two tags) with "\\x00START\\x00" where each sentence of
    ``pending`` found in it begins and "\\x01" where it ends: after the last place of its
    last words before the next sentence, else at the next sentence or the end of the
    piece. The sentences found leave ``pending``."""
    found = []
    for start, lead, tail in list(pending):
        position = piece.find(lead)
        if position >= 0:
            found.append((position, start, tail))
            pending.remove((start, lead, tail))
    found.sort()
    marked, cursor = [], 0
    for number, (position, start, tail) in enumerate(found):
        position = max(position, cursor)
        following = max(found[number + 1][0], position) if number + 1 < len(found) else len(piece)
        end = piece.rfind(tail, position, following) if tail else -1
        end = end + len(tail) if end >= 0 else following
        marked += [piece[cursor:position], f"\x00{start}\x00", piece[position:end], "\x01"]
        cursor = end
    return "".join([*marked, piece[cursor:]])


def _lead(sentence):
    """The first words of a sentence as the Markdown body shows them: list markers and
    the brackets of a heading line ([ 제3호 … ], 【…】) dropped, as to_markdown drops them."""
    text = re.sub(
        r"^[\s□ㅇo\-*※•▸◦▪●△▲\[\]【】<>\ue000-\uf8ff\U000f0000-\U000ffffd]+",
        "",
        sentence.split("\n")[0],
    )
    return text[:12].strip()


def _tail(sentence):
    """The last words of a sentence's first line, to find where it ends in the body."""
    return sentence.split("\n")[0].strip()[-8:].strip()


def _entity_link(escaped_name, urls):
    url = escape(urls[escaped_name])
    return f'<a class="entity" href="{url}"><mark>{escaped_name}</mark></a>'


def paragraphs_html(lines):
    """Plain lines of text as HTML paragraphs, escaped (a body with no Markdown)."""
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line.strip())
