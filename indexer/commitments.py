"""Commitments: sentences in which an agency promises something (将, 下一步, 力争, 目标到…) and
sentences reporting progress on such a promise (已建成, 已遴选出…). Runs at index time; rules only,
since the cues are precise and measurable (see eval/RESULTS.md for precision and recall).
"""

from __future__ import annotations

import re

from indexer.models import Commitment, Reply
from indexer.sentences import split_sentences

BODY_KINDS = ("body", "conclusion")

FUTURE_CUES = re.compile(
    r"下一步|将(?!近|军)|计划(?:于|在|到|将|用|新建|建设|开展|推出|出台|实施|启动|完成)|拟(?:在|于|将|出台|建|开展|推出|对)|力争|争取|目标(?:到|是|为)|"
    r"预计|确保|年底前|年内|今后|未来(?:三|五|两|几)?年"
)
PAST_CUES = re.compile(r"已(?!于将)|累计|截至|先后|建成了|完成了")
# A number with a unit that counts things, not a year or a date.
QUANTITY = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万平方米|平方米|个百分点|万人次|万人|亿元|万元|公里|千米|家|个|所|项|人|名|条|座|张|台|批|场|户|张|辆|套|处|支|%)"
)
DEADLINE = re.compile(
    r"(?:(?<!\d)(\d{4})|(今|明))\s*年\s*(底|末|年底|上半年|下半年|第?\s*([一二三四1-4])\s*季度|(\d{1,2})\s*月)?"
)
DEADLINE_CONTEXT = re.compile(r"到|至|于|力争|目标|计划|前|底|末|预计|确保|争取|完成|实现|季度|上半年|下半年")
YEAR_WITHIN = re.compile(r"年内|年底前|今年底")
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
OBJECT_AFTER_QUANTITY = re.compile(r"[“”\"「」]?([\u4e00-\u9fffA-Za-z“”]{2,16})")


def find_targets(sentence: str) -> list[str]:
    targets = []
    for match in QUANTITY.finditer(sentence):
        after = sentence[match.end() : match.end() + 1]
        if after in "年月日" and after:
            continue
        targets.append(f"{match.group(1)}{match.group(2)}")
    return targets


def find_deadline(sentence: str, reply_year: int | None) -> str | None:
    for match in DEADLINE.finditer(sentence):
        before = sentence[max(0, match.start() - 4) : match.start()]
        after = sentence[match.end() : match.end() + 3]
        if not DEADLINE_CONTEXT.search(before + match.group(0) + after):
            continue
        if match.group(1):
            year = int(match.group(1))
        elif reply_year:
            year = reply_year + (1 if match.group(2) == "明" else 0)
        else:
            continue
        part = match.group(3) or ""
        if part in ("底", "末", "年底"):
            return f"{year}-12"
        if part == "上半年":
            return f"{year}-H1"
        if part == "下半年":
            return f"{year}-H2"
        if match.group(4):
            return f"{year}-Q{QUARTERS[match.group(4)]}"
        if match.group(5):
            return f"{year}-{int(match.group(5)):02d}"
        return str(year)
    if reply_year and YEAR_WITHIN.search(sentence):
        return f"{reply_year}-12"
    return None


def classify(sentence: str) -> str | None:
    """commitment, progress, or None for ordinary description."""
    future = FUTURE_CUES.search(sentence)
    past = PAST_CUES.search(sentence)
    if past and find_targets(sentence) and (not future or past.start() < future.start()):
        return "progress"
    if future:
        return "commitment"
    return None


def extract_commitments(reply: Reply) -> list[Commitment]:
    found: list[Commitment] = []
    for section in reply.sections:
        if section.kind not in BODY_KINDS:
            continue
        for start, end, sentence in split_sentences(section.text, min_chars=6):
            kind = classify(sentence)
            if kind is None:
                continue
            found.append(
                Commitment(
                    reply_id=reply.reply_id,
                    section_id=section.section_id,
                    path=section.path,
                    agency=reply.meta.agency,
                    kind=kind,
                    text=sentence,
                    start=start,
                    end=end,
                    targets=find_targets(sentence),
                    deadline=find_deadline(sentence, reply.meta.year) if kind == "commitment" else None,
                    year=reply.meta.year,
                )
            )
    return found


def target_objects(commitment: Commitment) -> set[str]:
    """What each quantity counts: 30家“GID链主”企业 → GID链主企业."""
    objects = set()
    for match in QUANTITY.finditer(commitment.text):
        following = OBJECT_AFTER_QUANTITY.match(commitment.text, match.end())
        if following:
            objects.add(re.sub(r"[“”\"]", "", following.group(1)))
    return objects


def _shares_object(a: set[str], b: set[str], minimum: int = 4) -> bool:
    for x in a:
        for y in b:
            shorter, longer = (x, y) if len(x) <= len(y) else (y, x)
            for i in range(len(shorter) - minimum + 1):
                if shorter[i : i + minimum] in longer:
                    return True
    return False


def link_follow_through(commitments: list[Commitment]) -> None:
    """Link a promise to a later reply of the same agency that reports on the same target."""
    objects = {c.commitment_id: target_objects(c) for c in commitments}
    promises = [c for c in commitments if c.kind == "commitment" and objects[c.commitment_id]]
    for promise in promises:
        for later in commitments:
            if (
                later.reply_id != promise.reply_id
                and later.agency == promise.agency
                and (later.year or 0) > (promise.year or 0)
                and _shares_object(objects[promise.commitment_id], objects[later.commitment_id])
            ):
                promise.follows.append(later.commitment_id)
                later.follows.append(promise.commitment_id)
