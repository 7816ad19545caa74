"""What a plain question says in words a reply does not write, read through the word's own make-up.

A citizen asks 会不会增加, 钱从哪来 or 修路的事; a reply writes 新开通线路22条, 资金 and 农村公路. Three classes of
the language hold such a word where its own spelling is absent (service/mentions.py calls `held_otherwise` after its
literal, alias and synonym checks fail):
- a verb of change (增加, 减少) is said by any verb of the same direction (提高, 扩大, 新增, 新开; 降低, 压缩): a reply
  reports the change, not the citizen's verb;
- 钱, the everyday word for money in general, and the spoken words built on it (花钱, 收钱, 掏钱, 一块钱 — 块 is the
  spoken 元), are said by the kinds of money a reply names (资金, 经费, 补助, 投入, a fee: 到村费) or by a sum in
  yuan;
- a price asked to fall in the spoken word (便宜, 降价) is said by a fall, a discount or a waiver (下调, 优惠,
  减免, 免费), one asked to rise (涨, 涨价) by a rise: a reply states the new price or the measure;
- a verb of making known (公布, 公开, 发布, 公示, 通报, 披露) by any other of them: a citizen asks whether a thing is
  公布ed, a reply says it is 公开ed or 公示ed;
- a verb-object word of two characters (修路, 建房, 装灯) is said by its object as the head of a longer noun
  (公路, 通组路; 农房; 路灯) that is a kind of it (部门 is no kind of 门: 开门 is not held by 卫生部门): a reply names
  the thing built or mended and says how by other verbs (建设, 硬化);
- a modal jieba's HMM glues to the one-character verb after it (能刷, 能领, 能办: no word of its dictionary) asks
  about that verb, which a reply writes with its own modal or none (可直接刷医保卡, 可按月领取);
- a verb with a directional complement (退下来, 建起来) by a word the verb begins (退役, 建成): the complement only
  says which way;
- a sum granted in one word (补贴) by another (补助, 奖补), not by an allowance paid to persons (津贴);
- a citizen's negative 没 before a word (没人, 没通) by the written 无 or 未 (无人, 未通), as a word of its own;
- a word for people in general (Cilin's groups of Aa01B and Aa01C: 老百姓, 群众, 人民, 大家) by any other of them written
  as a word: a citizen's 老百姓 is a reply's 群众, and none of them names a particular kind of person (退役军人, 农民),
  nor is 人民 of 人民政府 or 人民代表大会 people in general.
- a number to call (电话, 号码) by a service line (热线) or the number itself (12319, 0431-88926045): a reply writes
  "开通12319城建服务热线受理供热投诉", not 电话;
- a person named by the institution or place they belong to and a suffix for persons (初中生 of 初中, 外地人 of 外地)
  by that institution or place: a reply counts by school and district (学段 初中 … 参与率 81.2%) more often than by
  their people. Cilin decides what the stem is: an institution (Dm: 初中, 中学, 技校) or a place (Cb: 外地, 农村), never
  an act (研究 of 研究生, 留学 of 留学生) or anything else;
- a share asked by its name (比例, 占比, 比重) by a word for a rate (参与率, 覆盖率) or a percentage: the name only says
  the kind of figure asked, which the asked shape checks;
- a child in general (Cilin's group Ab04B01: 孩子, 小孩, 娃娃, 小朋友) by the word a reply names children with by the
  role its measure addresses them in: pupils (a word for students ending in 生, Cilin's Ae13B: 学生, 中小学生, 寄宿生,
  在校生), a family's children (Ah14C01/Ah14C03: 子女, 儿女, 独生子女), infants (Ab04A01: 婴幼儿, 婴儿) and minors
  (Ab03A04: 未成年人, 少年). A citizen's 孩子坐校车 is a reply's 每名学生, 小孩上学 its 随迁子女; a trainee (学员) is no
  child, nor is a word merely holding the characters (新生产线 holds no 新生).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import jieba

from indexer import grammar
from service import postag
from service.asked import glued_modal
from service.figures import HOTLINE
from service.synonyms import MIN_CHARS, cilin_codes, cilin_groups

RISING = frozenset("增 增加 增多 上涨 上升 提高 提升 扩大 涨 涨价".split())
FALLING = frozenset("减 少 减少 降低 下降 缩小".split())
CHEAPER = frozenset("便宜 降价 降费".split())
# (新开/新增/新建/新设: what is added is reported as new, 新开通社区公交线路22条)
SAID_RISING = re.compile(r"增加|新增|增设|增开|扩大|提高|提升|上升|上涨|上调|调高|新开|新建|新设|加密")
SAID_FALLING = re.compile(r"减少|降低|下降|压缩|缩小|缩短|下调|削减")
SAID_CHEAPER = re.compile(SAID_FALLING.pattern + r"|优惠|减免|减半|免收|免费|半价|折扣|[一二三四五六七八九\d]\s*折")

# A sum granted is named by any of the words for one: a citizen's 补贴 is a reply's 补助 or 奖补 (Cilin files 补贴 with
# wages, Dj, and 补助 with helping, Hi: neither class is read as synonyms). A loan (贷款, 贴息) is no grant, nor is an
# allowance paid to persons (高龄津贴): 取暖补贴 is not held by it.
GRANTS = frozenset("补贴 补助 奖补 资助".split())
SAID_GRANTED = re.compile(r"补贴|补助|奖补|以奖代补|资助")

# A verb with a directional complement (退下来, 建起来, 装上去) says the verb's own act: a reply writes it in a word the
# verb begins (退役, 建成) and never the complement, which only says which way. A noun it begins (建议) is no such act.
DIRECTIONAL = re.compile(r"([\u4e00-\u9fff])(?:下来|起来|上来|上去|出来|下去|过来|回来)")

# A citizen's negative 没 (没人, 没通) is written 无 or 未 in a reply (无人看管, 未通公交): 没人 is held where 无人 is a
# word of its own, not where it begins another (无人机 is a drone, 无人驾驶 a way of driving).
NEGATED = re.compile(r"没有?([\u4e00-\u9fff]+)")

PUBLISHING = frozenset("公布 公开 发布 公示 公告 通报 披露".split())
SAID_PUBLISHED = re.compile("|".join(sorted(PUBLISHING)))

# (a word ending in 钱 names money, whatever verb or amount precedes it: 花钱, 收钱, 块钱, 一块钱)
MONEY_END = "钱"
SAID_MONEY = re.compile(r"资金|经费|补助|补贴|奖补|费用|投入|投资|支出|拨付|预算|出资|自筹|[\u4e00-\u9fff]费|"
                        + grammar.NUMBER + r"\s*元")


# Verbs that do nothing to their object: 有人, 是人, 在家 say that something is or is there, and any noun ending in
# 人 or 家 would hold them.
NOT_ACTING = frozenset("有是在为")


@lru_cache(maxsize=4096)
def verb_object_head(term: str) -> str:
    """The object of a two-character word that is a one-character verb and a one-character noun (路 of 修路), or ""."""
    if len(term) != 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in term) or term[0] in NOT_ACTING:
        return ""
    verb, noun = postag.lcut(term[0]), postag.lcut(term[1])
    return term[1] if verb[0].flag == "v" and noun[0].flag == "n" else ""


HEAD_SPAN = 6  # characters before the object read to find the noun it heads
MODIFIER_FLAGS = ("n", "vn", "a", "b")
KIND_LEVEL = 4  # characters of a Cilin code that name a class of things (Bn11: roads and bridges)


@cache
def _cilin_classes() -> dict[str, frozenset[str]]:
    """Each word of 同义词词林 (service/synonyms.py) with the classes of things it is filed under (Bn11 for 路 and 公路)."""
    return {word: frozenset(code[:KIND_LEVEL] for code in codes) for word, codes in cilin_codes().items()}


def kind_of(noun: str, head: str) -> bool:
    """Whether `noun` (ending in the character `head`) is a kind of `head`: a noun is a kind of what its last
    character names (通组路 of 路) unless it is a lexicalised word Cilin files in another class than that character
    (部门 is no kind of 门, 思路 none of 路; 公路 and 线路 are filed with 路). Of a longer word, the lexicalised
    two characters it ends in decide (农村公路 by 公路, 职能部门 by 部门)."""
    classes = _cilin_classes()
    word = noun if noun in classes else noun[-2:]
    return word not in classes or word == head or bool(classes[word] & classes.get(head, frozenset()))


@lru_cache(maxsize=16384)
def heads_kind_of(span: str, at: int, head: str) -> bool:
    """Whether `head`, at `at` of `span`, ends a noun that is a kind of it: a word of two characters or more (公路 of
    推进农村公路; not 家门口, which goes on past 门), or `head` alone after a modifier jieba cuts apart (通组 路, 硬化 路)."""
    words, start = postag.lcut(span), 0
    for i, word in enumerate(words):
        end = start + len(word.word)
        if end > at:
            if end != at + len(head):
                return False
            if len(word.word) >= 2:
                return word.flag.startswith("n") and word.flag != "nr" and kind_of(word.word, head)
            return i >= 1 and words[i - 1].flag.startswith(MODIFIER_FLAGS) and words[i - 1].flag != "nr"
        start = end
    return False


def heads_noun(text: str, noun: str) -> bool:
    """Whether `text` writes a noun of two characters or more that is a kind of `noun` (公路, 通组路 for 路)."""
    at = text.find(noun)
    while at >= 0:
        begin = max(0, at - HEAD_SPAN)
        if at and heads_kind_of(text[begin : at + len(noun) + HEAD_SPAN], at - begin, noun):
            return True
        at = text.find(noun, at + 1)
    return False


# Cilin's synonym groups for people in general: 人民 公民; 群众 公众 民众; 人们 众人; 大家 大伙 (not 人群 of Aa01C02, a crowd).
GENERAL_PEOPLE = ("Aa01B01", "Aa01B02", "Aa01C01", "Aa01C03")


@cache
def people_in_general() -> frozenset[str]:
    """The words of Cilin's synonym groups for people in general (GENERAL_PEOPLE)."""
    return frozenset(word for code, members in cilin_groups().items()
                     if code[:7] in GENERAL_PEOPLE and code.endswith("=") for word in members if len(word) >= MIN_CHARS)


