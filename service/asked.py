"""What a question asks for: the kind of answer (a sum, a place, a date, a count, yes or no…), the shape of a
sentence that gives it, and the thing asked about right after the question word (`asked`); the question up to its
question word (`focus_text`); and the word classes these rules read (light verbs, measures, modals).

The focus judgement (service/focus.py), quote choice (service/quotes.py, service/selection.py) and field questions
(service/fields.py) read a question through these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import jieba

from indexer import grammar
from service import figures
from service.charges import CHARGE_ASKED
from service.postag import tagged

# Numbers and the units that answer alike live in the document grammar (shared with service/figures.py).
NUMBER = grammar.NUMBER
SPAN_UNITS, MONEY_UNITS, RATIO_UNITS, PEOPLE_UNITS = (grammar.SPAN_UNITS, grammar.MONEY_UNITS, grammar.SHARE_UNITS,
                                                      grammar.PEOPLE_UNITS)


# Classifiers a question counts with; a grade (几级排放标准, 几级响应) is asked in 级 and answered by 一级A, 三级.
# A physical measure (多少公斤, 几亩, 多少公里) is asked as a classifier is, and answered in its own family.
MEASURE_UNITS = tuple(u for family in grammar.MEASURE_FAMILIES for u in family)
ASKED_CLASSIFIERS = (*grammar.QUESTION_CLASSIFIERS, "级", *MEASURE_UNITS)
_ALL_UNITS = (*grammar.CLASSIFIERS, *grammar.MEASURES, *SPAN_UNITS, *MONEY_UNITS, *RATIO_UNITS, *MEASURE_UNITS)


def quantity(units: tuple[str, ...] | list[str]) -> str:
    """A number in one of `units`, and not in a longer unit that starts alike (9.2个百分点 is no count of
    things in 个, 3个月 no count in 个), nor a number and classifier made an adjective by 性 (一次性奖补 is a grant once
    for all, no count of 次)."""
    def unit(u: str) -> str:
        longer = [re.escape(v[len(u):]) for v in dict.fromkeys(_ALL_UNITS) if v.startswith(u) and v != u and v not in units]
        return re.escape(u) + (f"(?!{'|'.join(longer)})" if longer else "")

    return rf"{NUMBER}\s*(?:{'|'.join(unit(u) for u in sorted(dict.fromkeys(units), key=len, reverse=True))})(?!性)"


# Everyday interrogatives ask as their written forms do: 啥时候 as 什么时候, 咋联系 as 怎么联系.
_SPOKEN = {"什么": "啥", "怎么": "咋"}


def with_spoken(pattern: str) -> str:
    """A question pattern that also takes the everyday form of each interrogative it names."""
    for written, spoken in _SPOKEN.items():
        pattern = pattern.replace(written, f"(?:{written}|{spoken})")
    return pattern


def answer_pattern(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts))


# What a sentence holding each kind of answer contains.
# Free of charge, as replies write it: the word itself (免费, 免收, 减免, 半价, 八折), or a charge negated — a verb of
# charging after 不/无需/无须/不再/不另 with the fee named within a few characters (不收取任何费用, 不收费, 不另收费,
# 无需缴纳费用, 不再收取服务费) — or given without pay (无偿, 零收费, 零费用): a citizen's 要花钱吗 is answered so.
FREE = (r"免费|免收|减免|半价|[一二三四五六七八九]折|无偿|零(?:收费|费用)"
        r"|(?:不|无需|无须|不需|不用|不再|不另|不另行)(?:收取?|缴纳?|交纳?|支付|承担|负担)[^，。；]{0,6}?费")
# Verbs of bearing a cost. 贴息 bears a loan's interest for the borrower (由县财政全额贴息, 财政贴息): it says who pays
# the interest.
PAYING = "承担|负担|支付|出资|列支|筹集|筹措|分担|分摊|买单|兜底|拨付|安排|贴息"
ANSWERS: dict[str, re.Pattern[str]] = {
    # (城镇, 乡镇, 村镇 and 集镇 are kinds of place, not one: 在城镇老旧小区配建 says nowhere in particular)
    "location": answer_pattern(r"位于|坐落|地处|地址|选址|落户|设在|设于|建在|开在|[路街道弄]\s*\d+\s*号|\d+\s*号楼",
                               r"网站|网址|官网|App|APP|小程序|公众号|窗口|办事大厅|服务大厅|街道|(?<![城乡村集])镇|园区|大厦"),
    "clock": answer_pattern(r"\d{1,2}\s*(?:[:：]\s*\d{2}|点|时(?!间))|全天|24小时|工作日"),
    "money": answer_pattern(quantity(grammar.WRITTEN_MONEY_UNITS), rf"{NUMBER}\s*块钱", quantity(RATIO_UNITS),
                            FREE),
    # A sum asked in money's own words (多少钱, 几块钱, 多少元) is said in yuan or as free; a share (补贴30%) says
    # how much of something else.
    "cash": answer_pattern(quantity(grammar.WRITTEN_MONEY_UNITS), rf"{NUMBER}\s*块钱", FREE),
    "ratio": answer_pattern(quantity(RATIO_UNITS), r"\d+\s*[:：]\s*\d+|[一二三四五六七八九十]+分之"),
    # Not a year (2024年) nor a day of a month (6月12日): those are dates.
    "span": answer_pattern(rf"{grammar.QUANTITY_START}(?!(?:19|20)\d{{2}}\s*年){quantity(SPAN_UNITS)}", r"当天|当日|即时|实时|立即|随到随",
                           r"每(?:个|一)?(?:季度|月|年|周|星期|天|日|半年)"),  # how often: 每季度至少一次
    # ...or a time counted from an event, as rules set when money or a decision comes (验收合格后3个月内拨付, 自受理之日起
    # 15个工作日内办结): the genre's answer to 什么时候发/到账.
    "date": answer_pattern(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|年末|年初|季度|上半年|下半年|月底|今年|明年|近期|即将|期间|以来|目前",
                           rf"(?:后|起)\s*{NUMBER}\s*个?\s*(?:工作日|月|日|天|周|年)(?:以?内)"),
    "agent": answer_pattern(r"[\u4e00-\u9fff]{1,12}(?:局|委|委员会|办公室|办|厅|部|署|中心|政府|公司|集团|协会|银行|学校|"
                            r"大学|医院|街道|镇)|牵头|负责|承担|会同"),
    # Who bears a cost, as replies write it: 由县乡两级财政按6:4比例承担, 建设资金由乡镇自筹, 运营费用列入乡镇财政预算,
    # 市财政每座补助30万元, 培训机构自行承担器材费用, 不向家长收取费用.
    "payer": answer_pattern(rf"由[^，。；]{{1,20}}?(?:{PAYING})",
                            r"自筹|自行(?:承担|负担|解决|支付)|(?:列入|纳入)[^，。；]{0,16}预算|出资",
                            rf"财政[^，。；]{{0,8}}?(?:{PAYING}|补助|补贴|奖补|资金)",
                            rf"(?:资金|经费|费用|成本)[^，。；]{{0,8}}(?:来源|渠道|分担)|不(?:向|对)[^，。；]{{1,12}}收取"),
    "count": answer_pattern(r"\d", quantity(grammar.CLASSIFIERS)),
    # A standard (补贴标准, 罚款标准, 收费标准) is an amount per unit or a bound, not a total.
    "rate": answer_pattern(r"(?:每|按|最高|最低|不超过|不低于|不高于|至少|上限|下限)[^，。；]*\d",
                           r"\d[^，。；]*(?:以上|以下|以内|的标准)"),
}
# Who manages a thing, as replies write it: a party put in charge of it. 负责 does so as a predicate: with its party
# marked by 由 (由X负责…), or taking the act of managing as its object (X负责…的日常管理/运营/维护); the managing verb
# itself with its party marked by 由 (由X管理, 由X代管, 由X建设运营); or the duty named (履行管理职责, 管护主体). Not
# 负责 as a modifier (负责人, 负责同志: a person of an office, named in passing), nor the reply's own handling of the
# proposal (由我局负责答复/办理/解释, 负责联系), which says who answers, not who manages; a body named in passing (我局赞同…)
# does not say who manages either.
MANAGING = r"管理|管护|运营|维护|运维|养护|代管|托管"
_NOT_IN_CHARGE = r"人|同志|答复|回复|办理|承办|解释|联系"
MANAGER_SAID = answer_pattern(rf"由[^，。；]{{1,20}}?负责(?!{_NOT_IN_CHARGE})",
                              rf"负责(?!{_NOT_IN_CHARGE})[^，。；]{{0,16}}?(?:{MANAGING})",
                              rf"由[^，。；]{{1,20}}?(?:{MANAGING}|自治)",
                              r"(?:管理|管护|运维)(?:职责|责任|主体)")


def asks_who_manages(question: str) -> bool:
    """The question asks who manages a thing (谁来管, 由谁运营): answered by a sentence putting a party in charge (MANAGER_SAID),
    a shape specific enough to choose the quote, where any office named answers 谁 of another act."""
    return asked(question).answers is MANAGER_SAID


# Where to go to do something ("去哪里申请", "到哪儿办", "上哪里查"), asked beside another question ("能不能查…？去哪里申请？")
# or alone: a sentence naming the place where the act is done before the act answers it (群众在…任一开通服务的档案馆提出申请,
# 到户籍所在地的社区服务中心办理), seldom with an address. Read for the quote only (service/selection.py).
WHERE_TO_GO = re.compile(r"[去到上]哪(?:里|儿|个地方)(?!来)")
PLACE_NOUNS = r"馆|中心|站|所|窗口|大厅|医院|网点|柜台|服务点|办事处"
PLACE_ACTS = r"提出|申请|办理|提交|递交|咨询|查询|查阅|领取|登记|报名|反映|投诉|就诊|缴纳|购买"
PLACE_OF_ACT = re.compile(rf"(?:在|到|向|前往)[^，。；]{{1,24}}?(?:{PLACE_NOUNS})[^，。；]{{0,4}}?(?:{PLACE_ACTS})")


# Nouns for a kind of place ("在哪些省份", "哪几个城市", "哪个区"): the question asks which places, and a reply
# answers with their names (北京、上海等7省市; 在天山区、沙依巴克区), seldom with the word the question uses.
PLACE_KINDS = frozenset("省区市 省份 省市 省区 城市 地市 市州 县区 区县 县市 乡镇 街镇 地区 国家 省 市 州 县 区 乡 镇".split())
WHICH_WORDS = frozenset("哪 哪些 哪个 哪几个 哪一个".split())
# A count of places: 7省市, 9个省份, 12个城市.
PLACE_COUNT = re.compile(rf"{NUMBER}\s*个?(?:{'|'.join(sorted(PLACE_KINDS, key=len, reverse=True))})")


def asks_places(question: str) -> bool:
    """"在哪些省份", "哪几个城市", "哪些地方开展了": which places, by the noun after the interrogative (jieba's words,
    so 市民 of "哪个市民中心" is no 市)."""
    words = [p.word for p in tagged(question)]
    return "哪些地方" in words or any(w in WHICH_WORDS and after in PLACE_KINDS for w, after in zip(words, words[1:]))


class PlacesNamed:
    """The shape of a sentence that says which places: two place names or more (jieba's ns), or a count of
    places (等7省市). Read like the other shapes, by `search`."""

    def search(self, sentence: str) -> bool:
        if PLACE_COUNT.search(sentence):
            return True
        return len({p.word for p in tagged(sentence) if p.flag == "ns"}) >= 2


# 几路 asks which route by its number (几路车, 坐几路公交), not how many: a line, bus or route is named by a number
# before 路 (5路, 游2路) or a letter and a number (K8); 新开通公交线路1条 counts routes and names none.
ROUTE_ASKED = re.compile(r"几路")
ROUTE_NAMED = re.compile(rf"(?:{NUMBER})\s*路(?![段面口])|(?<![A-Za-z])[A-Z]\d{{1,3}}(?![\dA-Za-z])")
# Verbs of earning or receiving a sum (一个月能拿多少, 每年能领多少): what they take is money, whatever the noun after
# 多少 (绩效, 工资) says.
EARNING = re.compile(r"(?:拿|领|挣|赚)(?:到|了)?$")
# Verbs of taking a sum off (个税能扣多少, 能抵扣多少, 可以减免多少) ask a sum too, in yuan or as a share of it: the amount
# deducted. (With anything after 多少, 扣多少分, that says what is taken off.)
DEDUCTING = re.compile(r"(?:扣|扣除|抵扣|抵减|抵免|减免|抵)(?:掉|了|除)?$")
ENDS_ASKING = re.compile(r"\s*[了呢啊呀吗]?\s*(?:[？?，,。！!；;]|$)")


# The question words of each kind, in the order they are tried: "多少钱" asks a price before a count,
# "多少天" a span before a count.
_SPAN_ASKS = rf"(?:多少|几)(?:{grammar.unit_pattern(SPAN_UNITS)})"
# A share asked in its own words (百分之几, 多少个百分点): answered by a share, as 几成 is.
SHARE_ASKS = r"百分之(?:几|多少)|(?:多少|几)个?百分点"
# Who pays, asked as citizens ask it: 钱谁出, 谁出钱建, 费用由谁承担, 工资由谁来出, 哪一级财政出钱, 钱从哪里来,
# 资金来源. Answered by the sentence that says who bears the cost (ANSWERS["payer"]), not by the act it pays for.
_PAYER_WHO = r"(?:谁|哪(?:个|家|一?级)[\u4e00-\u9fff]{0,4}?)"
# (a loan's interest is a cost too: 利息谁出, 贴息由谁承担)
_MONEY_WORDS = r"(?:钱|费|资金|经费|款|成本|工资|利息|贴息)"
PAYER_ASKS = re.compile(
    rf"{_PAYER_WHO}(?:来|去)?(?:(?:出|掏|付|给)的?钱|买单|埋单|出资|掏腰包|(?:给|负责)?贴息)"
    rf"|{_PAYER_WHO}(?:来|去)?(?:{PAYING})[\u4e00-\u9fff]{{0,4}}?{_MONEY_WORDS}"
    rf"|{_MONEY_WORDS}[\u4e00-\u9fff]{{0,2}}?(?:由|是|归)?{_PAYER_WHO}(?:来|去)?(?:{PAYING}|出|掏|付|给|担|拿)"
    rf"|{_MONEY_WORDS}(?:从|打)?哪(?:里|儿)?(?:来|出)|(?:资金|经费)来源|哪(?:里|儿)?来的钱")
# Who manages, asked as citizens ask it: 谁来管, 谁负责, 归谁管, 由谁管理, 由谁建设运营 (not 谁负责联系, which asks a
# contact, nor 归哪个部门管, which asks an office by name).
MANAGER_ASKED = re.compile(r"(?:由|归)?谁(?:来|去)?(?:负责)?(?:建设)?(?:管理?|管护|运营|维护|运维|负责)[了呢啊]?(?=[？?，,。]|$)")
ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("payer", PAYER_ASKS),
    ("location", re.compile(with_spoken(r"在哪(?:里|儿|个地方)?|(?:什么|哪个)(?:地方|位置|地点)|位于哪|地址在|坐落在|具体位置"))),
    ("clock", re.compile(r"几点|几时|营业时间|开放时间|办公时间|开门时间|上班时间")),
    ("money", re.compile(r"多少钱|票价|价格|价钱|收费(?:标准|多少)?|费用是?多少|几块钱|多少元|"
                         # whether it costs anything ("要钱吗", "收不收费"): answered by a price or by 免费
                         r"[要收花掏交付]钱吗|[要收花掏交付]不[要收花掏交付]钱|要不要钱|收不收费|免费吗|免不免费|是否免费|"
                         # ...or whether a charge named by its noun is paid ("参观要买门票吗", "要交房租吗",
                         # "停车收费吗"): answered the same way, by a price or by 免费/免收
                         # (after a modal of need: "公积金能拿出来交房租吗" asks what the fund may pay, not a charge)
                         rf"{CHARGE_ASKED}")),
    ("span", re.compile(rf"多久|多长时间|多长|{_SPAN_ASKS}")),
    ("date", re.compile(with_spoken(r"什么时候|何时|哪一?年|几月|哪个月|哪一?天|什么时间|截止日期"))),
    ("agent", re.compile(r"谁|哪(?:个|些|家)(?:单位|部门|机构)|由哪")),
    # 规模 asks a size as the question's last word ("投资规模？"); "在算力规模上定了什么目标" asks a target.
    # (哪几家, 哪几个 ask which ones, by name: WHICH)
    ("count", re.compile(rf"{SHARE_ASKS}|多少|{ROUTE_ASKED.pattern}|(?<!哪)几(?:{grammar.unit_pattern(ASKED_CLASSIFIERS)})|多大|"
                         r"规模(?=[？?]?$)")),
    ("yesno", re.compile(r"吗[？?]?$|是否|有没有|能不能|可不可以|会不会|是不是|能否|可否")),
)
# A quantity's kind from the noun that names it (the noun after 多少, or before 是多少): Chinese
# compounds end in their head, and these heads name money (资金, 票价, 投资额, 补贴), shares (预约率,
# 比例) or people (人数).
MONEY_NOUN = re.compile(r"(?:钱|费|价|金|款|资|额|贴|助|奖励|投入)$")
RATIO_NOUN = re.compile(r"(?:率|比例|比重|占比)$")
PEOPLE_NOUN = re.compile(r"(?:人数|人员|人)$")
# After 多少/几: the classifier the question counts with (多少家, 几个, 多少人次).
_COUNTED = re.compile(rf"(?:多少|几)\s*({grammar.unit_pattern((*ASKED_CLASSIFIERS, *PEOPLE_UNITS))})?")
# Classifiers of things (not of people, time or money). Chinese counts one kind of thing with several
# (高校: 16所 or 16家; 平台: 4个 or 4家), so a count of things is answered by any of them.
THING_UNITS = tuple(u for u in grammar.CLASSIFIERS
                    if u not in (*SPAN_UNITS, *PEOPLE_UNITS, *RATIO_UNITS, "个百分点", "月", "岁", "号", "期", "届", "轮"))


# A count in a classifier of things or people after a price named ("清理冷库用电价格纠正了多少户", "票价优惠惠及多少人"): the
# classifier says what is counted, and the price is the topic the count is of. (Not 几块钱, 多少个月, 几个百分点.)
COUNTED_IN_CLASSIFIER = re.compile(
    rf"(?:多少|几)\s*(?:{grammar.unit_pattern(tuple(u for u in (*THING_UNITS, *PEOPLE_UNITS) if u not in MONEY_UNITS))})"
    r"(?![钱月]|百分点|小时|工作日)")


def counts_after(question: str, at: int) -> bool:
    """Whether the question counts things or people in a classifier after `at` (where a price it names ends)."""
    return COUNTED_IN_CLASSIFIER.search(question, at) is not None


# After a count (几个人, 多少人), the adverb 才 ("only then") before a verb or a modal: jieba reads 人才 or 才能 as a
# noun. (引进了几个人才？ counts talents: 人才 ends the question.)
COUNT_THEN_ONLY = re.compile(r"人?才(?![？?，,。]|$)")


# What may stand between the noun naming a quantity and the question word ("资金一共是多少", "补助分别是多少":
# 分别, 各自, 都 distribute the question over several replies).
FRAME_END = re.compile(r"(?:是|有|为|达到|大概|大约|一共|总共|共|约|了|能|要|分别|各自|都|各)+$")


# A quantity asked per thing or person ("每家企业最多能贷多少", "每户补多少") or as a bound ("最高补多少") is a
# rate: a reply's total ("累计为218家企业发放贷款1.36亿元") does not answer it. Per period (每年, 每月, 每个月, 每个季度)
# is not: a year's figure answers "每年新增多少", and 个 before a period counts the period, not a thing.
PER_THING = re.compile(rf"每(?!个?(?:{'|'.join((*grammar.SPAN_UNITS, *figures.PERIODS, '学期'))}))"
                       rf"(?:{'|'.join(u for u in grammar.CLASSIFIERS if u not in grammar.SPAN_UNITS and u != '个月')})|"
                       r"(?:最多|最高|最少|最低)(?!的)|上限|封顶")  # (最多的那个镇 singles out one thing: SUPERLATIVE)


# "哪个窗口", "哪些材料", "什么证件": the interrogative a noun follows as its determiner.
# 哪几 with a classifier (哪几家, 哪几项) asks which ones as 哪些 does, not how many.
WHICH = re.compile(with_spoken(rf"哪(?:些|个|种|类|家|项|几(?:{grammar.unit_pattern(grammar.QUESTION_CLASSIFIERS)}))|什么"))
# What replies report, asked of as a kind of content ("有哪些措施", "什么政策", "哪些工作"): any sentence of
# the reply's measures answers, none need repeat the word.
REPORTED = frozenset("措施 举措 办法 做法 对策 政策 文件 工作 进展 成效 成果 情况 计划 安排 打算 考虑 问题 困难 建议 意见 "
                     "规定 要求 内容 方式 渠道 途径 手段 作用 效果 支持 帮助 服务 变化 经验 亮点 特色 方面 行动 "
                     "保障 扶持 优惠 补贴 补助 奖励 项目 活动 机制 制度 思路 目标 标准 条件".split())
BY_FORM = frozenset("文号 编号 号码 电话 名称 名字 时间 日期 地点 地方 位置 地址 年份".split())
# A target asked of ("定了什么远期目标", "要实现什么目标") is what a reply states as one: 目标 itself, or a year to reach
# by (力争到2027年…达到98%以上, 到2030年实现…), said with 力争 or 确保; what was done is no target.
TARGET_NOUNS = ("目标", "指标")
TARGET_SAID = re.compile(r"目标|指标|力争|确保|争取|(?:到|至)\s*(?:19|20)\d{2}\s*年")
# Kinds of body ("哪家第三方机构做的", "由哪个公司承建"): 哪家/哪个 asks for one by its name, and a sentence that
# names the kind alone (委托第三方评估机构, 由专业机构开展) does not say which.
BODY_KINDS = ("机构", "单位", "公司", "企业", "集团", "医院", "学校", "银行", "中心", "协会", "工厂", "厂家", "院校",
              "高校", "大学", "学院", "平台")
PICKS_ONE = re.compile(r"哪(?:家|个|些|几家|几个|一家|一个)")
BODY_ASKED = re.compile(rf"[\u4e00-\u9fff]{{0,6}}?({'|'.join(BODY_KINDS)})")
# ...or the kind is the subject and the interrogative its predicate, ending the question ("样本企业具体是哪几家",
# "承建单位是哪家", "试点企业有哪几家").
BODY_BEFORE = re.compile(rf"({'|'.join(BODY_KINDS)})(?:具体|分别|主要|都|一共|共)?(?:是|有)$")


# A superlative of degree before 的 ("树龄最大的那棵古树", "最早的那座热源厂", "种油茶最多的那个镇") singles
# out one thing: a sentence answers only by saying which is the most (最…, 之最, 第一, 首座); a total, or
# another one of the kind, does not. (最多/最高 before a verb is a bound: PER_THING. Evaluative
# superlatives, 最好的办法, ask for a recommendation a reply seldom ranks, and are left alone.)
SUPERLATIVE = re.compile(r"最(?:大|小|多|少|高|低|早|晚|长|短|老|新|远|近|快|慢|贵|便宜|重|轻|深|浅|宽|窄|旧|久)的")
SUPERLATIVE_SAID = re.compile(r"最|之最|第一|首[个家座批所条位只]|居首|榜首|首位")


@dataclass(frozen=True)
class Asked:
    """What a question asks for: its kind, the shape of a sentence that answers it, and the noun
    phrase it asks about right after the question word (三甲医院 of "有几家三甲医院")."""

    kind: str | None
    answers: re.Pattern[str] | None = None
    target: str = ""
    act: tuple[str, ...] = ()  # the act asked about, one word of which the answer names: 领取 of "怎么领取"
    thing: str = ""            # the noun 哪个/哪些 asks which of (窗口 of "向哪个窗口提交"), named by the answer
    body: str = ""             # the kind of body 哪家/哪个 asks the name of (机构 of "哪家第三方机构"): BODY_KINDS
    ranked: bool = False       # a superlative singles out one thing (SUPERLATIVE), which the answer says
    change: str = ""           # a quantity asked through a verb of change: "up" or "down" (CHANGE_SAID)
    beyond: str = ""           # the bound a quantity is asked past (1小时 of 超过一小时怎么收费): states_bound
    granted: bool = False      # a sum asked through 补 (政府补多少钱): the answer says it is granted (figures.GRANT_SAID)


def units_of(classifier: str) -> tuple[str, ...]:
    """The units a count asked with `classifier` may be answered in: 多少人 by 132人 or 41万人次,
    几个 by 4个 or 5家, 多少次 by 3.2万次 or 12场."""
    if classifier == "次":
        return grammar.EVENT_UNITS  # (how often an act is done: no count of things answers it)
    for family in (PEOPLE_UNITS, MONEY_UNITS, RATIO_UNITS, *grammar.MEASURE_FAMILIES, THING_UNITS):
        if classifier in family:
            return family
    return (classifier,)


def splits_money_word(before: str) -> bool:
    """Whether the verb ending `before` makes one word with 款 (贷款, 拨款, 借款, 捐款, 筹款): 贷多少款 splits that
    word with its question word, as 帮多少忙 splits 帮忙, and asks a sum of money, not a number of models (几款产品)."""
    verb = before[-1:]
    if not verb:
        return False
    return tagged(verb)[0].flag.startswith("v") and len(tagged(verb + "款")) == 1


def quantity_kind(noun: str) -> str | None:
    noun = noun.strip()
    if noun.endswith("标准"):
        return "rate"
    if RATIO_NOUN.search(noun):
        return "ratio"
    if MONEY_NOUN.search(noun):
        return "money"
    if PEOPLE_NOUN.search(noun):
        return "people"
    return None


# Where the asked-about thing ends: the question word and anything after it.
QUESTION_WORD = re.compile(with_spoken(r"是?百分之(?:几|多少)|是(?:什么|多少|哪|谁|几|怎么|如何|怎样)|有(?:什么|哪些|多少|几)|在哪|哪些|哪里|哪个|什么|多少|几|谁|"
                                       r"如何|怎么|怎样|多久|多长|多大|多高|何时|吗|呢|[？?]"))


def asked_shape(question: str) -> tuple[str | None, re.Pattern[str] | None]:
    """The kind of answer the question asks for and the shape of a sentence that gives it."""
    found = asked(question)
    return found.kind, found.answers


# Words a noun phrase after the question word is made of: nouns (jieba tags 智慧/养老 nr at times),
# verbal nouns, distinguishing words (三甲, 公共), abbreviations and Latin names.
_PHRASE_FLAGS = ("n", "vn", "b", "j", "l", "eng", "nz")


def noun_run(text: str, flags: tuple[str, ...] = _PHRASE_FLAGS) -> str:
    """The noun phrase `text` opens with: "三甲医院" of "三甲医院？", "" of "了？"."""

    run = []
    for pair in tagged(text):
        if not pair.flag.startswith(flags) or pair.flag == "ns":
            break
        run.append(pair.word)
    return "".join(run)


def compound_run(text: str) -> str:
    """noun_run, read on over a verb that, with a noun naming a quantity right after it, ends the phrase: Chinese
    compounds a verb with the noun it modifies (生态保护资金 of "多少生态保护资金？", jieba's 生态 保护 资金: a sum is asked,
    of the funds, not a count of 生态). (A verb followed by more words is the question's own predicate: 多少企业获得了资金.)"""
    run = noun_run(text)
    pairs = [(p.word, p.flag) for p in tagged(text[len(run):])]
    if run and len(pairs) >= 2 and pairs[0][1] == "v" and len(pairs[0][0]) == 2 and pairs[1][1] == "n" \
            and quantity_kind(pairs[1][0]) is not None and (len(pairs) == 2 or pairs[2][1] in ("x", "y")):
        return run + pairs[0][0] + pairs[1][0]
    return run


def counted_noun(text: str) -> str:
    """The noun a count asks of, right after 多少/几 and its classifier: a noun phrase (noun_run), which may open with
    the verb of a compound noun jieba cuts apart (充电 桩 of 充电桩, 补助 资金 of 补助资金): after a classifier comes a
    noun, and a verb there modifies the noun after it."""
    pairs = tagged(text)
    if len(pairs) >= 2 and pairs[0].flag == "v" and (pairs[1].flag.startswith("n") and pairs[1].flag != "ns"
                                                        or (pairs[1].flag == "q" and len(pairs[1].word) == 1)):
        return pairs[0].word + pairs[1].word + noun_run(text[len(pairs[0].word) + len(pairs[1].word):])
    return noun_run(text)


# "怎么/如何/怎样 + verb" asks how something is done: the verb is part of what is asked.
HOW = re.compile(r"怎么|如何|怎样")
# Verbs that say little of their own ("怎么做", "怎么说", "补贴怎么算"): the act is in the rest of the question.
# 靠 and 凭 say by what means ("靠哪个工程送来的"), as 用 does: the means asked is named, the verb seldom is.
# 怎么回事 asks what something is ("时间银行是怎么回事"): 回事 names no act.
LIGHT_VERBS = frozenset("做 办 搞 弄 说 用 算 样 想 看 是 有 要 会 能 去 来 靠 凭 回事".split())
# Verbs of dealing with a problem ("号贩子怎么处理", "挂号难怎么解决"): a reply answers them with the
# measures taken (实名制预约, 暂停资格), seldom with the verb, so they are not an act the evidence must
# write, as 领取 in "沙袋怎么领取" is.
HANDLING_VERBS = frozenset("处理 处置 解决 应对 对待 治理 整治 管理 管控 打击 监管 缓解 破解".split())


def predicate(text: str, last: bool = False, flags: tuple[str, ...] = ("v", "vn", "vd", "a", "ad")) -> tuple[str, ...]:
    """The act `text` asks about: its first content verb and the nouns and verbs after it (领取 of
    "领取？", 防止 个人信息 泄露 of "防止个人信息泄露？"), or with `last` its last content verb alone
    (开门 of "社区卫生服务中心周末开门", before 吗)."""

    pairs = [(p.word, p.flag) for p in tagged(text)]
    at = [i for i, (w, f) in enumerate(pairs) if f in flags and w not in LIGHT_VERBS]
    if not at:
        return ()
    if last:
        return (pairs[at[-1]][0],)
    return tuple(dict.fromkeys(w for w, f in pairs[at[0]:] if f.startswith(("v", "n", "a")) and f != "ns"
                               and w not in LIGHT_VERBS))


@lru_cache(maxsize=4096)
def asked(question: str) -> Asked:
    """What the question asks for (remembered: the focus check, the quote choice and the meaning check
    each ask it of the same question; an Asked is immutable). A count's unit comes from its classifier (几家 → 家, 多少人 →
    people, 多少公斤 → a weight) or from the noun naming the quantity (多少资金 and 票价是多少 → money, 预约率是多少 → a
    share)."""
    found = _asked(question)
    if found.kind in (*SUMS, "count", "span"):
        found = replace(found, change=change_asked(question), beyond=bound_asked(question))
    return replace(found, ranked=True) if SUPERLATIVE.search(question) else found


def _asked(question: str) -> Asked:
    if asks_places(question):
        return Asked("places", PlacesNamed())
    for kind, asks in ASKS:
        match = asks.search(question)
        if match and not (kind == "money" and counts_after(question, match.end())):
            break
    else:
        how = HOW.search(question)
        act = predicate(question[how.end():]) if how else ()
        which = WHICH.search(question)
        # (jieba tags some such nouns as places: 窗口 s)
        thing = noun_run(question[which.end():], (*_PHRASE_FLAGS, "s")) if which else ""
        # "向哪个窗口提交", "要准备哪些材料": the thing asked is named after 哪个/哪些; a reply that never names
        # it (窗口, 材料) does not say which. The genre's words for what a reply reports (措施, 政策, 工作…),
        # a measure (程度) and what is answered by its form (文号, 时间) are not such a thing.
        head = thing and [p.word for p in tagged(thing)][-1]
        # (the kind may follow a modifier jieba does not tag a noun: 哪家第三方机构)
        picks = which is not None and PICKS_ONE.fullmatch(which.group(0)) is not None
        named = BODY_ASKED.match(question, which.end()) if picks else None
        if picks and named is None and ENDS_ASKING.match(question, which.end()):
            named = BODY_BEFORE.search(question, 0, which.start())
        body = named.group(1) if named else ""
        # (jieba keeps some such words with their modifier: 倾斜政策, 扶持办法)
        if not head or len(head) < 2 or head in REPORTED or head[-2:] in REPORTED or head in MEASURE or head in LIGHT \
                or head in BY_FORM:
            thing = ""
        answers = TARGET_SAID if head and head.endswith(TARGET_NOUNS) else None
        thing = head if thing else ""
        return Asked(None, answers, act=tuple(w for w in act if w not in HANDLING_VERBS), thing=thing, body=body)
    end = match.end()
    if kind == "count":
        counted = _COUNTED.match(question, match.start())
        end = counted.end() if counted else end
        target = compound_run(question[end:])
        if COUNT_THEN_ONLY.match(question, end):
            # "要凑够几个人才开", "多少人才能开班": 才 is "only then", which jieba glues into 人才 (talent) or 才能
            # (ability); the count is of people, and the verb after 才 is what it takes
            return Asked(kind, re.compile(quantity(PEOPLE_UNITS)))
        before = FRAME_END.sub("", question[: match.start()])
        measure = quantity_kind(target) or quantity_kind(before)
        if measure is None and PER_THING.search(re.split(r"[，,；;]", before)[-1]):
            measure = "rate"
        classifier = counted.group(1) if counted else None
        if not classifier or classifier in THING_UNITS:
            # (things counted; the kind of quantity is read from a noun phrase alone, and a grade, 几级排放标准, counts
            # no 排放标准: the noun after 级 is what is graded)
            target = target or counted_noun(question[end:])
        if ROUTE_ASKED.fullmatch(match.group(0)):
            return Asked(kind, ROUTE_NAMED)
        taken_off = DEDUCTING.search(before) and ENDS_ASKING.match(question, end)
        if measure is None and not classifier and (EARNING.search(before) or taken_off):
            # (per a unit, 一个月能拿多少: a sum per that unit, as 一个月多少钱 asks one; PricePerPiece)
            unit = figures.per_unit_asked(question)
            return Asked("money", figures.PricePerPiece(ANSWERS["money"], unit) if unit else ANSWERS["money"], target)
        if re.fullmatch(SHARE_ASKS, match.group(0)):
            measure = "ratio"
        if measure is None and not classifier and figures.GRANTING.search(before):
            measure = "money"  # (政府补多少: a sum granted)
        if measure is None and "款" in (classifier, question[end : end + 1]) and splits_money_word(question[: match.start()]):
            # (能贷多少款: a sum lent, not a number of models; the word split, 贷款, is what is asked of)
            measure, classifier, target = "money", None, target or question[match.start() - 1] + "款"
        if measure in ("money", "ratio", "rate") or classifier in RATIO_UNITS:
            measure = measure or "ratio"
            granted = bool(figures.GRANTING.search(before)) if measure == "money" \
                else measure == "ratio" and bool(figures.GRANT_SHARE.search(before))
            return Asked(measure, ANSWERS[measure], target, granted=granted)
        if measure == "people" and not classifier:
            classifier = "人"
        units = units_of(classifier) if classifier else None
        return Asked(kind, re.compile(quantity(units)) if units else ANSWERS["count"], target)
    if kind == "money" and re.fullmatch(rf"多少钱|几块钱|多少元|.*钱吗|.*[要收]不?[要收]钱|.*免.*|收不收费|{CHARGE_ASKED}",
                                        match.group(0)):
        before = question[: match.start()]
        granted = bool(figures.GRANTING.search(before))
        if figures.PER_PIECE.search(re.split(r"[，,；;]", before)[-1]):
            return Asked(kind, figures.PricePerPiece(ANSWERS["cash"], figures.per_unit_asked(question)), granted=granted)
        return Asked(kind, ANSWERS["cash"], granted=granted)
    if match.group(0) == "多长" and not figures.HOW_OFTEN.search(question):
        # 多长 of a way is a length (这条河道有多长: 42公里), of a period a time (工期多长), of nothing either (figures.py).
        units = figures.asked_units(question)
        length = quantity(grammar.LENGTH_UNITS)
        if units == grammar.LENGTH_UNITS:
            return Asked("count", re.compile(length))
        if units != figures.FAMILIES["duration"]:
            return Asked(kind, answer_pattern(ANSWERS["span"].pattern, length))
    if kind == "yesno":
        # "周末开门吗": the predicate before 吗; "是否免费", "有没有补贴": the one after.
        if match.group(0).startswith("吗"):
            clause = re.split(r"[，,；;]", question[: match.start()])[-1]
            return Asked(kind, act=predicate(clause, last=True))
        return Asked(kind, act=predicate(question[match.end():], flags=("v",)))
    if kind == "span" and figures.WORKING_DAYS_ASKED.search(question):
        return Asked(kind, re.compile(quantity(figures.WORKING_DAYS)))  # (not 公示10日: figures.WORKING_DAYS)
    if kind == "agent" and MANAGER_ASKED.search(question):
        return Asked(kind, MANAGER_SAID)
    if kind == "clock" and START_ASKED.search(question):
        return Asked(kind, StartingClock())
    return Asked(kind, ANSWERS.get(kind))


# A time asked as a start (几点开始, 几点开门, 首班车几点): answered by a clock time that is no end. One said as where
# something stops (延长至晚上22时, 到20点, 9点前) tells when it ends, not when it starts; a range (8:00-20:00, 8点至20点)
# starts at its first time, and 全天 or 24小时 is open at any hour.
START_ASKED = re.compile(r"几点(?:开始|开门|开放|营业|上班|起|发车|出发)|(?:开始|开门|开放|营业|上班|发车)[^，。？?到至止时]{0,3}几点"
                         r"|(?:开始|开门|发车)时间|首班")
# (24小时 before a verb says the hours, 24小时开放; before a noun it names a kind of service, 24小时儿科急诊, which
# says nothing of when another opens)
CLOCK_TIME = re.compile(r"\d{1,2}\s*(?:[:：]\s*\d{2}|点|时(?!间))|全天|24小时(?=开放|营业|服务|值班|值守|接诊|运行|在线|不打烊)")
END_BEFORE = re.compile(r"(?:至|到|延长至|延至|延长到|截至|截止到?|~|－|-|—)\s*(?:早上|上午|中午|下午|傍晚|晚上|夜间|夜里|凌晨)?\s*$")
END_AFTER = re.compile(r"^\s*(?:前|之前|以前|结束|截止|关门|闭园|停止)")


class StartingClock:
    """The shape of a sentence saying when something starts (START_ASKED): a clock time not said as an end."""

    def search(self, sentence: str) -> re.Match[str] | None:
        for found in CLOCK_TIME.finditer(sentence):
            if not found.group(0)[0].isdigit() or found.group(0).startswith("24小时"):
                return found
            if END_BEFORE.search(sentence[max(0, found.start() - 8) : found.start()]) \
                    or END_AFTER.match(sentence[found.end() : found.end() + 3]):
                continue
            return found
        return None


# Kinds of quantity whose unit says what is asked: a sum of money, a share, a rate.
SUMS = ("money", "ratio", "rate")
# Verbs of change ("涨了百分之几", "降到多少", "缩短了几天"): not a frame but the relation asked, answered by a
# sentence stating a change the same way (由18%下降到12%, 压缩至15个工作日); a share that was waived or a fee
# that was charged does not say how much something rose.
RISING = frozenset("涨 升 增 提高 增长 增加 上涨 上升 上调 调高 提升 扩大 翻番".split())
FALLING = frozenset("降 减 少 降低 下降 减少 下调 调低 缩短 压缩 缩小".split())
CHANGE_VERBS = RISING | FALLING
CHANGE_SAID = {"up": re.compile(r"涨|升|增|提高|调高|上调|扩大|翻"), "down": re.compile(r"降|减|压缩|缩短|缩小|下调|调低")}


# A quantity asked past a bound (超过一小时怎么收费, 超出10吨的水费多少钱) is what is charged or given past it: a
# sentence that states the bound itself (免费骑行1小时) without speaking of what lies past it (超过1小时的, 超出部分,
# 70周岁以上, 年满) tells what holds up to the bound, not after it. A figure that does not name the bound (每餐8元) holds
# whatever the amount. (超过一半 is a share, no bound.)
BOUND_UNITS = (*SPAN_UNITS, "周岁", "岁", "吨", "公斤", "千克", "斤", "公里", "千米", "米", "平方米", "立方米", "亩", "元",
               "次", "度", "人", "户")
BEYOND_ASKED = re.compile(rf"(?:超过|超出|多于|高于)\s*({NUMBER})\s*(?:个)?({grammar.unit_pattern(BOUND_UNITS)})")
BEYOND_SAID = re.compile(r"超|以上|以外|之外|多于|高于|满")


def bound_asked(question: str) -> str:
    """The bound a quantity is asked past, in digits ("1小时" of "骑超过一小时怎么收费"), or ""."""
    found = BEYOND_ASKED.search(question)
    if not found:
        return ""
    number = re.sub(r"\s", "", found.group(1))
    if re.fullmatch(f"[{grammar.CN_NUMERAL}]+", number):
        number = str(grammar.chinese_number(number))
    # (a figure with 余, 多 or 万 bounds nothing a sentence would write the same way)
    return f"{number}{found.group(2)}" if re.fullmatch(r"\d+(?:\.\d+)?", number) else ""


def states_bound(sentence: str, bound: str) -> bool:
    """Whether `sentence` states the bound `bound` (1小时) and says nothing of what lies past it (BEYOND_SAID)."""
    number, unit = re.match(r"([\d.]+)(.*)", bound).groups()
    return re.search(rf"(?<![\d.]){re.escape(number)}\s*(?:个)?{re.escape(unit)}", sentence) is not None \
        and not BEYOND_SAID.search(sentence)


def change_asked(question: str) -> str:
    """"up" or "down" when the question asks a quantity through a verb of change before its question word."""
    for p in tagged(focus_text(question)):
        # (少 of "报销会少多少" is tagged an adjective; a modal jieba glues to it, 会少, is read without it)
        word = p.word[1:] if glued_modal(p.word) else p.word
        if not (p.flag.startswith("v") or p.flag == "a" or glued_modal(p.word)):
            continue
        if word in RISING:
            return "up"
        if word in FALLING:
            return "down"
    return ""
# Modal verbs before the verb of a question ("每月能领多少", "可以补多少").
MODALS = frozenset("能 能够 可 可以 会 要 该 应 应该 得".split())


def without_frame_verb(phrase: str) -> str:
    """The asked-about phrase without the verb that takes the sum as its object ("洱海治理投入了" → "洱海治理",
    "退捕渔民每月能领" → "退捕渔民每月"): a sum is asked through a verb of giving or spending (投入, 花, 拿出, 领,
    补) and a reply states it with its own (安排资金3000万元, 补助20万元); the unit says what is asked."""
    pairs = list(tagged(phrase))
    end = len(pairs)
    while end and (pairs[end - 1].flag in ASPECT_FLAGS or pairs[end - 1].flag == "d" or not pairs[end - 1].word.strip()):
        end -= 1
    if not end:
        return phrase
    verb = pairs[end - 1]
    if not ((verb.flag.startswith("v") and verb.flag != "vn") or glued_modal(verb.word)) or verb.word in CHANGE_VERBS:
        return phrase
    end -= 1
    while end and pairs[end - 1].word in MODALS:
        end -= 1
    return "".join(p.word for p in pairs[:end])


def asks_twice(question: str) -> bool:
    """Two clauses each with a question word ("计划形成多少个，实际形成了多少个？", "怎么约、票价多少？"):
    the answer may take a sentence for each."""
    clauses = [c for c in re.split(r"[，,、；;]", question) if QUESTION_WORD.search(c.rstrip("？?"))]
    return len(clauses) >= 2


# A yes/no question said by its verb twice around 不 or 没 (会不会增加, 有没有补贴, 收不收费, 可不可以): the
# verb once is what it asks; the negated copy (不会, 没有) is no word the evidence must hold.
A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")


def focus_text(question: str) -> str:
    """The question up to its first question word: "浦东地铁票价" of "浦东地铁票价是多少？", and
    "经营困难的老年助餐点，政府" of "经营困难的老年助餐点，政府怎么补贴？"; a verb said twice to ask yes or no
    is said once ("公交线路会增加" of "公交线路会不会增加")."""
    question = A_NOT_A.sub(r"\1", question)
    match = QUESTION_WORD.search(question)
    before = question[: match.start()] if match else question
    # A question that opens with its question word ("哪些部门…") asks about what follows it.
    return before if len(before.strip(" ，,")) >= 2 else question


# Words that open a yes/no question's proposition besides a modal: 是否, 能否, 可否.
WHETHER = frozenset("是否 能否 可否".split())


def proposition_apart(question: str) -> tuple[str, str]:
    """A yes/no question's subject and its proposition, apart at the first modal of its last clause ("网络文学作者做作品登记"
    and "要交全额费用" of "网络文学作者做作品登记要交全额费用吗？"; a modal said twice, 能不能, once): the proposition is what
    the reply may deny or grant in part (减半收取, 难以承担) in its own words, speaking of the subject. ("", "") when no
    modal opens one after a subject."""
    clause = re.split(r"[，,；;]", A_NOT_A.sub(r"\1", question).strip().rstrip("？?。 "))[-1]
    at = 0
    for p in tagged(clause):
        if p.word in MODALS or p.word in WHETHER or glued_modal(p.word):
            return (clause[:at], clause[at:]) if clause[:at].strip() else ("", "")
        at += len(p.word)
    return "", ""


# jieba's tags of the aspect particles 了 (ul), 过 (ug) and 着 (uz), and the interrogatives a verb may
# take as its object (发给哪个部门, 对口哪些小区, 建了几个).
ASPECT_FLAGS = frozenset({"ul", "ug", "uz"})


# Nouns that name a measure of the noun before them ("补贴标准", "投资规模", "开放数量"): what is
# asked is the measure's value, so the thing measured is the head.
MEASURE = frozenset("标准 金额 数额 额度 数量 总量 总额 比例 比重 占比 规模 水平 情况 时间 期限 范围 人数 面积 价格 费用 "
                    "幅度 程度 目标 数 率".split())


# Nouns with little meaning of their own that frame a topic ("在医养结合方面", "做了哪些工作", "共享数据时").
# 地方 is a place named by what is done there (睡觉的地方): the reply names the place itself (宿舍), never the word.
# The words for an office (人社部门, 有关单位) say who answers, which `About` weighs; the reply names the office
# itself (人力资源和社会保障厅), never the word 部门.
LIGHT = frozenset("方面 领域 地方 工作 事情 事 问题 方式 办法 途径 时候 时 期间 以后 之后 部门 单位 机关 机构".split())


# jieba's HMM makes one word of a modal and the one-character verb after it (能贷 of "能贷多少", 能报 of
# "医保能报吗") and tags it a noun: it is the question's verb, never the head of what is asked. (Words of its
# dictionary that start alike, 能源, 会议, 要素, are nouns.)
MODAL_VERB = re.compile(r"[能会可要该][\u4e00-\u9fff]")


def glued_modal(word: str) -> bool:
    if MODAL_VERB.fullmatch(word) is None:
        return False
    jieba.dt.check_initialized()  # (an uninitialised dictionary knows no word, and every pair would look glued)
    # (jieba's dictionary holds every prefix of its words at frequency 0: 会少 of 会少数民族… is no word)
    return not jieba.get_FREQ(word)
