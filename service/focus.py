"""The focus of a question (what it asks about, and what kind of answer it wants), and whether the
evidence supports it.

"浦东地铁票价是多少？" shares 浦东 and 票价 with a reply on bus fares, and "张江人工智能岛在哪里？"
shares every word with a reply that mentions the island among others; neither reply says what was
asked. The focus is the phrase before the question word (地铁票价, 张江人工智能岛), any year it names,
and the shape of the answer the question word asks for (a price, a place, a time of day). An answer
needs top passages that hold the focus's words (weighted by rarity: a missing rare word weighs more
than a missing common one) and every year it names, and, for a shaped question, a sentence of that
shape about the focus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from indexer import grammar
from indexer.lexical import Tokenizer
from indexer.sentences import split_sentences

# Question words and the shape of the sentence that answers them. Order matters: the first match
# decides ("多少钱" is a price before it is a count).
SHAPES: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("location",
     re.compile(r"在哪(?:里|儿|个地方)?|(?:什么|哪个)(?:地方|位置|地点)|位于哪|地址在|坐落在|具体位置"),
     re.compile(r"位于|坐落|地处|地址|选址|落户|设在|设于|建在|开在|[路街道弄]\s*\d+\s*号|\d+\s*号楼|"
                r"网站|网址|官网|App|APP|小程序|公众号|窗口|办事大厅|服务大厅|街道|镇|园区|大厦")),
    ("clock",
     re.compile(r"几点|几时|营业时间|开放时间|办公时间|开门时间|上班时间"),
     re.compile(r"\d{1,2}\s*(?:[:：]\s*\d{2}|点|时(?!间))|全天|24小时|工作日")),
    ("price",
     re.compile(r"多少钱|票价|价格|价钱|收费(?:标准|多少)?|费用是?多少|几块钱|多少元"),
     re.compile(r"\d+(?:\.\d+)?\s*(?:元|角|块|%|％)|免费|减免|优惠|半价|折")),
    ("time",
     re.compile(r"什么时候|何时|哪一?年|几月|哪个月|哪天|多久|多长时间"),
     re.compile(r"\d{4}\s*年|\d{1,2}\s*月|\d+\s*(?:天|日|个月|年|小时|分钟|个工作日)|年底|年内|年末|季度|上半年|下半年|"
                r"今年|明年|近期|即将|期间")),
    ("count",
     re.compile(rf"多少|几(?:{grammar.unit_pattern(grammar.QUESTION_CLASSIFIERS)})|多大|规模"),
     re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|家|所|条|项|批|年|倍|成|名|人|座|处)")),
)
# Where the asked-about thing ends: the question word and anything after it.
QUESTION_WORD = re.compile(r"是(?:什么|多少|哪|谁|几)|有(?:什么|哪些|多少|几)|在哪|哪些|哪里|哪个|什么|多少|几|谁|如何|怎么|"
                           r"怎样|多久|多长|多大|多高|何时|吗|呢|[？?]")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# Words that point or count rather than name: 那条/这份 (demonstrative + classifier), 第一个 (ordinal).
POINTING = re.compile(r"[这那该此本][条份个项件篇封次位家]?|第?[一二三四五六七八九十百千万两\d]+[个家所条项次批名位]?|"
                      r"分别|各自|各|都")  # ...and words that distribute the question over several replies


@dataclass
class Focus:
    kind: str | None                         # location, clock, price, time, count, or None for anything else
    terms: list[str] = field(default_factory=list)    # words of what is asked about
    missing: list[str] = field(default_factory=list)  # terms (and years) no top passage mentions
    missing_share: float = 0.0               # the missing terms' share of the terms' weight
    shaped: bool = True                      # a top passage has a sentence of the asked shape about the focus
    years_missing: bool = False              # the question names a year no top passage says
    compound_missing: bool = False           # a word of the compound naming the asked thing is missing
    supported: bool = True

    def as_json(self) -> dict:
        return {"kind": self.kind, "terms": self.terms, "missing": self.missing,
                "missing_share": round(self.missing_share, 4), "shaped": self.shaped,
                "years_missing": self.years_missing, "compound_missing": self.compound_missing,
                "supported": self.supported}


def asked_shape(question: str) -> tuple[str | None, re.Pattern[str] | None]:
    for kind, asks, answers in SHAPES:
        if asks.search(question):
            return kind, answers
    return None, None


def focus_text(question: str) -> str:
    """The question up to its first question word: "浦东地铁票价" of "浦东地铁票价是多少？", and
    "经营困难的老年助餐点，政府" of "经营困难的老年助餐点，政府怎么补贴？"."""
    match = QUESTION_WORD.search(question)
    before = question[: match.start()] if match else question
    # A question that opens with its question word ("哪些部门…") asks about what follows it.
    return before if len(before.strip(" ，,")) >= 2 else question


def without_places(phrase: str) -> str:
    """The phrase without place names (浦东, 武侯区): a place scopes the question, as an agency does
    (`About`, filters), and a reply from elsewhere is not thereby about another thing."""
    import jieba.posseg

    return "".join(" " if p.flag == "ns" else p.word for p in jieba.posseg.lcut(phrase))


def focus_terms(text: str, tokenizer: Tokenizer) -> list[str]:
    """The words of the asked-about phrase: search tokens, without numbers (years are checked apart)."""
    tokens = tokenizer.tokenize(YEAR.sub(" ", text), expand=False)
    return list(dict.fromkeys(t for t in tokens if not t.startswith("doc:") and not re.fullmatch(r"[\d.]+\w?", t)
                              and not POINTING.fullmatch(t)))


NOUN = ("n", "vn", "eng", "nz", "j", "l")
# Nouns that name a measure of the noun before them ("补贴标准", "投资规模", "开放数量"): what is
# asked is the measure's value, so the thing measured is the head.
MEASURE = frozenset("标准 金额 数额 额度 数量 总量 总额 比例 比重 占比 规模 水平 情况 时间 期限 范围 人数 面积 价格 费用 "
                    "幅度 程度 目标 数 率".split())


def compounds(question: str) -> list[str]:
    """Noun compounds that name what is asked: the run of nouns ending right before the question word
    (地铁票价 of "浦东地铁票价是多少") and the run right after a counting one (三甲医院 of "有几家三甲医院").
    A compound's modifier matters: a passage on 公交票价 does not hold 地铁票价."""
    import jieba.posseg

    pairs = [(p.word, p.flag) for p in jieba.posseg.lcut(question)]
    found = []
    for at, (word, _) in enumerate(pairs):
        if not QUESTION_WORD.fullmatch(word) and not re.fullmatch(r"(?:多少|几)[个家所条项名座处种类]?", word):
            continue
        before: list[str] = []
        start = at
        while start > 0 and pairs[start - 1][0] in ("是", "有", "在", "为", "按", "的"):
            start -= 1  # "票价是多少", "公寓按什么价格": the copula or preposition sits between
        for w, flag in reversed(pairs[:start]):
            if not flag.startswith(NOUN) or flag.startswith("nr") or flag == "ns":
                break
            before.insert(0, w)
        after: list[str] = []
        for w, flag in pairs[at + 1:]:
            if not after and re.fullmatch(r"[个家所条项名座处种类]", w):
                continue  # "多少 个 企业"
            if not flag.startswith(NOUN) or flag.startswith("nr") or flag == "ns":
                break
            after.append(w)
        for run in (before, after):
            while run and run[-1] in MEASURE:
                run = run[:-1]
            if len(run) >= 2:
                found.append(run)
        break
    return ["".join(run) for run in found]