# A number to call, as a citizen asks for it.
NUMBER_TO_CALL = frozenset("电话 电话号码 号码 联系电话".split())


# A person by the institution or place they belong to (初中生, 大学生, 外地人): the stem before the suffix for persons,
# when Cilin files it (and only it) as an institution (Dm) or a place (Cb), and files the whole word, if at all, as
# a person (A); a school is also filed with education (Dk: 中学), which is no other kind of thing.
PERSON_SUFFIX = "生人员者"
STEM_KINDS = frozenset({"Dm", "Cb"})
ALSO_SCHOOLING = "Dk"


@lru_cache(maxsize=4096)
def belonged_to(term: str) -> str:
    """The institution or place `term` names a person of (初中 of 初中生, 外地 of 外地人), or ""."""
    if len(term) <= MIN_CHARS or term[-1] not in PERSON_SUFFIX:
        return ""
    classes, stem = _cilin_classes(), term[:-1]
    kinds = {code[:2] for code in classes.get(stem, ())}
    own = {code[0] for code in classes.get(term, ())}
    return stem if kinds & STEM_KINDS and kinds <= STEM_KINDS | {ALSO_SCHOOLING} and own <= {"A"} else ""


# The names of a share (比例 of "…的比例是多少"), said in a reply by a rate (参与率, 覆盖率, 占…的81.2%) or a percentage.
SHARE_NAMES = frozenset("比例 占比 比重 比率 百分比".split())
SAID_SHARE = re.compile(r"[\u4e00-\u9fff]率|\d\s*[%％]|百分之")


