"""What a sentence of the asked shape may still leave unsaid: the way money goes, a total, the end of a period, a day.

A reply on the topic often holds a sentence with a figure or a date in the asked unit that answers another question:
"烘干一吨要交多少钱" meets 每吨补贴30元 (what the centre is granted, not what a farmer pays); "一年总共要花多少钱" meets
养护经费按每平方米每年8元 (a rate, not the whole); "过渡期到哪天截止" meets 4月15日起 (a start, not the end); "星期天开门
吗" meets 周六上午照常开诊 (another day). These readers say when a sentence, or the passages, cannot answer such a question;
service/focus.py skips those sentences (`unsaid`) and declines a focus whose day no passage names (`days_missing`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer import grammar
from indexer.commitments import classify
from service import figures

# --- The way money goes -------------------------------------------------------------------------------------------
# A sum asked as what the asker pays (交多少, 收多少钱, 自己出多少, or a charge named: 保费是多少, 票价多少) or as what the asker is paid (赔多少, 补多少,
# 领多少, 能拿多少). (收 of 收入, 收益, 收购 is money coming to the asker; 付 of 支付, 花 and 出钱 are said of the government as often.)
# (分摊 is a share of a cost its payers bear, 每户分摊多少; 卖 asks a price, 卖多少钱一斤: a grant is no price)
_PAYS = r"(?<![公外社提转移成递上])交|缴|收(?![入益获购到集听看治容养])|掏|自付|自费|自己出|个人出|分摊|卖|" \
        r"保费|学费|票价|租金|[水电]费|暖气费|取暖费|物业费|停车费"
_PAID = r"赔|补|领(?![域导先军头])|报销|返还|退还|能拿|能得|拿到|发放|发多少"
PAYS_ASKED = re.compile(rf"(?:{_PAYS})[^，,；;。？?]{{0,6}}?(?:多少|几)")
PAID_ASKED = re.compile(rf"(?:{_PAID})[^，,；;。？?]{{0,6}}?(?:多少|几)")
# How a reply says which way a sum goes, by the word before it in its clause: granted, compensated or refunded (补贴,
# 补助, 奖补, 资助, 赔付, 报销) is paid out; a premium, a fee or a price (保费, 缴费, 收取, 票价) is paid in.
PAID_OUT_SAID = re.compile(r"补贴|补助|奖补|奖励|资助|津贴|救助|赔付|赔偿|理赔|报销|发放|返还")
PAID_IN_SAID = re.compile(r"保费|缴费|缴纳|交纳|收取|收费|自付|自筹|个人承担|票价|售价|价格|租金|费用为|(?<!接)收(?![入益获购])")
MONEY = re.compile(rf"{grammar.QUANTITY_START}{grammar.NUMBER}\s*(?:{grammar.unit_pattern(grammar.WRITTEN_MONEY_UNITS)})")
CLAUSE_BREAK = re.compile(r"[，,；;：:。]")
# A sum of money is asked: 多少钱, 几块钱, 多少元, or a fee, a grant or funds asked how much of (收费多少, 补贴多少).
MONEY_ASKED = re.compile(r"钱|元|费|资金|经费|补贴|补助|保费|赔")


# (both read the question alone, and unsaid() asks them again for every candidate sentence: kept per question)
@lru_cache(maxsize=1024)
def money_asked(question: str) -> bool:
    return bool(MONEY_ASKED.search(question)) and bool(re.search(r"多少|几", question)) and figures.asked_units(question) \
        in (None, figures.FAMILIES["money"])


@lru_cache(maxsize=1024)
def money_way_asked(question: str) -> str:
    """"in" for a sum the asker pays, "out" for one the asker is paid, "" when the question says neither (or both)."""
    if not money_asked(question):
        return ""
    pays, paid = bool(PAYS_ASKED.search(question)), bool(PAID_ASKED.search(question))
    return "in" if pays and not paid else "out" if paid and not pays else ""


def _clause_before(sentence: str, at: int) -> str:
    """The clause a figure at `at` is written in, up to it (每吨补贴 of "湖北、安徽等省每吨补贴30元")."""
    return CLAUSE_BREAK.split(sentence[:at])[-1]


# The noun a sum modifies, written after it: "给予每户最高5000元的分摊补助", "安排20万元补助资金".
NOUN_AFTER = re.compile(r"\s*的?([\u4e00-\u9fff]{1,8})")


def money_way_said(sentence: str, at: int, end: int | None = None) -> str:
    """The way the sum at `at` goes, by the nearest word of paying out or in before it in its clause; when its clause
    says neither, by the noun the sum modifies after it (`end`: where the sum ends; 5000元的分摊补助 is paid out); "" if
    none."""
    clause = _clause_before(sentence, at)
    out = [m.end() for m in PAID_OUT_SAID.finditer(clause)]
    into = [m.end() for m in PAID_IN_SAID.finditer(clause)]
    if not out and not into:
        noun = NOUN_AFTER.match(sentence, end) if end is not None else None
        if noun is None:
            return ""
        out_after, in_after = PAID_OUT_SAID.search(noun.group(1)), PAID_IN_SAID.search(noun.group(1))
        return "out" if out_after and not in_after else "in" if in_after and not out_after else ""
    return "out" if max(out, default=-1) > max(into, default=-1) else "in"


def wrong_way(question: str, sentence: str) -> bool:
    """Every sum the sentence states goes the other way than the one asked (每吨补贴30元 for "一吨要交多少钱"; 每天保费
    约2元 for "最多赔多少")."""
    asked = money_way_asked(question)
    sums = list(MONEY.finditer(sentence))
    if not asked or not sums:
        return False
    return all(money_way_said(sentence, m.start(), m.end()) not in ("", asked) for m in sums)


# --- A total, not a rate ------------------------------------------------------------------------------------------
# 一共, 总共, 合计 before the question word ask the whole sum, which a rate per piece (每平方米8元, 2000元/户) does not give.
TOTAL_ASKED = re.compile(r"(?:一共|总共|共计|总计|合计|总额|总费用|总投资)[^，,；;。？?]{0,8}?(?:多少|几)")
_PIECE_UNITS = "平方米|平米|立方米|公里|公斤|千克|课时|小时|人次|人|户|家|亩|吨|斤|台|辆|座|个|套|间|张|次|件|床|位|名|处"
_PERIODS = "年|月|季度|星期|周|天|日"
RATE_BEFORE = re.compile(rf"每\s*(?:个\s*)?(?:{_PIECE_UNITS}|{_PERIODS})")
RATE_AFTER = re.compile(rf"^\s*(?:/|每)\s*(?:{_PIECE_UNITS}|{_PERIODS})")


def _periods_named(question: str) -> set[str]:
    """The periods the question itself names (一年, 每个月): a sum per that period is the total over it."""
    return {m.group(1) for m in re.finditer(rf"(?:一|每|这|今|全)\s*(?:个\s*)?({_PERIODS})", question)}


def _is_rate(sentence: str, found: re.Match[str], periods: set[str]) -> bool:
    clause = _clause_before(sentence, found.start())
    per = [m.group(0) for m in RATE_BEFORE.finditer(clause)]
    after = RATE_AFTER.match(sentence[found.end():])
    if after:
        per.append(after.group(0))
    return any(not any(p.endswith(period) for period in periods) for p in per)


def rate_for_total(question: str, sentence: str) -> bool:
    """A total asked (一年总共要花多少钱) and every sum the sentence states is a rate per piece (按每平方米每年8元)."""
    if not TOTAL_ASKED.search(question) or not money_asked(question):
        return False
    sums = list(MONEY.finditer(sentence))
    periods = _periods_named(question)
    return bool(sums) and all(_is_rate(sentence, m, periods) for m in sums)


# --- The end of a period, not its start --------------------------------------------------------------------------
END_ASKED = re.compile(r"截止|截至|结束|到期|期满|到哪天|到哪一天|到什么时候|到啥时候|到何时|持续到|延续到|什么时候止")
DATE_SAID = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|底|末|初)?"
                       r"|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?(?:底|末|初)?")
# A date said as the start of what follows: 4月15日起, 自2019年开始, 以来, 之后, 实施 (a date alone, or with 前, 止, 底, is kept).
STARTS_AFTER = re.compile(r"^\s*(?:起|开始|以来|以后|之后|后|实施|施行|启动|开展|印发|出台|发布)")


# A period the question names by its 期 (过渡期, 有效期, 试点期, 缓冲期): the end of that one is asked, and a sentence that
# never names it dates something else (已于3月底前开展宣贯). (Not a time in general: 星期, 近期, 期间.)
PERIOD_NAMED = re.compile(r"[\u4e00-\u9fff]{2}期(?!间)")
NOT_A_PERIOD = re.compile(r"(?:星|到|日|预|长|近|定|同|早|初|中|后|末|时|为|分|逾|按|延|学)期$")


def periods_named(question: str) -> list[str]:
    asked = END_ASKED.search(question)
    before = question[: asked.start()] if asked else ""
    return [m.group(0) for m in PERIOD_NAMED.finditer(before) if not NOT_A_PERIOD.search(m.group(0))]


def start_for_end(question: str, sentence: str) -> bool:
    """The end of a period asked (过渡期到哪天截止) and the sentence dates no end of it: every date it states starts
    something (4月15日起一律不得生产), or no date ends something in a clause naming the period asked (已于3月底前开展
    宣贯 ends another thing)."""
    if not END_ASKED.search(question):
        return False
    dates = list(DATE_SAID.finditer(sentence))
    if not dates:
        return False
    ends = [d for d in dates if not STARTS_AFTER.match(sentence[d.end():])]
    named = periods_named(question)
    if named:
        # (the date that ends the period is written in a clause naming it: 过渡期至2020年12月31日止)
        return not any(period in _clause_of(sentence, d) for d in ends for period in named)
    return not ends


def _clause_of(sentence: str, found: re.Match[str]) -> str:
    start = max((m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, found.start())), default=0)
    end = CLAUSE_BREAK.search(sentence, found.end())
    return sentence[start: end.start() if end else len(sentence)]


# --- A sum of another item of a list ------------------------------------------------------------------------------
# "油茶每亩保费是多少" meets "县里已将茶叶和油茶纳入…保险，茶叶低温冻害保险每亩保费30元，保额1000元": the sentence lists the
# two items, then states its sums in clauses about the other one (a clause naming neither goes on about the one before).
SHARE = re.compile(r"\d+(?:\.\d+)?\s*[%％]")
COORDINATOR = frozenset({"和", "与", "及", "以及", "、", "或"})


def coordinated(sentence: str) -> list[list[str]]:
    """The runs of nouns the sentence coordinates (茶叶和油茶, 小麦、稻谷), each of two characters or more."""
    from service.postag import tagged

    runs: list[list[str]] = []
    run: list[str] = []
    expecting = False  # the last word was a coordinator after a noun of the run
    for word in tagged(sentence):
        noun = word.flag.startswith("n") and len(word.word) >= 2
        if noun and (not run or expecting):
            run.append(word.word)
            expecting = False
        elif word.word in COORDINATOR and run and not expecting:
            expecting = True
        else:
            if len(run) > 1:
                runs.append(run)
            run, expecting = ([word.word] if noun else []), False
    if len(run) > 1:
        runs.append(run)
    return runs


def sum_of_another_item(question: str, sentence: str) -> bool:
    """A sum asked of one item of a list the sentence coordinates, and every sum it states is said of another item."""
    if not money_asked(question) and figures.asked_units(question) != figures.FAMILIES["share"]:
        return False
    for run in coordinated(sentence):
        asked = [w for w in run if w in question]
        others = [w for w in run if w not in question and not any(w in a or a in w for a in asked)]
        if not asked or not others:
            continue
        subjects: list[str] = []
        subject = ""
        for clause in CLAUSE_BREAK.split(sentence):
            named_asked, named_other = any(a in clause for a in asked), any(o in clause for o in others)
            if named_asked or named_other:
                subject = "other" if named_other and not named_asked else "asked" if named_asked and not named_other else ""
            subjects += [subject] * (len(MONEY.findall(clause)) + len(SHARE.findall(clause)))
        if subjects and all(s == "other" for s in subjects):
            return True
    return False


# --- What there is, not what is planned ----------------------------------------------------------------------------
# "全国一共有多少个作业点" asks what there is; "今年我局将新建作业点位320个" promises more of it and says nothing of how
# many there are. (Asked of the future, 明年会有多少, a promise answers; a sentence that also reports, 已建成…, may state
# the stock.)
STOCK_ASKED = re.compile(r"(?:一共|总共|共|现在|目前|现有|如今)有?(?:多少|几)")
FUTURE_ASKED = re.compile(r"明年|后年|今后|将来|以后|计划|打算|预计|规划|要建|会有|能有|将有|到\d{4}年|\d{4}年(?:底|末)?前")
REPORTED = re.compile(r"已|累计|现有|共有|建成|截至|截止|目前|现在|全[国省市区县]共")


def plan_for_stock(question: str, sentence: str) -> bool:
    """How many there are asked, and the sentence only promises more (a commitment reporting nothing)."""
    if not STOCK_ASKED.search(question) or FUTURE_ASKED.search(question):
        return False
    return classify(sentence) == "commitment" and not REPORTED.search(sentence)


# --- A sum for a count -------------------------------------------------------------------------------------------
# "一共有多少公共充电桩" counts things: a sentence whose every figure is a sum of money ("给予…补助每个充电桩3000元")
# counts none of them. (Read only when the question names what it counts after its 多少/几 and no money.)
COUNTED_AFTER = re.compile(r"(?:多少|几)(?:个|家|所|座|处|条|项|台|辆|名|位|人|户|套)?(?P<thing>[\u4e00-\u9fff]{2,})")
DIGITS = re.compile(r"\d+(?:\.\d+)?")


def sum_for_count(question: str, sentence: str) -> bool:
    """Things counted asked, and every figure of the sentence is a sum of money."""
    counted = COUNTED_AFTER.search(question)
    if counted is None or MONEY_ASKED.search(question):
        return False
    sums = [m.span() for m in MONEY.finditer(sentence)]
    digits = list(DIGITS.finditer(sentence))
    return bool(sums) and bool(digits) and all(any(a <= d.start() < b for a, b in sums) for d in digits)


# --- A count of another thing -------------------------------------------------------------------------------------
# A number and classifier count the noun written right after them: "将民宿分为三个等级" counts grades, not the 民宿 that
# "民宿有多少家" counts. (Only a noun that closes its clause: in "218家退役军人创办企业" the thing counted comes later.)
CLAUSE_CLOSE = "，,。；;、：:）)"


@lru_cache(maxsize=1024)
def counted_thing(question: str) -> str:
    """The noun a count asked with a classifier counts: the one after it (几家医院) or before 有多少 (民宿有多少家)."""
    from service.asked import ANSWERS, asked
    from service.postag import tagged

    found = asked(question)
    if found.kind != "count" or found.answers is None or found.answers is ANSWERS["count"]:
        return ""
    phrase = found.target
    if not phrase:
        having = re.search(r"有(?:多少|几)", question)
        phrase = question[: having.start()] if having else ""
    last = next(reversed(list(tagged(phrase))), None)
    return last.word if last is not None and last.flag.startswith("n") and last.flag != "ns" and len(last.word) >= 2 else ""


def counts_another_noun(sentence: str, end: int, thing: str) -> bool:
    """The count ending at `end` counts a noun that shares no character with `thing` (a 简称 keeps characters of its full
    name: 高校 of 16家高等学校) and is no synonym of it."""
    from service.asked import noun_run
    from service.synonyms import lexicon

    rest = sentence[end:]
    run = noun_run(rest)
    closes = rest[len(run): len(run) + 1]
    return len(run) >= 2 and (not closes or closes in CLAUSE_CLOSE) and not set(run) & set(thing) \
        and not any(word in run for word in lexicon().of(thing))


def count_of_another_thing(question: str, sentence: str) -> bool:
    """A count asked of a thing, and every count of the sentence in the asked classifier counts another noun."""
    from service.asked import asked

    thing = counted_thing(question)
    if not thing:
        return False
    counts = list(asked(question).answers.finditer(sentence))
    return bool(counts) and all(counts_another_noun(sentence, m.end(), thing) for m in counts)


# --- Another charge ------------------------------------------------------------------------------------------------
# A charge asked by its name ("邮费一般多少钱", "一个样品收多少检测费") is answered by a sentence that names it; one that
# never does and speaks of charges ("查阅服务不收取任何费用，跨馆出证同样免费") tells what other things cost: a fee beside the
# fee asked. (A sentence naming no charge at all, "沈阳市为每建筑平方米每供暖期28元" for 暖气费, may still state it.)
# The words that name a charge end in 费; those of paying, costs in general and funds do not name one.
NOT_A_CHARGE = frozenset("费用 经费 免费 收费 缴费 交费 付费 花费 消费 浪费 自费 公费 税费".split())
CHARGE_SAID = re.compile(r"费|收取")


@lru_cache(maxsize=1024)
def charges_named(question: str) -> tuple[str, ...]:
    """The charges a money question names (邮费, 检测费, 物业费)."""
    from service.postag import tagged

    if not money_asked(question):
        return ()
    return tuple(dict.fromkeys(p.word for p in tagged(question)
                               if len(p.word) >= 2 and p.word.endswith("费") and p.word not in NOT_A_CHARGE))


def another_charge(question: str, sentence: str) -> bool:
    """A charge asked by name, and the sentence speaks of charges without naming it (its characters in order, as
    邮寄费用 holds 邮费 and 停车收费 停车费) or a word of the same meaning (暖气费 where a reply writes 供暖费)."""
    from service.mentions import spread_in
    from service.synonyms import lexicon

    named = charges_named(question)
    return bool(named) and bool(CHARGE_SAID.search(sentence)) and not any(
        spread_in(sentence, word) for c in named for word in (c, *lexicon().of(c)))


# --- A condition the question sets --------------------------------------------------------------------------------
# "按热计量收费的话一平米多少钱" asks the figure under a condition (…的话, 如果/要是/假如…，): a sentence that names none of the
# condition's words gives the figure of the usual case ("沈阳市为每建筑平方米每供暖期28元"), not of the one asked.
CONDITION = re.compile(r"(?:如果|要是|假如|假若|若是)([^，,。？?]{2,16}?)(?:的话|，|,)|([^，,。？?如要假若]{2,16}?)的话")


@lru_cache(maxsize=1024)
def condition_words(question: str) -> tuple[str, ...]:
    """The content words (two characters or more) of the condition the question sets, if any."""
    from service.postag import tagged

    found = CONDITION.search(question)
    if found is None:
        return ()
    condition = found.group(1) or found.group(2)
    return tuple(p.word for p in tagged(condition) if len(p.word) >= 2 and p.flag[0] in "nvabj"
                 and p.flag not in ("ns", "nr") and p.word not in ("没有", "不是", "已经", "可以", "能够"))


def condition_unsaid(question: str, sentence: str) -> bool:
    """The question sets a condition, and the sentence names none of its words."""
    from service.mentions import spread_in

    words = condition_words(question)
    return bool(words) and not any(spread_in(sentence, w) for w in words)


# --- A wider group ------------------------------------------------------------------------------------------------
# Chinese contracts coordinated words that share their rest into one: 中小学生 is 中学生 and 小学生, 大中型企业 大型 and 中型.
# A figure said of the contracted group ("全区中小学生总体近视率为52.3%") is not the figure of one of its members
# ("小学生的近视率"): the asked word, found only right after another first character that with its rest is a word too, is
# written as part of a wider group.
FIGURE_KINDS = ("money", "count", "ratio", "rate")


def only_in_contraction(word: str, sentence: str, question: str = "") -> bool:
    """Every occurrence of `word` (three characters or more) in `sentence` follows a character that, put before the
    word's rest, makes another word of the dictionary (中 of 中小学生: 中学生), and the question does not write that
    contraction itself (蓄滞洪区, which jieba cuts 蓄 滞洪区)."""
    import jieba

    if len(word) < 3 or word not in sentence:
        return False
    rest = word[1:]
    at = sentence.find(word)
    while at >= 0:
        before = sentence[at - 1] if at > 0 else ""
        if not before or before == word[0] or not jieba.dt.FREQ.get(before + rest) or before + word in question:
            return False
        at = sentence.find(word, at + 1)
    return True


def wider_group(question: str, sentence: str) -> bool:
    """A figure asked of a thing the sentence names only inside a contraction with its siblings (小学生 in 中小学生)."""
    from service.asked import asked
    from service.postag import tagged

    if asked(question).kind not in FIGURE_KINDS:
        return False
    return any(only_in_contraction(p.word, sentence, question) for p in tagged(question)
               if p.flag[0] == "n" and p.flag != "ns")


# --- The measure a figure gives -------------------------------------------------------------------------------------
# A sentence may share the question's words and hold a figure of the asked unit that measures something else. What each
# figure measures is read from the word it attaches to, as the genre writes it: a clock time asked (几点开饭) and a time
# limit said (10个工作日内完成审核); the cost of a thing asked (修缮一座要花多少钱) and a programme's fund for many (安排专项
# 资金1500万元) or a grant towards it (每立方米补助120元) said; a wage asked (每月工资多少) and an allowance said (每月800元
# 生活补助); one year's own figure asked (2022年当年新建了多少) and a running total said (截至2023年4月已建成9.6万个); a
# figure asked and only dates said (将于2022年底前扩大试点).

# A clock time is a moment of the day; a count of working days or a limit in hours (10个工作日内, 24小时内) is how long
# something takes, and says nothing of when it happens.
DURATION_SAID = re.compile(rf"{grammar.NUMBER}\s*个?工作日|{grammar.NUMBER}\s*个?小时(?=内|以内|之内|后|以后|左右)")


def duration_for_clock(question: str, sentence: str) -> bool:
    """A clock time asked (几点开饭), and the sentence is of the asked shape only through a span of time it states."""
    from service.asked import asked

    found = asked(question)
    if found.kind != "clock" or found.answers is None or not DURATION_SAID.search(sentence):
        return False
    return bool(found.answers.search(sentence)) and not found.answers.search(DURATION_SAID.sub("，", sentence))


# What a sum of money measures, by the nearest of these words before it in its clause, or else the noun it modifies
# after it (800元生活补助): a grant towards a cost, a fund a body sets aside for a programme, the cost of building or doing
# a thing, a charge its users pay (a fee is named by a word ending in 费: 摊位费, 检测费; 经费 and 费用 are not fees), a
# wage. At one place the alternatives are tried in this order (经费 is a fund before it is a fee).
MEASURE_SAID = re.compile(
    r"(?P<grant>补助|补贴|奖补|奖励|资助|津贴|补偿|救助|贴息)"
    r"|(?P<fund>资金|经费|基金|预算)"
    r"|(?P<cost>投资|造价|成本|费用|花费|耗资|工程款)"
    r"|(?P<wage>工资|薪酬|薪资|薪水|月薪|年薪|收入|报酬|工钱)"
    r"|(?P<charge>收费|收取|票价|价格|售价|租金|(?![免经])[\u4e00-\u9fff]费(?!用))")


def measure_of_sum(sentence: str, start: int, end: int) -> str:
    """What the sum at `start`–`end` measures (a group name of MEASURE_SAID), or "" when its words do not say."""
    clause = _clause_before(sentence, start)
    said = [m for m in MEASURE_SAID.finditer(clause)]
    if said:
        return said[-1].lastgroup or ""
    noun = NOUN_AFTER.match(sentence, end)
    after = MEASURE_SAID.search(noun.group(1)) if noun else None
    return after.lastgroup or "" if after else ""


# A sum as measures_said reads it: after a month too (每人每月800元), where MONEY, which will not take the day of a date
# for a sum, passes over it.
SUM_SAID = re.compile(rf"(?<![\d.〇零一二两三四五六七八九十百千]){grammar.NUMBER}\s*(?:{grammar.unit_pattern(grammar.WRITTEN_MONEY_UNITS)})")


def measures_said(sentence: str) -> list[str]:
    """What each money figure of the sentence measures: its sums (measure_of_sum), its shares ("share": a share of a
    sum is not the sum), and its words of no charge ("charge": 免收3年摊位费 says what users do not pay)."""
    from service.asked import FREE

    found = [measure_of_sum(sentence, m.start(), m.end()) for m in SUM_SAID.finditer(sentence)]
    return found + ["share"] * len(SHARE.findall(sentence)) + ["charge"] * len(re.findall(FREE, sentence))


# The measure a money question asks, by its words: a wage (每月工资多少); the cost of a thing built, repaired or run
# (建设总投资是多少, 修缮一座要花多少钱: a verb of building and one of spending); what a body spent or set aside (一共拿出了
# 多少钱, 投入了多少资金). A charge or a grant is asked in words unsaid.money_way_asked reads.
WAGE_ASKED = re.compile(r"(?:工资|薪酬|薪资|薪水|月薪|年薪|工钱|报酬)[^，,。？?]{0,6}?(?:多少|几)")
COST_NOUN_ASKED = re.compile(r"(?:投资|造价|成本|耗资|工程款)[^，,。？?]{0,6}?(?:多少|几)")
SPENDING_ASKED = re.compile(r"(?:花|花费|需要|要|得)(?:了|掉)?[^，,。？?]{0,2}?多少钱")
BUILDING_ACT = re.compile(r"建(?!议)|修|造(?!成)|改造|装修|安装|铺设|整治|翻新|运维|维护")
SPENT_ASKED = re.compile(r"(?:拿出|投入|安排|筹集|筹措|拨付|下拨|下达|支出)了?[^，,。？?]{0,3}?多少")
# A cost asked of one thing (修缮一座, 平均下来, 单个): a fund a programme sets aside for many does not give it.
PER_ONE_ASKED = re.compile(rf"平均|单个|单座|{figures.PER_PIECE.pattern}")
# The measures that cannot give each asked one.
NOT_THE_MEASURE = {
    "wage": frozenset({"grant", "fund", "cost", "charge", "share"}),
    "cost": frozenset({"grant", "charge", "share", "wage"}),
    "spent": frozenset({"charge", "share", "wage"}),
}


@lru_cache(maxsize=1024)
def money_measure_asked(question: str) -> tuple[str, bool]:
    """The measure a money question asks ("wage", "cost", "spent", or "") and whether it asks it of one thing."""
    if not money_asked(question) and not COST_NOUN_ASKED.search(question) and not WAGE_ASKED.search(question):
        return "", False
    per_one = bool(PER_ONE_ASKED.search(question))
    if WAGE_ASKED.search(question):
        return "wage", per_one
    if money_way_asked(question):
        return "", per_one  # (a sum the asker pays or is paid: wrong_way reads it)
    if COST_NOUN_ASKED.search(question) or (SPENDING_ASKED.search(question) and BUILDING_ACT.search(question)):
        return "cost", per_one
    if SPENT_ASKED.search(question):
        return "spent", per_one
    return "", per_one


def other_measure_of_money(question: str, sentence: str) -> bool:
    """A wage, a cost or a sum spent asked, and every money figure of the sentence measures something else: a grant, a
    fee, a share, or (for a cost of one thing) a fund set aside for many."""
    measure, per_one = money_measure_asked(question)
    if not measure:
        return False
    said = measures_said(sentence)
    wrong = NOT_THE_MEASURE[measure] | ({"fund"} if measure == "cost" and per_one else set())
    return bool(said) and all(m in wrong for m in said)


# A year's own figure (2022年当年新建了多少, 全年新增多少) is no running total: a figure written after 以来, 累计 or 截至,
# or of a stock (保有量, 现有), counts what there is by then, whatever the year added.
YEAR_FLOW_ASKED = re.compile(r"(?:19|20)\d{2}\s*年(?!以来|来|底|末|前|至今|起)[^，,。？?]{0,12}?"
                             r"(?:当年|全年|新建|新增|新开|新设|新招|新认定|新培育|新改造)")
CUMULATIVE_SAID = re.compile(r"以来|累计|截至|截止|至今|保有量|现有|总量")


def figures_not_dates(answers, sentence: str) -> list[re.Match[str]]:
    """The matches of the asked shape (a regular expression) in the sentence that are not part of a date."""
    if not isinstance(answers, re.Pattern):
        return []
    dates = [d.span() for d in DATE_SAID.finditer(sentence)]
    return [m for m in answers.finditer(sentence) if not any(a <= m.start() < b for a, b in dates)]


def running_total_for_year(question: str, sentence: str) -> bool:
    """One year's own figure asked, and every figure of the asked shape the sentence states is a running total."""
    from service.asked import asked

    found = asked(question)
    if found.kind not in FIGURE_KINDS or not YEAR_FLOW_ASKED.search(question) or CUMULATIVE_SAID.search(question):
        return False
    said = figures_not_dates(found.answers, sentence)
    return bool(said) and all(CUMULATIVE_SAID.search(sentence, 0, m.start()) for m in said)


