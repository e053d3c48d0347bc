"""Strategies (with tasks and relations), programs (with budgets) and centers."""

import bisect
import functools
import re

from . import names
from .document import flat
from .ministries import resolve_ministry
from .records import (
    CenterRecord,
    ProgramRecord,
    StrategyRecord,
    TaskRecord,
)

_ENUMERATION_END = re.compile(
    r"(?:의|이라는|라는|등)?\s*(?P<count>\d+|[두세네]|다섯)\s*(?:대|가지|개)\s*(?:추진\s*)?(?:전략|과제|추진과제|기반|분야|축|목표)"
)
# What every enumeration's end holds, a count and its unit: looked for first, for the
# pattern above, led by an optional word, is tried at every offset.
_ENUMERATION_COUNT = re.compile(r"(?:\d+|[두세네]|다섯)\s*(?:대|가지|개)")
_ENUM_MARK = re.compile(r"[①-⑳❶-❿➀-➉△▲]")
_LINE_TASK = re.compile(r"^(?P<label>[❶-❿①-⑳➀-➉])\s*(?P<title>.+)$")
_PILLAR_HEADER = re.compile(r"^【\s*(?P<title>.*?전략\s*(?P<n>[①-⑳\d]).*?)\s*】$")
_FOLLOW_UP = re.compile(r"에\s*따른\s*후속|의\s*후속\s*조치|후속\s*조치로")


# A line that is no name standing alone: a sentence, or a line holding quotes or brackets.
_NOT_A_NAME_LINE = re.compile(r"[.。!?]$|다$|[「『｢‘'\[<【]|\(\)")
_NUMBER_OR_BRACKET_FIRST = re.compile(r"^[\d(]")
_PLANS_JOINED = re.compile(r"(?<=[략획안향])(?:과|와)\s+")  # 전략과 계획: two names


def _candidate_names(doc):
    """Quoted names, names standing alone on a line (blog headings), and unbracketed
    noun phrases ending in a head noun (plans only where the text quotes none)."""
    quoted_strategy = False
    for sentence in _named_sentences(doc):
        # Page copies break lines inside brackets ("「\nAI 기반 … 플랫폼\n」"): read the
        # sentence with its line breaks as spaces, which keeps every offset.
        one_line = sentence.text.replace("\n", " ")
        for raw, start, end in names.quoted_names(one_line):
            quoted_strategy = (
                quoted_strategy or names.kind_of(names.clean_name(raw)[0]) == "strategy"
            )
            if parts := _owned_program(raw) or _selected_program(raw):
                for part in parts:
                    at = max(start, one_line.find(part, start))
                    yield part, sentence, sentence.start + at, "program"
                continue
            if _TOPIC.match(one_line[end:]):
                continue  # "‘LLM 기반 … 요약 시스템’을 주제로": an entry's topic, no record
            kind = _quoted_kind(raw, one_line, end, start)
            yield raw, sentence, sentence.start + start, kind
        # A heading's number is no part of the name it heads: "2. 자동차보험 … 보장방안".
        line = _HEADING_NUMBER.sub("", flat(sentence.text))
        if len(line) > 60 or _NOT_A_NAME_LINE.search(line) or _NUMBER_OR_BRACKET_FIRST.match(line):
            continue
        for piece in _PLANS_JOINED.split(line):
            if names.kind_of(piece) and not names.has_inflected_word(piece):
                yield piece, sentence, sentence.start, None
    for found in _unquoted_names(doc, names.PROGRAM_HEADS, _specific_program):
        yield *found, None
    for found in _bracketed_programs(doc):
        yield *found, None
    for found in _listed_programs(doc):
        yield *found, _LISTED
    for found in _provisional_programs(doc):
        yield *found, _LISTED
    for found in _bulleted_programs(doc):
        yield *found, _LISTED
    for found in _counted_programs(doc):
        yield *found, "program"
    for found in _ministry_run_programs(doc):
        yield *found, _LISTED
    for found in _bracketed_head_programs(doc):
        yield *found, _LISTED
    if not quoted_strategy:
        for found in _unquoted_names(doc, names.STRATEGY_HEADS, _specific_strategy):
            yield *found, None
    for found in _dated_plans(doc):
        yield *found, None
    for found in _announced_plans(doc):
        yield *found, None


# A plan in a record of what was done, dated: "11대 분야별 초격차 로드맵 마련(’24.5)",
# "초격차산업융합로드맵수립('24.12)".
_DATED_PLAN = re.compile(
    "(?:" + "|".join(names.STRATEGY_HEADS) + r")(?=\s*(?:마련|수립|발표|확정)\s*\(\s*[’'‘]\d{2}\.)"
)


# A plan the text says was announced or adopted, its head a word of its own: "지난 3월
# 첨단전략산업기금 신설 방안을 발표하였으며" (page copies: "방안\n을\n발표").
_ANNOUNCED_PLAN = re.compile(
    # The first lookahead (a head's first letter) changes no match: it spares the engine the
    # look-behind at every other letter.
    "(?=[" + "".join(sorted({head[0] for head in names.STRATEGY_HEADS})) + "])"
    r"(?<=\s)(?:" + "|".join(names.STRATEGY_HEADS) + r")(?=\s*(?:을|를)\s*(?:발표|수립|확정|의결))"
)


def _announced_plans(doc):
    """Unquoted plans of three words or more named as what was announced or adopted."""
    for sentence in _named_sentences(doc):
        text = sentence.text
        for match in _ANNOUNCED_PLAN.finditer(text):
            phrase = names.phrase_before(text, match.end())
            words = phrase.split()
            first = text.rfind(words[0], 0, match.end()) if words else 0
            counted = re.search(r"\d+\s*개\s*$", text[max(0, first - 6) : first])
            specific = (
                not counted  # "총 7개 분야 글로벌 R&D 전략지도": plans of a kind, counted
                and len(words) >= 3
                and not names.is_generic(phrase)
                and not names.has_inflected_word(phrase)
                and not words[0].endswith(("적", "별"))
            )
            if specific:
                yield phrase, sentence, sentence.start + match.start()


