"""The press-release parser: pure Python, text in, dataclasses out (see ``parse_release``)."""

from .decoding import UnreadableInput
from .release import ParseFailure, parse_release

__all__ = ["ParseFailure", "UnreadableInput", "parse_release"]
