"""The figure a number question asks for, and whether a sentence states one.

"多久能得到回应？" wants a duration (20个工作日), "每人补贴多少？" a sum of money (3000元), "建了几个实训
基地？" a count of 个, "占多少？" a share (96%). Replies state many numbers in one passage (dates, counts
of other things), so a sentence holding a number *with the asked unit* is the one that answers; the
answerer prefers it over a sentence that merely shares more of the question's words.
"""

from __future__ import annotations

import re

from indexer import grammar
from service import postag

# Families of units that answer the same question (indexer/grammar.py): 所 and 家 both count institutions,
# 人 and 名 people.
FAMILIES: dict[str, tuple[str, ...]] = {
    "money": grammar.WRITTEN_MONEY_UNITS,
    "duration": grammar.SPAN_UNITS,
    "share": grammar.SHARE_UNITS,
    "people": grammar.PEOPLE_UNITS,
    "institutions": grammar.INSTITUTION_UNITS,
    "length": grammar.LENGTH_UNITS,
}
# Question words asking for a family, beyond a classifier after 几/多少; a share first (补贴多少比例).
ASKS_FAMILY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("share", re.compile(r"比例|百分之|占多少|多少成|几成|[率比]是?多少|提高到多少|多少个百分点")),
    # 补贴多少 alone names no unit: a subsidy is as often a share (50%, 10个百分点) as a sum.
    ("money", re.compile(r"多少钱|多少资金|多少经费|多少(?:万|亿)?元|几块钱")),
    # 多久一次 asks how often (每季度一次), not how long. (多长 alone: LONG.)
    ("duration", re.compile(r"(?:多久|多长时间|多少天|几天|多少个工作日|几个工作日|几个月|多少个月)(?![^，。？?]{0,4}一次)")),
)
# 多长 asks a length of a way, a line or a distance (多长的路, 这条绿道有多长, 多长距离: 公里, 米) and a duration of
# anything else (工期多长, 多长的假期); said of nothing ("要多长？"), the unit a candidate is written in decides.
LENGTH_NOUN = r"(?:路|道|线|距离|里程|长度|管|网|河|渠|堤|岸|桥|隧|廊|带)"
LONG_WAY = re.compile(rf"多长的?{LENGTH_NOUN}|{LENGTH_NOUN}[^，。？?]{{0,3}}?多长")
LONG_TIME = re.compile(r"[期间时限假][^，。？?]{0,2}多长")
HOW_OFTEN = re.compile(r"多长(?:时间)?[^，。？?]{0,4}一次")
ASKED_CLASSIFIER = re.compile(rf"(?:多少|几)\s*({grammar.unit_pattern(grammar.QUESTION_CLASSIFIERS)})")


def _family_of(unit: str) -> tuple[str, ...]:
    for units in FAMILIES.values():
        if unit in units:
            return units
    return (unit,)


# A span asked in working days ("多少个工作日", "几个工作日能办完") asks the time limit a procedure is counted in: days on
# a calendar (公示10日, 7天) count another span. (Asked 多少天, either answers.)
WORKING_DAYS = ("个工作日", "工作日")
WORKING_DAYS_ASKED = re.compile(r"(?:多少|几)个?工作日")


def asked_units(question: str) -> tuple[str, ...] | None:
    """The units that answer `question` (家/所/户 for 多少家), or None when it asks for no figure."""
    if WORKING_DAYS_ASKED.search(question):
        return WORKING_DAYS
    for family, asks in ASKS_FAMILY:
        if asks.search(question):
            return FAMILIES[family]
    if "多长" in question and not HOW_OFTEN.search(question):
        # (工期多长, 假期有多长: a time, also of a way: 环线工期多长, where the period is the nearer noun)
        if LONG_TIME.search(question):
            return FAMILIES["duration"]
        return grammar.LENGTH_UNITS if LONG_WAY.search(question) else (*FAMILIES["duration"], *grammar.LENGTH_UNITS)
    match = ASKED_CLASSIFIER.search(question)
    if match is None:
        return None
    unit = match.group(1)
    if unit == "万":  # 多少万: the magnitude of any count
        return None
    return _family_of(unit)


