"""The figure a number question asks for, and whether a sentence states one.

"多久能得到回应？" wants a duration (20个工作日), "每人补贴多少？" a sum of money (3000元), "建了几个实训
基地？" a count of 个, "占多少？" a share (96%). Replies state many numbers in one passage (dates, counts
of other things), so a sentence holding a number *with the asked unit* is the one that answers; the
answerer prefers it over a sentence that merely shares more of the question's words.
"""

from __future__ import annotations

import re

from indexer import grammar

# Families of units that answer the same question (indexer/grammar.py): 所 and 家 both count institutions,
# 人 and 名 people.
FAMILIES: dict[str, tuple[str, ...]] = {
    "money": grammar.WRITTEN_MONEY_UNITS,
    "duration": grammar.SPAN_UNITS,
    "share": grammar.SHARE_UNITS,
    "people": grammar.PEOPLE_UNITS,
    "institutions": grammar.INSTITUTION_UNITS,
}
# Question words asking for a family, beyond a classifier after 几/多少; a share first (补贴多少比例).
ASKS_FAMILY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("share", re.compile(r"比例|百分之|占多少|多少成|几成|[率比]是?多少|提高到多少|多少个百分点")),
    # 补贴多少 alone names no unit: a subsidy is as often a share (50%, 10个百分点) as a sum.
    ("money", re.compile(r"多少钱|多少资金|多少经费|多少(?:万|亿)?元|几块钱")),
    # 多久一次 asks how often (每季度一次), not how long.
    ("duration", re.compile(r"(?:多久|多长时间|多少天|几天|多少个工作日|几个工作日|几个月|多少个月|多长)(?![^，。？?]{0,4}一次)")),
)
ASKED_CLASSIFIER = re.compile(rf"(?:多少|几)\s*({grammar.unit_pattern(grammar.QUESTION_CLASSIFIERS)})")


def _family_of(unit: str) -> tuple[str, ...]:
    for units in FAMILIES.values():
        if unit in units:
            return units
    return (unit,)


def asked_units(question: str) -> tuple[str, ...] | None:
    """The units that answer `question` (家/所/户 for 多少家), or None when it asks for no figure."""
    for family, asks in ASKS_FAMILY:
        if asks.search(question):
            return FAMILIES[family]
    match = ASKED_CLASSIFIER.search(question)
    if match is None:
        return None
    unit = match.group(1)
    if unit == "万":  # 多少万: the magnitude of any count
        return None
    return _family_of(unit)


def figure_pattern(question: str) -> re.Pattern[str] | None:
    """A number followed by one of the asked units; never a date (2024年, 5月7日) or a longer unit
    that starts like the asked one (3个月 and 2个百分点 hold no count of 个)."""
    units = asked_units(question)
    if units is None:
        return None
    return re.compile(rf"{grammar.QUANTITY_START}(?!\d{{4}}\s*年){grammar.NUMBER}(?:{grammar.unit_pattern(units)})(?!月|工作日|百分点)")
