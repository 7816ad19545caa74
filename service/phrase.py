"""The words of what a question asks about: its focus words (`focus_terms`), the nouns an answering sentence must
name (`heads`), the noun compounds whose every word matters (`compounds`), the verbs that are its predicate
(`predicates`), and what frames the question rather than names its topic: places, years said relative to now,
distributives (分别, 各区), things named by their number (21号线).
"""

from __future__ import annotations

import re

import jieba

from indexer import grammar
from indexer.lexical import Tokenizer
from service.asked import (ASPECT_FLAGS, BY_FORM, FRAME_END, LIGHT, LIGHT_VERBS, MEASURE, MODALS, PLACE_KINDS,
                           QUESTION_WORD, REPORTED, asked, glued_modal)
from service.compose import RELATIVE_YEAR, RELATIVE_YEARS
from service.postag import tagged
from service.synonyms import cilin_codes

YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# Words that point or count rather than name: 那条/这份 (demonstrative + classifier), 第一个 (ordinal).
POINTING = re.compile(r"[这那该此本][条份个项件篇封次位家]?|第?[一二三四五六七八九十百千万两\d]+[个家所条项次批名位]?|"
                      r"分别|各自|各|都")  # ...and words that distribute the question over several replies


# A place said with a locative (村里, 家里, 区里, 城里, 镇上, 省内): where the question is set, as a place name is.
# jieba tags most such words s (space); some it tags otherwise (县里 n, 镇上 v), so the form decides.
LOCATIVE_PLACE = re.compile(r"[村家区县市省镇乡城屯寨国][里上内]")


# A distributive asks the same of several places or bodies (各区…分别, 各县各自, 每个街道): each reply answers for
# its own and writes its own name (全区, 本县, 浦东), never the word that spreads the question over them all.
DISTRIBUTIVE = re.compile(r"分别|各自|(?:各|每个)(?:" + "|".join(sorted(
    PLACE_KINDS | {"地", "地方", "街道", "社区", "村", "部门", "单位", "学校", "校", "医院"}, key=len, reverse=True)) + ")")


# A time frame said relative to now (近期, 远期, 中长期, 今后): a reply dates its targets and plans by the year they are
# for (力争到2027年, 到2030年) or by 下一步, seldom by the word a citizen frames them with.
TIME_FRAME = re.compile(r"中长期|近期|远期|长期|中期|短期|今后|未来|下一步")


def frame_words(question: str, tokenizer: Tokenizer) -> frozenset[str]:
    """The search tokens of what frames a question rather than names its topic: a year said relative to now (明年,
    今年, 去年: which year that is depends on each reply's own date, and replies write it as a year, 2026年;
    the sentence on it is preferred when quoting, service/quotes.py), a time frame (远期: TIME_FRAME) and a
    distributive (分别, 各区)."""
    said = [*RELATIVE_YEAR.findall(question), *TIME_FRAME.findall(question), *DISTRIBUTIVE.findall(question)]
    return frozenset(t for word in said for t in tokenizer.tokenize(word, expand=False))


# A numbered name: a line, a building, a bus route or a gate named by its number (地铁21号线, 3号楼, 12路公交车).
NUMBERED_NAME = re.compile(r"[\d一二三四五六七八九十]+\s*(?:号线|号楼|号院|号门|号馆|路(?=公交|车|汽车|巴士|大巴))")


def numbered_names(question: str) -> list[str]:
    """The numbered names a question asks about (21号线 of "地铁21号线什么时候通车"), without spaces."""
    return list(dict.fromkeys(re.sub(r"\s+", "", m.group(0)) for m in NUMBERED_NAME.finditer(question)))


def says_numbered(text: str, name: str) -> bool:
    """Whether `text` names the numbered thing `name` (2路 is not said by 12路)."""
    return re.search(rf"(?<![\d一二三四五六七八九十]){re.escape(name)}", re.sub(r"\s+", "", text)) is not None


def relative_offset(question: str) -> int:
    """How many years from the reply's own a question asks about when it says one relative to now (明年 1, 去年 -1;
    0 for 今年 and for none): a citizen's 今年 is as loose as 现在, but 明年 asks of another year than the reply's."""
    found = RELATIVE_YEAR.search(question)
    return RELATIVE_YEARS[found.group(0)] if found else 0


