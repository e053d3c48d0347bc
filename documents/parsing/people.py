"""People: a name beside a title, in prose, parentheses, captions and contact tables."""

import re

from .document import flat
from .ministries import resolve_ministry
from .records import Evidence, PersonRecord

SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄"
    "채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복"
    "태목형피두감음빈동온호좌범라승간상시갈"
)
TITLE_WORDS = (
    "국무총리", "부총리", "대통령", "장관", "차관보", "차관", "본부장", "실장", "국장", "과장",
    "청장", "차장", "처장", "부위원장", "위원장", "센터장", "이사장", "원장", "단장", "소장",
    "회장", "의장", "대변인", "정책관", "담당관", "비서관", "수석", "조정관", "교수",
    "사무관", "서기관", "총장", "주무관", "조사관", "연구관", "팀장", "반장", "부장", "사장",
    "의원", "대표", "최고책임자", "책임",
)  # fmt: skip
# Heads of local governments: titles only inside a bracket, "광주광역시(시장 강기정)",
# since 시장 (market) and 지사 (branch) are common nouns in prose.
BRACKET_ONLY_TITLES = ("시장", "도지사", "지사", "군수", "구청장")
# Words of two or three syllables that start like a surname but are not names.
NOT_NAMES = {
    "정부", "정책", "정보", "이번", "이하", "이후", "이를", "이와", "기존", "강화", "한국", "한편",
    "조정", "조사", "주요", "주재", "전략", "전문", "전체", "국무", "공공", "공동", "민간", "민관",
    "신규", "신설", "오늘", "우리", "유관", "임무", "최고", "최근", "최종", "최대", "관계", "부처",
    "관련", "정상", "국가", "국내", "국제", "지난", "동안", "장기", "고위", "차세대", "가운데",
    "전원", "위원", "사무", "안전", "문화", "방송", "고용", "기획", "기후", "교육", "국방", "겸",
    "외교", "통일", "법무", "행정", "산업", "보건", "환경", "해양", "중소", "금융", "지방", "각",
    "신임", "전임", "현직", "초대", "부", "대한", "주한", "양국", "모든", "함께", "이어", "이날",
    "오는", "이에", "또한", "특히", "우선", "한국형", "주관", "부서", "표창", "제고", "진출",
    "기업", "제도", "제품", "인공", "반도체",
}  # fmt: skip
_TITLE = "|".join(TITLE_WORDS)
_NAME = f"[{SURNAMES}][가-힣]{{1,2}}"
_PARTICLE_TAIL = re.compile(r"(?:은|는|이|가|의|을|를|께서|께|과|와|도|에게|으로|로|이며|이자|인)$")
_TITLE_TOKEN = re.compile(rf"^(?P<title>[가-힣A-Za-z&·‧]*(?:{_TITLE}))(?P<rest>.*)$")
# Words that may stand between a name and the title: an institution (과기정통부, 한국과학기술원).
_INSTITUTION = re.compile(
    r"(?:부|청|처|원|회|실|단|관|소|센터|대학교|대학|연구원|공단|재단|본부|위|AI|R&D)$"
)
# A role held together with another: 부총리 겸 과기정통부 장관.
_ROLE = rf"(?:{_TITLE}|{'|'.join(BRACKET_ONLY_TITLES)})(?:\s*겸\s*(?:[가-힣]+\s)?(?:{_TITLE}))?"
# 과학기술정보통신부(장관 이종호, 이하 …) / 원자력진흥위원회(위원장 이낙연 국무총리, …) /
# 한국인터넷진흥원(KISA, 원장 김석환): an abbreviation may come first in the bracket.
TITLE_THEN_NAME = re.compile(
    rf"(?P<org>[가-힣]+)?\(\s*(?:[A-Za-z]+\s*,\s*)?(?P<role>{_ROLE})\s*:?\s*(?P<name>{_NAME})"
    rf"(?:\s+(?P<title>[가-힣\s]*?(?:{_TITLE})))?\s*[,)]"
)
# 부위원장(방효충 한국과학기술원 교수) 주재
ROLE_THEN_PERSON = re.compile(
    rf"(?P<role>{_TITLE})\(\s*(?P<name>{_NAME})\s+(?P<title>[가-힣A-Za-z\s]*?(?:{_TITLE}))\s*\)"
)
_ANY_TITLE = re.compile("|".join(TITLE_WORDS + BRACKET_ONLY_TITLES))
_ASIDE = re.compile(r"\(이하[^()]*\)|\(이하[^()]*$")
_QUOTE = re.compile(r"[“\"]([^”\"]{5,})[”\"]")
_OPENS_WITH_QUOTE = re.compile(r"^[ㅇ\-\s]*[“\"]")


