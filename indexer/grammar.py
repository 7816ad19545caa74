"""The grammar of Chinese government documents, in one place: document numbers, session and
proposal numbers, dates, quantities and their units, resolution categories and agency names.

The parser, the tokenizer, the PDF reader, the retriever, the answerer and the commitment extractor
all call this module, so "is this a document number", "which date is this" and "is this the same
agency" have one answer everywhere (as bm25s keeps tokenisation in one place for indexing and
querying).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# --- numbers -------------------------------------------------------------------------------------
# 〇 as typed or read by OCR: ○, a letter O (full-width, capital or small), a digit 0.
CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "o": 0, "ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "〇零○Ｏ一二两三四五六七八九十"


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 二〇二四 → 2024 (digit by digit), 57 → 57."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        value = 0
        for char in text:
            value = value * 10 + CN_DIGITS.get(char, 0)
        return value
    tens, _, ones = text.partition("十")
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)


# --- document numbers (文号) -----------------------------------------------------------------------
# 浦科经委办理（2025）61号, 教建议〔2024〕第123号, 浙海渔提[2024]12号, pypdf's "（ 2025 ） 61 号", and the
# look-alikes of 〔〕 that sites and input methods put in their place (国办函﹝2021﹞5号, 〖2021〗).
OPEN_BRACKETS = "（(〔[［【﹝〖"
CLOSE_BRACKETS = "）)〕]］】﹞〗"
_OPEN, _CLOSE = re.escape(OPEN_BRACKETS), re.escape(CLOSE_BRACKETS)
DOC_NUMBER_TAIL = rf"[{_OPEN}]\s*(\d{{4}})\s*[{_CLOSE}]\s*(第?)\s*(\d+)\s*号"
# The agency's code may hold a kind in brackets of its own: 宁建（提）复〔2013〕9号, 京政（办）函〔2020〕3号.
DOC_NUMBER = re.compile(rf"((?:[A-Za-z\u4e00-\u9fff]|[（(][\u4e00-\u9fff]{{1,2}}[）)]){{0,16}})\s*{DOC_NUMBER_TAIL}")
_SPACED_DOC_NUMBER = re.compile(rf"([{_OPEN}])\s*(\d{{4}})\s*([{_CLOSE}])\s*(第?)\s*(\d+)\s*号")


@dataclass(frozen=True)
class DocNumber:
    prefix: str  # the issuing agency's code: 浦科经委办理, 教建议, 浙海渔提
    year: int
    serial: int

    @property
    def key(self) -> str:
        """The part a reader types: （2025）61号 → "2025-61" (the prefix is often dropped)."""
        return f"{self.year}-{self.serial}"


def close_doc_number_spaces(text: str) -> str:
    """（ 2025 ） 61 号 → （2025）61号, as pypdf leaves it; the digits and brackets are kept as written."""
    return _SPACED_DOC_NUMBER.sub(r"\1\2\3\4\5号", text)


def find_doc_numbers(text: str) -> list[DocNumber]:
    return [DocNumber(m.group(1), int(m.group(2)), int(m.group(4))) for m in DOC_NUMBER.finditer(text)]


def parse_doc_number(line: str) -> str | None:
    """The document number a header line consists of, spaces closed; None for any other line."""
    compact = re.sub(r"\s+", "", line)
    match = DOC_NUMBER.fullmatch(compact)
    return compact if match and match.group(1) else None


def doc_number_id(doc_number: str) -> str | None:
    """浦科经委办理（2025）61号 → 浦科经委办理-2025-61 (reply ids are built from it)."""
    found = find_doc_numbers(doc_number)
    if not found or not found[0].prefix:
        return None
    number = found[0]
    serial = re.search(DOC_NUMBER_TAIL, doc_number)
    return f"{number.prefix}-{number.year}-{serial.group(3) if serial else number.serial}"


# --- sessions, proposal and suggestion numbers -------------------------------------------------------
PROPOSAL_KINDS = ("提案", "建议", "议案")
# 第045号、第112号提案 / 第 057 号 / 第0123号代表建议: every number of a (combined) title.
PROPOSAL_NUMBER = re.compile(r"第\s*(\d+)\s*号")
# 第045、112号 / 第045号和第112号: a run of numbers that shares one 第…号.
_NUMBER_RUN = re.compile(r"第\s*\d+\s*号?(?:\s*[、，,和及与]\s*第?\s*\d+\s*号?)*")
# A meeting is a 会议, or the 人代会/政协会 a place's year-numbered sessions are called (二〇一五年市人代会).
SESSION_END = re.compile(r"会议|人代会|政协会")
# What makes a 会议 a session of the congress or the CPPCC rather than any meeting.
SESSION_BODY = re.compile(r"人大|人代|政协|代表大会|委员会")
# 您在区政协二届二次会议期间提出的…, 贵委在市政协五届三次会议上所提…: a reply whose title names no
# session says it where it acknowledges the proposal.
_SESSION_IN_TEXT = re.compile(
    r"在\s*([^\s，。；、“”《》]{2,40}?(?:会议|人代会|政协会))\s*(?:期间|上|中)?\s*[，,]?\s*"
    r"(?:您|你们|你|贵委|贵会|贵单位)?\s*(?:领衔|联名|共同)?(?:提出|所提|提交)"
    # 您领衔的市九届人大四次会议第0156号建议: the session right before the proposal's number.
    r"|(?:^|[的在于对，,（(])\s*([^\s，。；、“”《》（）的]{2,40}?(?:会议|人代会|政协会))\s*第\s*\d+\s*号")


# What opens the session in a title: 关于/对 (an agency may precede 关于), or, where the title names the proposers
# first, their act of proposing or its place (对郑某、刘某代表所提十四届全国人大一次会议…, 关于王某委员在区政协二届
# 二次会议上提出的…).
_SESSION_OPENS = re.compile(r"关于|对|所提|提出的?|提交的?|领衔的?|联名的?|在")


def find_session(title: str) -> str | None:
    """The meeting as the title writes it: 对浦东新区政协七届四次会议第057号提案的答复 → 浦东新区政协七届四次会议.

    The session runs from the last word that opens it (_SESSION_OPENS) before 会议 to 会议."""
    compact = re.sub(r"\s+", "", title)
    # 中国人民政治协商会议 is the body's name, not its session: 中国人民政治协商会议第十三届北京市委员会第二次会议.
    found = next((m for m in SESSION_END.finditer(compact) if not compact[: m.start()].endswith("政治协商")), None)
    if found is None:
        return None
    before = compact[: found.start()]
    start = max((opening.end() for opening in _SESSION_OPENS.finditer(before)), default=0)
    session = compact[start : found.end()]
    return session if len(session) > len(found.group(0)) else None


# --- one vocabulary for filters: sessions and results however a place writes them -------------------
# 七届四次, 第七届第四次, 第七届委员会第四次会议, 7届4次: the term (届) and the sitting (次) of a session.
_TERM_AND_SITTING = re.compile(r"第?([一二三四五六七八九十〇零\d]{1,3})届.{0,20}?第?([一二三四五六七八九十〇零\d]{1,2})次")
# The full names of the two bodies, as their short names: a session named either way is one session.
_BODY_NAMES = (("中国人民政治协商会议", "政协"), ("政治协商会议", "政协"), ("人民代表大会", "人大"), ("代表大会", "人大"))
_SESSION_FILLER = re.compile(r"第|届|次|会议|委员会|常务委员会|[\s\d一二三四五六七八九十〇零]")


def session_key(session: str | None) -> tuple[int, int] | None:
    """(term, sitting) of a session however it is written: 浦东新区政协七届四次会议, 中国人民政治协商会议上海市
    浦东新区第七届委员会第四次会议 → (7, 4); None without both numbers."""
    found = _TERM_AND_SITTING.search(re.sub(r"\s+", "", session or ""))
    return (chinese_number(found.group(1)), chinese_number(found.group(2))) if found else None


def short_body_names(text: str) -> str:
    for full, short in _BODY_NAMES:
        text = text.replace(full, short)
    return text


def same_session(wanted: str, session: str | None) -> bool:
    """Whether a session filter (七届四次, 区政协七届四次会议, 政协第七届第四次) names `session`: the same
    term and sitting, and every other word of the filter (the body, the place) in the session's name,
    the bodies' full names read as their short ones (中国人民政治协商会议 is 政协). Without numbers, a
    part of the name (浦东新区政协) as before."""
    if not session:
        return False
    wanted_compact, compact = (short_body_names(re.sub(r"\s+", "", text)) for text in (wanted, session))
    if wanted_compact in compact:
        return True
    key = session_key(wanted_compact)
    if key is None or key != session_key(compact):
        return False
    words = [word for word in _SESSION_FILLER.split(wanted_compact) if word]
    return all(word in compact for word in words)


def same_resolution(wanted: str, category: str | None) -> bool:
    """Whether a result filter (A, A类, 解决或采纳, 已解决, 留作参考) names a reply's result as written
    (A类, 已解决或基本解决, 采纳): the same words, or the same class (resolution)."""
    if not category:
        return False
    if wanted == category or wanted in category:
        return True
    wanted_class = resolution(wanted)
    return wanted_class is not None and wanted_class == resolution(category)


def find_session_in_text(text: str) -> str | None:
    """The session a reply's opening sentence says the proposal was made at (您在…会议期间提出的)."""
    for match in _SESSION_IN_TEXT.finditer(re.sub(r"\s+", "", text)):
        session = match.group(1) or match.group(2)
        if SESSION_BODY.search(session):
            return session
    return None


