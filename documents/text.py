"""Korean text helpers shared by the parser and the models: no database, no I/O."""

import re
import unicodedata

# Brackets and quotes that wrap a name without being part of it: 「」 『』 ｢｣ 【】 《》 〈〉 < >
# and the straight and curly quotes press releases use interchangeably.
NAME_WRAPPERS = "「」『』｢｣【】《》〈〉<>‘’“”'\"`"
# Middle dots come in several code points (U+00B7, U+2027, U+318D, U+30FB, U+2219) and are
# often lost altogether in copies (기초‧원천 / 기초원천), so a key ignores them.
MIDDLE_DOTS = "·‧ㆍ・∙•"
DRAFT_SUFFIX = re.compile(r"\(\s*안\s*\)\s*$")
_NAME_NOISE = re.compile(f"[\\s{re.escape(NAME_WRAPPERS + MIDDLE_DOTS)}]+")


def strip_draft_suffix(name):
    """Return (name without a trailing "(안)", whether it had one)."""
    stripped = DRAFT_SUFFIX.sub("", name.rstrip())
    return stripped.rstrip(), stripped != name.rstrip()


def normalize_name(name):
    """The matching key of a name: NFC, no spacing, middle dots, brackets or trailing (안)."""
    text = unicodedata.normalize("NFC", name)
    # Wrappers first, so that "…전략(안)」" loses its bracket and then its draft mark.
    text = text.strip().strip(NAME_WRAPPERS).strip()
    text, _ = strip_draft_suffix(text)
    return _NAME_NOISE.sub("", text).casefold()