def head_noun(phrase: str) -> str | None:
    """The last noun of the asked-about phrase: Chinese noun phrases end in their head (张江人工智能岛 → 岛,
    第一个零工市场开 → 市场)."""
    import jieba.posseg

    nouns = [p.word for p in jieba.posseg.lcut(phrase)
             if p.flag.startswith(("n", "vn", "eng")) and p.word.strip() and p.word not in MEASURE]
    return nouns[-1] if nouns else None


def _mentions(text: str, term: str, tokenizer: Tokenizer) -> bool:
    """The term, an alias of it, or its characters in order within a short span (超充站 ⊂ 超级充电站:
    Chinese abbreviations keep the characters of the full name)."""
    if any(name in text for name in tokenizer.equivalents(term)):
        return True
    if len(term) < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in term):
        return False
    return re.search(".{0,3}".join(map(re.escape, term)), text) is not None


def judge_focus(question: str, passages: list[str], tokenizer: Tokenizer, idf: Callable[[str], float], *,
                ignore: list[str] | None = None, max_missing: float = 0.6, shaped: bool = True,
                text: str | None = None) -> Focus:
    """Whether `passages` (the top passages' text, with their title and section path) hold what is asked.

    `text` overrides the asked-about phrase (a field question's, without the field's own words);
    `ignore` lists names the question uses for agencies (weighed by `About`, not here).
    """
    kind, answers = asked_shape(question) if shaped else (None, None)
    phrase = focus_text(question) if text is None else text
    for name in sorted(ignore or (), key=len, reverse=True):
        phrase = phrase.replace(name, " ")
    terms = focus_terms(without_places(phrase), tokenizer)
    weights = {t: idf(t) for t in terms}
    total = sum(weights.values())
    # The focus must be held by one passage, not pieced together from several: "三甲医院" and "几家"
    # each occur somewhere in five passages on hospitals without any of them saying how many.
    best: tuple[float, list[str], str] = (1.0 if terms else 0.0, list(terms), "")
    for passage in (p.lower() for p in passages):
        absent = [t for t in terms if not _mentions(passage, t, tokenizer)]
        share = sum(weights[t] for t in absent) / total if total else 0.0
        if share < best[0] or not best[2]:
            best = (share, absent, passage)
        if share == 0.0:
            break
    share, missing, held_by = best
    # Every word of a compound naming the asked thing must be in that passage.
    gaps = [w for c in compounds(question) if not _mentions(held_by, c.lower(), tokenizer)
            for w in focus_terms(c, tokenizer) if not _mentions(held_by, w, tokenizer)]
    missing = list(dict.fromkeys([*missing, *gaps]))
    strict = bool(gaps)
    # A year the question names is part of what it asks ("2021年的投资"): that passage must say it.
    years = [y for y in dict.fromkeys(YEAR.findall(question)) if y not in held_by]
    found_shape = True
    if answers is not None:
        # The shape must be said of the focus: a sentence that names a focus term and has the shape
        # ("…位于…"), not a price or a place anywhere in a passage that mentions it in passing.
        # About the thing asked for: the sentence names the phrase's head noun (the island, not just 张江).
        head = head_noun(phrase)
        found_shape = any(answers.search(sentence) and (head is None or _mentions(sentence.lower(), head.lower(), tokenizer))
                          for passage in passages for _, _, sentence in split_sentences(passage))
    return Focus(kind=kind, terms=terms, missing=[*missing, *(f"{y}年" for y in years)], missing_share=share,
                 shaped=found_shape, years_missing=bool(years), compound_missing=strict,
                 supported=share <= max_missing and not years and found_shape and not strict)