# 0058号提案, 第0058号代表建议 without 第: a number is the proposal's when the kind follows its 号.
_BARE_NUMBER = re.compile(r"(?<![\d〔〕\]）)])(\d+)\s*号\s*(?=(?:代表|委员|政协|人大)?(?:提案|建议|议案))")


def find_proposal_numbers(title: str) -> list[str]:
    """Digits as written, in order, without repeats: ["045", "112"]."""
    numbers = [n for run in _NUMBER_RUN.finditer(title) if run.group(0).rstrip().endswith("号")
               for n in re.findall(r"\d+", run.group(0))]
    return list(dict.fromkeys(numbers or _BARE_NUMBER.findall(title)))


# In a sentence a number is the proposal's where it names one: 提出的第24号建议, 《…》（第17号）; a figure
# (第3号令, 第2号公告) or a document number is not.
_NUMBER_NAMING = re.compile(rf"(?:(?<=》)\s*[（(]\s*({_NUMBER_RUN.pattern})\s*[）)]"
                            rf"|({_NUMBER_RUN.pattern})\s*(?=(?:代表|委员|政协|人大)?(?:提案|建议|议案)))")


def find_proposal_numbers_in_text(text: str) -> list[str]:
    """The proposal numbers an opening sentence gives (你们…提出的第24号建议收悉), for a reply whose title has none."""
    numbers = [n for match in _NUMBER_NAMING.finditer(text) for run in [match.group(1) or match.group(2)]
               if run.rstrip().endswith("号") for n in re.findall(r"\d+", run)]
    return list(dict.fromkeys(numbers))