# A sum asked for one thing or person ("新建一座厕所补多少钱", "每户能领多少钱"), not per period (每月, 一年): a rate,
# which a reply states per unit (按每座10万元, 每户补助1500元), where a total (共1560万元) shares the question's words.
_PER_UNITS = grammar.unit_pattern([u for u in (*grammar.CLASSIFIERS, *grammar.AREA_UNITS, *grammar.WEIGHT_UNITS)
                                   if u not in grammar.SPAN_UNITS and u not in ("个月", "月", "年", "日", "号", "个工作日")])
PER_ONE = re.compile(rf"(?:每|(?<![\d一二两三四五六七八九十几多少第])一)(?:{_PER_UNITS})(?!月|工作日|年|天|星期|小时)")
RATE_SAID = r"(?:每|按|人均|户均|最高|最多|不超过)[^，。；]{0,12}?"


# A sum asked per piece (一幅能卖多少钱, 每台补多少钱, 一斤多少钱, 一公里要花多少钱): 一 or 每 before a classifier of
# things or a measure. (一起, 一般, 一共 are no piece, nor 一次性 (once for all), nor 一 inside a number, 十一台.)
PIECES = "个家所条项次名位批台辆块间张份座场户套处支件只幅头棵株匹盒瓶袋箱包本双把顶栋幢床斤亩吨平米"
# 方 is the spoken 立方米 (一方水, 每方多少钱), never the 方 of 一方面 or 双方.
SPOKEN_CUBIC = r"方(?![面式法案向针])"
PER_PIECE = re.compile(rf"(?:每|(?<![\d一二三四五六七八九十])一)\s*(?:公里|公斤|平方米|平米|立方米|{SPOKEN_CUBIC}|[{PIECES}](?!性))")
# What says a sum is per piece: 每…, …元/台, 单户, a price (单价, 售价, 票价) or a standard (补助标准). (人均 is per
# person, not per piece of what is asked.)
PER_PIECE_SAID = re.compile(rf"每|/|价|标准|单[{PIECES}]")


# The unit a sum is asked per (每户, 一个月, 每平方米, 一次): a period (一个月 asks per 月: its 个 counts the months), a
# measure or a classifier of pieces. 个 alone names no unit (每个村: the noun after it does), nor 人 once for all.
PERIODS = ("课时", "小时", "季度", "星期", "月", "年", "天", "日", "周")
PER_UNIT = re.compile(rf"(?:每|(?<![\d一二两三四五六七八九十几多少第])一)\s*(?:个\s*)?(公里|公斤|平方米|平米|立方米|{'|'.join(PERIODS)}|{SPOKEN_CUBIC})|"
                      rf"(?:每|(?<![\d一二两三四五六七八九十几多少第])一)\s*([{PIECES.replace('个', '')}人])(?!性)")
# Units that count the same thing, any of which a reply may write for the one asked: a person is 人, 名 or 位, a
# household 户 or 家庭, an institution 家, 所 or 个, a machine 台 or 部, a serving of food 份, 餐 or 客 (一份饭 is 每餐 in a
# canteen's price list, 每客 in a restaurant's)…
SAME_UNITS = (("人", "名", "位"), ("户", "家庭", "家"), ("家", "所", "个", "校"), ("台", "部", "辆"), ("座", "处", "个"),
              ("套", "户"), ("栋", "幢"), ("平方米", "平米", "㎡"), ("立方米", "方", "立方"), ("天", "日"), ("周", "星期"), ("次", "趟"),
              ("份", "餐", "客"))
# How a reply writes a sum per the unit asked (every unit counting the same thing): 每户, 每人次, 2000元/户, 户均.
UNIT_SPELLINGS = {unit: "|".join(dict.fromkeys(u for units in SAME_UNITS if unit in units for u in units))
                  for units in SAME_UNITS for unit in units}