def _dated_plans(doc):
    """Plans named unquoted before 마련/수립/발표/확정 and the month they were adopted."""
    for sentence in _named_sentences(doc):
        text = sentence.text.replace("\n", " ")
        for match in _DATED_PLAN.finditer(text):
            phrase = names.phrase_before(text, match.end())
            if len(names.normalize_name(phrase)) >= 5 and not names.has_inflected_word(phrase):
                yield phrase, sentence, sentence.start + match.start()


# An action written as a noun ends a task's wording, not a program's name.
_ACTION_END = re.compile(
    r"(?:화|개발|분석|강화|개선|구축|확대|도입|마련|지원|추진|검토|점검|정비|발굴|방지|근절|해소|"
    r"완화|제고|확산|정착|혁신|보호|육성|조성|창출|관리|대응|시행|운영|확충|보완|연계|개편|차단)$"
)
# The kind of a program named by an unquoted form that makes it one (a list, a (가칭)).
_LISTED = "listed program"


# A list of names closed by what they are: "A, B, C 등 13개 사업이 추진될 예정이다",
# "…줄이는 인공 지능 국세 정보 상담사, … 해설하는 국가 유산 인공 지능 해설사 등의 과제".
_LIST_CLOSER = re.compile(
    r"\s*등(?:의)?\s*(?:\d+\s*개\s*)?(?:신규\s*)?(?:사업|과제)(?![단비자별장·‧ㆍ])"
)


def _listed_programs(doc):
    """Each item of a comma list that the text closes with "등 N개 사업"."""
    for sentence in _named_sentences(doc):
        if "사업" not in sentence.text and "과제" not in sentence.text:
            continue
        text = flat(sentence.text)
        for closer in _LIST_CLOSER.finditer(text):
            # The list runs back from its closer to the clause's end mark before it.
            before = text[: closer.start()]
            items = re.split(r",\s*", re.split(r"[.:;]", before)[-1])
            if len(items) < 2:
                continue
            # The first item starts after the clause that introduces the list.
            items[0] = re.split(r"(?:으로|로|는|은|에는|:)\s+", items[0])[-1]
            for item in items:
                name = names.clean_name(item)[0]
                if names.has_inflected_word(name + " 끝"):
                    # "관심사에 따라 … 해설하는 국가 유산 인공 지능 해설사": the noun
                    # phrase after the clause that describes it.
                    name = names.phrase_before(name, len(name))
                bare = re.sub(r"\s및\s", " ", name)
                if closer.group().strip().endswith("과제") and _ACTION_END.search(name):
                    continue  # "정보 조회체계 활성화 … 등의 과제": a task, not a program
                if len(name) >= 4 and not names.has_inflected_word(bare + " 끝"):
                    yield name, sentence, sentence.start + max(0, sentence.text.find(item[:6]))


# A count of programs closing quoted names: "‘A’와 … ‘B’ 2개 사업을 추진", "… 등 6개 사업".
_COUNTED_CLOSER = re.compile(
    r"(?P<etc>등\s*)?(?P<count>\d+)\s*개\s*(?:의\s*)?(?:신규\s*)?사업(?![단비자별장])"
)


# After an item of the list comes the next item or the count, not a particle of place
# ("‘무인‧자율 영역’에서는 … 3개 사업": a domain, not a program).
_LIST_ITEM_END = re.compile(r"^[’'」』｣‘)]*\s*(?:와|과|,|및|등|\d)")


def _counted_programs(doc):
    """The last N quoted names before "N개 사업" (fewer after 등) are the N programs; a
    quoted name earlier in the clause (‘지휘 영역’에서는 …) is left to other rules."""
    for sentence in _named_sentences(doc):
        if "사업" not in sentence.text:
            continue  # what every closer ends in (its pattern is tried at every offset)
        one_line = sentence.text.replace("\n", " ")
        previous_end = 0
        for closer in _COUNTED_CLOSER.finditer(one_line):
            quoted = [
                (raw, start)
                for raw, start, end in names.quoted_names(one_line[: closer.start()])
                if start >= previous_end
                and _LIST_ITEM_END.match(one_line[end : closer.start() + 1])
                and _may_name_a_program(names.clean_name(raw)[0])
            ]
            previous_end = closer.end()
            quoted.sort(key=lambda pair: pair[1])
            for raw, start in quoted[-int(closer["count"]) :]:
                yield raw, sentence, sentence.start + start


# Plain-language rewrites keep the familiar head in brackets after its Korean rendering,
# quoted or not: "인공 지능 전환 지원 이음 터(플랫폼)(제조 인공 지능 24)",
# "기술사업화 전용프로그램(바우처)".
_BRACKETED_HEAD = re.compile(
    # (?=\(): changes no match, spares the look-behind at every letter.
    r"(?=\()(?<=[가-힣])\((?:플랫폼|바우처|프로젝트|프로그램|포털)\)(?P<alias>\([^()]{2,20}\))?"
)


def _bracketed_head_programs(doc):
    """The noun phrase whose head is given in brackets is a program's name."""
    for sentence in _named_sentences(doc):
        text = sentence.text.replace("\n", " ")
        for match in _BRACKETED_HEAD.finditer(text):
            if re.match(r"\s*(?:으로서|로서)", text[match.end() :]):
                continue  # "… 이음 터(플랫폼)로서 회의의 …": a role, not a name
            head_end = match.end() - len(match["alias"] or "")
            phrase = names.phrase_before(text, head_end)
            if not phrase or names.has_inflected_word(phrase) or len(phrase.split()) < 2:
                continue
            name = phrase + (match["alias"] or "")
            if names.is_generic(name) or names.has_inner_count(name):
                continue
            yield name, sentence, sentence.start + text.rfind(phrase, 0, match.end())