def only_dates_for_count(question: str, sentence: str) -> bool:
    """A quantity asked with no unit (收支规模是多少, 有多少), and the sentence's only numbers are dates (将于2022年底前…): it
    is of the asked shape, a digit, through its dates alone."""
    from service.asked import ANSWERS, _ALL_UNITS, asked, quantity

    found = asked(question)
    if found.kind != "count" or found.answers is not ANSWERS["count"] or "第几" in question:
        return False
    rest = DATE_SAID.sub("，", sentence)
    return bool(DATE_SAID.search(sentence)) and not re.search(r"\d", rest) and not re.search(quantity(_ALL_UNITS), rest)


def measure_unsaid(question: str, sentence: str) -> bool:
    """The sentence's figures measure another thing than the one asked: a span for a clock time, a grant, fee or fund
    for a wage or a cost, a running total for a year's own figure, dates for a quantity."""
    return duration_for_clock(question, sentence) or other_measure_of_money(question, sentence) \
        or running_total_for_year(question, sentence) or only_dates_for_count(question, sentence)


def unsaid(question: str, sentence: str) -> bool:
    """The sentence, though of the asked shape, cannot answer: its sums go the other way, it gives a rate for a total,
    a start for an end, the sums of another item of a list it names, a plan for what there is, only sums of
    money for a count of things, other charges than the one asked, the usual case for a condition asked, a wider
    group's figure, a count of another thing, or a figure of another measure (measure_unsaid)."""
    return wrong_way(question, sentence) or rate_for_total(question, sentence) or start_for_end(question, sentence) \
        or sum_of_another_item(question, sentence) or plan_for_stock(question, sentence) \
        or sum_for_count(question, sentence) or another_charge(question, sentence) \
        or condition_unsaid(question, sentence) or wider_group(question, sentence) \
        or count_of_another_thing(question, sentence) or measure_unsaid(question, sentence)


