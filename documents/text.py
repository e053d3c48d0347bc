"""Korean text helpers shared by the parser and the models: no database, no I/O."""

import functools
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


@functools.lru_cache(maxsize=16384)  # a pure function of a string, asked again and again
def normalize_name(name):
    """The matching key of a name: NFC, no spacing, middle dots, brackets or trailing (안)."""
    text = unicodedata.normalize("NFC", name)
    # Wrappers first, so that "…전략(안)」" loses its bracket and then its draft mark.
    text = text.strip().strip(NAME_WRAPPERS).strip()
    text, _ = strip_draft_suffix(text)
    return _NAME_NOISE.sub("", text).casefold()


def clean_name(name):
    """A name as shown: NFC, one space between words, no wrapping bracket or quote left
    over from a clipped quotation ("｢글로벌 CBPR 포럼" → "글로벌 CBPR 포럼")."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    return text.strip(NAME_WRAPPERS).strip()


def canonical_spelling(counts, current=""):
    """The name to show among the spellings of one name (``counts``: form as written →
    number of releases that wrote it so): the most common once cleaned, a form written in
    title brackets (「…」) counting double; on a tie ``current`` (so that a name does not
    flip between equals), then the one with fewer spaces."""
    weights = {}
    for form, count in counts.items():
        shown = clean_name(form)
        weights[shown] = weights.get(shown, 0) + count * (2 if form[:1] in TITLE_BRACKETS else 1)
    if not weights:
        return ""
    return max(weights, key=lambda shown: (weights[shown], shown == current, -shown.count(" ")))


# Brackets that mark an official title in a release (「전략」): a form written inside them is
# the title as its authors spell it.
TITLE_BRACKETS = "「『｢"

# Words that name a sitting, not a body: a body name needs something before them.
MEETING_WORDS = ("회의", "정례회의", "정기회의", "임시회의", "전체회의", "본회의", "회의체",
                 "위원회", "협의회", "간담회", "포럼", "대회", "총회", "세미나")  # fmt: skip
SESSION_MODIFIERS = re.compile(r"^(제?\d+(차|회)|정례|정기|임시|전체|본|합동|영상|서면)+")
# Nouns a body name ends in, and the particles that follow a noun inside a sentence: a
# "name" ending in noun + particle ("경연대회의") is a clipped sentence, not a name.
BODY_HEADS = ("위원회", "대회", "협의회", "간담회", "포럼", "회의", "총회", "추진단", "센터")
PARTICLES = ("의", "에서", "에", "와", "과", "를", "을", "은", "는", "이", "가", "로", "으로")
_PARTICLE_END = re.compile(f"({'|'.join(BODY_HEADS)})({'|'.join(PARTICLES)})$")
MAX_BODY_NAME = 60
DATE_FRAGMENT = re.compile(r"[‘’']\d{2}\b|\d{1,4}\.\s*\d{1,2}\.")


def committee_name_problem(name):
    """Why ``name`` cannot be a deliberative body's name ("" if it can): what the parser
    found was a fragment of a sentence rather than a name."""
    name = clean_name(name)
    key = normalize_name(name)
    if len(key) < 3:
        return "too short to be a body's name"
    if len(name) > MAX_BODY_NAME:
        return f"longer than {MAX_BODY_NAME} characters: a sentence, not a name"
    if not name[0].isalnum():
        return "does not begin with a word"
    if DATE_FRAGMENT.search(name):
        return "holds a date: a piece of a sentence, not a name"
    if SESSION_MODIFIERS.sub("", key) in MEETING_WORDS or key in MEETING_WORDS:
        return "names a kind of sitting, not which body holds it"
    if _PARTICLE_END.search(key):
        return "ends in a particle: a clipped sentence"
    return ""