def _ministry_run_programs(doc):
    """A list of names each followed by the ministry that runs it: "* 미래기술마당
    (과기정통부), NTB(산업부) 등" (a person or an agency is no such name: two items or more,
    each of five letters or more, or a Latin acronym)."""
    ministry_in_brackets, item = _ministry_run_patterns(doc.directory.ministry_names())
    for sentence in _named_sentences(doc):
        if "(" not in sentence.text or not ministry_in_brackets.search(sentence.text):
            continue  # the item pattern tries each offset: first, is a ministry bracketed?
        found = [m for m in item.finditer(sentence.text) if _names_a_thing(m["name"])]
        if len(found) >= 2:
            for match in found:
                yield match["name"], sentence, sentence.start + match.start("name")


@functools.lru_cache(maxsize=8)
def _ministry_run_patterns(ministry_names):
    """A ministry's name in brackets; a word before such a bracket (compiled once)."""
    ministry = "|".join(re.escape(n) for n in ministry_names)
    return (
        re.compile(r"\((?:" + ministry + r")\)"),
        re.compile(r"(?:^|,\s*|\s)(?P<name>[^\s,()]{2,20})\((?:" + ministry + r")\)"),
    )


def _names_a_thing(word):
    """A word that can name a platform or a program rather than a person: a Latin acronym
    or five Hangul letters or more."""
    word = _MARKER_LEAD.sub("", word)
    if _INSTITUTION.search(word):
        return False  # 한국연구재단(과기정통부), 한국산업기술진흥원(산업부): agencies
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9\-]{1,10}|[가-힣A-Za-z0-9]{5,}", word))


_INSTITUTION = re.compile(r"(?:원|재단|공단|공사|협회|은행|회|센터|대학|학교|부|청|처|소|단)$")


_MARKER_LEAD = re.compile(r"^[*※ㅇ○\-]+")
_BULLET = re.compile(r"[▲△]")


def _bulleted_programs(doc):
    """Items of a ▲/△ list whose head names a program kind (▲사전적정성 검토제,
    ▲규제유예제도(샌드박스)): a list item is written as a name."""
    heads = names.PROGRAM_HEADS + names.QUOTED_PROGRAM_HEADS
    for sentence in _named_sentences(doc):
        if not _BULLET.search(sentence.text):
            continue
        text = flat(sentence.text)
        for piece in _BULLET.split(text)[1:]:
            item = re.split(r",|\s등\s|\s및\s", piece)[0]
            name = names.clean_name(item)[0]
            if names.head_of(name, heads) and not names.has_inflected_word(name):
                yield name, sentence, sentence.start + max(0, sentence.text.find(item[:6]))


_PROVISIONAL_MARK = re.compile(r"\(\s*가칭\s*\)\s*")


def _provisional_programs(doc):
    """A program named after "(가칭)": (가칭)국가양자종합포털 구축."""
    for sentence in doc.sentences:
        if "가칭" not in sentence.text:
            continue
        for match in _PROVISIONAL_MARK.finditer(sentence.text):
            rest = sentence.text[match.end() : match.end() + 60]
            name = _provisional_name(rest, names.PROGRAM_HEADS + names.QUOTED_PROGRAM_HEADS)
            if name and names.kind_of(name) != "center":
                yield name, sentence, sentence.start + match.start()


# After a quoted name (or a list of them), the word 사업 calls it a program:
# "‘해양디지털 항로 실증기술개발’ 등 3개 신규사업".
_CALLED_PROGRAM = re.compile(
    r"^[’'」』]?(?:\s*(?:,|및|과|와)\s*[‘'「][^’'」]{2,60}[’'」])*\s*(?:등\s*)?"
    r"(?:\d+\s*개\s*)?(?:의\s*)?(?:신규\s*)?(?:R&D\s*)?사업(?![단비])"
)


# A quoted name that is built, planned, run or launched is a program: "‘글로벌 협력 벨트’를
# 구축해", "‘글로벌 생활문제 R&D’)를 기획‧추진하고", "‘평창ICT올림픽’ 추진 현황", and a
# quoted name a contest is held under: "‘핵 더 챌린지(Hack the Challenge)’ 경진대회".
_RUN_AS_PROGRAM = re.compile(
    r"^[’'」』｣]?\)?\s*(?:을|를)?\s*(?:기획\s*[‧·ㆍ]\s*)?"
    r"(?:구축|추진|가동|운영|도입|시행|신설|기획|개발\s*[‧·ㆍ]\s*보급|경진\s*대회|해커톤"
    # the earlier one of a series: "「사망보험금 유동화」에 이어서 추진하는"
    r"|에\s*이어(?:서)?\s*추진)"
)
# Quoted things that are never programs though they are built or run: laws and rules,
# maps and reports, organisations and meetings, guides.
_NOT_A_PROGRAM = re.compile(
    r"(?:법|법률|시행령|규정|고시|지침|기준|가이드라인|안내서|해설서|지도|보고서|위원회|협의회|회의|TF|팀|"
    r"원|청|부|처)$"
)


# A quoted name that a ministry or agency runs: "행정안전부 주관 「…」".
_RUN_BY = re.compile(r"(?:부|처|청|위원회|위|원)\s*주관(?:으로|의|하는|한)?\s*$")


def _quoted_kind(raw, text, end, start=0):
    """The kind a quoted name has by its quoting alone: a program when its head is one of
    names.QUOTED_PROGRAM_HEADS, the text calls it a 사업 right after it, or builds, runs or
    launches it (_RUN_AS_PROGRAM); else None."""
    name = names.clean_name(raw)[0]
    if names.kind_of(name):
        return None
    if names.head_of(name, names.QUOTED_PROGRAM_HEADS) or _CALLED_PROGRAM.match(text[end:]):
        return "program"
    if _RUN_AS_PROGRAM.match(text[end:]) and _may_name_a_program(name) and not _aim(name):
        return "program"
    if _RUN_BY.search(text[: max(0, start - 1)]) and _may_name_a_program(name) and not _aim(name):
        return "program"  # 행정안전부 주관 「2022년 데이터기반행정 실태점검」
    return None