# Children in general, and the words for children by the role a reply's measure addresses them in (see the module's doc).
CHILDREN = "Ab04B01"
PUPILS = "Ae13B"  # students; only its words ending in 生 (学员, 学习者 are adults as often)
CHILD_ROLES = ("Ah14C01", "Ah14C03", "Ab04A01", "Ab03A04")


@cache
def children_in_general() -> frozenset[str]:
    return frozenset(word for code, members in cilin_groups().items() if code.startswith(CHILDREN) and code.endswith("=")
                     for word in members if len(word) >= MIN_CHARS)


# The classes (Cilin's four-character codes) a word for children by role may be filed under: a word also filed elsewhere
# has another sense (男女 is also men and women, Ab01; 新生 also a new life, Ih13; 少年 also youth as an age, Ca15).
CHILD_KINDS = frozenset({"Ab03", "Ab04", "Ae13", "Ah14"})


@cache
def children_by_role() -> frozenset[str]:
    """The words a reply names children with by their role: pupils, a family's children, infants, minors."""
    classes = _cilin_classes()
    return frozenset(word for code, members in cilin_groups().items() for word in members if len(word) >= MIN_CHARS
                     and ((code.startswith(PUPILS) and word.endswith("生")) or code[:7] in CHILD_ROLES)
                     and classes.get(word, frozenset()) <= CHILD_KINDS)


