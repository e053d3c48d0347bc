"""Names of strategies, programs and centers: where they stand, how to clean them, what
kind of thing their head noun makes them, and when two spellings name one thing."""

import functools
import re

from documents.text import normalize_name, strip_draft_suffix

# Head nouns, longest first: the last word of a name says what it names.
STRATEGY_HEADS = ("전략지도", "로드맵", "이니셔티브", "전략", "계획", "방안", "방향", "대책")
PROGRAM_HEADS = (
    "중개연구단", "사업단", "연구단", "프로젝트", "프로그램", "바우처", "펀드", "기금", "사업",
)  # fmt: skip
# Heads of programs that are also everyday words (a 시스템, a 서비스, a 제도): a name ending
# in one is a program only when the text quotes or brackets it as a name.
QUOTED_PROGRAM_HEADS = (
    "플랫폼", "포털", "시스템", "서비스", "챌린지", "경진대회", "네트워크", "얼라이언스",
    "상품", "제도", "포상제", "검토제", "이용권",
)  # fmt: skip
CENTER_HEADS = (
    "거점센터", "헬프데스크", "센터", "본부", "연구소", "캠퍼스", "허브", "거점", "밸리",
)  # fmt: skip
ALL_HEADS = sorted(STRATEGY_HEADS + PROGRAM_HEADS + CENTER_HEADS, key=len, reverse=True)
# Heads that name a center even without brackets around the name.
OPEN_CENTER_HEADS = ("거점센터", "헬프데스크", "센터", "캠퍼스")

# Quoted names: 「」 『』 ｢｣ ‘’ and straight quotes; “” mostly quote speech, so not here.
_QUOTED = re.compile(
    r"「([^「」\n]{2,120})」|『([^『』\n]{2,120})』|｢([^｢｣\n]{2,120})｣|‘([^‘’\n]{2,80})’|'([^'\n]{2,60})'"
)
# Converted text sometimes opens a quote with the closing mark: "위한 ’연구장비 활용
# 이용권(바우처) 사업‘," or "위한 ’이후의(포스트) … 기술개발(R&D)’,". Such a quote opens
# after a space or a comma and holds a name that starts with a letter (’21년 is a year).
_GARBLED_QUOTE = re.compile(
    r"(?:^|(?<=[\s,(]))’([가-힣A-Za-z][^‘’'\n]{3,60}?)[‘’](?=[\s,.)을를이가은는와과의에]|$)"
)
_PROVISIONAL = re.compile(r"^\(\s*가칭\s*\)\s*")
_TRAILING_NOTE = re.compile(r"[*＊]+$")
# A trailing bracket that dates or places a name rather than being part of it:
# (’23.11월, 국가과학기술자문회의 전원회의), (’20.10.), (국회, ‘25.1)
_TRAILING_META = re.compile(r"\s*\((?:[^()]*(?:[’‘']\d{2}|\d{4}|\d+월|회의|위원회)[^()]*|)\)?\s*$")
_UNBALANCED_TAIL = re.compile(r"\s*\([^()]*$")
_LEADING_COUNT = re.compile(r"^(?:\d+|[一-龥]+)\s*(?:개|대|개의)\s+")
_MARKERS = re.compile(r"^[\s□■ㅇ\-*※△▲▸▶◈•●◦▪◆◇○☞①-⑳❶-❿➀-➉➡→⇒➔]+")
# What may stand before a name on its line and is not part of it, stripped in turn:
# HWP private-use bullets (U+E000…, U+F0000…), Markdown heading marks, heading numbers
# (Ⅲ. 1. 가.), attachment labels ([별첨5], [참고1], the "1>" left of <안건 1>), a file's
# date (251222), a time (10:00 /), a day (18일(금)), a short stage label ((2단계), not
# (가칭)) and a leading connective or determiner (아울러, 특히, 상기, 이번, 동).
_LEADING_NOISE = re.compile(
    r"^(?:[\ue000-\uf8ff\U000f0000-\U000ffffd]+\s*"
    r"|#{1,6}\s*"
    r"|(?:[IVX]{1,4}|[Ⅰ-Ⅻ]|\d{1,2}|[가-하])\s*[.)]\s+"
    r"|\[[^\[\]]{1,8}\]\s*"
    r"|\d{1,2}\s*>\s*"
    r"|\d{6}(?!\d)\s*"
    r"|\d{1,2}:\d{2}\s*/?\s*"
    r"|\d{1,2}일\s*\([월화수목금토일]\)\s*"
    r"|\((?!\s*가칭)[^()]{1,6}\)\s*"
    r"|(?:아울러|특히|상기|이번|금번|동|또한|한편|이에|먼저|우선|본|해당)\s+)"
)
_OPERATOR_ASIDE = re.compile(r"\s+\([^()]*(?:원|청|부|처|위원회|공사|공단|재단|협회|은행|센터)\)$")
# A plan's period is part of its name: 산업기술혁신계획('24∼'28), 투자전략(2023~2027).
_PERIOD = re.compile(r"\(\s*[’'‘]?\d{2,4}\s*[~∼\-–]\s*[’'‘]?\d{2,4}\s*\)\s*$")