def _is_name(word):
    # 국방부, 우주청: an organisation is never a person, though 국 is a surname.
    return (
        bool(re.fullmatch(_NAME, word))
        and word not in NOT_NAMES
        and not word.endswith(("부", "처", "청", "위"))  # 금융위, 개보위: short names of bodies
        and not _TITLE_TOKEN.match(word)  # 사무관, 주무관 in a contact table
    )


def _names_before_titles(text):
    """(name, title, offset, is_subject) for "name [institution…] title" word runs."""
    words = list(re.finditer(r"\S+", text))
    found = []
    for index, word in enumerate(words):
        if not _ANY_TITLE.search(word.group()):
            continue  # most words hold no title: skip the particle and title patterns
        # "최고책임자(CISO)," / "대변인," (whose 인 is not a particle) / "본부장은"
        written = re.sub(r"\([^()]*\)?$", "", word.group().rstrip(",.”’"))
        match = _TITLE_TOKEN.match(written)
        if not match or match["rest"]:
            match = _TITLE_TOKEN.match(_PARTICLE_TAIL.sub("", written))
        if not match or match["rest"]:
            continue
        between = []
        position = index - 1
        while position >= 0 and len(between) < 2 and _INSTITUTION.search(words[position].group()):
            if _is_name(words[position].group()):
                break
            between.insert(0, words[position].group())
            position -= 1
        if position < 0:
            continue
        name, start = words[position].group(), words[position].start()
        if position > 0 and len(name) == 1 and len(words[position - 1].group()) == 1:
            # "서 욱 국방부 장관": a two-syllable name written with a space.
            name, start = words[position - 1].group() + name, words[position - 1].start()
        if not _is_name(name):
            continue
        title = " ".join([*between, match["title"]])
        subject = word.group().rstrip(",.").endswith(("은", "는", "이", "가"))
        found.append((name, title, start, subject))
    return found


# Contact tables space out two-syllable grades: "과 장 이은정", "팀 장 박대식", "책 임".
_SPACED_TITLE = re.compile(
    r"(?<![가-힣])("
    + "|".join(rf"{t[0]}\s{t[1]}" for t in TITLE_WORDS if len(t) == 2)
    + r")(?![가-힣])"
)
_PHONE = r"\(?\s*0\d{1,3}\)?[-.\s]?\d{3,4}-\d{4}"
_DIGITS_DASH_DIGITS = re.compile(r"\d-\d")  # what every _PHONE holds
# A contact: "사무관 전창민 (02-2100-3118)", "용찬재 사무관(02-2110-2428)", "고명석(02-…)";
# names of four syllables (정꽃보라) are written there in full.
CONTACT = re.compile(
    rf"(?:(?P<before>(?:{_TITLE}))\s+)?(?<![가-힣])(?P<name>[{SURNAMES}][가-힣]{{1,3}})"
    rf"(?:\s+(?P<after>{_TITLE}))?\s*{_PHONE}"
)
# Names joined by a middle dot share the title after them: 강준현ㆍ강민국의원.
NAMES_SHARING_TITLE = re.compile(
    # (?=[surnames]): how every match starts; said first, the look-behind is tried only there.
    rf"(?=[{SURNAMES}])(?<![가-힣])(?P<names>{_NAME}(?:\s?[ㆍ·‧]\s?{_NAME})+)\s?(?P<title>{_TITLE})(?![가-힣])"
)
# Names with their sector in brackets, then the title they share: "고서곤(정부), 박한오(산업계)
# … 발전협의회 공동위원장".
_SECTOR_NAME = rf"(?<![가-힣])({_NAME})\([가-힣]{{1,6}}\)"
SECTOR_LIST = re.compile(
    rf"{_SECTOR_NAME}(?:\s*(?:,|과|와|및)\s*{_SECTOR_NAME})+"
    rf"(?P<tail>[^.,()]{{0,40}}?(?<![가-힣])(?:[가-힣]*(?:{_TITLE})))(?:[을를은는이가과와의도]|등)?"
    r"(?![가-힣])"
)
# A title right before the name, as a self-introduction or a caption: "교육과학기술부장관
# 이주호입니다", "과학기술정보통신부 장관 최기영은".
TITLE_BEFORE_NAME = re.compile(
    rf"(?<![가-힣])(?P<title>[가-힣]*(?:{_TITLE}))\s+(?P<name>{_NAME})(?:입니다|께서|은|는)"
)


