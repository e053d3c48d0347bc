"""Money as Korean releases write it: 800억원, 9,317억원, 24조 2,195억원, 10억달러, 170조.

억 = 10^8, 조 = 10^12, 만 = 10^4, 천 = 10^3. The value is in units of the currency.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

UNITS = {"조": 10**12, "억": 10**8, "천만": 10**7, "백만": 10**6, "만": 10**4, "천": 10**3}
CURRENCIES = {"원": "KRW", "달러": "USD", "불": "USD", "유로": "EUR", "엔": "JPY", "위안": "CNY"}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Longest first: "1천만 원" and "1억 5천만원" hold 천만 (10^7) as one unit.
_UNIT = "(?:천만|백만|조|억|만|천)"
_AMOUNT = re.compile(
    # (?=\d): a sum starts with a digit. Said first, it changes no match but lets the
    # engine leave the other letters at once (the look-behind alone is tried at each).
    rf"(?=\d)(?<![\d.,])(?P<parts>(?:(?:{_NUMBER})\s*{_UNIT}\s*)+(?:{_NUMBER})?|(?:{_NUMBER}))"
    # "360억여 원": about so much, still money as written
    r"(?P<approx>여)?\s*(?P<currency>원|달러|불|유로|엔|위안)?(?P<after>.{0,1})",
    re.S,
)
_PART = re.compile(rf"(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT})?")


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    text: str
    value: int
    currency: str


def find_amounts(text):
    """Every sum of money in ``text``, with its offsets, value and currency."""
    amounts = []
    for match in _AMOUNT.finditer(text):
        parts, currency = match["parts"], match["currency"]
        if text[max(0, match.start() - 2) : match.start()].strip().endswith("제"):
            continue  # 「우주개발진흥법」 제5조: an article of a law, not 5조 won
        has_big_unit = any(unit in parts for unit in ("조", "억"))
        if match["approx"] and currency is None:
            continue  # "100여 명"-like: about a count, not money
        if currency is None:
            # Without a currency only 조 and 억 read as won ("170조 투자"), never "3억 명".
            if not has_big_unit or match["after"] in {"명", "개", "건", "톤", "대"}:
                continue
        elif not any(unit in parts for unit in UNITS) and re.match(r"[가-힣]", match["after"]):
            continue  # "3원칙", "2원화": a bare number before 원 that is not money
        value = _value_of(parts)
        if value is None or value == 0:
            continue
        end = match.end("currency") if currency else match.end("parts")
        text_of = text[match.start() : end].strip()
        amounts.append(
            Amount(match.start(), match.start() + len(text_of), text_of, value,
                   CURRENCIES.get(currency, "KRW"))
        )  # fmt: skip
    return amounts


def _value_of(parts):
    total = Decimal(0)
    for match in _PART.finditer(parts):
        try:
            number = Decimal(match["number"].replace(",", ""))
        except InvalidOperation:
            return None
        total += number * UNITS.get(match["unit"], 1)
    return int(total)
