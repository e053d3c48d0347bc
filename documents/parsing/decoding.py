"""From a file's bytes to text: encoding detection, binary rejection, HTML reduced to text."""

import codecs
import re
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
    """Collects the visible text of a page: blocks become lines, inline runs join as is."""

    SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
    BLOCKS = {
        "p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "section", "article", "header", "footer", "blockquote", "pre", "ul", "ol", "dd", "dt",
        "title", "hr", "nav", "aside", "main", "form",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.skipping = 0  # a page that never closes <head> still shows its body
        elif tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in {"br", "hr"}:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html):
    """The visible text of an HTML document; scripts, styles and markup dropped."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return "".join(extractor.parts)
