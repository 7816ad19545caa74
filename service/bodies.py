"""The bodies a sentence names as its own (山东省…评估中心, “安康评估”公司, 第一人民医院): what answers "哪家机构",
and what tells a figure of another body from one of the body a question asks about.
"""

from __future__ import annotations

import re

from indexer.lexical import Tokenizer
from service.asked import BODY_KINDS, focus_text
from service.mentions import mentions
from service.postag import tagged

# Words that make a body's name its own: a place (山东省…评估中心), a person's or an organisation's name (海信集团),
# another proper name, an ordinal (第一人民医院); a quoted name (“安康评估”公司) is one too.
PROPER_FLAGS = ("ns", "nr", "nt", "nz")
_BODY_END = re.compile("|".join(BODY_KINDS + ("局", "委", "厅", "办", "院", "所", "站", "社", "会")))


def names_body(sentence: str) -> bool:
    """Whether `sentence` names a body of its own: a noun run ending in a kind of body or an office (机构, 公司,
    局…) that holds a proper name, an ordinal or a quoted name."""
    return next(named_bodies(sentence), None) is not None


def named_bodies(sentence: str):
    """The bodies `sentence` names as its own (names_body), each as written (泉州艺术学校, “安康评估”公司)."""
    run: list = []
    quoted = False
    for p in tagged(sentence):
        if p.word in "“「《":
            quoted = True
            continue
        if p.word in "”」》":
            continue
        if p.flag.startswith(("n", "vn", "j", "eng")) or p.flag == "m" and p.word.startswith("第"):
            run.append(p)
            if _BODY_END.search(p.word[-2:]) and (quoted or any(
                    q.flag in PROPER_FLAGS or (q.flag == "m" and re.fullmatch(r"第[一二三四五六七八九十\d]+", q.word))
                    or q.flag == "eng" for q in run)):
                yield "".join(q.word for q in run)
        else:
            run, quoted = [], False


def names_another_body(question: str, sentence: str, tokenizer: Tokenizer) -> bool:
    """The question asks about a body it names (泉州师范学院的南音方向…) and the sentence names bodies of its own, none
    of them that one (泉州艺术学校…每年招生40名): it states the figure of another body."""
    # (an institution, not an office: the office named is who answers, and its reply calls itself 我局)
    asked_bodies = [b for b in dict.fromkeys(named_bodies(focus_text(question))) if b.endswith(BODY_KINDS)]
    if not asked_bodies:
        return False
    lowered = sentence.lower()
    if any(mentions(lowered, b.lower(), tokenizer) for b in asked_bodies):
        return False
    return any(True for _ in named_bodies(sentence))