_TOPIC = re.compile(r"^[’'」』｣]?\s*(?:을|를)?\s*주제(?:로|의)")
# "범부처 통합연구지원시스템(IRIS)의 평가위원 … AI 추천 서비스": a service of a system,
# both named by their abbreviation or head, are two programs.
_OWNED = re.compile(r"^(?P<owner>.+?\([A-Za-z][A-Za-z0-9\-]*\))의\s+(?P<owned>.+)$")
# "제1차 글로벌 R&D 플래그십 프로젝트 선정안": a selection among a program's projects.
_SELECTION = re.compile(r"^(?P<name>.+?)\s*선정\s*(?:안|결과)$")


def _owned_program(raw):
    """The owner and the owned program of "X(ABC)의 Y", when both have program heads."""
    match = _OWNED.match(names.clean_name(raw)[0])
    heads = names.PROGRAM_HEADS + names.QUOTED_PROGRAM_HEADS
    if match and all(names.head_of(match[part], heads) for part in ("owner", "owned")):
        return [match["owner"], match["owned"]]
    return None


def _selected_program(raw):
    """The program a quoted selection (…프로젝트 선정안) selects for."""
    match = _SELECTION.match(names.clean_name(raw)[0])
    if match and names.head_of(match["name"], names.PROGRAM_HEADS):
        return [match["name"]]
    return None


def _aim(name):
    """Whether a quoted phrase states an aim rather than naming a program: ‘생산적 금융’
    추진 (an action quoted and run, ‘사망보험금 유동화’, is a scheme of its own)."""
    return any(word.endswith("적") for word in name.split()[:-1])


def _may_name_a_program(name):
    """A quoted phrase that can be a program's name: a noun phrase of a few words, not a
    law, map, report, organisation or meeting, and not a slogan or a sentence."""
    core = names.core(name)
    return (
        2 <= len(names.normalize_name(core)) <= 40
        and len(name.split()) <= 6
        and not _NOT_A_PROGRAM.search(core)
        and not names.has_inflected_word(name + " 끝")
        and not re.search(r"[,!?:+]", name)
    )


_PHONE = re.compile(r"\d{2,4}-\d{3,4}-\d{4}")
_HEADING_NUMBER = re.compile(r"^(?:\d{1,2}|[IVX]{1,4}|[Ⅰ-Ⅻ]|[가-하])\s*[.)]\s+")


def _named_sentences(doc):
    """Sentences that may name policies: not contact lines (과학기술전략과(044-…) is a
    division, not a strategy)."""
    if doc.named_sentences is None:  # every rule asks: read the sentences once
        doc.named_sentences = [s for s in doc.sentences if not _PHONE.search(s.text)]
    return doc.named_sentences


_LIST_LINE = re.compile(r"^\s*[*ㅇ○•\-▪▸◦·※]")


# Page copies break a sentence into chunks, a particle on a line of its own after its noun
# ("첨단전략\n산업기금 신설 방안\n을\n발표"): the particle still ends the name.
_PARTICLE_LINE = r"\n(?:은|는|이|가|을|를|과|와|의|로|으로|도|에|에서)(?=\s|$)"


def _unquoted_names(doc, heads, specific):
    """Noun phrases that end in a head noun followed by a particle or bracket: texts name
    programs without brackets (원천기술개발사업(…)을), and copies that drop every bracket
    (blog rewrites) name plans that way too ("이번 글로벌 R&D 추진전략은")."""
    alternatives = "|".join(heads) + (r"|전략\s지도" if "전략지도" in heads else "")
    # A program's name may also end a list line's noun phrase ("초격차 프로젝트 본격화").
    follows = (
        r"(?=[은는이가을를과와의로도,.(」’]|$|\s)"
        if heads is names.PROGRAM_HEADS
        else (r"(?=[은는이가을를과와의로도,.(」’]|$|" + _PARTICLE_LINE + ")")
    )
    head_word = re.compile(f"(?:{alternatives})" + follows)
    for sentence in _named_sentences(doc):
        listed = _LIST_LINE.match(sentence.text) is not None
        for match in head_word.finditer(sentence.text):
            if not listed and sentence.text[match.end() : match.end() + 1].isspace():
                continue  # before a noun, only a list line's noun phrase ends in the head
            phrase = names.phrase_before(sentence.text, match.end())
            if specific(phrase):
                yield phrase, sentence, sentence.start + match.start()


def _specific_strategy(phrase):
    """An unbracketed plan name: two words or more, the head grown onto its last word
    (외교전략, 추진방향), and no inflected word inside."""
    words = phrase.split()
    if len(words) < 2 or names.has_inflected_word(phrase) or "【" in phrase or ":" in phrase:
        return False
    head = names.head_of(phrase, names.STRATEGY_HEADS) or ""
    attached = len(words[-1]) > len(head) or phrase.endswith(" 전략 지도")
    return attached and not names.is_generic(phrase)


def _specific_program(phrase):
    """An unbracketed program name: one compound word whose stem, three syllables or
    more, says which program (원천기술개발사업, 기초연구사업), or a specific word before
    the head word alone (초격차 프로젝트, 알키미스트+ 사업)."""
    words = phrase.split()
    if len(words) == 2 and words[1] in ("프로젝트", "사업", "펀드", "기금"):
        first = words[0]
        return (
            len(first) >= 3
            and re.fullmatch(r"[가-힣A-Za-z][가-힣A-Za-z+\-]*", first) is not None
            and not names.ends_with_particle(first)
            and first not in names.GENERIC_WORDS
            and first not in names.DETERMINERS
            and not first.endswith(("적", "별", "형", "용"))
        )
    if " " in phrase or not re.fullmatch("[가-힣]+", phrase):
        return False
    head = names.head_of(phrase, names.PROGRAM_HEADS) or ""
    return len(phrase) - len(head) >= 3 and not names.is_generic(phrase)


_BRACKETED_PROGRAM = re.compile(r"\(([^()]{2,30}?(?:" + "|".join(names.PROGRAM_HEADS) + r"))\)")