# --- Named days ---------------------------------------------------------------------------------------------------
# The calendar's days are a closed class: the days of the week (each in its spellings), the weekend, festivals and the
# holidays. A question naming one ("星期天开门吗", "春节期间开不开") is answered by a passage that names it, a class that
# holds it (周末 holds 周日, 节假日 holds 春节), or every day (每天, 全年无休).
_WEEK = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "日天"}
WEEKDAYS = {n: tuple(f"{p}{c}" for p in ("星期", "礼拜", "周") for c in chars) for n, chars in _WEEK.items()}
WEEKEND = ("周末", "双休日", "双休", "休息日", "公休日")
FESTIVALS = {
    "春节": ("春节", "过年", "大年", "除夕", "正月初一"), "元旦": ("元旦",), "元宵": ("元宵",), "清明": ("清明",),
    "劳动节": ("劳动节", "五一", "五一节"), "端午": ("端午",), "中秋": ("中秋",), "国庆": ("国庆", "十一长假"),
    "重阳": ("重阳",), "七夕": ("七夕",),
}
SCHOOL_HOLIDAYS = {"寒假": ("寒假", "寒期", "寒暑假"), "暑假": ("暑假", "暑期", "寒暑假", "暑托", "暑假期间")}
HOLIDAYS = ("节假日", "法定节假日", "节日", "假日", "法定假日", "长假", "黄金周")
# Said of every day: no named day is left out.
EVERY_DAY = re.compile(r"每天|每日|天天|全天候|全年无休|全年开放|365天|7\s*[×xX*]\s*24|一年四季|无休")


