"""The parser's quality against hand-annotated gold (the evaluation set's CONVENTIONS.md):
per-field precision, recall and F1, and date accuracy.

A faithful copy of the matching in the evaluation set's ``score.py`` (forgiving about
spacing, brackets, middle dots, ``(안)``, 제N회 prefixes and short ministry names), so the
suite and ``evaluate_parser`` score offline exactly as that script does.
"""

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .parsing import UnreadableInput, parse_release

ALIASES = {
    "과기정통부": "과학기술정보통신부", "과기부": "과학기술정보통신부",
    "과학기술정보통신부": "과학기술정보통신부",
    "미래부": "미래창조과학부", "미래창조과학부": "미래창조과학부",
    "산업부": "산업통상자원부", "산업통상자원부": "산업통상자원부", "산업통상부": "산업통상부",
    "중기부": "중소벤처기업부", "중소벤처기업부": "중소벤처기업부",
    "기재부": "기획재정부", "기획재정부": "기획재정부",
    "행안부": "행정안전부", "문체부": "문화체육관광부", "복지부": "보건복지부",
    "교육부": "교육부", "외교부": "외교부", "국방부": "국방부",
    "노동부": "고용노동부", "고용노동부": "고용노동부",
    "개보위": "개인정보보호위원회",
    "기후부": "기후에너지환경부", "기후에너지환경부": "기후에너지환경부", "환경부": "환경부",
    "교과부": "교육과학기술부", "교육과학기술부": "교육과학기술부",
    "금융위": "금융위원회", "개인정보위": "개인정보보호위원회", "방통위": "방송통신위원회",
    "공정위": "공정거래위원회", "원안위": "원자력안전위원회", "국토부": "국토교통부",
    "해수부": "해양수산부", "농식품부": "농림축산식품부", "농림부": "농림축산식품부",
    "여가부": "여성가족부", "국조실": "국무조정실", "행자부": "행정자치부",
    "인사처": "인사혁신처", "식약처": "식품의약품안전처", "우주청": "우주항공청",
    "산자부": "산업자원부", "정통부": "정보통신부", "지경부": "지식경제부",
}  # fmt: skip
# Renames whose two names both count as right (the scorer does not know each document's date).
LINEAGE = {"산업통상부": "산업통상자원부", "재정경제부": "기획재정부", "기획예산처": "기획재정부"}
FIELDS = (
    "ministries", "meeting", "agenda_items", "strategies", "programs", "centers", "people",
    "amounts",
)  # fmt: skip


def norm(text):
    """The key two spellings share: NFC, no (안), no spacing, brackets or punctuation."""
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(r"[(（]안[)）]", "", text)
    text = re.sub(r"[「」『』｢｣【】\[\]<>《》‘’“”'\"()（）·‧ㆍ・\s_\-–—,.:]", "", text)
    return text.lower()


def ministry(name):
    name = unicodedata.normalize("NFC", name or "").strip()
    name = ALIASES.get(name, name)
    return LINEAGE.get(name, name)


def similar(first, second):
    """Same key, one key inside a not much longer other, or 80% alike."""
    a, b = norm(first), norm(second)
    if not a or not b:
        return False
    if a == b:
        return True
    if (a in b or b in a) and min(len(a), len(b)) >= 0.7 * max(len(a), len(b)):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def strip_number(text):
    return re.sub(r"제?\s*\d+\s*[회차]\s*", "", text or "")


def meeting_names(meeting):
    """The names a predicted meeting may be known by: its name, its body, body + name."""
    name, body = meeting.get("name") or "", meeting.get("body") or ""
    return [strip_number(s) for s in (name, body, f"{body} {name}") if s.strip()]


def match(predicted, gold, equal):
    """Greedy one-to-one matching; the number of true positives."""
    used, found = set(), 0
    for expected in gold:
        for index, candidate in enumerate(predicted):
            if index not in used and equal(candidate, expected):
                used.add(index)
                found += 1
                break
    return found


def amount_text(amount):
    text = amount if isinstance(amount, str) else (amount or {}).get("text", "")
    return re.sub(r"[\s,]", "", text)


def _same_meeting(predicted, gold):
    name = strip_number(gold["name"])
    named = any(similar(c, name) or norm(name) in norm(c) for c in meeting_names(predicted))
    return named and (gold.get("number") is None or predicted.get("number") == gold.get("number"))


def _names(records, key):
    return [r.get(key, "") if isinstance(r, dict) else r for r in records or []]


