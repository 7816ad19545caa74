"""Whether a text mentions a word: the word, its aliases and synonyms (service/synonyms.py, and the everyday words
of the question: `EverydayWords`), an abbreviation's characters in order (`spread_in`), a verb and its object
written object first (职称评审 for 评职称), or another word of its class (service/paraphrase.py); and the weight share
of a question's focus words that a text leaves out (`missing_share`).
"""

from __future__ import annotations

from functools import lru_cache

import jieba

from indexer.lexical import Tokenizer
from service.paraphrase import held_otherwise
from service.postag import tagged
from service.synonyms import lexicon


class EverydayWords:
    """The search tokenizer read with one question's everyday words (service/synonyms.py): each word of an
    everyday word of the lexicon the question writes (装 and 电梯 of 装电梯, which jieba cuts in two) is also
    held where a reply writes an official term for it (加装电梯, 增设电梯). Only the question's words are
    looked up: a reply's everyday word never holds a question's official one."""

    def __init__(self, tokenizer: Tokenizer, question: str) -> None:
        self.tokenizer = tokenizer
        self.question = question
        extra: dict[str, set[str]] = {}
        for part, officials in everyday_terms(question, tokenizer).items():
            extra.setdefault(part.lower(), set()).update(officials)
        self._extra = {part: frozenset(officials) for part, officials in extra.items()}

    def equivalents(self, word: str) -> frozenset[str]:
        found = self.tokenizer.equivalents(word)
        extra = self._extra.get(word.lower())
        return found | extra if extra else found

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)


def everyday_terms(question: str, tokenizer: Tokenizer) -> dict[str, tuple[str, ...]]:
    """Each everyday word of the lexicon `question` writes, and each search token of it (住校; 装, 电梯 of 装电梯),
    with the official terms a reply writes for it (寄宿; 加装电梯, 增设电梯)."""
    synonyms, found = lexicon(), {}
    for word in synonyms.everyday_in(question):
        for part in {word, *tokenizer.tokenize(word, expand=False)}:
            found[part] = (*found.get(part, ()), *synonyms.official(word))
    return found


def everyday_spellings(question: str, tokenizer: Tokenizer) -> dict[str, tuple[frozenset[str], ...]]:
    """everyday_terms with each official term as its search tokens (寄宿; 加装, 电梯): a passage whose tokens hold
    one of those sets holds the question's token."""
    spelled = {}
    for part, officials in everyday_terms(question, tokenizer).items():
        spellings = (frozenset(tokenizer.tokenize(t, expand=False)) for t in officials)
        spelled[part] = tuple(s for s in spellings if s)
    return spelled


def with_everyday(tokenizer: Tokenizer | EverydayWords, question: str) -> Tokenizer | EverydayWords:
    """`tokenizer` read with the everyday words of `question` (EverydayWords), once per question."""
    if isinstance(tokenizer, EverydayWords) and tokenizer.question == question:
        return tokenizer
    return EverydayWords(tokenizer.tokenizer if isinstance(tokenizer, EverydayWords) else tokenizer, question)


def mentions(text: str, term: str, tokenizer: Tokenizer) -> bool:
    """The term, an alias or a synonym of it (教师 for 老师, 就医 for 看病: service/synonyms.py), or its
    characters in order within a short span (超充站 ⊂ 超级充电站: Chinese abbreviations keep the
    characters of the full name), or other words of its class (新开通 for 增加, 资金 for 钱: service/paraphrase.py)."""
    if any(name in text for name in tokenizer.equivalents(term)) or any(word in text for word in lexicon().of(term)):
        return True
    if len(term) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in term):
        if spread_in(text, term):
            return True
        # A verb and its object said as one word (评职称, 修电梯) are written as the object before the verb in a
        # reply's nominal style (职称评审, 电梯维修).
        verb, noun = verb_object(term)
        if verb and object_before_verb(text, noun, verb):
            return True
        if coined(term) and halves_in_clause(text, term):
            return True
    if written_register(text, term):
        return True
    return held_otherwise(text, term)


# Spoken verbs and the written ones a reply uses for the same act, as the start of a word: a citizen 坐车 and 买农机,
# a reply writes 乘车 (乘坐公交车) and 购置农机 (购买), 卖票 as 售票.
WRITTEN_VERBS = {"坐": ("乘", "乘坐"), "买": ("购", "购买", "购置"), "卖": ("售", "销售", "出售")}