def _bracketed_programs(doc):
    """A program named in brackets after its description: 사후지원(A/S 바우처)."""
    for sentence in doc.sentences:
        for match in _BRACKETED_PROGRAM.finditer(sentence.text):
            name = re.sub(r"^\d+\s*개\s*", "", match.group(1))
            if not names.is_generic(name):
                yield name, sentence, sentence.start + match.start(1)


def _add_named(records, record, sentence, offset, doc):
    """Add ``record``, or merge it into the one of the same name: evidence, draft mark."""
    key = names.matching_key(_title_of(record))
    existing = next((r for r in records if names.matching_key(_title_of(r)) == key), None)
    if existing is None:
        record.position = offset
        records.append(record)
        existing = record
    elif getattr(record, "draft", False):
        existing.draft = True
    _note_spelling(existing, _title_of(record))
    if doc.evidence(sentence) not in existing.evidence:
        existing.evidence.append(doc.evidence(sentence))
    return existing


def _note_spelling(record, written):
    """Keep each way the text writes a record's name (spacing variants, short forms)."""
    if written not in record.spellings:
        record.spellings.append(written)


def _title_of(record):
    return getattr(record, "title", None) or record.name


def _strategy_title(title):
    """A strategy's title: the name before " - " (the fields a roadmap covers)."""
    return title.split(" - ")[0].strip()


def extract_policies(doc, agenda_items, amounts):
    """Strategies (with tasks and relations), programs (with budgets) and centers."""
    strategies, programs, centers = [], [], []
    for raw, sentence, offset, quoted_kind in _candidate_names(doc):
        title, draft, provisional = names.clean_name(raw)
        kind = "program" if quoted_kind in ("program", _LISTED) else names.kind_of(title)
        if not title or kind is None or names.is_generic(title) or len(title) > 80:
            continue
        if names.has_inner_count(title) or (re.match(r"^\d+\s*개\s", title) and kind == "center"):
            continue  # "현재 102개 센터", "96개 센터": a tally, not a name
        if not names.is_well_bounded(title, quoted=quoted_kind == "program"):
            continue
        if kind == "program" and names.is_generic_program(title):
            continue
        if kind == "strategy":
            title = _strategy_title(title)
            _add_named(strategies, StrategyRecord(title, draft), sentence, offset, doc)
        elif kind == "program":
            _add_named(programs, ProgramRecord(title), sentence, offset, doc)
        elif kind == "center":
            _add_named(centers, CenterRecord(title, provisional), sentence, offset, doc)
    _open_centers(doc, centers)
    _title_center(doc, centers)
    _main_strategy_from_title(doc, strategies)
    _list_strategies(doc, strategies)
    for item in agenda_items:
        if names.kind_of(item.title) != "strategy":
            continue
        title = _strategy_title(item.title)
        carried = _most_similar(strategies, title, 0.7)
        sentence = doc.sentence_at(item.evidence[0].start)
        if carried is not None and _fuller(title, carried.title):
            carried.title = title  # the item's heading form is the fullest (CONVENTIONS)
        if carried is None:
            carried = _add_named(
                strategies, StrategyRecord(title, item.draft), sentence, item.position, doc
            )
        carried.draft = carried.draft or item.draft
        for evidence in item.evidence:
            if evidence not in carried.evidence:
                carried.evidence.append(evidence)
        item.strategy = carried.title
    _programs_of_program_plans(doc, strategies, programs)
    _attach_amounts(doc, programs, amounts)
    _attach_tasks(doc, strategies, agenda_items)
    _attach_relations(doc, strategies, agenda_items)
    _attach_center_details(doc, centers)
    return _merge_spellings(strategies), _merge_spellings(programs), _merge_spellings(centers)


# A plan for one 사업 names it: "군정찰위성-Ⅱ 사업추진기본전략" is the plan of 군정찰위성-Ⅱ.
_PROGRAM_PLAN = re.compile(r"^(?P<name>.+?)\s*사업\s*(?:추진\s*)?(?:기본\s*)?(?:전략|계획)$")


def _programs_of_program_plans(doc, strategies, programs):
    """The 사업 a strategy is the plan of is a program, cited where the plan is."""
    for strategy in strategies:
        match = _PROGRAM_PLAN.match(strategy.title)
        name = match["name"].strip() if match else ""
        if name and not names.is_generic(name + " 사업") and names.is_well_bounded(name):
            sentence = doc.sentence_at(strategy.evidence[0].start) if strategy.evidence else None
            if sentence is not None:
                _add_named(programs, ProgramRecord(name), sentence, strategy.position, doc)


def _fuller(title, other):
    """Whether ``title`` writes ``other`` with more of its name around it."""
    key, other_key = names.matching_key(title), names.matching_key(other)
    return len(key) > len(other_key) and other_key in key


def _most_similar(records, title, threshold):
    """The record named ``title`` (same key), else the most similar one above ``threshold``."""
    key = names.matching_key(title)
    exact = next((r for r in records if names.matching_key(_title_of(r)) == key), None)
    if exact is not None:
        return exact
    scored = [(names.similarity(_title_of(r), title), r) for r in records]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] >= threshold else None


def _main_strategy_from_title(doc, strategies):
    """A title like "…고도화 전략 발표" names the release's strategy."""
    title = re.sub(r"\s*(?:발표|수립|확정|추진|마련|시행|공개|제시)$", "", doc.title or "")
    name, draft, _ = names.clean_name(title)
    if not name or names.kind_of(name) != "strategy" or "," in name or names.is_generic(name):
        return
    if all(names.similarity(s.title, name) < 0.7 for s in strategies):
        sentence = next((s for s in doc.sentences if s.text.startswith(doc.title[:10])), None)
        if sentence is not None:
            _add_named(strategies, StrategyRecord(name, draft), sentence, sentence.start, doc)


_LIST_NUMBER = re.compile(r"[①-⑳❶-❿➀-➉]")


