"""Each form of documents.parsing.people on a real example: what it yields, and what a
look-alike must not yield."""

import pytest

from documents.parsing import parse_release, people


def names_and_titles(form, text):
    return [(name, title) for name, title, _, _ in form(text)]


@pytest.mark.parametrize(
    ("form", "text", "expected"),
    [
        (
            people._titles_in_brackets,
            "한국인터넷진흥원(KISA, 원장 김석환)은 과학기술정보통신부(장관 최기영)과 함께",
            [("김석환", "한국인터넷진흥원 원장"), ("최기영", "과학기술정보통신부 장관")],
        ),
        (
            people._titles_in_brackets,
            "과학기술정보통신부(부총리 겸 과기정통부 장관 배경훈, 이하 '과기정통부')의",
            [("배경훈", "과학기술정보통신부 부총리 겸 과기정통부 장관")],
        ),
        (people._titles_in_brackets, "광주광역시(시장 강기정)와", [("강기정", "시장")]),
        (
            people._roles_then_persons,
            "부위원장(방효충 한국과학기술원 교수) 주재로",
            [("방효충", "한국과학기술원 교수")],
        ),
        (
            people._contacts,
            "담당 부서 개인정보보호위원회 책임자 과 장 이은정 (02-2100-3111)",
            [("이은정", "과장")],
        ),
        (
            people._contacts,
            "용찬재 사무관(02-2110-2428) 정꽃보라 사무관(02-2110-2427)",
            [("용찬재", "사무관"), ("정꽃보라", "사무관")],
        ),
        (
            people._contacts,
            "- 담당자 : 조사1과 전창민(02-2100-3118), 고명석(02-2100-3114)",
            [("전창민", ""), ("고명석", "")],
        ),
        (
            people._names_sharing_title,
            "(`25.3.28일, 강준현ㆍ강민국의원)",
            [("강준현", "의원"), ("강민국", "의원")],
        ),
        (
            people._sector_lists,
            "고서곤(정부), 박한오(산업계), 이상엽(학계) 한국 합성생물학 발전협의회 공동위원장을 비롯하여",
            [
                ("고서곤", "한국 합성생물학 발전협의회 공동위원장"),
                ("박한오", "한국 합성생물학 발전협의회 공동위원장"),
                ("이상엽", "한국 합성생물학 발전협의회 공동위원장"),
            ],
        ),
        (
            people._names_before_titles,
            "(왼쪽부터) 광주광역시청 최민성 팀장, 이영동 대변인, KISA 박정섭 한국인터넷정보센터장",
            [("최민성", "팀장"), ("이영동", "대변인"), ("박정섭", "한국인터넷정보센터장")],
        ),
        (
            people._titles_before_names,
            "안녕하십니까? 교육과학기술부장관 이주호입니다.",
            [("이주호", "교육과학기술부장관")],
        ),
    ],
)
def test_person_form_yields_names_with_titles(form, text, expected):
    assert names_and_titles(form, text) == expected


@pytest.mark.parametrize(
    ("form", "text"),
    [
        # An office's own line: a title word is no name, nor a division before a phone.
        (people._contacts, "문의: 우주항공청 기획재정담당관(055-856-4113)"),
        (people._contacts, "담당자 사무관\n주무관 (02-2100-2478)"),
        # 시장 (market) outside a bracket is no title: "국내외 시장 확대".
        (people._names_before_titles, "국내외 시장 확대와 우주분야 기업 경쟁력 강화"),
        # A short name of a body before a title is no person: 금융위 부위원장.
        (people._names_before_titles, "참석자) 금융위 부위원장, 금융산업국장, 보험과장"),
        # A title followed by a word that only looks like a name.
        (people._titles_before_names, "과기정통부 장관 주재로 열린 회의에서"),
    ],
)
def test_person_form_yields_nothing_from_a_look_alike(form, text):
    assert names_and_titles(form, text) == []


def test_panelists_listed_with_their_field_and_title():
    text = (
        "이어진 패널토론에서는 가천대 이석준 교수, 한국제로트러스트위원회(KOZETA) 배환국 의장, "
        "국민은행 이재용 정보보호 최고책임자(CISO), 롯데월드 주진국 정보보호 최고책임자(CISO)가 "
        "참여했다."
    )
    people = {p.name: p.title for p in parse_release(text.encode()).people}
    assert list(people) == ["이석준", "배환국", "이재용", "주진국"]
    assert people["이재용"] == "국민은행 정보보호 최고책임자"


def test_one_name_with_a_field_word_is_no_panel():
    # Without a list, "정보보호 최고책임자" after a word is not read as a person's title.
    text = "국민은행은 지난 정보보호 최고책임자 회의에서 대책을 논의했다."
    assert parse_release(text.encode()).people == []