def _names(text: str, spellings: tuple[str, ...]) -> bool:
    return any(s in text for s in spellings)


def days_asked(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """The days the question names, each with every spelling a passage may cover it by (its own, its class's)."""
    asked: list[tuple[str, tuple[str, ...]]] = []
    for n, spellings in WEEKDAYS.items():
        found = next((s for s in spellings if s in question and not re.search(rf"{re.escape(s)}[\u4e00-\u9fff]?至", question)), None)
        if found and not (found.startswith("周") and n in (6, 7) and "周末" in question):
            asked.append((found, (*spellings, *(WEEKEND + HOLIDAYS if n >= 6 else ()))))
    if _names(question, WEEKEND) and not any(found in WEEKEND for found, _ in asked):
        asked.append(("周末", (*WEEKEND, *WEEKDAYS[6], *WEEKDAYS[7], *HOLIDAYS)))
    for name, spellings in FESTIVALS.items():
        if _names(question, spellings):
            asked.append((name, (*spellings, *HOLIDAYS)))
    for name, spellings in SCHOOL_HOLIDAYS.items():
        if _names(question, spellings) and not (name == "暑假" and "寒暑假" in question):
            asked.append((name, (*spellings, "假期")))
    if not asked and _names(question, HOLIDAYS):
        asked.append(("节假日", (*HOLIDAYS, *WEEKEND, *(s for f in FESTIVALS.values() for s in f))))
    return asked


def days_missing(question: str, texts: list[str]) -> list[str]:
    """The days the question names that none of `texts` (the top passages) names, by itself, its class, or every day."""
    asked = days_asked(question)
    if not asked or any(EVERY_DAY.search(t) for t in texts):
        return []
    return [day for day, spellings in asked if not any(_names(t, spellings) for t in texts)]


def every_quote_unsaid(question: str, quotes: list[str]) -> bool:
    """Every sentence an answer quotes is of the asked shape and answers another question (the quote chosen by words
    may be the near-miss the focus check passed over for another sentence)."""
    return bool(quotes) and all(unsaid(question, quote) for quote in quotes)


# --- A group of people asked of -----------------------------------------------------------------------------------
# "景区对学生有没有优惠" meets "对60周岁至69周岁的老年人实行门票半价": a yes/no question asks of one group of people (学生,
# 残疾人, 退役军人); passages that never name it say what another group gets. Groups of people are Cilin's class A, less
# people in general (Aa: 人, 群众) and residents (Ad: 居民, 市民), whom every reply serves. Replies name many groups by
# their households (农户, 贫困户, 养猪户, 租户: Cilin's Di05B11-B23 and Di05C02), a group as much as 农民 is; households in
# general (家庭, 全家, 住户, 每户: Di05B01, B02, B10) are everyone, as residents are.
GENERAL_PEOPLE = ("Aa", "Ad")
HOUSEHOLDS_OF_A_KIND = re.compile(r"Di05(?:B(?:1[1-9]|2\d)|C02)")


def is_group_of_people(word: str) -> bool:
    from service.synonyms import cilin_codes

    codes = cilin_codes().get(word, ())
    return len(word) >= 2 and bool(codes) and all(
        (c[0] == "A" and c[:2] not in GENERAL_PEOPLE) or HOUSEHOLDS_OF_A_KIND.match(c) for c in codes)


def people_missing(kind: str | None, missing: list[str]) -> list[str]:
    """The groups of people a yes/no question asks of that no top passage names (`missing`: the focus terms none holds)."""
    return [t for t in missing if is_group_of_people(t)] if kind == "yesno" else []


# --- Which of the asked thing -------------------------------------------------------------------------------------
# A figure asked of a kind of a thing may name the kind by an attribute written right before the thing: an age, a size,
# a grade (成年橡胶树, 小型停车场; jieba tags these words b, t or a). Passages that never write that attribute give the
# figure of another kind of it (橡胶幼树每株补偿60元): a neighbour, not the one asked. (A clause ending in 的 says who or
# which in the asker's words, 上了年纪的老人, 去乡下卫生院的全科大夫, which replies say in their own: it is not read.)
# The attributes run back from the thing over nouns and attributes to anything else.
ATTRIBUTE_FLAGS = ("b", "t", "a")
FIGURE_ASKED = re.compile(r"多少|几|百分之")


def restrictors(question: str, head: str) -> list[str]:
    """The attribute words (two characters or more) in the run of nouns and attributes right before the last `head`."""
    from service.postag import tagged

    pairs = [(p.word, p.flag) for p in tagged(question)]
    at = max((i for i, (w, _) in enumerate(pairs) if w == head), default=None)
    if at is None:
        return []
    found: list[str] = []
    for word, flag in reversed(pairs[:at]):
        if flag in ATTRIBUTE_FLAGS:
            if len(word) >= 2:
                found.insert(0, word)
        elif not flag.startswith("n") or flag == "ns":
            break
    return found


# A period (每学期, 一年) is what a figure is counted per, never the thing it is of: that is the noun before it
# (困难学生每学期补多少钱).
PERIOD_HEAD = re.compile(rf"^(?:每|一)?个?(?:{_PERIODS}|学期|学年|年度)$")


def thing_of(question: str, head: str) -> str:
    """The thing a figure is asked of: the head, or, when the head is a period, the noun just before it ("" if none)."""
    from service.postag import tagged

    if not PERIOD_HEAD.match(head):
        return head
    pairs = [(p.word, p.flag) for p in tagged(question)]
    at = max((i for i, (w, _) in enumerate(pairs) if w == head), default=0)
    return pairs[at - 1][0] if at > 0 and pairs[at - 1][1].startswith("n") and pairs[at - 1][1] != "ns" else ""


# A clause ending in 的 may place who is asked of in an institution (住养老院的失能老人, 在幼儿园上学的孩子: Cilin's Dm,
# institutions and organisations): that names which of them, as an attribute does, and a reply writes an institution
# by its name or a synonym (养老机构, 敬老院), not in other words. Passages that never name it give the figure of those
# elsewhere (居家养老的老年人). Between 的 and the thing may stand its other modifiers (失能).
CLAUSE_WORDS = 6


def clause_institutions(question: str, head: str) -> list[str]:
    """The institutions (two characters or more) named in the 的-clause right before the last `head`."""
    from service.postag import tagged
    from service.synonyms import cilin_codes

    pairs = [(p.word, p.flag) for p in tagged(question)]
    at = max((i for i, (w, _) in enumerate(pairs) if w == head), default=None)
    if at is None:
        return []
    de = next((i for i in range(at - 1, max(at - 4, -1), -1) if pairs[i][0] == "的"), None)
    if de is None or any(f[0] not in "nvab" for _, f in pairs[de + 1:at]):
        return []
    found = []
    for word, flag in reversed(pairs[max(de - CLAUSE_WORDS, 0):de]):
        if flag == "x" or word == "的":
            break
        codes = cilin_codes().get(word, ())
        if len(word) >= 2 and codes and all(c.startswith("Dm") for c in codes):
            found.insert(0, word)
    return found


def kind_missing(kind: str | None, question: str, heads: list[str], missing: list[str]) -> list[str]:
    """The modifiers of the thing a figure question asks of (`heads`) that no top passage writes (`missing`): its
    attributes, and the institutions a 的-clause places it in."""
    if kind not in FIGURE_KINDS or not FIGURE_ASKED.search(question):
        return []
    gone = set(missing)
    things = [t for t in (thing_of(question, h) for h in heads) if t]
    return list(dict.fromkeys(w for t in things for w in (*restrictors(question, t), *clause_institutions(question, t))
                              if w in gone and w not in things and w not in heads))


# --- A qualifier of the question the evidence does not meet ---------------------------------------------------------
# A question narrows what it asks by a qualifier: a kind among its sisters (初中, not 小学), a range of a measure (日处理
# 30吨以上), a place inside a wider one (哈尔滨市 of 黑龙江). Evidence about the same thing under another qualifier answers
# another question: the sister named where the asked kind is not, a range that excludes the asked one, the wider place's
# figure where the narrower place is never named.

# Sisters are the words Cilin files in one small class (its fourth level, Dm05A: schools) under other groups (初中
# Dm05A13, 小学 Dm05A17). The first group of a small class holds its general word (学校 Dm05A01), which covers every
# sister and names none. Only things and institutions (B, D): sisters among acts or qualities are ways of saying alike.
SISTER_CLASSES = ("B", "D")
# Not the offices of government (Di): the body a question names is weighed by who answers (`About`).
NOT_SISTERS = ("Di",)


def _small_classes(word: str) -> set[str]:
    from service.synonyms import cilin_codes

    codes = cilin_codes().get(word, ())
    if any(c.startswith(NOT_SISTERS) for c in codes):
        return set()
    return {c[:5] for c in codes if c[0] in SISTER_CLASSES}


def _sister_groups(word: str) -> set[str]:
    from service.synonyms import cilin_codes

    return {c[:7] for c in cilin_codes().get(word, ())
            if c[0] in SISTER_CLASSES and not c.startswith(NOT_SISTERS) and c[5:7] != "01"}


ASKING_WORD = re.compile(r"[哪谁几啥怎]|什么|多少")


def sisters_instead(question: str, scope: str, bodies: tuple[str, ...] = ()) -> list[str]:
    """The words of the question (two characters or more, no place, none of the `bodies` it names: 商务 of 商务委) that
    `scope` (a quoted sentence with its section) never writes, nor a synonym of, while it writes a sister of theirs: the
    evidence is about the sister."""
    from service.postag import tagged
    from service.synonyms import lexicon

    scope_words = {p.word for p in tagged(scope) if len(p.word) >= 2}
    found = []
    for pair in tagged(question):
        word = pair.word
        # A question word (哪家, 什么) or a pronoun asks; it qualifies nothing.
        if len(word) < 2 or pair.flag in ("ns", "nr", "m") or pair.flag.startswith("r") or ASKING_WORD.search(word) \
                or word in scope or any(word in b for b in bodies) \
                or any(s in scope for s in lexicon().of(word)):
            continue
        classes, own = _small_classes(word), _sister_groups(word)
        if not classes or not own:  # a group's general word (房屋, 学校) covers its sisters (住宅, 小学): no contrast
            continue
        if any(g[:5] in classes and g not in own and not (set(w) & set(word)) for w in scope_words
               for g in _sister_groups(w)):
            found.append(word)
    return found


# A range of a measure the question sets (日处理30吨以上, 100平方米以下, 超过60岁): a figure the reply gives for a range of
# the same measure that excludes it (10吨以下的终端每年约3000元) is the figure of another size. The reply that tells its
# figures by ranges and gives none for the asked range leaves the asked one unsaid.
RANGE_UNITS = ("吨", "公斤", "千克", "斤", "平方米", "平米", "立方米", "亩", "公里", "千米", "米", "周岁", "岁", "人", "户",
               "千瓦", "万元", "元", "个", "张", "床", "辆", "座")
_RANGE_UNIT = grammar.unit_pattern(RANGE_UNITS)
RANGE_SAID = re.compile(rf"(?P<over>超过|超出|多于|高于|不足|低于|少于|不到)?\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>{_RANGE_UNIT})"
                        r"\s*(?P<side>及?以上|及?以下|以内|之内|以外)?")


def _ranges(text: str) -> list[tuple[str, float, float]]:
    """The ranges a text states, each as (unit, low, high): 30吨以上 is (吨, 30, inf), 不足10吨 (吨, 0, 10)."""
    found = []
    for m in RANGE_SAID.finditer(text):
        n, over, side = float(m.group("n")), m.group("over") or "", m.group("side") or ""
        if over in ("超过", "超出", "多于", "高于") or side.endswith("以上") or side == "以外":
            found.append((m.group("unit"), n, float("inf")))
        elif over in ("不足", "低于", "少于", "不到") or side.endswith("以下") or side in ("以内", "之内"):
            found.append((m.group("unit"), 0.0, n))
    return found


def range_unmet(question: str, sentences: list[str], shape: re.Pattern[str] | None) -> bool:
    """The question sets a range, some sentence of the asked shape (`shape`) gives its figure for a range of the same
    unit that excludes the asked one, and none gives one for a range that meets it."""
    asked = _ranges(question)
    if not asked or shape is None:
        return False
    excluded = met = False
    for sentence in sentences:
        if not shape.search(sentence):
            continue
        for unit, low, high in _ranges(sentence):
            for a_unit, a_low, a_high in asked:
                if unit != a_unit:
                    continue
                if high <= a_low or low >= a_high:
                    excluded = True
                else:
                    met = True
    return excluded and not met


def narrower_place_unnamed(question: str, texts: list[str]) -> list[str]:
    """Places the question names (哈尔滨市) that no text names, though the texts name a wider place holding them
    (黑龙江省, the province or city above it): the texts speak of the whole, and the part asked is not given."""
    from service.gazetteer import gazetteer
    from service.postag import tagged

    places = gazetteer()
    joined = "\n".join(texts)
    found = []
    for pair in tagged(question):
        if pair.flag != "ns" or len(pair.word) < 2:
            continue
        division = places.named_alone(pair.word)
        if division is None or division.level == "province" or division.name in joined \
                or places.stem(division.name) in joined:
            continue
        wider = {places.province(division), places.city(division)} - {division}
        if any(w.name in joined or places.stem(w.name) in joined for w in wider):
            found.append(pair.word)
    return found


# A yes/no question on what a named body decided ("区住建局同意…了吗") put to a reply that passed the proposal on to that
# body (已将您的建议转交区住房和城乡建设局研究): the reply says who will decide, not what was decided.
REFERRED = re.compile(r"(?:转交|转送|转给|转至|转请|移交|转)(?P<body>[^，。；]{2,24}?)(?:研究|办理|处理|答复|考虑)")


def referred_to_named_body(question: str, bodies: list[str], texts: list[str]) -> list[str]:
    """The bodies a yes/no question names that `texts` (one reply's passages) say the proposal was passed on to."""
    from service.asked import asked

    if asked(question).kind != "yesno" or not bodies:
        return []
    said = [m.group("body") for t in texts for m in REFERRED.finditer(t)]
    return [b for b in bodies if any(grammar.same_agency(b, s) for s in said)]