def _list_strategies(doc, strategies):
    """Plans listed after numbered markers: ①대한민국 우주산업전략, ②제2차 위성정보 활용계획."""
    for sentence in doc.sentences:
        if not _LIST_NUMBER.search(sentence.text):
            continue
        for piece in _LIST_NUMBER.split(sentence.text)[1:]:
            name, draft, _ = names.clean_name(re.split(r",|\s및\s|\|", piece)[0])
            specific = not names.is_generic(name) and (" " in name or len(name) >= 6)
            if names.kind_of(name) == "strategy" and specific and len(name) < 40:
                _add_named(strategies, StrategyRecord(name, draft), sentence, sentence.start, doc)


_OPEN_CENTER_HEAD = re.compile(
    # A capital letter right after the head: a page copy glued two table cells
    # ("D.U.P연합캠퍼스DGIST, UNIST, POSTECH").
    r"(?:" + "|".join(names.OPEN_CENTER_HEADS) + r")(?=[은는이가을를의에와과로도,.\sA-Z]|$)"
)


def _open_centers(doc, centers):
    """Centers named without brackets: (가칭)… or a phrase ending in 센터/캠퍼스."""
    for sentence in doc.sentences:
        text = sentence.text
        for match in _PROVISIONAL_MARK.finditer(text) if "가칭" in text else ():
            name = _provisional_name(text[match.end() : match.end() + 60])
            if name:
                _add_named(
                    centers, CenterRecord(name, True), sentence, sentence.start + match.start(), doc
                )
        for match in _OPEN_CENTER_HEAD.finditer(text):
            phrase = names.phrase_before(text, match.end())
            if "가칭" in text[max(0, match.start() - len(phrase) - 6) : match.start()]:
                continue
            name, _, provisional = names.clean_name(phrase)
            specific = (
                not names.is_generic(name)
                and not names.has_inner_count(name)
                and names.is_well_bounded(name)
            )
            named = len(name.split()) >= 2 or _compound_center(name)
            specific = specific and not _only_places(name) and not _ADDRESS.match(name)
            if named and specific and names.kind_of(name) == "center":
                _add_named(
                    centers,
                    CenterRecord(name, provisional),
                    sentence,
                    sentence.start + match.start(),
                    doc,
                )


# An address before the head makes a venue: "평택시 삼성 전자 평택캠퍼스에 건설되는".
_ADDRESS = re.compile(r"^[가-힣]{1,4}(?:시|군|구)\s\S+\s\S+")
# The center a headline is about, with its acronym: "국방과학연구소(ADD) 초도방문".
_TITLE_CENTER = re.compile(
    r"(?:^|\s|,)(?P<name>[가-힣A-Za-z]{2,20}(?:"
    + "|".join(names.CENTER_HEADS)
    + r")\([A-Z]{2,8}\))"
)


def _title_center(doc, centers):
    """A center the headline names with its acronym is one the text is about."""
    match = _TITLE_CENTER.search(doc.title or "")
    sentence = next((s for s in doc.sentences if match and match["name"] in s.text), None)
    if match and sentence is not None:
        offset = sentence.start + sentence.text.index(match["name"])
        _add_named(centers, CenterRecord(match["name"], False), sentence, offset, doc)


def _only_places(name):
    """Whether a center's name says only where it is (미주‧유럽 거점센터, 권역별 센터): the
    centers of those places, not one named center."""
    words = [w for w in re.split(r"[\s‧·ㆍ]+", names.core(name)) if w]
    head = names.head_of(words[-1], names.CENTER_HEADS) if words else None
    stem = words[-1][: len(words[-1]) - len(head)] if head else words[-1] if words else ""
    places = set(REGIONS) | set(COUNTRIES)
    return len(words) >= 2 and all(w in places for w in words[:-1]) and stem in ("", "해외")


def _compound_center(word):
    """One written word whose stem of four letters or more says which center it is
    (지능형나노소재연구센터, KAIST연합캠퍼스); two or three say only its kind (지원센터)."""
    head = names.head_of(word, names.OPEN_CENTER_HEADS) or ""
    stem = word[: len(word) - len(head)]
    return bool(re.fullmatch(r"[가-힣A-Za-z.]{4,}", stem))


def _provisional_name(text, heads=names.CENTER_HEADS):
    """The name after "(가칭)": up to the first of ``heads`` that ends a word."""
    for match in re.finditer("|".join(heads), text):
        rest = text[match.end() :]
        if re.match(r"(?:[은는이가을를의에와과로도,.\s]|설치|설립|구축|운영|$)", rest):
            name = text[: match.end()].strip()
            return name if len(name.split()) <= 5 and not re.search(r"[,.]", name) else None
    return None


REGIONS = (
    "미주",
    "북미",
    "중남미",
    "남미",
    "유럽",
    "아시아",
    "아세안",
    "중동",
    "아프리카",
    "오세아니아",
    "중앙아시아",
)
COUNTRIES = (
    "미국",
    "영국",
    "독일",
    "프랑스",
    "일본",
    "중국",
    "캐나다",
    "스위스",
    "네덜란드",
    "인도",
    "호주",
    "베트남",
    "싱가포르",
    "아랍 에미리트",
    "이스라엘",
    "핀란드",
    "스웨덴",
)


_COUNTS = re.compile(
    r"([가-힣]+(?:부|청|처))(?:와|과)\s*([가-힣]+(?:부|청|처))는\s*각각\s*(\d+)개와\s*(\d+)개의?\s*(\S+)"
)