def names_place(word: str, flag: str) -> bool:
    """jieba's place-name tag (ns), unless Cilin files the word only in synonym groups of things (class B, "="): jieba's
    dictionary tags some common nouns of the land as place names (池塘, 湖, 泉水: Be06B01=, Be06A01=, Be07A01=), which
    name the thing asked about ("海参池塘改造每亩补多少钱") as any noun does. A place's own name is filed, if at all, as
    one of a kind ("#": 长江 Be05B19#, 崂山 Be04A16#) or as a place (Di, Cb: 吉林, 城市)."""
    if flag != "ns":
        return False
    codes = cilin_codes().get(word)
    return not codes or not all(code[0] == "B" and code.endswith("=") for code in codes)


def without_places(phrase: str) -> str:
    """The phrase without place names (浦东, 武侯区) and places said with a locative (村里, 家里): a place
    scopes the question, as an agency does (`About`, filters), and a reply from elsewhere is not thereby
    about another thing; a reply writes 农村 or 村级 where a citizen says 村里."""

    return "".join(" " if names_place(p.word, p.flag) or LOCATIVE_PLACE.fullmatch(p.word) else p.word for p in tagged(phrase))


# Word classes that carry no content of their own: adverbs (已经, 大概), prepositions, particles,
# conjunctions, pronouns (哪些, 这些), numerals and classifiers, modal particles, locatives (上, 里).
_FUNCTION_FLAGS = frozenset({"d", "p", "c", "m", "mq", "q", "y", "e", "o", "f", "x"})


def content_words(phrase: str) -> str:
    """The phrase with its function words blanked ("浦东已经建成了" → "浦东  建成 "), so that 已经
    is not a word the evidence must hold, and the words jieba glued across a word boundary cut apart (unglued)."""

    return "".join(" " if p.flag in _FUNCTION_FLAGS or p.flag.startswith(("u", "r")) else unglued(p.word)
                   for p in tagged(phrase))


# One-character classifiers (条, 个, 家): jieba tags some of them nouns when they stand alone (条 n).
CLASSIFIER_CHARACTERS = frozenset(c for c in grammar.CLASSIFIERS if len(c) == 1)


def unglued(word: str) -> str:
    """A two-character word jieba's HMM made of two words of its dictionary that it does not know together, across
    a word boundary: a noun and its verb (钱修 of "修路的钱修哪里"), or a word and a modal or a classifier (村能 of
    "每个村能拿到", 条路 of "修这条路"); as those two words, without the modal or classifier, which names nothing. No
    reply writes 钱修. A word of the dictionary (修路, 能源) and one of two adjectives (老旧) are kept whole."""
    if len(word) != 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
        return word
    jieba.dt.check_initialized()
    if jieba.get_FREQ(word) or not all(jieba.get_FREQ(ch) for ch in word):
        return word
    flags = [tagged(ch)[0].flag for ch in word]
    pointing = [ch in MODALS or flag.startswith(("q", "m")) or (at == 0 and ch in CLASSIFIER_CHARACTERS)
                for at, (ch, flag) in enumerate(zip(word, flags))]
    # (a noun and the verb after it are a subject and its predicate; two adjectives, 老旧, are one word jieba lacks)
    if not any(pointing) and not (flags[0].startswith("n") and flags[1] == "v"):
        return word
    return f" {' '.join(ch for ch, point in zip(word, pointing) if not point)} "


def focus_terms(text: str, tokenizer: Tokenizer) -> list[str]:
    """The words of the asked-about phrase: search tokens, without numbers (years are checked apart), those the
    search tokenizer glued across a word boundary cut apart (unglued)."""
    tokens = [part for t in tokenizer.tokenize(YEAR.sub(" ", text), expand=False) for part in unglued(t).split()]
    return list(dict.fromkeys(t for t in tokens if not t.startswith("doc:") and not re.fullmatch(r"[\d.]+\w?", t)
                              and not POINTING.fullmatch(t)))
INTERROGATIVE = re.compile(r"哪|什么|多少|几|谁")