def written_register(text: str, term: str) -> bool:
    """Whether `text` writes `term` with its spoken verb in the written register (乘车 for 坐车). The verb alone
    (买) is held only by a two-character written verb (购买, 购置): 购 alone is in 采购 and 购房."""
    verb = term[:1]
    rest = term[1:]
    return any(written + rest in text for written in WRITTEN_VERBS.get(verb, ()) if rest or len(written) > 1)


def object_before_verb(text: str, noun: str, verb: str) -> bool:
    """`noun` with `verb` within two characters after it, on one line (职称评审 for 评 and 职称)."""
    at = text.find(noun)
    while at >= 0:
        after = text[at + len(noun) : at + len(noun) + 3].split("\n")[0]
        if verb in after:
            return True
        at = text.find(noun, at + 1)
    return False


@lru_cache(maxsize=4096)
def verb_object(term: str) -> tuple[str, str]:
    """(verb, object) of a three-character word that is a one-character verb and a two-character noun (评职称 →
    评, 职称); ("", "") for any other word."""
    if len(term) != 3:
        return "", ""
    verb, noun = tagged(term[0]), tagged(term[1:])
    if len(noun) == 1 and verb[0].flag == "v" and noun[0].flag.startswith("n") and noun[0].flag != "ns":
        return term[0], term[1:]
    return "", ""


@lru_cache(maxsize=4096)
def coined(term: str) -> bool:
    """A four-character word jieba's dictionary lacks, cut as one by its HMM: a citizen's coinage of two words (普惠托位 of
    普惠 and 托位), which a reply writes apart."""
    if len(term) != 4:
        return False
    jieba.dt.check_initialized()  # (an uninitialised dictionary knows no word)
    return not jieba.get_FREQ(term) and len(jieba.lcut(term)) == 1  # (托育机构 is cut in two: no coinage)


# Where a clause ends: a word said in one clause of the question is said in one clause of the reply.
CLAUSE_END = "。；;，,！？?\n"


def halves_in_clause(text: str, term: str) -> bool:
    """Whether one clause of `text` writes the two halves of `term` in order: a compound of a modifier and a head
    (普惠托位) is said by a reply that writes the modifier on what holds the head (对普惠托育机构按每个托位…补贴)."""
    first, second = term[:2], term[2:]
    at = text.find(first)
    while at >= 0:
        end = min((i for i in (text.find(mark, at) for mark in CLAUSE_END) if i >= 0), default=len(text))
        if text.find(second, at + 2, end) >= 0:
            return True
        at = text.find(first, at + 1)
    return False


SPREAD_GAP = 3  # characters allowed between two of the term's in a text that abbreviates it


def spread_in(text: str, term: str) -> bool:
    """Whether `text` holds the characters of `term` in order, at most SPREAD_GAP characters and no line
    break between each two: what re.search(".{0,3}".join(term), text) finds, without compiling a
    pattern for every new word (compiling was a tenth of an answer's own time)."""
    def rest(at: int, k: int) -> bool:  # term[k - 1] is at `at`: can term[k:] follow?
        if k == len(term):
            return True
        stop = min(at + SPREAD_GAP + 2, len(text))
        following = text.find(term[k], at + 1, stop)
        while following >= 0:
            if "\n" in text[at + 1 : following]:
                return False
            if rest(following, k + 1):
                return True
            following = text.find(term[k], following + 1, stop)
        return False

    at = text.find(term[0])
    while at >= 0:
        if rest(at, 1):
            return True
        at = text.find(term[0], at + 1)
    return False


def missing_terms(text: str, terms: list[str], weights: dict[str, float], tokenizer: Tokenizer,
                   context: frozenset[str] = frozenset()) -> tuple[float, list[str]]:
    """The weight share of `terms` that `text` does not mention. The search tokens of a long word include
    its parts (人工, 智能 of 人工智能): a text naming the word, or an alias of it (AI企业), holds them.
    `context`: the terms a text read with this one (a passage's context, before a line break) mentions,
    found once for all of the passage's sentences (no mention runs over a line break)."""
    held = {t for t in terms if t in context or mentions(text, t, tokenizer)}
    absent = [t for t in terms if t not in held and not any(t in whole for whole in held if whole != t)]
    total = sum(weights.values())
    return (sum(weights[t] for t in absent) / total if total else 0.0), absent


def missing_share(text: str, terms: list[str], weights: dict[str, float], tokenizer: Tokenizer) -> float:
    """The weight share of the focus words `terms` that `text` (lower-cased) does not mention."""
    return missing_terms(text, terms, weights, tokenizer)[0]