def per_unit_asked(question: str) -> str:
    """The unit a sum is asked per in the clause before its question word (户 of "每户自己要出多少钱", 月 of "一个月能拿
    多少"), or ""."""
    asked_at = re.search(r"多少|几", question)
    clause = re.split(r"[，,；;]", question[: asked_at.start()] if asked_at else question)[-1]
    found = PER_UNIT.search(clause)
    return (found.group(1) or found.group(2)) if found else ""


# A sum asked through 补 (政府补多少钱, 每吨补贴多少) is a subsidy: a reply states it with a word of granting (补助, 补贴,
# 奖补, 以奖代补, 资助, 津贴); a sum it does not say is granted (需要资金9.6亿元, 总投资, a loan) is what the work costs.
GRANTING = re.compile(r"补(?:贴|助)?\s*(?:了|给)?$")
GRANT_SAID = re.compile(r"补|奖|资助|津贴")
# So is a share asked of a grant (补助比例, 补贴的比例): a share of anything else (30%的价格优惠) is no share granted.
GRANT_SHARE = re.compile(r"(?:补贴|补助|奖补|资助)的?(?:比例|比重|占比)$")


class PricePerPiece:
    """The shape of a sentence that states a sum per piece: a sum (`cash`: in yuan, or 免费) said per something
    (每台加装电梯补助20万元, 20元/斤, 单价). A total or an income (人均年增收4000元) does not say what one piece costs.
    With the `unit` asked (户 of 每户): a sum said per other units (每月每平方米0.3元, 每课时80元) that never names it
    does not say what one household pays or one month brings."""

    def __init__(self, cash: re.Pattern[str], unit: str = "") -> None:
        self.cash = cash
        spelled = UNIT_SPELLINGS.get(unit, re.escape(unit))
        # (每户, 每人次, 每人每月, 2000元/户, 户均, 人均月收入; 老年人家庭 alone names a household, not a sum per household)
        self.per_unit = re.compile(rf"(?:每|/|均)[^，。；\d]{{0,3}}?(?:{spelled})|(?:{spelled})均") if unit else None

    def search(self, sentence: str) -> bool:
        if not self.cash.search(sentence):
            return False
        if self.per_unit is not None and self.per_unit.search(sentence):
            return True
        return bool(PER_PIECE_SAID.search(sentence)) and (self.per_unit is None or not re.search(r"每|/", sentence))


def figure_pattern(question: str) -> re.Pattern[str] | None:
    """A number followed by one of the asked units; never a date (2024年, 5月7日) or a longer unit
    that starts like the asked one (3个月 and 2个百分点 hold no count of 个). A sum asked per thing is a rate."""
    units = asked_units(question)
    if units is None:
        return None
    figure = rf"{grammar.QUANTITY_START}(?!\d{{4}}\s*年){grammar.NUMBER}(?:{grammar.unit_pattern(units)})(?!月|工作日|百分点)"
    if units == FAMILIES["money"] and PER_ONE.search(question):
        return re.compile(RATE_SAID + figure)
    return re.compile(figure)


# "新增了多少学位、托位": 多少 before a noun and no classifier asks a count of that noun. A sentence counting it (托位1.12万个,
# 1500个托位) states the asked figure; a sum said of it (每个托位补助5000元) counts none of it. Asked with a verb (新增了多少,
# 建了多少), the count is of what that verb did: 新增普惠托位1500个, not the stock 提供托位1.12万个. (Nouns run to the
# end of the question or a particle: in "多少学位可以用" no noun is said plainly enough to be sure of.)
COUNTED_NOUNS = re.compile(r"(?:多少|几)([\u4e00-\u9fff]{2,6}(?:[、和与及][\u4e00-\u9fff]{2,6})*)(?=[了呢啊呀吗]?(?:[？?，,。！!]|$))")
# ...or the noun before 有多少 at the end of the question (泸州的公共充电桩有多少).
COUNTED_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,12})有多少(?=[？?，,。！!]|$)")
STOCK_ADVERB = re.compile(r"(?:一共|总共|共|现在|目前|现有|如今|还)+$")
# Verbs that do nothing to their object (有多少托位 asks the stock: any count of it answers).
EMPTY_VERBS = frozenset({"有", "是", "在", "为"})


