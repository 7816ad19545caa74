"""The focus of a question (what it asks about, and what kind of answer it wants), and whether the
evidence supports it.

"浦东地铁票价是多少？" shares 浦东 and 票价 with a reply on bus fares, and "张江人工智能岛在哪里？"
shares every word with a reply that mentions the island among others; neither reply says what was
asked. The focus is the thing before the question word (地铁票价, 张江人工智能岛) and the shape of the
answer the question word asks for (a price, a place). An answer needs a passage that names every
noun of the focus and, for a shaped question, a sentence of that shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.lexical import QUESTION_STOPWORDS, STOPWORDS, Tokenizer
from indexer.sentences import split_sentences

# Question words and the shape of the sentence that answers them. Order matters: the first match
# decides ("多少钱" is a price before it is a count).
SHAPES: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("location",
     re.compile(r"在哪(?:里|儿|个地方)?|(?:什么|哪个)(?:地方|位置|地点)|位于哪|地址在|坐落在|具体位置"),
     re.compile(r"位于|坐落|地处|地址|选址|落户|设在|设于|建在|[路街道弄]\s*\d+\s*号|\d+\s*号楼|"
                r"平台|窗口|网站|网上|线上|App|APP|小程序|公众号|服务中心|服务站|办事处|街道|镇")),
    ("price",
     re.compile(r"多少钱|票价|价格|价钱|收费(?:标准|多少)?|费用是?多少|几块钱|多少元"),
     re.compile(r"\d+(?:\.\d+)?\s*(?:元|角|块)|免费|减免|优惠|半价|折")),
    ("time",
     re.compile(r"什么时候|何时|哪一?年|几月|哪个月|哪天|多久|多长时间"),
     re.compile(r"\d{4}\s*年|\d{1,2}\s*月|\d+\s*(?:天|日|个月|年|小时|分钟|个工作日)|年底|年内|年末|季度|上半年|下半年|"
                r"今年|明年|近期|即将|期间")),
    ("count",
     re.compile(r"多少|几[个家所条项次人名批类种台辆座处块间份期届轮成倍]|多大|规模"),
     re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|家|所|条|项|批|年|倍|成|名|人|座|处)")),
)
# Where the asked-about thing ends: the question word and anything after it.
QUESTION_WORD = re.compile(r"是(?:什么|多少|哪|谁|几)|有(?:什么|哪些|多少|几)|在哪|哪些|哪里|哪个|什么|多少|几|谁|如何|怎么|怎样|吗|呢|[？?]")
CLAUSE = re.compile(r"[，,；;。！!]")
NOUN_FLAGS = ("n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "eng", "vn", "an", "j", "l")


@dataclass
class Focus:
    kind: str | None                         # location, price, time, count, or None for anything else
    terms: list[str] = field(default_factory=list)   # nouns of what is asked about
    missing: list[str] = field(default_factory=list)  # terms no top passage mentions
    shaped: bool = True                      # a top passage has a sentence of the asked shape
    supported: bool = True

    def as_json(self) -> dict:
        return {"kind": self.kind, "terms": self.terms, "missing": self.missing, "supported": self.supported}


def asked_shape(question: str) -> tuple[str | None, re.Pattern[str] | None]:
    for kind, asks, answers in SHAPES:
        if asks.search(question):
            return kind, answers
    return None, None


def focus_text(question: str) -> str:
    """The clause that asks, up to its question word: "浦东地铁票价" of "浦东地铁票价是多少？"."""
    clauses = [c for c in CLAUSE.split(question) if c.strip()]
    asking = next((c for c in clauses if QUESTION_WORD.search(c)), clauses[-1] if clauses else question)
    match = QUESTION_WORD.search(asking)
    before = asking[: match.start()] if match else asking
    # A question that opens with its question word ("哪些部门…") asks about what follows it.
    return before if len(before.strip()) >= 2 else asking


def focus_terms(question: str, tokenizer: Tokenizer, ignore: list[str] | None = None) -> list[str]:
    """Nouns of the asked-about phrase, without the agencies the question names (that is `About`'s job)."""
    import jieba.posseg

    text = focus_text(question)
    for name in ignore or ():
        text = text.replace(name, " ")
    terms = []
    for pair in jieba.posseg.lcut(text):
        word = pair.word.strip()
        if pair.flag in NOUN_FLAGS and word and word.lower() not in STOPWORDS and word.lower() not in QUESTION_STOPWORDS:
            terms.append(word)
    return list(dict.fromkeys(terms))


def _alias_names(term: str, tokenizer: Tokenizer) -> set[str]:
    names = {term.lower()}
    for group in tokenizer.alias_groups:
        if any(term.lower() == n.lower() for n in group):
            names.update(n.lower() for n in group)
    return names


def judge_focus(question: str, passages: list[str], tokenizer: Tokenizer, ignore: list[str] | None = None) -> Focus:
    """Whether `passages` (the top passages' text, with their title and section path) hold what is asked."""
    kind, answers = asked_shape(question)
    terms = focus_terms(question, tokenizer, ignore)
    texts = [p.lower() for p in passages]
    missing = [t for t in terms if not any(name in text for name in _alias_names(t, tokenizer) for text in texts)]
    shaped = True
    if answers is not None:
        # The shape must be said of the focus: a sentence that names a focus term and has the shape
        # ("…位于…"), not a price or a place anywhere in a passage that mentions it in passing.
        names = [name for t in terms for name in _alias_names(t, tokenizer)]
        shaped = any(answers.search(sentence) and (not names or any(n in sentence.lower() for n in names))
                     for text in passages for _, _, sentence in split_sentences(text))
    return Focus(kind=kind, terms=terms, missing=missing, shaped=shaped, supported=not missing and shaped)