def proposal_kind(title: str) -> str | None:
    """提案 (CPPCC), 建议 (NPC deputies' suggestion, 代表建议) or 议案, as the title names it."""
    return next((kind for kind in PROPOSAL_KINDS if kind in title), None)


# A number in a question names a reply only in the grammar of a reference: 第057号提案, 0318号建议,
# 提案（第 57 号）, or a document number with its year. "38号楼", "16号线" and "1号文件" name no reply.
_PROPOSAL_WORDS = r"(?:代表|委员|政协|人大)?(?:提案|建议|议案)|(?:的)?(?:答复|回复|复函|会办意见)"
PROPOSAL_REFERENCE = re.compile(
    rf"(?<![\d.])0*(\d+)\s*号\s*(?={_PROPOSAL_WORDS})"
    rf"|(?:提案|建议|议案)\s*[（(]?\s*第\s*0*(\d+)\s*号"
)


def referenced_numbers(question: str) -> tuple[set[int], set[str]]:
    """(proposal/suggestion serials, document-number keys) a question names."""
    serials = {int(m.group(1) or m.group(2)) for m in PROPOSAL_REFERENCE.finditer(question)}
    documents = {d.key for d in find_doc_numbers(question)}
    return serials, documents


# --- page furniture -------------------------------------------------------------------------------
# A line that is only a page number: "- 2 -", "— 3 —", "第 2 页", "第2页 共5页", "2/5".
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}(?:\s*/\s*\d{1,4})?)$"
)


# A line that is only a rule (——————, ______, ━━━): the lines a 公文 draws above and between the
# parts of its 版记 (抄送, 印发), furniture like a page number.
RULE_LINE = re.compile(r"^[-—–_＿━─=＝*＊·~～\s]{3,}$")


# --- dates -----------------------------------------------------------------------------------------
# 二〇二四, and 二0二四 / 二O二四 as typed with a Latin zero or letter O for 〇.
_CN_YEAR = rf"(?=[0Oo]*[{CN_NUMERAL}])[{CN_NUMERAL}0Ooｏ]{{4}}"
_CN_SMALL = rf"[{CN_NUMERAL}]{{1,3}}"
DATE = re.compile(
    rf"(?P<y>\d{{4}}|{_CN_YEAR})\s*年\s*(?P<m>\d{{1,2}}|{_CN_SMALL})\s*月\s*(?P<d>\d{{1,2}}|{_CN_SMALL})\s*日"
    r"|(?P<y2>\d{4})\s*[-－./／]\s*(?P<m2>\d{1,2})\s*[-－./／]\s*(?P<d2>\d{1,2})(?!\d)"
)
# A line that is only a date, perhaps with 印发/签发 or a note in brackets after it, or with the
# signing agency before it ("浙江省教育厅  2024年6月12日"): the signature date of a closing.
DATE_LINE = re.compile(
    rf"^(?:[\u4e00-\u9fff（）()]{{2,30}}\s+)?[（(]?\s*(?:{DATE.pattern})\s*[）)]?\s*(?:印发|签发|发布|发)?"
    r"\s*(?:[（(][^）)]{0,20}[）)])?$"
)