def predicates(question: str) -> frozenset[str]:
    """The verbs a question uses as its predicate, not as names of the thing asked: a verb or verbal
    noun followed by an aspect particle (建了, 办过) or by the interrogative that is its object (发给哪个
    部门, 对口哪些小区). jieba tags many such verbs vn, the tag of a verb used as a noun (安全管理有什么规定,
    where 管理 is the subject); the word after it tells the two uses apart."""

    pairs = [(p.word, p.flag) for p in tagged(question)]
    return frozenset(word for (word, flag), (after, after_flag) in zip(pairs, pairs[1:])
                     if flag.startswith("v") and (after_flag in ASPECT_FLAGS or INTERROGATIVE.match(after)))


NOUN = ("n", "vn", "eng", "nz", "j", "l")


def coordinated(phrase: str) -> bool:
    """The asked-about phrase names two things joined by a conjunction ("乡村教师和乡村医生有哪些补助？"):
    each may be answered by a reply of its own, as with 分别. A list joined by 、 alone is usually
    the modifiers of one thing ("区、街镇、村居三级河长"), and is not counted."""

    pairs = [p.flag for p in tagged(phrase)]
    return any(left.startswith(NOUN) and join == "c" and right.startswith(NOUN)
               for left, join, right in zip(pairs, pairs[1:], pairs[2:]))