@functools.lru_cache(maxsize=8192)
def clean_name(raw):
    """Strip markers, brackets, footnote stars, dating brackets; report (안) and (가칭)."""
    text = re.sub(r"\s+", " ", raw).strip()
    # "시범사업(이하 전자고지 지원사업)": the alias is another name, not part of this one.
    text = re.sub(r"\s*\(\s*이하[^()]*\)", "", text)
    text = _MARKERS.sub("", text).strip("「」『』｢｣‘’'\"“” ")
    previous = None
    while previous != text:
        previous = text
        text = _MARKERS.sub("", _LEADING_NOISE.sub("", text)).strip("「」『』｢｣‘’'\"“” ")
    provisional = bool(_PROVISIONAL.match(text))
    text = _PROVISIONAL.sub("", text)
    text = _TRAILING_NOTE.sub("", text).strip()
    previous = None
    while previous != text:
        previous = text
        text, _ = strip_draft_suffix(text)
        stripped = text if _PERIOD.search(text) else _TRAILING_META.sub("", text).strip()
        # Keep a bracket that is part of the name, e.g. "전환(AX) 전략", never strip to nothing.
        if stripped and stripped != text and re.search(r"\d|회의|위원회", text[len(stripped) :]):
            text = stripped
    # "… 플랫폼 (한국신용정보원)": a spaced bracket naming who runs it is an aside.
    text = _OPERATOR_ASIDE.sub("", text).strip()
    draft = "(안)" in raw.replace(" ", "")
    text = _UNBALANCED_TAIL.sub("", text).strip()
    text, had_draft = strip_draft_suffix(text)
    return _last_repetition(text).strip(" ,·"), draft or had_draft, provisional