def _contacts(text):
    """People of a contact line or table, each before a telephone number."""
    if not _DIGITS_DASH_DIGITS.search(text):
        return  # no telephone number (CONTACT's pattern would try every offset to know it)
    text = _SPACED_TITLE.sub(lambda m: m.group().replace(" ", "") + " ", text)
    for match in CONTACT.finditer(text):
        name = match["name"]
        if (_is_name(name[:3]) or len(name) == 4) and not _TITLE_TOKEN.match(name):
            title = match["after"] or match["before"] or ""
            yield match["name"], title, match.start("name"), False


def _names_sharing_title(text):
    for match in NAMES_SHARING_TITLE.finditer(text):
        for name in re.finditer(_NAME, match["names"]):
            if _is_name(name.group()):
                yield name.group(), match["title"], match.start("names") + name.start(), False


def _sector_lists(text):
    if "(" not in text:
        return  # every sector stands in brackets (the pattern would try every offset)
    for match in SECTOR_LIST.finditer(text):
        title = flat(match["tail"])
        for name in re.finditer(_SECTOR_NAME, match.group()):
            if _is_name(name.group(1)):
                yield name.group(1), title, match.start() + name.start(), False


# What TITLE_BEFORE_NAME needs, looked for first: that pattern reads every word back for a
# title it ends in.
_TITLE_THEN_SURNAME = re.compile(rf"(?:{_TITLE})\s+[{SURNAMES}]")


def _titles_before_names(text):
    if not _TITLE_THEN_SURNAME.search(text):
        return
    for match in TITLE_BEFORE_NAME.finditer(text):
        name = match["name"]
        if _is_name(name) and not _TITLE_TOKEN.match(name):
            yield name, match["title"], match.start("name"), False


def _titles_in_brackets(text):
    if "(" not in text:
        return  # the pattern, led by an optional word, would try every offset to know it
    for match in TITLE_THEN_NAME.finditer(text):
        title = flat(match["title"] or "")
        if not title:
            org = match["org"] or ""
            role = flat(match["role"])
            title = f"{org} {role}" if org.endswith(("부", "청", "처", "원", "회")) else role
        yield match["name"], title, match.start("name"), False


def _roles_then_persons(text):
    for match in ROLE_THEN_PERSON.finditer(text):
        yield match["name"], flat(match["title"]), match.start("name"), False


# A list of panelists, each "기관 이름 [분야] 직함": "가천대 이석준 교수, 국민은행 이재용 정보보호
# 최고책임자(CISO), 롯데월드 주진국 정보보호 최고책임자(CISO)".
_PANEL_TITLE = re.compile(
    rf"(?P<title>[가-힣]*(?:{_TITLE}))(?:\([A-Za-z]+\))?(?:등|이|가|은|는|과|와)?"
)


def _panelist(words, title):
    """(name, title) of "기관 이름 직함" (three words) or "기관 이름 분야 직함" (four), given
    the match of _PANEL_TITLE on the last word (None if it is no title)."""
    if title is None or not _is_name(words[1]):
        return None
    return words[1], " ".join([words[0], *words[2:-1], title["title"]])