def copula_apart(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """jieba glues the copula to a one-character noun before a question word ("转型券是怎么补" → 券是):
    the noun and 是 are cut apart again."""
    found = []
    for (word, flag), (after, _) in zip(pairs, [*pairs[1:], ("", "")]):
        if len(word) > 1 and word.endswith("是") and after and QUESTION_WORD.match(after):
            found += [(word[:-1], flag), ("是", "v")]
        else:
            found.append((word, flag))
    return found


def rate_nouns(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """jieba cuts a rate's name before its suffix and tags the suffix a verb (准点率 → 准点 率, 近视率 → 近视 率): the
    two are one noun again, the rate asked ("夜班公交的准点率")."""
    found: list[tuple[str, str]] = []
    for word, flag in pairs:
        if word == "率" and found and re.fullmatch(r"[\u4e00-\u9fff]{1,3}", found[-1][0]) and found[-1][0] not in ("的", "是"):
            found[-1] = (found[-1][0] + word, "n")
        else:
            found.append((word, flag))
    return found


# A rate or share named as a noun (正常率, 准点率, 比例, 占比): what it is of is named before its 的.
RATE_NOUN = re.compile(r"率$|比例$|比重$|占比$")


def possessor(pairs: list[tuple[str, str]], at: int, verbs, scope) -> list[tuple[str, str]]:
    """The nouns before the 的 that ends at `at` ("国际航班的正常率": 国际航班): what the asked rate is of. A compound
    there restricts it as a compound before the question word does: a passage giving the 航班正常率 of every flight does
    not hold the 国际航班's. (jieba keeps such a compound as one word of four characters or more: 国际航班.) Read only
    before a rate (RATE_NOUN): before another noun the words before 的 are as often a clause that modifies it
    (新学校教书的骨干教师, 教书 tagged a noun)."""
    if at < 2 or pairs[at - 1][0] != "的":
        return []
    run: list[tuple[str, str]] = []
    for w, flag in reversed(pairs[: at - 1]):
        if not flag.startswith(NOUN) or flag.startswith("nr") or flag == "ns" or w in verbs or w in scope:
            break
        run.insert(0, (w, flag))
    return run


def _asked_at(pairs: list[tuple[str, str]]) -> int | None:
    """Where the question word is among `pairs`."""
    return next((at for at, (word, _) in enumerate(pairs)
                 if QUESTION_WORD.fullmatch(word) or re.fullmatch(r"(?:多少|几)[个家所条项名座处种类]?", word)), None)


def _run_before(pairs: list[tuple[str, str]], at: int, verbs, scope) -> tuple[list[tuple[str, str]], int]:
    """The run of nouns ending right before the question word at `at`, and where the copula before it starts."""
    before: list[tuple[str, str]] = []
    start = at
    while start > 0 and pairs[start - 1][0] in ("是", "有", "在", "为", "按", "的"):
        start -= 1  # "票价是多少", "公寓按什么价格": the copula or preposition sits between
    for w, flag in reversed(pairs[:start]):
        # A verb taking the question word as its object ("政府补贴多少比例") ends the noun run.
        if not flag.startswith(NOUN) or flag.startswith("nr") or flag == "ns" or w in verbs or w in scope:
            break
        before.insert(0, (w, flag))
    return before, start


def rate_owner(question: str, scope: frozenset[str] | set[str] = frozenset()) -> str:
    """The compound naming what an asked rate is of (国际航班 of "国际航班的正常率是多少", possessor), or ""."""
    pairs = rate_nouns(copula_apart([(p.word, p.flag) for p in tagged(question)]))
    at = _asked_at(pairs)
    if at is None:
        return ""
    verbs = predicates(question)
    before, start = _run_before(pairs, at, verbs, scope)
    owner = possessor(pairs, start - len(before), verbs, scope) if before and RATE_NOUN.search(before[-1][0]) else []
    return "".join(w for w, _ in owner) if len(owner) >= 2 or (len(owner) == 1 and len(owner[0][0]) >= 4) else ""


def compounds(question: str, scope: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Noun compounds that name what is asked: the run of nouns ending right before the question word
    (地铁票价 of "浦东地铁票价是多少") and the run right after a counting one (三甲医院 of "有几家三甲医院").
    A compound's modifier matters: a passage on 公交票价 does not hold 地铁票价. A word of `scope` (the
    question's names for who answers: 政府, 林业局) is the doer before the question word ("…的问题政府怎么
    回复"), not a modifier of the thing asked: it ends the run. So does a verbal noun ending the run
    (公路建设, 渔港建设): it names the activity, and a reply on the 公路 says 修建, 改造 or 提档升级. (What an asked
    rate is of: rate_owner.)"""

    pairs = copula_apart([(p.word, p.flag) for p in tagged(question)])
    verbs = predicates(question)
    found = []
    at = _asked_at(pairs)
    if at is not None:
        before, _ = _run_before(pairs, at, verbs, scope)
        target = asked(question).target  # the noun counted: 三甲医院 of "有几家三甲医院"
        after = [(p.word, p.flag) for p in tagged(target)]
        for run in (before, after):
            while run and (run[-1][0] in MEASURE or run[-1][0] in LIGHT or (run[-1][1] == "vn" and len(run) > 1)
                           or bodily_act(run[-1][0])):
                run = run[:-1]
            if len(run) >= 2:
                found.append(run)
    return ["".join(w for w, _ in run) for run in found]


def bodily_act(word: str) -> bool:
    """A word Cilin files only as an act of the body or the mind (classes F and G: 参观, 思考), which jieba may tag a
    noun ("去博物馆参观要买门票吗"): the purpose of going somewhere, never the thing asked about."""
    codes = cilin_codes().get(word)
    return bool(codes) and all(code[0] in "FG" for code in codes)


# Cilin's classes of how much of a thing there is: many or few (Eb01: 众多, 少量), the whole (Eb02C: 全部, 所有, 一切, 全体) and
# a part (Eb02D: 部分, 多数, 少数).
AMOUNT_CLASSES = ("Eb01", "Eb02C", "Eb02D")


def names_amount(word: str) -> bool:
    """A word Cilin files only as an amount (全部, 所有, 部分), which jieba may tag a noun ("能不能全部免费"): it says
    how much of the thing asked, never the thing, and a reply answers it in its own words (全面免费, 一律免费)."""
    codes = cilin_codes().get(word)
    return bool(codes) and all(code.startswith(AMOUNT_CLASSES) for code in codes)


# The modals a clause of a verb, a modal and an adjective says a change with ("报销会少", "费用能减"): the verb is its subject.
SUBJECT_MODALS = frozenset("会 能 要 可 可以 将".split())


def idiom_thing(word: str, flag: str) -> bool:
    """A word jieba tags a fixed expression (l) that Cilin files as a thing (class B: 打火机, 自来水): an everyday
    noun, which heads what is asked as any noun does. (Most l words are set phrases: 一方面, 总的来说.)"""
    return flag == "l" and any(code[0] == "B" for code in cilin_codes().get(word, ()))


def head_noun(phrase: str, verbs: frozenset[str] = frozenset(), subject: bool = False) -> str | None:
    """The last noun of the asked-about phrase: Chinese noun phrases end in their head (张江人工智能岛 → 岛,
    第一个零工市场开 → 市场); `verbs` are the question's predicates (发给 of "意见是发给哪个部门"), never a head.
    With `subject` (the phrase is the subject of 有/是 + the question word: "医生编制一共有多少个"), its last word
    after a noun is a noun, whatever jieba tags it (编制 is tagged a verb)."""

    pairs = [p for p in tagged(FRAME_END.sub("", phrase)) if p.flag not in _FUNCTION_FLAGS and not p.flag.startswith(("u", "r"))]
    if subject and len(pairs) >= 2 and pairs[-1].flag in ("v", "vn") and pairs[-1].word not in verbs \
            and pairs[-2].flag.startswith(NOUN) and pairs[-2].flag != "ns" and len(pairs[-1].word) >= 2:
        return pairs[-1].word
    if len(pairs) == 3 and pairs[0].flag == "v" and len(pairs[0].word) >= 2 and pairs[1].word in SUBJECT_MODALS \
            and pairs[2].flag in ("a", "v") and pairs[0].word not in verbs:
        return pairs[0].word  # "报销会少多少": the act before the modal is what changes, its subject (报销比例降低)
    nouns, governed, last = [], False, None
    for p in tagged(phrase):
        previous, last = last, p
        # A noun a preposition governs (在食堂, 对企业, 给老人) is where, to whom or by what: an adjunct, not
        # the head of what is asked; the government ends at the next verb, at 的 (对AI人才的住房补贴: the
        # phrase modifies 补贴) and at a pause.
        if p.flag == "p":
            governed = True
        elif (p.flag.startswith("v") and p.flag != "vn") or p.flag in ("uj", "x"):
            governed = False
        if p.flag == "vn" and previous is not None and nouns and nouns[-1] == previous.word \
                and previous.flag.startswith("n"):
            continue  # 公路建设, 污水治理: the activity's noun is the thing asked about (see compounds)
        if (p.flag.startswith(("n", "vn", "eng")) or idiom_thing(p.word, p.flag)) and not names_place(p.word, p.flag) \
                and p.word.strip() \
                and not governed \
                and p.word not in MEASURE and p.word not in LIGHT and p.word not in verbs and not glued_modal(p.word) \
                and not bodily_act(p.word) and not names_amount(p.word):
            nouns.append(p.word)
    return nouns[-1] if nouns else None


def asked_nouns(question: str) -> list[str]:
    """The nouns of the clause a yes/no question asks in ("老楼加装电梯要自己出的那部分钱，能用公积金付吗" → 公积金):
    the clauses before it may set a topic or a condition the answer does not restate ("…的那部分钱"), and a
    sentence naming the act asked with one of these nouns answers it ("提取住房公积金用于支付分摊费用"). A noun
    a preposition governs (用公积金) counts here: in a yes/no question it is the means asked about."""
    clauses = re.split(r"[，,；;]", question.rstrip("？?"))
    if len(clauses) < 2:
        return []  # one clause: its heads are the asked-about phrase's own (heads())
    return [p.word for p in tagged(clauses[-1]) if p.flag.startswith(NOUN) and p.flag != "ns" and len(p.word) >= 2
            and p.word not in MEASURE and p.word not in LIGHT and not glued_modal(p.word) and not names_amount(p.word)]


def heads(phrase: str, target: str, verbs: frozenset[str] = frozenset(), subject: bool = False) -> list[str]:
    """The nouns an answering sentence must name one of: the head of the noun counted (学位 of
    "多少小学学位"), else the head of each clause of the asked-about phrase (助餐点 and 政府 of
    "经营困难的老年助餐点，政府": a topic and its comment may each be what the sentence repeats).
    `subject`: the phrase is the subject of 有/是 before the question word (head_noun)."""
    if target:
        found = head_noun(target)
        return [found] if found else []
    clauses = re.split(r"[，,、；;]", phrase)
    return list(dict.fromkeys(h for i, clause in enumerate(clauses)
                              if (h := head_noun(clause, verbs, subject and i == len(clauses) - 1))))


# Where a clause of time ends: "接到投诉以后", "提交申请后".
AFTER = frozenset("以后 之后 后".split())
PAUSE = frozenset("，, ；; 、".split())


def without_start_verb(phrase: str) -> str:
    """A span asked from an event ("接到投诉以后多久回复", "提交申请后几天能办好") without the verb that takes the
    event's object (接到, 提交): a reply names the event by its object with its own verb (可拨打12315投诉举报…7个工作日内
    予以回复, 自受理之日起), so the object is a word to find and the verb is not. A verb with nothing after it
    (通了以后, 退休以后) is the event itself and is kept."""
    pairs = list(tagged(phrase))
    ends = [i for i, p in enumerate(pairs) if p.word in AFTER and p.flag == "f"]
    if not ends:
        return phrase
    end = ends[-1]
    start = max((i for i, p in enumerate(pairs[:end]) if p.word in PAUSE), default=-1)
    dropped = {i for i in range(start + 1, end - 1) if pairs[i].flag == "v" and pairs[i + 1].flag.startswith(("n", "v"))}
    return "".join(" " if i in dropped else p.word for i, p in enumerate(pairs))


# The last verb of an act said done: a result after the verb (建好, 建成, 做完, 装齐, 建起来) or a verb of completion
# (完工, 竣工, 交付, 投用, 开通, 验收). jieba tags a result said apart (建 好) an adjective at times.
COMPLETED = re.compile(r"(?:[好成完齐妥]|起来|完成|完工|竣工|落成|交付|投用|投产|开通|通车|到位|验收|结束)$")
RESULTS = frozenset("好 成 完 齐 妥".split())


def without_completed_act(phrase: str) -> str:
    """The asked-about phrase without a clause of time said by a completed act of its subject ("充电棚建好以后" → "充电棚",
    "道路修好了之后", "项目竣工后"): the act done sets the time of what is asked (谁来管), not what is asked about, and a
    reply on who manages the shed need not write that it was built. The subject stays; an act with none before it
    (退休以后) or not said done (接到投诉以后) is all that names the time, and is kept."""
    pairs = list(tagged(phrase))
    dropped: set[int] = set()
    for end in (i for i, p in enumerate(pairs) if p.word in AFTER and p.flag == "f"):
        last = end - 1 if end and pairs[end - 1].flag in ("ul", "ug") else end  # 修好了以后
        done = last < end
        if last and pairs[last - 1].word in RESULTS and not pairs[last - 1].flag.startswith("v"):
            last, done = last - 1, True  # 建 好 以后
        start = last
        while start and pairs[start - 1].flag == "v":
            start -= 1
        done = done or (start < last and COMPLETED.search(pairs[last - 1].word) is not None)
        if start < last and done and start and pairs[start - 1].flag.startswith("n"):
            dropped |= set(range(start, end + 1))
    return "".join(" " if i in dropped else p.word for i, p in enumerate(pairs))


# What may stand between a verb and the object of a separable verb-object word (冲个淡水澡, 洗了个澡, 理个发).
_SEPARATING = frozenset("个 了 了个 一个 过 过个".split())


def separable_objects(question: str) -> frozenset[str]:
    """The one-character objects of separable verb-object words (离合词) said apart: 澡 of "冲个淡水澡", 病 of "看个病".
    The object is bound to its verb (冲澡, 看病): it names no thing a reply writes (冲淋, 就医), and the verb, which is
    read as any word is, says what is asked. The pair must be a word of jieba's dictionary."""
    jieba.dt.check_initialized()
    pairs = [(p.word, p.flag) for p in tagged(question)]
    found = set()
    for at, (verb, flag) in enumerate(pairs):
        if len(verb) != 1 or not flag.startswith("v") or at + 1 >= len(pairs) or pairs[at + 1][0] not in _SEPARATING:
            continue
        run = []  # the object's modifiers and the object: the last word of the run of nouns after 个
        for word, word_flag in pairs[at + 2 : at + 5]:
            if not word_flag.startswith(("n", "a", "b")):
                break
            run.append((word, word_flag))
        if run:
            word, word_flag = run[-1]
            # (jieba may keep the object with its modifier, 热水澡: the word's last character is the object)
            if jieba.get_FREQ(verb + word[-1]) and (len(word) == 1 or word_flag.startswith("n")):
                found.update({word, word[-1]})
    return frozenset(found)


# A question word that determines the noun after it ("定了什么目标", "采取哪些措施治理雾霾", "有什么办法帮农民卖农产品").
DETERMINER_ASKED = re.compile(r"(?<!为)什么|(?<!为)啥|哪(?:些|种|类|几(?:个|种|类|项)?|个|项)")
CLAUSE_END = re.compile(r"[，,。；;！!？?]")
# What may modify the noun a determiner asks of (远期目标 b, 新进展 a, 优惠政策 vn, 校外资源 s) and the noun itself.
_MODIFIER_FLAGS = ("n", "vn", "b", "a", "j", "l", "eng", "nz", "t", "s")


def genre_noun(word: str) -> bool:
    """A noun of what replies report (措施, 政策, 目标: REPORTED), a light noun (办法, 方面), a measure (标准) or a thing
    answered by its form (电话, 时间): a reply answers with its content and need not write the word."""
    return word in REPORTED or word[-2:] in REPORTED or word in LIGHT or word in MEASURE or word in BY_FORM


def determined(question: str) -> tuple[list, int, re.Match[str]] | None:
    """The words of the clause after a determiner question word (什么, 哪些) of a question asking no particular kind of
    answer, how many of them make the noun phrase it determines (远期 目标, 措施), and the question word; or None."""
    found = DETERMINER_ASKED.search(question)
    if not found or asked(question).kind is not None:
        return None
    pairs = list(tagged(CLAUSE_END.split(question[found.end():], maxsplit=1)[0]))
    run = 0  # (a time frame modifies the noun whatever jieba tags it: 长期 d)
    while run < len(pairs) and (pairs[run].flag.startswith(_MODIFIER_FLAGS) and pairs[run].flag != "ns"
                                or TIME_FRAME.fullmatch(pairs[run].word)):
        run += 1
    # (a 什么 that determines no noun is a pronoun: "干什么用", "为什么不修")
    return (pairs, run, found) if run else None


def asked_after(question: str) -> tuple[str, bool]:
    """The words after the noun phrase a determiner question word (什么, 哪些) asks of, which say what it is asked
    for ("市里采取了哪些措施治理雾霾": 治理雾霾; "有什么办法帮农民卖农产品": 帮农民卖农产品), and whether that noun is a
    genre noun (genre_noun). The noun phrase itself names the kind of thing the answer lists, which a reply names by
    its members (哪些校外资源: 少年宫; 什么材料: 身份证), and is not among them. The focus up to the question word
    (asked.focus_text) leaves all these out."""
    found = determined(question)
    if found is None:
        return "", False
    pairs, run, _ = found
    genre = genre_noun(pairs[run - 1].word)
    # (the noun phrase itself names the kind the answer lists: 哪些校外资源 is answered by 少年宫, 什么材料 by 身份证)
    kept = [p.word for p in pairs[run:] if p.word not in LIGHT_VERBS and p.word not in MODALS and not glued_modal(p.word)]
    return " ".join(kept), genre


def asked_by_copula(question: str) -> bool:
    """The question word comes with 有 or 是 ("老旧小区改造有什么新进展"): that is the verb taking what is asked, and
    the word before it is the subject's, not a verb of the asking."""
    found = QUESTION_WORD.search(question)
    return found is not None and found.group(0)[0] in "有是"


def asking_words(question: str) -> frozenset[str]:
    """The words of a question that ask rather than name (asked_after): the genre noun a determiner asks of (目标 of
    "定了什么远期目标") and the verb taking it (定), which a reply answering need not write."""
    found = determined(question)
    if found is None or not genre_noun(found[0][found[1] - 1].word):
        return frozenset()
    pairs, run, asking = found
    words = {pairs[run - 1].word}
    before = [p for p in tagged(question[: asking.start()]) if p.flag not in ASPECT_FLAGS and p.word not in MODALS]
    if before and before[-1].flag == "v" and not asked_by_copula(question):
        words.add(before[-1].word)
    return frozenset(words)
