"""The press-release parser: pure Python, text in, dataclasses out (see ``parse_release``)."""

from .decoding import UnreadableInput
from .release import parse_release

__all__ = ["UnreadableInput", "parse_release"]