def _panel_lists(text):
    """Panelists listed with commas, two or more in the list: the field word between a
    name and its title ("정보보호 최고책임자") is part of the title."""
    found = []
    for chunk in re.finditer(r"[^,]+", text):
        if not _ANY_TITLE.search(chunk.group()):
            continue  # a panelist's title is one of the titles
        words = list(re.finditer(r"\S+", chunk.group()))
        written = [word.group() for word in words]
        # Whether each word is a title, read once for the runs of three and of four; a run
        # ends in a title.
        titles = [_PANEL_TITLE.fullmatch(word.rstrip(".,")) for word in written]
        ends = [index for index, title in enumerate(titles) if title is not None]
        # Without a field word first: "가천대 이석준 교수", not "패널토론에서는 가천대(이름) …".
        for size in (3, 4):
            match = next(
                (
                    (end - size + 1, p)
                    for end in ends
                    if end >= size - 1
                    and (p := _panelist(written[end - size + 1 : end + 1], titles[end]))
                ),
                None,
            )
            if match is not None:
                (i, (name, title)) = match
                found.append((name, title, chunk.start() + words[i + 1].start(), False))
                break
    return found if len(found) >= 2 else []


# The forms a person is written in, most explicit first: a later form does not add a
# person at an offset an earlier one took. Each yields (name, title, offset, is_subject).
PERSON_FORMS = (
    ("title in brackets: 과학기술정보통신부(장관 이종호, …)", _titles_in_brackets),
    ("role then person: 부위원장(방효충 한국과학기술원 교수)", _roles_then_persons),
    ("contact: 사무관 전창민 (02-2100-3118)", _contacts),
    ("names sharing a title: 강준현ㆍ강민국의원", _names_sharing_title),
    ("names with sectors: 고서곤(정부), 박한오(산업계) … 공동위원장", _sector_lists),
    ("name before title: 류광준 과학기술혁신본부장은", _names_before_titles),
    ("title before name: 교육과학기술부장관 이주호입니다", _titles_before_names),
    ("panelists: 국민은행 이재용 정보보호 최고책임자(CISO), …", _panel_lists),
)


def extract_people(doc):
    """People named with a title, and the words quoted from them."""
    people = {}
    last_speaker = None
    for sentence in doc.sentences:
        text = _ASIDE.sub(lambda m: " " * len(m.group()), sentence.text)
        found, taken = [], set()
        # Every form needs a title word or a telephone number; most sentences have neither.
        forms = PERSON_FORMS if _ANY_TITLE.search(text) or _DIGITS_DASH_DIGITS.search(text) else ()
        for _, form in forms:
            new = [f for f in form(text) if f[2] not in taken]
            taken.update(f[2] for f in new)
            found += new
        speaker = None
        for name, title, _, subject in sorted(found, key=lambda f: f[2]):
            person = people.get(name)
            if person is None:
                person = people[name] = PersonRecord(name, title, _ministry_in_title(doc, title))
            elif len(title) > len(person.title) and person.title in title:
                person.title = title
            if doc.evidence(sentence) not in person.evidence:
                person.evidence.append(doc.evidence(sentence))
            if subject and speaker is None:
                speaker = person
        quotes = list(_QUOTE.finditer(sentence.text))
        opens_with_quote = _OPENS_WITH_QUOTE.match(sentence.text)
        if speaker is None and quotes and last_speaker and opens_with_quote:
            speaker = last_speaker  # "ㅇ “…”고 밝혔다" goes on with the previous speaker
        if speaker is not None and quotes:
            for quote in quotes:
                start = sentence.start + quote.start(1)
                speaker.statements.append(Evidence(start, start + len(quote[1]), quote[1]))
            last_speaker = speaker
        elif found:
            last_speaker = None
    _header_contacts(doc, people)
    return list(people.values())


def _header_contacts(doc, people):
    """Contacts in the header table ("담 당 자 | 용찬재 사무관(02-2110-2428) …")."""
    for line in doc.header_lines:
        for name, title, _, _ in _contacts(line.text):
            person = people.get(name)
            if person is None:
                person = people[name] = PersonRecord(name, title, None)
            if doc.evidence(line) not in person.evidence:
                person.evidence.append(doc.evidence(line))


def _ministry_in_title(doc, title):
    for written in doc.directory.ministry_names():
        if written in title:
            return resolve_ministry(doc, written)
    return None