def _last_repetition(text):
    """A cover page repeats its title ("… 2018년도 정부연구개발 투자방향 및 기준 2018년도
    정부연구개발 투자방향 및 기준"): a name written twice in a row is written once."""
    words = text.split()
    for size in range(2, len(words) // 2 + 1):
        if words[-size:] == words[-2 * size : -size]:
            return " ".join(words[-size:])
    return text


# A closing bracket or quote whose opening one was lost in copying: "이는 양자
# 추진전략(퀀텀 이니셔티브)’ 후속 조치" (’ after a name's last letter, not ’24's).
_LOST_OPENING = re.compile(r"」|(?<=[가-힣A-Za-z)])’(?!\s*\d)")


def quoted_names(text):
    """Every bracketed or quoted name in ``text``: (raw inner text, start, end). A closing
    」 whose opening bracket was lost in copying closes the noun phrase before it."""
    for match in _QUOTED.finditer(text):
        group = match.lastindex  # each kind of quote is one alternative with one group
        yield match.group(group), match.start(group), match.end(group)
    if "’" not in text and "」" not in text:
        return  # what the two repairs below start from (their patterns try every offset)
    for match in _GARBLED_QUOTE.finditer(text):
        yield match.group(1), match.start(1), match.end(1)
    for match in _LOST_OPENING.finditer(text):
        before = text[: match.start()]
        opener = "「" if match.group() == "」" else "‘"
        closers = len(re.findall(r"’(?!\s*\d)", before)) if opener == "‘" else before.count("」")
        if before.count(opener) < closers + 1:
            phrase = phrase_before(text, match.start())
            if phrase:
                yield phrase, match.start() - len(phrase), match.start()


@functools.lru_cache(maxsize=8192)
def core(name):
    """The part of a name that carries its head: before " - " and outside brackets."""
    text, _ = strip_draft_suffix(name.split(" - ")[0])
    return re.sub(r"\([^()]*\)$", "", text.strip()).strip()


_SPLIT_MAP_HEAD = re.compile(r"(^|\s)전략\s+지도$")
_BRACKETED_HEAD = re.compile(r"[가-힣]+\(([^()]+)\)$")
_SERIES_YEAR = re.compile(r"\s(?:19|20)\d{2}$")
_DIRECTION_AND_STANDARDS = re.compile(r"방향\s*(?:과|및)\s*기준$")


def _joined_heads(text):
    """ "전략 지도" written apart is still the head 전략지도 ("협력전략 지도" is not)."""
    return _SPLIT_MAP_HEAD.sub(r"\1전략지도", text) if "지도" in text else text


def _head_forms(name):
    """The name without its trailing bracket (사업(NEXT UNICORN Project) → 사업) and with
    the bracket in place of the word before it (과제(프로젝트) → 프로젝트: plain-language
    rewrites keep the familiar word in brackets); yielded one at a time, as head_of
    mostly stops at the first."""
    name_core = core(name)
    yield _joined_heads(name_core)
    text, _ = strip_draft_suffix(name.split(" - ")[0])
    yield _joined_heads(_BRACKETED_HEAD.sub(r"\1", text.strip()))
    # A series names its year after the head: "K-사이버 시큐리티 챌린지 2019".
    yield _joined_heads(_SERIES_YEAR.sub("", name_core))
    # The yearly "투자방향 및 기준" is a 방향 whatever standards it adds.
    yield _joined_heads(_DIRECTION_AND_STANDARDS.sub("방향", name_core))


@functools.lru_cache(maxsize=8192)
def head_of(name, heads):
    """The head noun of ``name`` among ``heads``, or None. The head ends the last word:
    "협력전략 지도" is a 지도, not a 전략지도."""
    for form in _head_forms(name):
        words = form.split()
        last = words[-1] if words else ""
        for head in heads:
            if last.endswith(head):
                return head
    return None


@functools.lru_cache(maxsize=8192)
def kind_of(name):
    """ "strategy", "program", "center" or None, by the name's head noun."""
    if head_of(name, STRATEGY_HEADS):
        return "strategy"
    if head_of(name, CENTER_HEADS):
        return "center"
    if head_of(name, PROGRAM_HEADS):
        return "program"
    return None


@functools.lru_cache(maxsize=8192)
def matching_key(name):
    """The key under which two spellings of one name are equal, brackets rewritten."""
    rewritten = re.sub(r"[가-힣]+\(([^()]*[A-Za-z가-힣][^()]*)\)", r"\1", name)
    return normalize_name(rewritten)


def bigrams(text):
    key = normalize_name(text)
    return {key[i : i + 2] for i in range(len(key) - 1)} or {key}


def similarity(first, second):
    """Dice similarity of two names' character pairs: 1.0 for the same name."""
    a, b = bigrams(core(first)), bigrams(core(second))
    return 2 * len(a & b) / (len(a) + len(b))


def is_subsequence(short, long):
    """Whether ``short``'s key reads inside ``long``'s key with letters left out."""
    remaining = iter(normalize_name(long))
    return all(char in remaining for char in normalize_name(short))


# Words that do not make a name specific: a name of only these and a head is generic.
GENERIC_WORDS = {
    "이번", "이러한", "동", "본", "해당", "각", "관련", "주요", "세부", "향후", "전체", "신규",
    "기존", "협력", "운영", "추진", "투자", "지원", "종합", "구체적인", "지속적인", "전략적",
    "새로운", "다양한", "중장기", "및", "등", "별도", "후속", "기본", "정책", "실행", "이행",
    "동향", "해외", "국내", "다른", "현지", "내역", "핵심", "대표", "개별", "연관", "일반",
    "대규모", "대형", "소규모", "시범", "선도", "글로벌", "구축", "개선", "마련", "수립",
    "대응", "개선방안",
    "전략", "계획", "방안", "방향", "사업", "과제", "센터", "총괄", "겸", "권역별", "부처별",
    "분야별",
}  # fmt: skip
_PARTICLE_END = re.compile(
    r"(?:은|는|이|가|을|를|의|에|와|과|로|도|만|께|에서|으로|까지|부터|에게|하는|하고|하여|한|된|"
    r"되는|위한|통한|있는|없는|및|등|겸|라는|이라는|위해|통해|대해|하기|위하여|따라|결국|"
    r"할|될|친|해|운|른|던|하며|하고|으며|인)$"
)


DETERMINERS = {
    "이번",
    "이러한",
    "동",
    "본",
    "해당",
    "각",
    "이",
    "그",
    "다른",
    "새로운",
    "기존",
    "총",
}
# Words at which a noun phrase read backwards stops: 과기정통부 소관 | 원천기술개발사업.
_PHRASE_STOPS = {"및", "등", "겸", "또는", "그리고", "소관", "대상", "대상의", "통해"}


# Nouns that end in a syllable that is also a particle (성과 / 과, 국가 / 가, 회의 / 의).
PARTICLE_LIKE_NOUNS = (
    "성과", "결과", "효과", "교과", "분야", "국가", "평가", "전문가", "물가", "회의", "협의",
    "논의", "합의", "심의", "의의", "창의", "제도", "지도", "정도", "속도", "시도", "용도",
    "인도", "경로", "진로", "차이", "사이", "연구소", "거점", "체계", "협력체", "외국인",
    "개인", "원인", "법인",
)  # fmt: skip


def ends_with_particle(word):
    """Whether ``word`` ends in a particle or verb ending rather than being a bare noun.
    A two-syllable word ending in 도/가/이/과/의/로 is nearly always a noun (선도, 국가)."""
    match = _PARTICLE_END.search(word)
    if match is None or word.endswith(PARTICLE_LIKE_NOUNS):
        return False
    return not (match.group() in {"도", "가", "이", "과", "의", "로"} and len(word) <= 2)


@functools.lru_cache(maxsize=8192)
def is_generic(name):
    """Whether a name says only what kind of thing it is (신규사업, 해외센터, 협력 방안)."""
    words = [w for w in re.split(r"[\s·‧]+", core(name)) if w]
    if not words:
        return True
    if len(words) == 1:
        head = next((h for h in ALL_HEADS if words[0].endswith(h)), "")
        stem = words[0][: len(words[0]) - len(head)]
        return not stem or stem in GENERIC_WORDS
    # An ordinal or a count says which round or how many, not which thing: "1차 펀드" and
    # "7대 대표 과제(프로젝트)" are generic, while the stem grown onto the head ("1차
    # 메가프로젝트") or a specific word ("인공 지능 민생 10대 과제") makes a name.
    meaningful = [
        w
        for w in words[:-1]
        if w not in GENERIC_WORDS and not w.isdigit() and not re.fullmatch(r"제?\d+[차대]", w)
    ]
    last = words[-1]
    head = next((h for h in ALL_HEADS if last.endswith(h)), "")
    stem = last[: len(last) - len(head)] if head else last
    return not meaningful and (not stem or stem in GENERIC_WORDS)


_QUOTATION_MARK = re.compile(r"[“”\"]")
_YEAR = re.compile(r"\d+년도?")
_YEAR_OR_MONTH = re.compile(r"(?:19|20)\d{2}년도?|\d+월")
_MARKED = re.compile(r"^[□ㅇ\-*※△▲▸◈•●①-⑳❶-❿➀-➉]")


def phrase_before(text, end, max_words=6):
    """The noun phrase of ``text`` that ends at ``end``: words back to a particle or comma."""
    words = []
    tokens = text[:end].split()  # the runs of non-space letters, as \S+ finds them
    for index in range(len(tokens) - 1, -1, -1):
        word = tokens[index]
        joined = index > 0 and _joins_names(tokens[index - 1])
        if word == "및" and len(words) >= 2 and joined:
            # "부담완화 및 소비자 선택권 보장방안": 및 inside one plan's name, between nouns.
            words.insert(0, word)
            continue
        if words and _QUOTATION_MARK.search(word):
            # A quotation mark inside a word starts the phrase: 주관한“2010년 → 2010년.
            word = _QUOTATION_MARK.split(word)[-1]
            if word and not _YEAR.fullmatch(word) and not ends_with_particle(word):
                words.insert(0, word)
            break
        if words and _YEAR_OR_MONTH.fullmatch(word):
            break  # a date starts the sentence's time, not the name
        closes_aside = word.endswith(")") and "(" not in word  # "(A/S" … ")" spans words
        if words and (ends_with_particle(word) or word.endswith((",", ".", "」", "’", ":"))):
            break
        if words and closes_aside:
            break
        if word.startswith(("(", "「", "‘", "【")):
            # A bracket that opens here holds this phrase ("(A/S 바우처" → "A/S 바우처");
            # a whole bracketed word before it is a label ("(지식재산)"), not part of it.
            stripped = word.lstrip("(「‘【")
            if ")" not in word and stripped and not ends_with_particle(stripped):
                words.insert(0, stripped)
            break
        if words and word in _PHRASE_STOPS:
            break
        if _MARKED.match(word):
            word = _MARKERS.sub("", word)
            if word:
                words.insert(0, word)
            break
        words.insert(0, word)
        if len(words) - words.count("및") >= max_words:
            break
    while words and words[0] in DETERMINERS:
        words.pop(0)
    phrase = " ".join(words).lstrip("(「‘*※ ")
    return _LEADING_COUNT.sub("", phrase)


# What a name never holds or starts with: list markers inside (a run of items read as
# one), an alias label (이하 …), sums of budget kinds (일반+특별+기금), a lone syllable
# left of a cut (중 첨단기금), and 보증기금, which names an institution (신용보증기금).
_BAD_NAME = re.compile(
    r"[①-⑳❶-❿➀-➉\ue000-\uf8ff\U000f0000-\U000ffffd]|^이하\s|[가-힣]\+[가-힣]|보증기금$"
    # a leading connective word, a venue (…소재 정동1928아트센터, 컨벤션센터), a count of
    # units (2 실 10 단 7 센터)
    r"|^(?:등|및|의|등의|통해|위한)\s|소재\s|컨벤션\s?센터$|아트\s?센터$|체험관$"
    r"|\d+\s*(?:실|단|과|팀|국)\s+\d+\s*(?:실|단|과|팀|국|센터)"
    # a particle standing as a word: a page copy broke "공공기관이" into "공공기관 이"
    r"|\s(?:이|가|을|를|은|는|의|에|와|과|도|로)\s"
)


# R&D in general is no program (CONVENTIONS): 연구개발사업, 국가연구개발사업, R&D 사업.
_GENERIC_PROGRAM_STEMS = {
    "연구개발", "국가연구개발", "정부연구개발", "r&d", "기술개발", "국가r&d", "정부r&d",
}  # fmt: skip


def is_generic_program(name):
    """Whether a program name is only R&D in general and its head."""
    head = head_of(name, PROGRAM_HEADS) or ""
    stem = normalize_name(core(name))[: -len(head) or None] if head else ""
    return stem.lower() in _GENERIC_PROGRAM_STEMS


# A lone syllable before a space starts an unquoted phrase read from a cut ("중 첨단기금");
# between quotes it is a word of the name ("핵 더 챌린지").
_LONE_SYLLABLE = re.compile(r"^[가-힣]\s")


def is_well_bounded(name, quoted=False):
    """Whether a candidate reads as one name, not a cut or a run of several."""
    return not _BAD_NAME.search(name) and (quoted or not _LONE_SYLLABLE.search(name))


_NOUN_WORD = re.compile(r"[가-힣A-Za-z]{2,}")


def _joins_names(word):
    """Whether ``word`` before 및 is a bare noun that the name goes on from."""
    return bool(_NOUN_WORD.fullmatch(word)) and not ends_with_particle(word)


_INNER_COUNT = re.compile(r"\S\s+\d+\s*(?:개|건)(?:\s|$)")


def has_inner_count(name):
    """Whether a count of things stands inside a phrase ("현재 102개 센터", "지능화 3개
    사업"): that makes it a tally, not a name (while "10대 과제" is part of a name)."""
    return bool(_INNER_COUNT.search(name))


def has_inflected_word(name):
    """Whether a word inside ``name`` carries a particle or verb ending: prose, not a name."""
    words = [w for w in core(name).split() if w != "및"]  # 및 joins nouns of one name
    return any(ends_with_particle(word) or word.endswith(("인", "적인")) for word in words[:-1])