def iso_date(match: re.Match[str]) -> str | None:
    year, month, day = (match.group("y"), match.group("m"), match.group("d"))
    if year is None:
        year, month, day = match.group("y2"), match.group("m2"), match.group("d2")
    y, m, d = chinese_number(year), chinese_number(month), chinese_number(day)
    if not (1949 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date_line(line: str) -> str | None:
    """ISO date of a line that is only a date: 2024年6月12日, 二〇二四年六月十二日, 2024-06-12 印发, 2024.6.12."""
    # 二0 一九年: a PDF may set a space between the digits of a year written in Chinese numerals.
    match = DATE_LINE.match(re.sub(r"\s+", " ", line.strip())) or DATE_LINE.match(re.sub(r"\s+", "", line))
    return iso_date(match) if match else None


def date_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO date) of every date written in `text`, in Arabic or Chinese numerals."""
    return [(m.start(), m.end(), d) for m in DATE.finditer(text) if (d := iso_date(m))]


def find_dates(text: str) -> list[str]:
    return [d for _, _, d in date_spans(text)]


# --- quantities and units --------------------------------------------------------------------------
# Classifiers count things (30家, 5个, 3所); measures weigh or size them (1.5亿元, 20平方米, 60%).
CLASSIFIERS = (
    "个工作日", "个百分点", "个月", "人次", "家次", "班次", "个", "家", "所", "条", "项", "次", "名", "人",
    "位", "批", "类", "种", "号", "台", "辆", "块", "间", "张", "份", "期", "届", "轮", "座", "场", "户",
    "套", "处", "支", "起", "件", "客", "只", "岁", "倍", "天", "年", "月", "日",
)
MEASURES = ("平方米", "公里", "千米", "厘米", "米", "小时", "分钟", "亿元", "万元", "元", "吨", "PFLOPS", "%")
MAGNITUDES = ("万", "亿")
# A number as replies write it before its unit: 30, 1.35, 4.2万, 二十, 两, 三百余, 1.1万余.
NUMBER = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)\s*[余多]?\s*[万亿千百]?\s*[余多]?"
# Where a quantity may start: not inside a longer number (12 of 312, 二 of 十二) nor at the day of a date
# (12日 of 6月12日, 十二日 of 五月十二日).
QUANTITY_START = r"(?<![\d.月〇零一二两三四五六七八九十百千])"
# Units that answer the same question, by what they measure: a sum of money (3000元 or 1.2亿元), a span of
# time (20个工作日, 12周, 3个月), a share (96%, 10个百分点, 三成, 2倍), people (132人, 41万人次, 5200余名, 300户)
# and institutions (高校: 16所 or 16家).
MONEY_UNITS = ("亿元", "万元", "元", "块")
# 块 is money in speech only (几块钱): a reply writes 元, and a 块 it writes counts pieces (标志牌410块).
WRITTEN_MONEY_UNITS = tuple(u for u in MONEY_UNITS if u != "块")
SPAN_UNITS = ("个工作日", "工作日", "个月", "个星期", "星期", "周", "天", "日", "年", "小时", "分钟", "秒")
SHARE_UNITS = ("%", "％", "个百分点", "成", "倍")
PEOPLE_UNITS = ("人次", "人", "名", "位", "户")
# Events, counted with verbal classifiers (动量词): 次 counts how often an act is done (下载了多少次, 检查过几次), as a
# reply's 3.2万次, 41万人次, 12场 or 2轮 do; 48万个, 27家 count things and say nothing of how often.
EVENT_UNITS = ("人次", "家次", "班次", "场次", "次", "场", "轮")
INSTITUTION_UNITS = ("家", "所")
# Physical measures, by what they measure: a weight (41万吨, 520公斤, 3斤), an area (62.5万亩, 1350万平方米), a
# length (38公里, 200米), a volume (12万立方米). A question asked in one (多少公斤, 几亩, 多少公里) is answered in
# a unit of the same family, never by a count or a sum.
WEIGHT_UNITS = ("吨", "公斤", "千克", "斤", "克")
AREA_UNITS = ("平方公里", "平方千米", "平方米", "公顷", "亩")
LENGTH_UNITS = ("公里", "千米", "厘米", "毫米", "米")
VOLUME_UNITS = ("立方米", "立方", "升")
MEASURE_FAMILIES = (WEIGHT_UNITS, AREA_UNITS, LENGTH_UNITS, VOLUME_UNITS)


def unit_pattern(units: tuple[str, ...] | list[str]) -> str:
    """Alternation of units, longest first, so 亿元 wins over 元 and 人次 over 人."""
    return "|".join(re.escape(u) for u in sorted(dict.fromkeys(units), key=len, reverse=True))


# What a count can be of when it is a target or an achievement (dates and ordinals are not counts).
COUNT_UNITS = tuple(u for u in CLASSIFIERS if u not in ("号", "期", "届", "轮", "年", "月", "日", "岁", "份", "位",
                                                          "种", "只", "间")) + MEASURES
# Units a number is glued to as one search token (30家, 57号, 1.28亿元).
TOKEN_UNITS = ("号", "家", "个", "年", "月", "日", "人次", "人", "名", "项", "条", "所", "次", "天", "台", "辆",
               "张", "套", "吨", "倍", "亿元", "万元", "元", "%") + MAGNITUDES
# Classifiers a question asks with (多少家, 几个, 哪一年).
QUESTION_CLASSIFIERS = ("个", "家", "所", "条", "项", "人次", "次", "名", "天", "年", "月", "倍", "岁", "只", "位",
                        "批", "类", "种", "号", "台", "辆", "块", "间", "张", "份", "期", "届", "轮", "座", "处",
                        "成", "元", "万", "部")


# --- resolution categories (办理结果 / 答复类别) ------------------------------------------------------
# A 已解决或基本解决 / 采纳; B 正在解决或列入计划; C 因条件限制留作参考; a place's D (留作参考) is C.
_RESOLUTION_LETTER = re.compile(r"^[（(【\[]?\s*([ABCDabcd])\s*类?\s*[）)】\]]?(?![A-Za-z])")
_RESOLUTION_WORDS = (
    ("C", re.compile(r"留作参考|参考|因条件限制|条件限制|暂不能|暂时无法|暂时不能|以后解决|不予采纳|未能采纳|无法解决|"
                     r"不能解决|难以解决|不具备")),
    # Work under way is B however it is worded: 正在办理, 落实中, 列入年度计划.
    ("B", re.compile(r"正在(?:解决|办理|落实|推进|实施)|(?:解决|办理|落实|推进|实施)中|列入[\u4e00-\u9fff\d]{0,8}计划|"
                     r"计划解决|拟解决|部分采纳|逐步解决")),
    ("A", re.compile(r"已解决|已经解决|基本解决|解决或采纳|已采纳|采纳|已落实")),
)
# The labels a reply's result is written under: places name the one field differently (办理结果,
# 答复类别, 办理类别, 解决程度, 采纳情况, …); its value is a letter, a class or words (已解决, 正在解决).
RESOLUTION_LABELS = (
    "办理结果", "办理结果类别", "办理结果分类", "办理类别", "答复类别", "答复结果", "答复类型", "办复类别",
    "办复结果", "解决程度", "解决情况", "采纳情况", "采纳程度", "类别", "分类",
)
# The label's shape, for spellings the list above lacks (办理类型, 提案办理结果, 答复等级): what was done
# (办理, 答复, 解决, 采纳…) and what is said of it (结果, 类别, 类型, 程度…). Such a label is the result
# field only when its value reads as a resolution (`is_resolution_field`): 办理情况 may head prose too.
# The kind may be followed by what marks it (类别标记, 办理类型标识): still the result, by its value.
RESOLUTION_LABEL = re.compile(r"(?:(?:提案|建议|议案)?(?:办理|答复|办复|办结|解决|采纳|处理|落实)(?:结果)?"
                              r"(?:类别|类型|分类|结果|程度|情况|等级)|(?:类别|类型|分类|等级))(?:标记|标识|标注|代码|代号)?")
# A line that is only a category: （A类）, A类, 【B类】.
# The letter alone counts too: many places print the class (A, Ｂ) in the first page's top corner.
CATEGORY_LINE = re.compile(r"^[（(【\[]?\s*([A-DＡ-Ｄ])\s*类?\s*[）)】\]]?$")


def resolution(category: str | None) -> str | None:
    """解决或采纳 / A / A类 / （A类） / 列入计划拟解决 / D → A, B or C."""
    if not category:
        return None
    text = unicodedata.normalize("NFKC", category).strip()  # Ａ类 is A类
    letter = _RESOLUTION_LETTER.match(text)
    if letter:
        value = letter.group(1).upper()
        return "C" if value == "D" else value
    for value, pattern in _RESOLUTION_WORDS:
        if pattern.search(text):
            return value
    return None


def is_resolution_field(label: str, value: str) -> bool:
    """Whether "label：value" is a reply's result field: a known label, or one of the result label's
    shape whose short value is a resolution (办理类型：B类; not 办理情况：经研究，…)."""
    if label in RESOLUTION_LABELS:
        return True
    return bool(RESOLUTION_LABEL.fullmatch(label)) and len(value) <= 30 and resolution(value) is not None


# --- contact (联系人, 联系电话 in the closing) -------------------------------------------------------
# The labels a reply's contact is written under, and the part of the contact each gives (a name, the
# handling office, a phone, an address).
# The office that handled the reply, named under labels of one shape: who handled it (经办, 承办, 主办,
# 联系) and what kind of office (处室, 科室, 部门, 单位): 经办处室, 承办科室, 联系处室.
CONTACT_UNIT_LABEL = re.compile(r"(?:经办|承办|主办|联系|办理)(?:处室|科室|股室|处|科|股|部门|单位)")
CONTACT_LABELS = {
    "联系人姓名": "name", "联系人": "name", "经办人": "name", "联系单位": "unit", "承办人": "name",
    "联系电话": "phone", "电话": "phone", "联系方式": "phone", "手机": "phone", "手机号码": "phone",
    "联系手机": "phone", "办公电话": "phone", "电话号码": "phone", "固定电话": "phone", "座机": "phone",
    "传真": "fax", "电子邮箱": "email", "邮箱": "email",
    "联系地址": "address", "地址": "address", "邮政编码": "postcode", "邮编": "postcode",
} | {
    # 联系单位及联系人, 联系人和联系电话, 联系人及电话: who and how, joined; the value gives the person,
    # and the office and phone written beside them are read apart (parse.read_contact_name).
    f"{who}{joiner}{how}": "name"
    for who in ("联系单位", "联系部门", "联系人", "经办人", "承办人", "经办单位", "承办单位")
    for how in ("联系人", "经办人", "电话", "联系电话", "联系方式", "手机")
    for joiner in "及和与" if who != how
}


# A telephone number as replies write it: 0571-88000000, (010)66090000, 0851 86800000, 13900000000,
# 6609000 (local), with an extension (转123); never part of a longer run of digits.
PHONE = re.compile(
    r"(?<![\d-])(?:1[3-9]\d{9}"
    r"|(?:[（(]\s*0\d{2,3}\s*[）)]\s*|0\d{2,3}\s*[-－—]?\s*)?\d{7,8}(?:\s*(?:[-－]|转)\s*\d{1,6})?)(?!\d)"
)


# --- agencies ----------------------------------------------------------------------------------------
# The issuing codes (机关代字) State Council departments open their document numbers with (教建议〔2024〕…,
# 人社建字〔2023〕…, 自然资人议复字〔2025〕…). A reply to a national session that names its ministry
# nowhere else (a web page's text without signature) is known by its code. Longest code first.
MINISTRY_CODES = {
    "教": "教育部", "科": "科学技术部", "国科": "科学技术部", "工信": "工业和信息化部", "公": "公安部", "民": "民政部",
    "司": "司法部", "财": "财政部", "人社": "人力资源和社会保障部", "自然资": "自然资源部", "环": "生态环境部",
    "建": "住房和城乡建设部", "交": "交通运输部", "水": "水利部", "农": "农业农村部", "商": "商务部",
    "文旅": "文化和旅游部", "国卫": "国家卫生健康委员会", "退役军人": "退役军人事务部", "应急": "应急管理部",
    "发改": "国家发展和改革委员会", "国市监": "国家市场监督管理总局", "林": "国家林业和草原局", "医保": "国家医疗保障局",
}


def ministry_of_doc_number(doc_number: str | None) -> str | None:
    """The State Council department a document number's prefix is the code of: 工信建函〔2020〕189号 →
    工业和信息化部. Only meaningful for replies to a national session (local prefixes reuse the characters)."""
    found = find_doc_numbers(doc_number or "")
    prefix = found[0].prefix if found else ""
    code = next((c for c in sorted(MINISTRY_CODES, key=len, reverse=True) if prefix.startswith(c)), None)
    return MINISTRY_CODES[code] if code else None


def is_national_session(session: str | None) -> bool:
    """十四届全国人大二次会议, 政协十四届全国委员会第二次会议: the sessions ministries answer."""
    return bool(session) and "全国" in session

LEVELS = ("national", "province", "city", "district")
_PLACE_LEVEL = {"省": "province", "自治区": "province", "特别行政区": "province", "市": "city",
                "自治州": "city", "地区": "city", "盟": "city", "新区": "district", "区": "district",
                "县": "district", "旗": "district", "自治县": "district"}
_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,7}?)(特别行政区|自治区|自治州|自治县|新区|地区|省|市|区|县|盟|旗)")
# Words that end like a place but are not one (城市管理局, 园区管委会, 社区…).
_NOT_PLACES = ("城市", "都市", "超市", "社区", "园区", "小区", "景区", "片区", "市区", "城区", "辖区", "街区", "地区")
# A short form's level is its first character: 区科经委, 市教委, 省教育厅, 县农业农村局.
_LEVEL_PREFIX = {"省": "province", "市": "city", "区": "district", "县": "district"}
_NOT_LEVEL_PREFIX = ("市场", "市容", "区域", "县域", "省份")
_NATIONAL_PREFIX = ("中华人民共和国", "国家", "国务院", "中央", "全国", "中国")
# 中国 opens a national body's name (中国气象局, 中国民用航空局), not a zone's or the party's: 中国（上海）自由贸易试验区,
# 中国共产党…委员会.
_NOT_NATIONAL = re.compile(r"中国(?:[（(]|共产党)")
# The national prefix people leave out when they name the body (气象局, 粮食和物资储备局, 移民管理局).
_NATION_WORDS = ("国家", "中国")
# Party departments exist at every level; 部 alone does not make them a ministry.
_PARTY_DEPARTMENTS = ("组织部", "宣传部", "统战部", "统一战线工作部", "政法委")
_TRAILING = re.compile(r"(办公室|办公厅)$")
# How the name of a body ends; an alias group also holds topics (人工智能, AI) and words (电话).
AGENCY_ENDING = re.compile(r"(?:委员会|委|局|办|办公室|部|厅|署|中心|政府|集团)$")


@dataclass(frozen=True)
class Agency:
    places: tuple[str, ...]   # 上海市, 浦东新区 (as written; empty for a short form or a ministry)
    level: str | None         # national, province, city, district; None when the name does not say
    core: str                 # the body without places or level: 科技和经济委员会, 教育厅, 科经委


@lru_cache(maxsize=1 << 16)  # an archive of 10k replies names ~8k distinct agencies: all stay parsed
def parse_agency(name: str) -> Agency:
    """上海市浦东新区科技和经济委员会 → (上海市, 浦东新区), district, 科技和经济委员会; 市科委 → city, 科委."""
    rest = re.sub(r"\s+", "", name)
    level: str | None = None
    for prefix in _NATIONAL_PREFIX:
        if rest.startswith(prefix) and not _NOT_NATIONAL.match(rest):
            level = "national"
            rest = rest[len(prefix):] if prefix == "中华人民共和国" else rest
            break
    places: list[str] = []
    while level != "national":
        match = _PLACE.match(rest)
        if (not match or match.group(1) + match.group(2) in _NOT_PLACES or match.group(1) in _NOT_PLACES
                or rest.startswith(_NOT_LEVEL_PREFIX, match.start(2))):  # 绿化和市容: 市 opens 市容, not a place
            break
        places.append(match.group(0))
        level = _PLACE_LEVEL[match.group(2)]
        rest = rest[match.end():]
    if not places and level is None and rest[:1] in _LEVEL_PREFIX and not rest.startswith(_NOT_LEVEL_PREFIX):
        level = _LEVEL_PREFIX[rest[0]]
        rest = rest[1:]
    if level is None and rest.endswith("部") and not rest.endswith(_PARTY_DEPARTMENTS):
        level = "national"  # 教育部, 财政部: ministries carry no place
    return Agency(tuple(places), level, rest)


def is_agency_name(name: str) -> bool:
    """科技和经济委员会, 区科经委, 教育部, 区政府办公室 name bodies; 人工智能, 联系电话 do not, nor does a
    title's first line that a wrap ended on 委员会 (国家医疗保障局关于政协十四届全国委员会): no name says 关于."""
    return AGENCY_ENDING.search(name) is not None and "关于" not in name


