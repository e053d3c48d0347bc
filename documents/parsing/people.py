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
    "사무관", "서기관", "총장",
)  # fmt: skip
# Words of two or three syllables that start like a surname but are not names.
NOT_NAMES = {
    "정부", "정책", "정보", "이번", "이하", "이후", "이를", "이와", "기존", "강화", "한국", "한편",
    "조정", "조사", "주요", "주재", "전략", "전문", "전체", "국무", "공공", "공동", "민간", "민관",
    "신규", "신설", "오늘", "우리", "유관", "임무", "최고", "최근", "최종", "최대", "관계", "부처",
    "관련", "정상", "국가", "국내", "국제", "지난", "동안", "장기", "고위", "차세대", "가운데",
    "전원", "위원", "사무", "안전", "문화", "방송", "고용", "기획", "기후", "교육", "국방", "겸",
    "외교", "통일", "법무", "행정", "산업", "보건", "환경", "해양", "중소", "금융", "지방", "각",
    "신임", "전임", "현직", "초대", "부", "대한", "주한", "양국", "모든", "함께", "이어", "이날",
    "오는", "이에", "또한", "특히", "우선", "한국형", "주관",
}  # fmt: skip
_TITLE = "|".join(TITLE_WORDS)
_NAME = f"[{SURNAMES}][가-힣]{{1,2}}"
_PARTICLE_TAIL = re.compile(r"(?:은|는|이|가|의|을|를|께서|께|과|와|도|에게|으로|로|이며|이자|인)$")
_TITLE_TOKEN = re.compile(rf"^(?P<title>[가-힣A-Za-z&·‧]*(?:{_TITLE}))(?P<rest>.*)$")
# Words that may stand between a name and the title: an institution (과기정통부, 한국과학기술원).
_INSTITUTION = re.compile(
    r"(?:부|청|처|원|회|실|단|관|소|센터|대학교|대학|연구원|공단|재단|본부|위|AI|R&D)$"
)
# 과학기술정보통신부(장관 이종호, 이하 …) / 원자력진흥위원회(위원장 이낙연 국무총리, …)
TITLE_THEN_NAME = re.compile(
    rf"(?P<org>[가-힣]+)?\(\s*(?P<role>{_TITLE})\s*:?\s*(?P<name>{_NAME})"
    rf"(?:\s+(?P<title>[가-힣\s]*?(?:{_TITLE})))?\s*[,)]"
)
# 부위원장(방효충 한국과학기술원 교수) 주재
ROLE_THEN_PERSON = re.compile(
    rf"(?P<role>{_TITLE})\(\s*(?P<name>{_NAME})\s+(?P<title>[가-힣A-Za-z\s]*?(?:{_TITLE}))\s*\)"
)
_ASIDE = re.compile(r"\(이하[^()]*\)|\(이하[^()]*$")
_QUOTE = re.compile(r"[“\"]([^”\"]{5,})[”\"]")


def _is_name(word):
    # 국방부, 우주청: an organisation is never a person, though 국 is a surname.
    return (
        bool(re.fullmatch(_NAME, word))
        and word not in NOT_NAMES
        and not word.endswith(("부", "처", "청"))
    )


def _names_before_titles(text):
    """(name, title, offset, is_subject) for "name [institution…] title" word runs."""
    words = list(re.finditer(r"\S+", text))
    found = []
    for index, word in enumerate(words):
        bare = _PARTICLE_TAIL.sub("", word.group().rstrip(",.”’"))
        match = _TITLE_TOKEN.match(bare)
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


def extract_people(doc):
    """People named with a title, and the words quoted from them."""
    people = {}
    last_speaker = None
    for sentence in doc.sentences:
        text = _ASIDE.sub(lambda m: " " * len(m.group()), sentence.text)
        found = []
        for match in TITLE_THEN_NAME.finditer(text):
            title = flat(match["title"] or "")
            if not title:
                org = match["org"] or ""
                title = (
                    f"{org} {match['role']}" if org.endswith(("부", "청", "처")) else match["role"]
                )
            found.append((match["name"], title, match.start("name"), False))
        for match in ROLE_THEN_PERSON.finditer(text):
            found.append((match["name"], flat(match["title"]), match.start("name"), False))
        taken = {f[2] for f in found}
        found += [f for f in _names_before_titles(text) if f[2] not in taken]
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
        opens_with_quote = re.match(r"^[ㅇ\-\s]*[“\"]", sentence.text)
        if speaker is None and quotes and last_speaker and opens_with_quote:
            speaker = last_speaker  # "ㅇ “…”고 밝혔다" goes on with the previous speaker
        if speaker is not None and quotes:
            for quote in quotes:
                start = sentence.start + quote.start(1)
                speaker.statements.append(Evidence(start, start + len(quote[1]), quote[1]))
            last_speaker = speaker
        elif found:
            last_speaker = None
    return list(people.values())


def _ministry_in_title(doc, title):
    for written in doc.directory.ministry_names():
        if written in title:
            return resolve_ministry(doc, written)
    return None
