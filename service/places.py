"""Places a question names that the archive holds no reply of.

"北京地铁票价多少？" asked of an archive of Shanghai and Nanning replies is about Beijing: a Pudong bus fare or
a Nanning transfer discount is no answer to it, however many words they share. A place is held when a reply of
the archive comes from inside it (浦东新区 for 上海), or covers it (a city bureau's reply for one of its districts).
When it is not, only passages that write its name, and ministries' replies (which cover every place), may answer,
with a note that the place itself has no reply; when none is retrieved, the answer says the archive has no reply
of that place (service/answer.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service import postag
from service.gazetteer import Division, gazetteer

# Proper names of streets, parks, stations and buildings open with a place's name (中山公园, 长安街, 北京西站,
# 杭州东站): the name then belongs to the feature, not to a place the question is about.
FEATURE_END = re.compile(r"(?:路|街|道|巷|弄|里|公园|广场|桥|机场|站|港|码头|湖|山|江|河|寺|塔|楼|园|馆|宫|门|中心|"
                         r"医院|大学|学院|中学|小学|银行|集团|公司|大厦|商场|景区|古城|古镇)$")


@dataclass(frozen=True)
class PlaceNamed:
    written: str         # as the question writes it: 北京, 成都市, 黄浦区
    division: Division


def places_asked(question: str) -> list[PlaceNamed]:
    """The divisions the question names, each once, in its order: a word that is a division's full name (成都市,
    黄浦区), or a province's or city's name as people say it (北京, 成都) where jieba reads a place (ns) — also
    when it glued the name to the noun after it (北京地铁 → 北京), unless the word is a feature's proper name
    (中山公园, 长安街). A county's name said without its kind is too often a word (新建, 和平, 城关) and names
    none, as does a name the division table has in two places (鼓楼)."""
    table = gazetteer()
    found: dict[str, PlaceNamed] = {}
    for word in postag.lcut(question):
        text, flag = word.word, word.flag
        if len(text) < 2:
            continue
        for end in range(len(text), 1, -1):
            name = text[:end]
            if end < len(text) and (flag != "ns" or FEATURE_END.search(text)):
                break
            division = table.named_alone(name)
            if division is None:
                continue
            full = name == division.name
            if full or (flag == "ns" and division.level != "district"):
                found.setdefault(division.code, PlaceNamed(name, division))
            break
    return list(found.values())


class ArchivePlaces:
    """Where the archive's replies come from: the division each agency's name opens with, found once."""

    def __init__(self, agencies: list[str | None]) -> None:
        table = gazetteer()
        self.divisions = {d for agency in dict.fromkeys(a for a in agencies if a) if (d := table.locate(agency))}

    def holds(self, division: Division) -> bool:
        """A reply comes from inside the division (浦东新区 for 上海市) or from a body whose area holds it (a
        city bureau for its district)."""
        return any(d.overlaps(division) for d in self.divisions)

    def elsewhere(self, question: str) -> list[PlaceNamed]:
        """The places `question` names that no reply of the archive comes from or covers."""
        return [p for p in places_asked(question) if not self.holds(p.division)]