def counted_pattern(question: str, verbs: frozenset[str] = frozenset()) -> re.Pattern[str] | None:
    """A count of the noun the question asks a count of, beside it either way round (托位1500个, 1500个托位), after
    the question's verb (`verbs`: its predicates) when it has one; or None."""
    if asked_units(question) is not None:
        return None
    found = COUNTED_NOUNS.search(question)
    if found is not None:
        nouns = [n for n in re.split(r"[、和与及]", found.group(1)) if len(n) >= 2]
    elif said_before := COUNTED_BEFORE.search(question):
        # "泸州的公共充电桩有多少": the noun before 有多少, after its modifier's 的, without an adverb of time
        nouns = [STOCK_ADVERB.sub("", said_before.group(1).split("的")[-1])[-6:]]
        nouns = [n for n in nouns if len(n) >= 2]
    else:
        return None
    if not nouns:
        return None
    # (a noun ends in its head: 公共充电桩 is counted where a reply writes 充电桩900个)
    heads = {noun[-size:] for noun in nouns for size in (2, 3) if len(noun) >= size}
    noun = "|".join(map(re.escape, sorted({*nouns, *heads}, key=len, reverse=True)))
    count = rf"{grammar.QUANTITY_START}(?!(?:19|20)\d{{2}}\s*年){grammar.NUMBER}\s*(?:{_COUNTING})(?!月|工作日|百分点|星期|性)"
    counted = rf"(?:(?:{noun})[^，。；：、\d]{{0,4}}{count}|{count}[^，。；：、\d]{{0,4}}(?:{noun}))"
    acts = sorted(verbs - EMPTY_VERBS, key=len, reverse=True)
    if acts:
        counted = rf"(?:{'|'.join(map(re.escape, acts))})[^，。；：]{{0,8}}?{counted}"
    return re.compile(counted)


# "多久上门", "几天能办结", "审批要多久": a span asked of an act, said right after the span asked or right before it. A reply
# writes the span before the act it bounds (48小时内上门维修, 15个工作日内办结) or the act before its span (审批时限压缩至5个
# 工作日), so the sentence that writes the asked span beside that act answers; a span of another act in the same passage
# (24小时值守, 3日内回访) does not. (多久一次 asks how often: no span.)
SPAN_ASKED = re.compile(r"(?:多久|多长时间|多少天|几天|多少个工作日|几个工作日|几个小时|多少小时|多少分钟|几分钟)"
                        r"(?![^，。？?]{0,4}一次)(?:以后|之后|以内|之内|后|内)?")
# What may stand between the span asked and its act: modals and adverbs (能, 需要, 大概), a subject of no content (有人).
_BESIDE_ACT = frozenset("能 能够 会 可 可以 才 就 要 需要 得 必须 便 即 都 还 一般 大概 大约 最快 最多 有人 有".split())
# ...and between a span written and the act it bounds: 内, 以内, 后, an adverb (即, 就, 可).
SPAN_GAP = r"[^，。；：\d]{0,4}?"
# (never past 后: "维修完毕后3日内回访" counts the span from the act to the next one)
ACT_GAP = r"[^，。；：后]{0,10}?"


def _act(words: list[str]) -> str:
    """The act a span is asked of among `words` (nearest first), past modals and adverbs: the verb of a modal jieba
    glued to it (能到 of 能到账)."""
    from service.asked import glued_modal  # (service/asked.py reads this module's patterns)

    word = next((w for w in words if w not in _BESIDE_ACT), "")
    if glued_modal(word) or re.fullmatch(r"能[\u4e00-\u9fff]", word):
        word = word[1:]
    # (an act of one character says too little to bind a span: 回 of 回电话 is also 回访's)
    return word if re.fullmatch(r"[\u4e00-\u9fff]{2,}", word) else ""


