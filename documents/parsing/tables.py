"""Sums of money in the content, technology ranks (합성생물학 7위) and numeric targets."""

import re

from . import names
from .amounts import find_amounts
from .document import flat
from .records import AmountRecord, RankRecord, TargetRecord


def extract_amounts(doc):
    """Every sum of money in the content, citing its sentence, in order."""
    amounts = []
    for sentence in doc.sentences:
        for amount in find_amounts(sentence.text):
            amounts.append(
                AmountRecord(
                    amount.text,
                    amount.value,
                    amount.currency,
                    doc.evidence(sentence),
                    position=sentence.start + amount.start,
                )
            )
    return amounts


_RANK = re.compile(
    r"(?P<tech>[가-힣A-Za-z][가-힣A-Za-z·‧\s]{1,30}?)\s*(?P<rank>\d{1,3})위(?![가-힣])"
)
# What a rank (_RANK) and a target (_TARGET) must hold, looked for first: those patterns
# try up to 30 and 40 letters at each offset of a sentence.
_RANK_NUMBER = re.compile(r"\d위")
_TARGET_VALUE = re.compile(r"\(\d")
_TARGET = re.compile(
    r"(?P<label>[가-힣A-Za-z][가-힣A-Za-z&·‧\s]{2,40}?)\((?P<value>\d[\d,.]*\s*(?:조|억|만)?\s*(?:원|달러|개|건|명|%))\)"
)


def extract_tables(doc):
    """Technology ranks (합성생물학 7위) and numeric targets (수출증가(10억달러))."""
    ranks, targets = [], []
    for sentence in doc.sentences:
        if ("수준" in sentence.text or "순위" in sentence.text) and _RANK_NUMBER.search(
            sentence.text
        ):
            for match in _RANK.finditer(sentence.text):
                tech = re.split(r"(?:우리나라는|한국은|따르면|모두)\s", flat(match["tech"]))[-1]
                tech = re.sub(r"^(?:및|등)\s", "", tech).strip(" ,")
                tech = re.split(r"\s(?:모두|정도의?)\s?$", tech)[0]
                if tech and "기술수준" not in tech:
                    ranks.append(RankRecord(tech, int(match["rank"]), doc.evidence(sentence)))
        if ("목표" in sentence.text or "추진" in sentence.text) and _TARGET_VALUE.search(
            sentence.text
        ):
            for match in _TARGET.finditer(sentence.text):
                label = names.phrase_before(sentence.text, match.end("label"))
                targets.append(TargetRecord(label, match["value"], doc.evidence(sentence)))
    return ranks, targets
