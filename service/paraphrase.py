"""What a plain question says in words a reply does not write, read through the word's own make-up.

A citizen asks 会不会增加, 钱从哪来 or 修路的事; a reply writes 新开通线路22条, 资金 and 农村公路. Three classes of
the language hold such a word where its own spelling is absent (service/focus.py calls `held_otherwise` after its
literal, alias and synonym checks fail):
- a verb of change (增加, 减少) is said by any verb of the same direction (提高, 扩大, 新增, 新开; 降低, 压缩): a reply
  reports the change, not the citizen's verb;
- 钱, the everyday word for money in general, is said by the kinds of money a reply names (资金, 经费, 补助, 投入)
  or by a sum in yuan;
- a verb-object word of two characters (修路, 建房, 装灯) is said by its object as the head of a longer noun
  (公路, 通组路; 农房; 路灯): a reply names the thing built or mended and says how by other verbs (建设, 硬化).
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer import grammar
from service import postag

RISING = frozenset("增 增加 增多 上涨 上升 提高 提升 扩大".split())
FALLING = frozenset("减 减少 降低 下降 缩小".split())
# (新开/新增/新建/新设: what is added is reported as new, 新开通社区公交线路22条)
SAID_RISING = re.compile(r"增加|新增|增设|增开|扩大|提高|提升|上升|上涨|新开|新建|新设|加密")
SAID_FALLING = re.compile(r"减少|降低|下降|压缩|缩小|缩短|下调|削减")

MONEY_WORDS = frozenset({"钱"})
SAID_MONEY = re.compile(r"资金|经费|补助|补贴|奖补|费用|投入|投资|拨付|预算|" + grammar.NUMBER + r"\s*元")


@lru_cache(maxsize=4096)
def verb_object_head(term: str) -> str:
    """The object of a two-character word that is a one-character verb and a one-character noun (路 of 修路), or ""."""
    if len(term) != 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in term):
        return ""
    verb, noun = postag.lcut(term[0]), postag.lcut(term[1])
    return term[1] if verb[0].flag == "v" and noun[0].flag == "n" else ""


HEAD_SPAN = 6  # characters before the object read to find the noun it heads
MODIFIER_FLAGS = ("n", "vn", "a", "b")


@lru_cache(maxsize=16384)
def ends_noun(span: str) -> bool:
    """Whether `span` ends in a noun its last character heads: a word of two characters or more (公路 of 推进农村公路),
    or that character alone after a modifier jieba cuts apart (通组 路, 硬化 路)."""
    words = postag.lcut(span)
    last = words[-1]
    if len(last.word) >= 2:
        return last.flag.startswith("n") and last.flag != "nr"
    return len(words) >= 2 and words[-2].flag.startswith(MODIFIER_FLAGS) and words[-2].flag != "nr"


def heads_noun(text: str, noun: str) -> bool:
    """Whether `text` writes a noun of two characters or more that ends in `noun` (公路, 通组路 for 路)."""
    at = text.find(noun)
    while at >= 0:
        if at and ends_noun(text[max(0, at - HEAD_SPAN) : at + len(noun)]):
            return True
        at = text.find(noun, at + 1)
    return False


def held_otherwise(text: str, term: str) -> bool:
    """Whether `text` says `term` in the other words its class of the language allows (see the module's doc)."""
    if term in RISING:
        return bool(SAID_RISING.search(text))
    if term in FALLING:
        return bool(SAID_FALLING.search(text))
    if term in MONEY_WORDS:
        return bool(SAID_MONEY.search(text))
    noun = verb_object_head(term)
    return bool(noun) and noun in text and heads_noun(text, noun)
