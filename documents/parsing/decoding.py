"""From a file's bytes to text: encoding detection, binary rejection, HTML reduced to text."""

import codecs
import re
from collections import Counter
from html.parser import HTMLParser


class UnreadableInput(ValueError):
    """The bytes cannot be read as a press release; the message is one line for the user."""


# Bytes that never occur in text: a file holding them is binary, not a damaged release.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_HTML_MARKERS = re.compile(
    r"<\s*(?:html|body|head|p|div|span|br|table|td|script|style|meta|article|section)\b", re.I
)


def decode(data):
    """Return (text, warnings) for a file's bytes, or raise UnreadableInput."""
    if not data or not data.strip():
        raise UnreadableInput("empty file")
    if len(_BINARY_BYTES.findall(data[:65536])) > 8:
        raise UnreadableInput("binary file: not a text document")
    warnings = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    text = _decode_bytes(data, warnings)
    if looks_like_html(text):
        text = html_to_text(text)
        warnings.append("HTML reduced to its text")
    return text, warnings


def _decode_bytes(data, warnings):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Excerpts are often cut mid-character: UTF-8 that fails only at its very end.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError:
        pass
    else:
        warnings.append("truncated UTF-8 character at the end dropped")
        return text
    # Korean pages not in UTF-8 are in CP949 (a superset of EUC-KR).
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        pass
    else:
        warnings.append("decoded as CP949/EUC-KR")
        return text
    text = data.decode("utf-8", errors="replace")
    warnings.append(f"{text.count(chr(0xFFFD))} undecodable byte sequences replaced")
    return text


def looks_like_html(text):
    return len(_HTML_MARKERS.findall(text[:20000])) >= 2


class _TextExtractor(HTMLParser):
    """Collects the visible text of a page: blocks become lines, inline runs join as is.

    What a SKIPPED element holds is set aside and dropped when the element closes. One
    never closed would take the rest of the page with it (an unclosed <svg> or <iframe>
    cut a 1,169-character release to 90), so at the end of the page what an unclosed
    element set aside is kept as text; ``dropped`` and ``unclosed`` say what went where."""

    SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
    BLOCKS = {
        "p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "section", "article", "header", "footer", "blockquote", "pre", "ul", "ol", "dd", "dt",
        "title", "hr", "nav", "aside", "main", "form",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        # (tag, the parts set aside inside it) for each SKIPPED element open, innermost last.
        self.open_skipped = []
        self.dropped = Counter()
        self.unclosed = []

    @property
    def out(self):
        return self.open_skipped[-1][1] if self.open_skipped else self.parts

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            # A page that never closes <head> still shows its body.
            while self.open_skipped and self.open_skipped[-1][0] == "head":
                self._close_skipped()
        elif tag in self.SKIPPED:
            self.open_skipped.append((tag, []))
        elif tag in self.BLOCKS:
            self.out.append("\n")
        elif tag in {"td", "th"}:
            self.out.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in {"br", "hr"}:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            if any(open_tag == tag for open_tag, _ in self.open_skipped):
                while self._close_skipped() != tag:
                    pass
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        self.out.append(data)

    def _close_skipped(self):
        tag, _ = self.open_skipped.pop()
        self.dropped[tag] += 1
        return tag

    def close(self):
        super().close()
        # Outermost first: each unclosed element's text goes back where it began.
        while self.open_skipped:
            tag, held = self.open_skipped.pop()
            if tag in self.CDATA_CONTENT_ELEMENTS:
                # The rest of the page was read as the script's raw source: read it as HTML.
                held = [_extract(self, "".join(held))]
            self.out.append("".join(held))
            self.unclosed.append(tag)


def _extract(extractor, html):
    inner = _TextExtractor()
    inner.feed(html)
    inner.close()
    extractor.dropped.update(inner.dropped)
    extractor.unclosed.extend(inner.unclosed)
    return "".join(inner.parts)


def html_to_text(html, with_dropped=False):
    """The visible text of an HTML document; scripts, styles and markup dropped. With
    ``with_dropped``, (text, a note naming the elements dropped and those kept as text
    because they were never closed, or "")."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    text = "".join(extractor.parts)
    if not with_dropped:
        return text
    notes = []
    if extractor.dropped:
        counted = ", ".join(f"{n} <{tag}>" for tag, n in sorted(extractor.dropped.items()))
        notes.append(f"dropped {counted}")
    if extractor.unclosed:
        tags = ", ".join(f"<{tag}>" for tag in sorted(set(extractor.unclosed)))
        notes.append(f"unclosed {tags} kept as text")
    return text, "; ".join(notes)
