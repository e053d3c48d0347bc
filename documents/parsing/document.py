"""What the field extractors share: the text, its sentences, its date and the directory."""

import bisect
import functools
import re
from dataclasses import dataclass, field

from .records import Evidence


@dataclass
class Document:
    """What the extractors share: the text, its sentences, date and the directory."""

    text: str
    sentences: list  # layout.Span
    directory: object
    lines: list = field(default_factory=list)  # content lines, for tables
    header_lines: list = field(default_factory=list)  # metadata lines: contacts stand there
    date: object = None
    years: list = field(default_factory=list)
    title: str = ""
    subtitles: list = field(default_factory=list)
    _starts: list = None
    named_sentences: list = None  # sentences that may name policies (policies.py)

    def evidence(self, sentence):
        return Evidence(sentence.start, sentence.end, sentence.text)

    def sentence_at(self, offset):
        """The sentence that holds ``offset``, or None."""
        index = self.index_at(offset)
        sentence = self.sentences[index] if index is not None else None
        return sentence if sentence is not None and offset < sentence.end else None

    def index_at(self, offset):
        """The index of the last sentence starting at or before ``offset``."""
        if self._starts is None:
            self._starts = [s.start for s in self.sentences]
        index = bisect.bisect_right(self._starts, offset) - 1
        return index if index >= 0 else None


@functools.lru_cache(maxsize=16384)
def flat(text):
    """One line: wrapped sentences read as one."""
    return re.sub(r"\s+", " ", text).strip()