def says_child_by_role(text: str) -> bool:
    """Whether `text` writes a word for children by their role as a word of its own, or as the head of a longer word
    jieba cuts whole (随迁子女, 在校学生): not as characters across two words (更新生产线 holds no 新生)."""
    roles = children_by_role()
    return any(word in roles or (len(word) >= 3 and word.endswith(tuple(roles))) for word in words_of(text))


GLUED_HEAD = 4  # characters of a word jieba cuts whole that ends in a word for people (广大群众, 方便群众)


@lru_cache(maxsize=256)
def words_of(text: str) -> frozenset[str]:
    """The words jieba cuts `text` into (a passage is read for several terms of one question)."""
    return frozenset(jieba.lcut(text))


def says_people_in_general(text: str, term: str) -> bool:
    """Whether `text` writes another word for people in general than `term` as a word of its own (人民 of 人民群众),
    or as the head of a word jieba cuts whole (广大群众, 方便群众); not as the start of a name (人民政府, 人民代表大会:
    every reply's header), nor as characters across two words (学生人数 holds no 生人)."""
    general = people_in_general() - {term}
    return any(word in general or (len(word) >= GLUED_HEAD and word.endswith(tuple(general))) for word in words_of(text))


def held_otherwise(text: str, term: str) -> bool:
    """Whether `text` says `term` in the other words its class of the language allows (see the module's doc)."""
    if term in NUMBER_TO_CALL:
        return "热线" in text or bool(HOTLINE.search(text))
    if glued_modal(term):
        return term[1] in text or held_otherwise(text, term[1])
    if term in people_in_general():
        return says_people_in_general(text, term)
    if term in children_in_general():
        return says_child_by_role(text)
    if term in GRANTS:
        return bool(SAID_GRANTED.search(text))
    directed = DIRECTIONAL.fullmatch(term)
    if directed and postag.tagged(directed.group(1))[0].flag == "v":
        # (as a verb, or a word jieba keeps whole with it, 退役军人: not a noun it begins, 建议 of 建起来)
        return any(len(p.word) >= 2 and p.word.startswith(directed.group(1)) and not p.flag.startswith("n")
                   for p in postag.tagged(text))
    negated = NEGATED.fullmatch(term)
    if negated and negated.group(1) != "有":
        return bool({f"{written}{negated.group(1)}" for written in "无未"} & words_of(text))
    if term in RISING:
        return bool(SAID_RISING.search(text))
    if term in FALLING:
        return bool(SAID_FALLING.search(text))
    if term in PUBLISHING:
        return bool(SAID_PUBLISHED.search(text))
    if term in CHEAPER:
        return bool(SAID_CHEAPER.search(text))
    if term.endswith(MONEY_END) and all("\u4e00" <= ch <= "\u9fff" for ch in term):
        return bool(SAID_MONEY.search(text))
    if term in SHARE_NAMES:
        return bool(SAID_SHARE.search(text))
    stem = belonged_to(term)
    if stem:
        return stem in text
    noun = verb_object_head(term)
    return bool(noun) and noun in text and heads_noun(text, noun)