def field_lists(pred, gold):
    """(field, predicted list, gold list, equality) for every scored field."""
    yield (
        "ministries",
        sorted({ministry(m) for m in pred.get("ministries") or []}),
        sorted({ministry(m) for m in gold.get("ministries") or []}),
        lambda p, g: p == g,
    )
    yield (
        "meeting",
        [pred["meeting"]] if pred.get("meeting") else [],
        [gold["meeting"]] if gold.get("meeting") else [],
        _same_meeting,
    )
    yield (
        "agenda_items",
        pred.get("agenda_items") or [],
        gold.get("agenda_items") or [],
        lambda p, g: similar(p.get("title", ""), g["title"]),
    )
    strategies = gold.get("strategies") or []
    yield "strategies", _names(pred.get("strategies"), "title"), strategies, similar
    yield "programs", _names(pred.get("programs"), "name"), gold.get("programs") or [], similar
    yield "centers", _names(pred.get("centers"), "name"), gold.get("centers") or [], similar
    yield (
        "people",
        [p.get("name", "") for p in pred.get("people") or []],
        [p["name"] for p in gold.get("people") or []],
        lambda p, g: norm(p) == norm(g),
    )
    yield (
        "amounts",
        sorted({amount_text(a) for a in pred.get("amounts") or []}),
        sorted({amount_text(a) for a in gold.get("amounts") or []}),
        lambda p, g: p == g,
    )


def _f1(precision, recall):
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Score:
    """Counts per field (true positives, predicted, gold), date hits and the misses."""

    counts: dict = field(default_factory=lambda: {name: [0, 0, 0] for name in FIELDS})
    documents: int = 0
    errors: int = 0
    dates_right: int = 0
    misses: list = field(default_factory=list)

    def field(self, name):
        """(precision, recall, F1) of one field; a field with nothing to find scores 1."""
        found, predicted, gold = self.counts[name]
        precision = found / predicted if predicted else 1.0
        recall = found / gold if gold else 1.0
        return precision, recall, _f1(precision, recall)

    def overall(self):
        """(precision, recall, F1) over every field's entries together."""
        found, predicted, gold = (sum(c[i] for c in self.counts.values()) for i in range(3))
        precision = found / predicted if predicted else 0.0
        recall = found / gold if gold else 0.0
        return precision, recall, _f1(precision, recall)

    @property
    def date_accuracy(self):
        return self.dates_right / max(self.documents, 1)

    def summary(self):
        """The lines score.py prints, in its format."""
        lines = []
        for name in FIELDS:
            precision, recall, f1 = self.field(name)
            found, predicted, gold = self.counts[name]
            lines.append(
                f"{name:13s} P {precision:.2f} R {recall:.2f} F1 {f1:.2f}  "
                f"(tp {found}, pred {predicted}, gold {gold})"
            )
        precision, recall, f1 = self.overall()
        lines.append(f"docs {self.documents} errors {self.errors}")
        lines.append(
            f"overall F1 {f1:.2f} P {precision:.2f} R {recall:.2f} "
            f"date-acc {self.date_accuracy:.2f}"
        )
        return lines


def score(predictions, gold_dir):
    """Score ``parse_release --json`` objects against every ``<stem>.json`` in ``gold_dir``."""
    by_stem = {Path(p.get("file", "")).stem: p for p in predictions}
    result = Score()
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        pred = by_stem.get(path.stem)
        result.documents += 1
        if pred is None or "error" in pred:
            result.errors += 1
            pred = {}
        if (pred.get("date") or None) == (gold.get("date") or None):
            result.dates_right += 1
        else:
            result.misses.append(f"{path.stem} date: {pred.get('date')} != {gold.get('date')}")
        for name, predicted, expected, equal in field_lists(pred, gold):
            found = match(predicted, expected, equal)
            counts = result.counts[name]
            counts[0] += found
            counts[1] += len(predicted)
            counts[2] += len(expected)
            if found < len(predicted) or found < len(expected):
                result.misses.append(
                    f"{path.stem} {name}: tp={found} pred={predicted} gold={expected}"
                )
    return result


def parse_folder(raw_dir):
    """(the ``--json`` object of every ``*.txt`` in ``raw_dir``, seconds spent parsing)."""
    predictions, seconds = [], 0.0
    paths = sorted(Path(raw_dir).glob("*.txt"))
    for path in paths[:1]:  # unmeasured: loads the directory and compiles the patterns
        parse_release(path.read_bytes())
    for path in paths:
        data = path.read_bytes()
        started = time.perf_counter()
        try:
            predictions.append(parse_release(data, file=str(path)).as_json())
        except UnreadableInput as error:
            predictions.append({"file": str(path), "error": str(error)})
        seconds += time.perf_counter() - started
    return predictions, seconds