def _attach_center_details(doc, centers):
    """Region (from the name, else a sentence about 권역), country, and counts per ministry."""
    for center in centers:
        in_name = [r for r in REGIONS if r in center.name]
        if in_name:
            center.region = "·".join(in_name)
        else:
            # "…센터는 미주, 유럽, 아시아 등 세 권역으로": a 권역 sentence naming its head word.
            last_word = center.name.split()[-1]
            for sentence in doc.sentences:
                if "권역" in sentence.text and last_word in sentence.text:
                    center.region = "·".join(r for r in REGIONS if r in sentence.text)
                    if center.region:
                        break
        center.country = next((c for c in COUNTRIES if center.name.startswith(c)), "")
    for sentence in doc.sentences:
        if "각각" not in sentence.text:
            continue  # what every count holds (its pattern reads back over every word)
        for match in _COUNTS.finditer(sentence.text):
            head = re.sub(r"[을를이가은는의]$", "", match.group(5))
            center = next(
                (
                    c
                    for c in centers
                    if names.normalize_name(c.name).endswith(names.normalize_name(head))
                ),
                None,
            )
            if center is None or not head.endswith(names.CENTER_HEADS):
                continue
            for written, number in ((match[1], match[3]), (match[2], match[4])):
                slug = resolve_ministry(doc, written)
                if slug:
                    center.counts[slug] = int(number)
            if doc.evidence(sentence) not in center.evidence:
                center.evidence.append(doc.evidence(sentence))


# What a plan's revision or yearly plan adds to its name: another document of its own.
_REVISION = re.compile(r"^(?:\d{4}년도?)?(?:수정|시행|변경|실행)계획")


def _revises(longer, shorter):
    """Whether ``longer`` names the revision or yearly plan of ``shorter`` (제4차 우주개발진흥
    기본계획 수정계획 / 제4차 우주개발진흥 기본계획): two documents, not two spellings."""
    long_key, short_key = names.normalize_name(longer), names.normalize_name(shorter)
    return long_key.startswith(short_key) and bool(_REVISION.match(long_key[len(short_key) :]))


def _merge_spellings(records):
    """Within one release, a shorter spelling that reads inside a longer one names the
    same thing (우수성과 범부처 이어달리기 추진방안 / R&D 우수성과 …): keep the longer."""
    merged = []
    for record in sorted(records, key=lambda r: -len(_title_of(r))):
        short = _title_of(record)
        longer = next(
            (
                m
                for m in merged
                if len(names.normalize_name(short)) >= 6
                and names.is_subsequence(short, _title_of(m))
                and names.similarity(short, _title_of(m)) >= 0.6
                and not _revises(_title_of(m), short)
            ),
            None,
        )
        if longer is None:
            merged.append(record)
            continue
        longer.evidence.extend(e for e in record.evidence if e not in longer.evidence)
        for written in record.spellings or [short]:
            _note_spelling(longer, written)
        longer.position = min(longer.position, record.position)
        for attribute in ("region", "counts", "amounts", "tasks", "follows_up", "related"):
            if hasattr(longer, attribute) and not getattr(longer, attribute):
                setattr(longer, attribute, getattr(record, attribute))
        if getattr(record, "draft", False):
            longer.draft = True
    return sorted(merged, key=lambda r: r.position)


def _attach_amounts(doc, programs, amounts):
    """Each budget goes to the program named last before it in its sentence; a sum beside a
    program head with no program yet names one ("5개 중개연구단 … 28억원")."""
    for amount in amounts:
        sentence = doc.sentence_at(amount.position)
        if sentence is None:
            continue
        before = flat(sentence.text[: amount.position - sentence.start])
        program = (
            _program_named_in(before, programs)
            or _starred_program(doc, sentence, programs)
            or _program_in_clause(doc, before, sentence, programs, amount)
        )
        if program is not None and amount.text not in {a.text for a in program.amounts}:
            program.amounts.append(amount)


def _starred_program(doc, sentence, programs):
    """A footnote (* …) tells about the starred term of the sentence before it:
    "사후지원*(A/S 바우처)" then "* 年 100개, ’21년 총 5억원 규모"."""
    if not _NOTE.match(sentence.text):
        return None
    index = doc.index_at(sentence.start)
    previous = next((s for s in reversed(doc.sentences[:index]) if not _NOTE.match(s.text)), None)
    if previous is None or "*" not in previous.text:
        return None
    after_star = flat(previous.text[previous.text.index("*") :])
    named = [(after_star.find(p.name), p) for p in programs if p.name in after_star]
    return min(named, key=lambda pair: pair[0])[1] if named else None


_FIRST_WORD = re.compile(r"^\S+\s")


def _program_named_in(text, programs):
    """The known program whose name (or its last words) stands last in ``text``."""
    best = None
    for program in programs:
        for form in {program.name, _FIRST_WORD.sub("", program.name)}:
            position = text.rfind(form)
            if len(form) >= 3 and position >= 0 and (best is None or position > best[0]):
                best = (position, program)
    return best[1] if best else None


_HEAD_IN_TEXT = re.compile(
    "(?:" + "|".join(names.PROGRAM_HEADS) + r")(?=[\s(,은는이가을를의에와과로도]|$)"
)
_SIZED_FUND = re.compile(r"^\s*규모의?\s*(펀드|바우처)")


def _program_in_clause(doc, before, sentence, programs, amount):
    clause = re.split(r"[.;]\s|다\.\s", before)[-1]
    after = sentence.text[amount.position - sentence.start + len(amount.text) :][:12]
    if sized := _SIZED_FUND.match(after):
        name = f"{amount.text} 규모 {sized.group(1)}"  # 800억원 규모(의) 펀드
    else:
        # The last program head in the clause that names something specific.
        candidates = (
            names.clean_name(names.phrase_before(clause, head.end()))[0]
            for head in reversed(list(_HEAD_IN_TEXT.finditer(clause)))
        )
        name = next(
            (
                n
                for n in candidates
                if n
                and not names.is_generic(n)
                and not names.is_generic_program(n)
                and names.is_well_bounded(n)
                and names.kind_of(n) == "program"
            ),
            None,
        )
        if name is None:
            return None
    return _add_named(programs, ProgramRecord(name), sentence, sentence.start, doc)