def bound_span(question: str, figure: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """A span in the asked unit beside the act the question asks it of (48小时内上门 for "多久上门", 审批…5个工作日 for
    "审批要多久"), or None when the question names no act beside its span."""
    asked = SPAN_ASKED.search(question)
    if figure is None or asked is None:
        return None
    after = _act([p.word for p in postag.tagged(question[asked.end():])])
    if after:
        return re.compile(rf"{figure.pattern}{SPAN_GAP}{re.escape(after)}")
    clause = re.split(r"[，,；;、]", question[: asked.start()])[-1]
    before = [p for p in postag.tagged(clause)][::-1]
    act = _act([p.word for p in before])
    # (only a verb: 证 of 办个证 names a thing)
    if not act or not next(p for p in before if p.word.endswith(act)).flag.startswith("v"):
        return None
    return re.compile(rf"{re.escape(act)}{ACT_GAP}{figure.pattern}|{figure.pattern}{SPAN_GAP}{re.escape(act)}")


# A telephone number, or a hotline as replies write it (12345, 12319 and other service lines, 96xxx, 400-xxx-xxxx).
# (never a sum or a count that happens to have five figures: 15000元, 12000人)
HOTLINE = re.compile(rf"{grammar.PHONE.pattern}|(?<![\d.\-－])(?:1\d{{4}}|9\d{{4,5}}|400\s*[-－]?\s*\d{{3}}\s*[-－]?\s*\d{{4}})"
                     r"(?![\d.]|\s*(?:[元万亿千百余多%％个名户家件次人米吨亩]|公里|平方))")
# A question asking a number to call ("热线是多少", "打哪个电话", "电话号码"): answered by a number, not by a count.
ASKS_PHONE = re.compile(r"电话|热线|号码|拨打|打哪个|打什么")
# A count as an answer: a number with the thing it counts (1.2万组, 42个, 三所) or a share of them (80%的乡镇卫生院),
# never a time (24小时, 3个月) nor a date (2022年底, 5月).
_NOT_COUNTED = (*grammar.SPAN_UNITS, "月", "号", "时", "点", "届", "期", "岁")
_COUNTING = grammar.unit_pattern([u for u in grammar.CLASSIFIERS if u not in _NOT_COUNTED])
# (Arabic figures with whatever they count, 1.2万组, 3200PFLOPS; a number in Chinese numerals only with a classifier,
# never 一网通办 or 三级)
COUNTED = re.compile(rf"{grammar.QUANTITY_START}(?!(?:19|20)\d{{2}}\s*年)(?:\d+(?:\.\d+)?\s*[余多]?\s*[万亿千百]?\s*[余多]?"
                     rf"\s*(?!{grammar.unit_pattern(_NOT_COUNTED)})[\u4e00-\u9fffA-Za-z%％]|{grammar.NUMBER}\s*(?:{_COUNTING})(?!月|工作日|百分点|星期))")


# Kinds of answer (service/asked.py) whose shape is itself the answer: a sum, a share, a span, a date, a time of day.
SHAPED_KINDS = ("money", "cash", "ratio", "rate", "span", "date", "clock")


def carried(question: str, kind: str | None, shape: re.Pattern[str] | None,
            figure: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """What a sentence must hold to answer `question`, as strictly as its words say: the number to call, the
    figure in the asked unit, a count of things (not 24小时), or the shape of the asked kind (`kind` and `shape`
    from service/asked.py); None when it asks for no such thing."""
    if ASKS_PHONE.search(question) and kind not in SHAPED_KINDS:
        return HOTLINE
    units = asked_units(question)
    if figure is not None and units is not None and len(units) > 1:
        return figure
    if kind == "count" or figure is not None:
        return COUNTED  # (多少个 is answered by 37处 as well: things are counted with many classifiers)
    return shape if kind in SHAPED_KINDS else None