# An office inside a body: 发展规划司, 综合处, 办公室, 科技科, 所, 股 (or a body itself).
_DIVISION_ENDING = re.compile(r"(?:司|处|科|室|股|所)$")


def is_unit_name(name: str) -> bool:
    """A body or an office inside one: 运输服务司, 综合处, 农业农村部渔业渔政管理局; not 李涛."""
    return is_agency_name(name) or _DIVISION_ENDING.search(name) is not None


def without_places(name: str) -> str:
    """The agency as it is called inside its place: 上海市浦东新区科技和经济委员会 → 科技和经济委员会,
    中华人民共和国教育部 → 教育部. A short form keeps its level (区科经委), unlike `parse_agency().core`."""
    compact = re.sub(r"\s+", "", name)
    national = "中华人民共和国" if compact.startswith("中华人民共和国") else ""
    return compact[len(national) + sum(len(place) for place in parse_agency(compact).places):]


# The nationalities an autonomous area names between its stem and its kind (琼中黎族苗族自治县, 新疆维吾尔自治区), with or
# without 族: people leave them out with the kind (琼中, 恩施, 新疆).
NATIONALITIES = ("汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
                 "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
                 "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split()
_NATIONALITY_RUN = re.compile("(?:" + "|".join(sorted((f"{n}族?" for n in NATIONALITIES), key=len, reverse=True)) + ")+$")


def place_names(name: str) -> list[str]:
    """The places an agency belongs to, each also as people say it without its level word:
    成都市武侯区教育局 → 成都市, 成都, 武侯区, 武侯; 浦东新区 → 浦东 (a one-character stem is left out); an autonomous
    area without its nationalities too: 琼中黎族苗族自治县 → 琼中 (内蒙古 keeps its 蒙古)."""
    names: list[str] = []
    for place in parse_agency(name).places:
        stem, kind = _PLACE.fullmatch(place).groups()
        if kind.startswith("自治") and len(bare := _NATIONALITY_RUN.sub("", stem)) >= 2:
            stem = bare
        names += [place, stem] if len(stem) >= 2 else [place]
    return names


# alias groups (by identity; a tokenizer's never change) → each alias, and its core, → the core of
# the group's first name. Filtering by agency compares thousands of agencies against one name.
_CANONICAL_CORES: dict[int, tuple[list[list[str]], dict[str, str]]] = {}


def _canonical_cores(alias_groups: list[list[str]]) -> dict[str, str]:
    entry = _CANONICAL_CORES.get(id(alias_groups))
    if entry is None or entry[0] is not alias_groups:
        cores: dict[str, str] = {}
        for group in alias_groups:
            for alias in group:
                for form in (alias, parse_agency(alias).core):
                    cores.setdefault(form, parse_agency(group[0]).core)  # the first group holding it wins
        if len(_CANONICAL_CORES) > 64:
            _CANONICAL_CORES.clear()
        entry = _CANONICAL_CORES[id(alias_groups)] = (alias_groups, cores)
    return entry[1]


@lru_cache(maxsize=1 << 16)  # an agency filter compares every agency of the archive (32k at 100k replies)
def _without_trailing(core: str) -> str:
    return _TRAILING.sub("", core) or core


def _canonical(core: str, alias_groups: list[list[str]]) -> str:
    core = _without_trailing(core)
    return _canonical_cores(alias_groups).get(core, core) if alias_groups else core


def agency_key(name: str | None, alias_groups: list[list[str]] | None = None) -> str:
    """One key per agency however it is written: 上海市浦东新区科技和经济委员会, 浦东新区科经委 and 区科经委
    share one (through alias groups); 市科委 and 区科经委 do not (levels differ). Places are left out:
    a short form names none, and within one archive the level and the body identify the agency."""
    if not name:
        return ""
    agency = parse_agency(name)
    return f"{agency.level or '?'}:{_canonical(agency.core, alias_groups or [])}"


def same_agency(wanted: str, agency: str | None, alias_groups: list[list[str]] | None = None) -> bool:
    """Whether `agency` (a reply's agency) is the body `wanted` names: part of its name, or a short
    form or alias of it. District, city, provincial and national bodies never match each other, nor
    do two named places (杭州市教育局 is not 宁波市教育局)."""
    if not agency or not wanted:
        return False
    a, b = parse_agency(wanted), parse_agency(agency)
    if a.level and b.level and a.level != b.level:
        return False
    if a.places and b.places and not set(a.places) & set(b.places):
        return False
    if wanted in agency or (a.core and a.core in b.core):
        return True
    if _canonical(a.core, alias_groups or []) == _canonical(b.core, alias_groups or []):
        return True
    # A short form the genre derives from the full name (发改委, 医保局, 林草局 of 发展和改革委员会, 医疗保障局,
    # 林业和草原局), written by a national body with 国家 before it (国家发展改革委): compared without 国家,
    # each name as written and as its alias group's first name.
    forms_a = {_bare(a.core), _bare(_canonical(a.core, alias_groups or []))}
    forms_b = {_bare(b.core), _bare(_canonical(b.core, alias_groups or []))}
    return any(abbreviates(x, y) or abbreviates(y, x) for x in forms_a for y in forms_b)


def _bare(core: str) -> str:
    """A national body's name without 国家 (国家医疗保障局 → 医疗保障局), when what remains names a body."""
    return without_nation(core)


def without_nation(name: str) -> str:
    """A national body's name as people say it, without 国家 or 中国 (国家医疗保障局 → 医疗保障局, 中国气象局 →
    气象局), when what remains names a body of three characters or more; else the name."""
    rest = name[2:] if name.startswith(_NATION_WORDS) and not _NOT_NATIONAL.match(name) else name
    return rest if len(rest) >= 3 and is_agency_name(rest) else name


# The character a body's name ends with, as its short form ends it: 委员会 → 委.
_ENDING_CHAR = re.compile(r"(?:委员会|[委局厅部办署])$")


def short_form_ending(name: str) -> str | None:
    """The character a short form of the body `name` ends with (委 of 经济和信息化委员会), None for no body."""
    found = _ENDING_CHAR.search(name)
    return found.group(0)[0] if found else None


def abbreviates(short: str, full: str) -> bool:
    """Whether `short` is a short form of the body `full` by the genre's rule: its first character, the
    kind of body it ends with (委, 局, 厅…), and its characters in the full name's order (发改委 of
    发展和改革委员会, 卫健委 of 卫生健康委员会, 发展改革委 of 发展和改革委员会). Three characters at least:
    two (科委) are too few to tell 科学技术委员会 from 科技和经济委员会."""
    if len(short) < 3 or len(short) >= len(full) or short[0] != full[0]:
        return False
    ending = short_form_ending(full)
    if ending is None or short_form_ending(short) != ending or short[-1] != ending:
        return False
    at = 0
    for ch in short:
        at = full.find(ch, at) + 1
        if not at:
            return False
    return True


def alias_group_level(group: list[str]) -> str | None:
    """The level every leveled name of an alias group shares (区科经委 → district), else None."""
    levels = {parse_agency(name).level for name in group} - {None}
    return levels.pop() if len(levels) == 1 else None


def mentions(text: str, name: str, level: str | None = None) -> bool:
    """Whether `text` mentions `name` as a word: Latin names on word boundaries (ai is not in email),
    and a body of one level never through another level's short form (市科委 does not mention the
    district's 科委)."""
    lowered_name = name.lower()
    if lowered_name.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(lowered_name)}(?![a-z0-9])", text) is not None
    start = text.find(lowered_name)
    while start >= 0:
        said = parse_agency(lowered_name).level
        if said is None and start > 0 and not text[start - 1 :].startswith(_NOT_LEVEL_PREFIX):
            said = _LEVEL_PREFIX.get(text[start - 1])
        if level is None or said is None or said == level:
            return True
        start = text.find(lowered_name, start + 1)
    return False