def _section_strategies(doc, strategies, agenda_items):
    """(offset where a section starts, its strategy): each agenda item's section carries its
    strategy; before the first item, the release's first strategy."""
    sections = []
    by_title = {names.matching_key(s.title): s for s in strategies}
    for item in agenda_items:
        strategy = by_title.get(names.matching_key(item.strategy or ""))
        if strategy is not None:
            sections.append((item.section_start, strategy))
    if strategies:
        sections.insert(0, (0, min(strategies, key=lambda s: s.position)))
    return sorted(sections, key=lambda pair: pair[0])


def _strategy_at(sections, offset):
    """The strategy of the last section (sorted by start) that starts at or before ``offset``."""
    index = bisect.bisect_right(sections, offset, key=lambda section: section[0])
    return sections[index - 1][1] if index else None


_NUMBERED_HEADER = re.compile(r"^【\s*(?P<n>\d+)\.\s*(?P<title>.+?)\s*】$")


def _attach_tasks(doc, strategies, agenda_items):
    """Pillars enumerated inline (①… ②…의 3대 전략), pillar headers (【전략①…】), and tasks
    on numbered lines (❶ …), which belong to the pillar whose header last preceded them."""
    sections = _section_strategies(doc, strategies, agenda_items)
    has_headers = _has_pillar_headers(doc)
    header_number = None
    for index, sentence in enumerate(doc.sentences):
        text = flat(sentence.text)
        strategy = _strategy_at(sections, sentence.start)
        end = _ENUMERATION_COUNT.search(text) and _ENUMERATION_END.search(text)
        if end and len(_ENUM_MARK.findall(text[: end.start()])) >= 2:
            named = _strategy_named_in(strategies, text[end.end() :])
            _add_pillars(doc, named or strategy, text[: end.start()], sentence)
        elif end and strategy is not None and not strategy.tasks:
            # Pillars laid out one per line before "…이라는 3대 추진과제".
            window = [s for s in doc.sentences[max(0, index - 8) : index] if s.text.startswith("△")]
            if len(window) >= 2:
                for piece in window:
                    title = names.clean_name(piece.text)[0]
                    _add_task(strategy, "△", title, None, doc.evidence(piece), pillar=True)
        elif match := _PILLAR_HEADER.match(text):
            header_number = _circled_value(match["n"])
            if strategy is not None and _pillar(strategy, header_number) is None:
                title = match["title"].split(":", 1)[-1].strip()
                _add_task(strategy, match["n"], title, None, doc.evidence(sentence), pillar=True)
        elif match := _LINE_TASK.match(text):
            # Numbered lines that only elaborate pillars already listed inline add nothing.
            if strategy is not None and (has_headers or not strategy.tasks):
                pillar = _pillar(strategy, header_number) if has_headers else None
                parent = pillar.order if pillar else None
                _add_task(
                    strategy,
                    match["label"],
                    _task_title(match["title"]),
                    parent,
                    doc.evidence(sentence),
                )
        elif (match := _NUMBERED_HEADER.match(text)) and strategy:
            _add_task(strategy, f"{match['n']}.", match["title"], None, doc.evidence(sentence))


def _strategy_named_in(strategies, text):
    """The strategy a bracketed name in ``text`` names, if any."""
    keys = {
        names.matching_key(_strategy_title(names.clean_name(raw)[0]))
        for raw, _, _ in names.quoted_names(text)
    }
    return next((s for s in strategies if names.matching_key(s.title) in keys), None)


def _pillar(strategy, number):
    """The strategy's pillar number ``number`` (1-based), counting pillars only."""
    pillars = [t for t in strategy.tasks if t.pillar]
    return pillars[number - 1] if number and len(pillars) >= number else None


def _has_pillar_headers(doc):
    return any(_PILLAR_HEADER.match(flat(s.text)) for s in doc.sentences)


def _add_pillars(doc, strategy, text, sentence):
    if strategy is None or strategy.tasks:
        return
    for piece in re.split(r"[①-⑳❶-❿➀-➉△▲]", text)[1:]:
        title = re.sub(r"(?:이라는|라는|의|과|와|및)$", "", piece.strip(" ,"))
        title = names.clean_name(title)[0]
        if title:
            label = text[text.find(piece) - 1] if text.find(piece) > 0 else ""
            _add_task(strategy, label, title, None, doc.evidence(sentence), pillar=True)


def _add_task(strategy, label, title, parent, evidence, pillar=False):
    title = flat(title).strip(" ,")
    if not title or any(t.title == title for t in strategy.tasks):
        return
    task = TaskRecord(len(strategy.tasks) + 1, label, title, parent, evidence)
    task.pillar = pillar
    strategy.tasks.append(task)


_CIRCLED = {c: i + 1 for i, c in enumerate("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")}
_CIRCLED.update({c: i + 1 for i, c in enumerate("❶❷❸❹❺❻❼❽❾❿")})
_CIRCLED.update({c: i + 1 for i, c in enumerate("➀➁➂➃➄➅➆➇➈➉")})


def _circled_value(label):
    label = (label or "").strip()
    if label.isascii() and label.isdigit():
        return int(label)
    return _CIRCLED.get(label[:1])


def _task_title(text):
    return re.sub(r"[.。]$", "", flat(text))


_NOTE = re.compile(r"^\s*[*※]")


def _attach_relations(doc, strategies, agenda_items):
    """In a strategy's section, "「X」에 따른 후속 조치" makes it a follow-up of X, and a
    note (* …) citing other plans relates it to them."""
    sections = _section_strategies(doc, strategies, agenda_items)
    for sentence in doc.sentences:
        follow_up = bool(_FOLLOW_UP.search(sentence.text))
        note = _NOTE.match(sentence.text)
        if not (follow_up or note):
            continue
        current = _strategy_at(sections, sentence.start)
        if current is None:
            continue
        for raw, _, _ in names.quoted_names(sentence.text):
            title = _strategy_title(names.clean_name(raw)[0])
            key = names.matching_key(title)
            target = next((s for s in strategies if names.matching_key(s.title) == key), None)
            if target is None or target is current:
                continue
            relation = current.follows_up if follow_up else current.related
            if target.title not in current.follows_up + current.related:
                relation.append(target.title)
