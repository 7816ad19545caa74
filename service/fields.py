"""Field questions: which metadata field of a reply a question asks for, its value, and the line it is written on.

"第057号提案的办理结果是什么？", "这份答复是谁签发的？", "联系电话多少？" ask for a field the parser
already read from the header or closing (ReplyMeta). The grammar below is the language of such
questions: each field has the names a reply uses for it and the question forms that ask for it
("哪天答复的", "谁提的"). A field answer states the value ("办理结果：解决或采纳") and cites the line
of the header or closing it was read from, so the reply page highlights exactly that line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from indexer import grammar
from indexer import parse as layout
from indexer.models import CLOSING_ID, HEADER_ID, INTRO_ID, Reply, ReplyMeta
from service.asked import with_spoken

# What a question asks with, after the field name: "是什么", "是多少", "是哪天", "吗", "呢", or nothing.
_ASK = r"(?:是|为|叫)?(?:什么|多少|哪|谁|几|怎么|如何|吗|呢|？|\?|$)"


@dataclass(frozen=True)
class FieldSpec:
    key: str                                    # the ReplyMeta field (JSON `field` of the answer sentence)
    label: str                                  # how the answer names it: "办理结果：…"
    asks: re.Pattern[str]                       # question forms that ask for it
    value: Callable[[ReplyMeta], str | None]    # the value as the answer states it
    needles: Callable[[ReplyMeta], list[str]]   # text of the line(s) to cite, as written in the reply
    line_label: str = ""                        # label of its own line ("签发人："), read when ReplyMeta lacks it
    # Where a value is written however it is written (a date in Chinese numerals): (start, end) of
    # each place in a section's text; None: where the needles are.
    written: Callable[[str, ReplyMeta], list[tuple[int, int]]] | None = None
    # A question that names another document before the field word asks about that document's
    # number or date ("…专项操作细则是哪个文号"), which is content, not this reply's field.
    other_document: bool = False


def _meta(meta: ReplyMeta, name: str):
    # Fields the parser adds later (signer, proposers, resolution…) are read when present.
    return getattr(meta, name, None)


def _date_text(iso: str | None) -> str | None:
    if not iso:
        return None
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def _numbers(meta: ReplyMeta) -> list[str]:
    return list(_meta(meta, "proposal_numbers") or ([meta.proposal_number] if meta.proposal_number else []))


def _proposers(meta: ReplyMeta) -> list[str]:
    proposers = list(_meta(meta, "proposers") or [])
    if proposers:
        return proposers
    # A reply to a proposal is addressed to its proposer ("浦东新区工商联："); a co-handling opinion
    # (会办意见) is addressed to the lead agency instead, so its addressee proposed nothing.
    if meta.addressee and _meta(meta, "reply_kind") != "会办意见":
        return [meta.addressee]
    return []


RESOLUTION_MEANING = {"A": "已解决或基本解决", "B": "正在解决或列入计划解决", "C": "留作参考"}


def _resolution(meta: ReplyMeta) -> str | None:
    """The resolution as written; a bare letter ("A类") also says what the letter means."""
    letter = _meta(meta, "resolution")
    if meta.category and letter in RESOLUTION_MEANING and re.fullmatch(r"[（(]?[A-Da-d]类?[）)]?", meta.category):
        return f"{meta.category}（{RESOLUTION_MEANING[letter]}）"
    return meta.category


def _labelled(*pairs: tuple[str, str | None]) -> str | None:
    """"联系人：卿逸男，联系电话：58788388-64516": the labels a reply writes, with the values it has."""
    return "，".join(f"{label}：{value}" for label, value in pairs if value) or None


def _kind(meta: ReplyMeta) -> str:
    return meta.proposal_kind or "提案"


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# The labels a reply writes its result under (indexer/grammar.py) name that field in a question too
# ("解决程度如何", "答复类别是什么"); a bare 类别/分类 names any classification (主题分类), so only labels
# that say what is classified count.
_RESULT_LABELS = [label for label in grammar.RESOLUTION_LABELS if len(label) > 2] + ["结果类别"]
# The genre's verbs for resolving a proposal: the heads of the labels that measure how far it got
# (解决程度, 采纳情况). A question asks the result with them when it asks whether (解决了没有, 是否采纳)
# or how far (解决到什么程度, 采纳得怎么样), never how (怎么解决).
_RESOLVING = "|".join(dict.fromkeys(label[:2] for label in grammar.RESOLUTION_LABELS if label.endswith(("程度", "情况"))))
_RESULT_VALUES = rf"(?:{_RESOLVING}|留作参考|列入计划)"
# What a citizen calls the proposal or the reply when asking about it.
_DOCUMENT_WORDS = "提案|建议|议案|答复|回复|复函"
# Which proposal(s) a reply answers, said of the reply: (一起)答复的是…, 回了…; 一并/合并 say it answers several.
_TOGETHER = "(?:一起|一并|合并|同时)"
_ANSWERED_VERB = "(?:答复|回复|回|办理|办)(?:的|了)?(?:是)?"
_ANSWERED = f"{_TOGETHER}?{_ANSWERED_VERB}"
DOCUMENT_WORD = re.compile(_DOCUMENT_WORDS)
# The document pointed at with a demonstrative and its classifier (那份, 这件): what a question names the reply or
# proposal by when it names no document word ("浦东科经委答复AIGC的那份，结果呢").
_POINTED = "[这那该此][条份个项件篇封]"
# Said of the document: its word with up to four characters after it (提案最终的处理结果), or the demonstrative with
# only adverbs of the end and the verb of handling after it (那份，最终处理结果如何; 这项工作的结果 is the work's).
_SAID_OF_IT = rf"(?:(?:{_DOCUMENT_WORDS})，?[^，。？?]{{0,4}}|(?:{_POINTED})，?)"
_IN_THE_END = "(?:最终|最后|到底|后来)"
_OF_IT = rf"{_SAID_OF_IT}{_IN_THE_END}?的?(?:处理|办理)?"
# A proposal, by its own word or pointed at: the thing a proposer puts forward (not the reply, which the body writes).
_PROPOSAL = f"提案|建议|议案|{_POINTED}"
# When, asked of a day, a month or a year: one set of question words for every form of the date question.
_WHEN = r"(?:哪天|哪一天|哪年哪月|哪一?年|几月几[日号]|几号|几月份?|什么时候|什么时间|何时|几时|什么日期)"
# The labels a reply writes its contact under (联系人姓名, 经办人, 联系方式…); a bare 电话 is also a service
# (电话预约) and asks for the contact only with a question word after it.
_CONTACT_LABELS = [label for label, part in grammar.CONTACT_LABELS.items() if part in ("name", "unit", "phone") and len(label) > 2]
# The labels the parser reads a field under (indexer/parse.py) name that field in a question too: a citizen who
# read 公开方式：主动公开 or 办复日期 on one reply asks for it so of another ("公开方式是什么", "办复日期是哪天").
# (The date of publishing, 发布时间, is also a notice's or a warning's in a reply's text: only acts of replying.)
_PUBLICITY_LABELS = _alternatives(list(layout.PUBLICITY_KEYS))
_DATE_LABELS = _alternatives([key for key in layout.DATE_KEYS if not key.startswith(("发布", "印发"))])
_NUMBER_LABELS = _alternatives(list(layout.NUMBER_KEYS))
_AGENCY_LABELS = _alternatives(list(layout.AGENCY_KEYS))
# How a document is made public, said before 公开 (对外公开, 向社会公开, 主动公开): the manner of the one act asked.
_OPENLY = r"(?:主动|对外|面向社会|向社会(?:公众)?|向公众|(?:在|到)?(?:网上|网站上?|互联网上?)|上网)?"
# Whether a document is public is asked of the reply: the subject of 公开 (with its modal 能/会/可以, a whether-form
# 是否/能不能, or its manner 对外) is the reply, written as a document word, its number (浦数据办理（2024）17号, 第57号) or
# pointed at (这份, 那件) right before it, perhaps across a comma, or left unsaid (能公开吗: the reply the talk is
# about). Any other noun there is a thing the text makes public: 评审结果会公开吗, 补贴名单是否向社会公开 ask the content.
_OF_THE_REPLY = "(?:^|" + "|".join(
    f"(?<={word}{comma})" for word in [*_DOCUMENT_WORDS.split("|"), "意见", _POINTED, r"\d号"]
    for comma in ("", "，", ",")) + ")"
_WHETHER = "(?:是否|是不是|能不能|能否|可不可以|会不会)"
_MAY = "(?:能|可以|会)"
_PUBLIC_YET = "(?:现在|目前|已经|也|都|还)?"  # an adverb between the reply and its verb: 这份答复现在公开了吗
# A cleft question names the document as the object of the act it asks the doer of: 是谁提出这个建议的, 是哪个部门
#答复这件提案的. (这个/那件/该…, and the document's word.)
_THE_DOCUMENT = rf"(?:(?:这|那|该|此)(?:一)?[个件份条项封]?)?(?:{_DOCUMENT_WORDS}|意见)?"
# An 意见 a reply is (会办意见, 协办意见, 办理意见, 答复意见), not a policy document: its own words before 意见.
_REPLY_OPINION = "会办|协办|办理|答复"
# What a reply calls itself: it is written by the body that answers (答复是谁写的), a proposal by its proposer.
_REPLY_NAMES = rf"答复函|答复|回复|复函|(?:{_REPLY_OPINION})意见"
# Who asked as a person or a body: 谁, 哪位(代表), 哪个领导, 哪些委员.
# The end of a clause asked with 的 (是谁签的？, 是谁提出这个建议的呢): so 谁签的合同, 哪位代表反映的问题 name a thing instead.
_CLAUSE_END = r"(?=[？?，,。！!]|$|[吗呢啊呀])"
_WHO = r"(?:谁|哪[一两二三四五六七八九十几]?[个位名家些](?:[\u4e00-\u9fff]{0,4}?))"


# A reply's 联系人 and 联系电话 are who handled the proposal, for its proposer; a citizen's complaint, report of wrongdoing
# or of a fault, or call for help goes to the service line the body names beside that act ("全省统一开通12319城建服务热线
# 受理供热投诉", "拨打96777报修"). A number asked for such an act ("投诉打什么电话", "报修电话多少") is the body's, from a
# passage that writes one beside it, or none (service/answer.py): never the contact's. (The number asked right after the
# act: "暖气投诉那份答复的联系电话" asks the reply's contact, as every 联系 does.)
# Whom a citizen goes to for a remedy: 找谁赔, 找谁修, 找谁负责 ask who is responsible for it, which the body states (a
# market's operator, a property company), not whom the reply names as its contact.
_REMEDY = r"(?:赔|修|管|负责|处理|解决|退|追|讨|索|补|换|担责|承担)"

# The act is said before the number or right after it ("打什么电话投诉", "拨哪个号码举报"): group `act` either way.
_ACTS = "投诉|举报|报修|报警|求助|求救|抢修|维权"
SERVICE_ACT = re.compile(rf"(?P<act>{_ACTS})(?=[^，。？?；联]{{0,4}}(?:打|拨|电话|热线|号码))|"
                         rf"(?:打|拨)(?:什么|哪个|哪一?个)?(?:电话|号码|热线)(?:来|去)?(?P<after>{_ACTS})")


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("category", "办理结果",
              re.compile(rf"{_alternatives(_RESULT_LABELS)}|(?:属于|是|算|评为|定为)(?:哪|什么)一?(?:类|种结果)|"
                         # whether it counts as resolved, or is of a class: 算不算解决了, 是不是A类
                         rf"算不算(?:{_RESOLVING})|是不是[A-Da-d]类|"
                         # the result under another verb of handling, said of the document: 提案的处理结果
                         rf"(?:{_DOCUMENT_WORDS})[^，。？?]{{0,3}}(?:处理|办结)结果|"
                         # the class counted as a grade (是几类答复, 属于几类): of the reply or its result only (分几类 asks
                         # a content's kinds)
                         rf"(?:{_DOCUMENT_WORDS}|结果)[^，。？?]{{0,2}}(?:属于|是|算|评为|定为)几类|几类(?:答复|回复|办理结果|结果)|"
                         rf"(?:{_RESOLVING})(?:了(?:吗|没有?)|没有|与否|(?:到|得)(?:什么|哪|怎样|怎么样|如何))|"
                         # (adopted into something, 采纳到规划里 / 纳入, asks the text: the thing went into a plan)
                         rf"是否(?:被|已)?(?:{_RESOLVING})(?![到进入为])|有没有(?:被)?(?:{_RESOLVING})(?![到进入为])|[ABCD]类(?:吗|呢)|"
                         # the class asked as a choice: 是A类还是B类
                         rf"[A-Da-d]类还是[A-Da-d]类?|"
                         rf"{_RESULT_VALUES}[^，。？]{{0,8}}还是(?:被)?{_RESULT_VALUES}?|还是(?:被)?{_RESULT_VALUES}|"
                         # how far it got, in everyday words: 办成了吗, 办得怎么样, (提案的)结果怎么样
                         rf"办(?:成|好|结|完)了?(?:吗|没有?)|办(?:理)?得(?:怎么样|如何|咋样|好不好)|"
                         # how far its handling got (办到哪一步了, 办理到什么程度): the stage a result names (正在办理)
                         rf"办(?:理)?到了?(?:哪一?步|哪个阶段|什么(?:程度|地步|阶段))|"
                         rf"{_OF_IT}结果(?:怎么样|怎样|如何|咋样|是什么|呢)|"
                         # whether there is one yet: 有结果了吗, 有没有结果
                         rf"{_OF_IT}(?:有(?:个)?结果了?(?:吗|么|没有?)|有没有(?:个)?结果)|"
                         # how it was handled in the end: the end-state adverb (最后, 最终, 到底) asks the outcome, not
                         # the measures (怎么处理 alone asks the text)
                         rf"{_SAID_OF_IT}{_IN_THE_END}(?:是)?(?:怎么|如何|怎样)(?:处理|办理?|解决|落实)(?:的|了)|"
                         # the proposal (its own word as the subject) accepted in everyday verbs, or followed up: 建议
                         # 被采用了吗, 提案政府同意了没有, 有下文吗; the result named with a question word: 是什么结果
                         rf"(?:{_DOCUMENT_WORDS})，?[^，。？?]{{0,6}}?(?:被)?(?:采用|接受|接纳|同意|认可|落实)(?:了(?:吗|没有?)|没有)|"
                         rf"(?:{_DOCUMENT_WORDS})，?[^，。？?]{{0,6}}?(?:有没有|是否)(?:被)?(?:采用|接受|接纳|同意|认可)|"
                         rf"(?:{_DOCUMENT_WORDS})，?[^，。？?]{{0,6}}?有(?:没有|无)?下文|"
                         # (with a measure word in speech: 最后是个什么结果)
                         rf"(?:{_DOCUMENT_WORDS})，?[^，。？?]{{0,4}}(?:是|有)(?:一?个)?(?:什么|啥|哪种|怎样的)结果"),
              _resolution, lambda m: [m.category or ""], "办理结果"),
    FieldSpec("session", "会议届次",
              # (where it was raised, not by whom: "是哪个会议上提的", before the shorter "哪个会议")
              re.compile(r"(?:哪|什么)一?[个次届]?(?:会议?|人代会|政协会议?)上?(?:提出?来?的|提的)|"
                         r"(?:哪|第几)一?(?:次|届)[\u4e00-\u9fff]{0,6}?(?:上|提出|提的|的)|会议届次|届次|(?:哪|什么)个?会议|"
                         r"哪次(?:会|人代会|政协)|几届几次|(?:哪|什么)一?年的?(?:两会|人代会|政协会)|"
                         # the term alone, of a congress or a CPPCC or as the whole question: 是第几届, 哪届人大, 几届政协
                         r"(?:第几|哪一?|几)届(?=(?:全国|省|市|区|县)?(?:人大|政协|会议|人代会|委员会))|(?:是|在)(?:第几|哪一?)届[？?]?$"),
              lambda m: m.session, lambda m: [m.session or ""]),
    FieldSpec("proposal_number", "编号",
              re.compile(rf"{_NUMBER_LABELS}|(?:提案|建议|议案)(?:的)?(?:号|编号|序号)|(?:第)?(?:几|多少)号(?:提案|建议|(?![线楼院门口车站路房床文]))|哪一?号(?:提案|建议|议案)|编号" + _ASK +
                         r"|是第几号|"
                         # which proposal a reply answers: "答复的是哪个提案", "回复了哪件建议", "是对哪个提案的答复"
                         rf"{_ANSWERED}(?:哪|什么)(?:一)?[个件份条项]?(?:提案|建议|议案)|"
                         # a combined reply answers several at once: 一起回了哪几号提案, 合并答复的是哪两件建议
                         rf"{_ANSWERED}哪[几两二三四五六七八九十]+[个件份条项号]?(?:提案|建议|议案)|"
                         rf"{_TOGETHER}{_ANSWERED_VERB}哪些[个件份条项号]?(?:提案|建议|议案)|"
                         r"(?:对|针对|就)(?:哪|什么)(?:一)?[个件份条项]?(?:提案|建议|议案)(?:的|作出|做出|所作)"),
              lambda m: "、".join(f"第{n}号" for n in _numbers(m)) or None,
              lambda m: [f"第{n}号" for n in _numbers(m)]),
    FieldSpec("proposers", "提出者",
              # (how many asked with them: 哪两位委员, 哪三家单位)
              re.compile(r"(?:谁|哪些|什么|哪[一两二三四五六七八九十几]?[个位名家])[\u4e00-\u9fff]{0,6}?(?:提出?来?的|提的|领衔|写的)|"
                         r"提案人|提出人|提出者|提案者|建议者|提议人|提案单位|提出单位|建议人|领衔代表|附议代表|领衔人|"
                         r"提出(?:的)?(?:代表|委员|单位|人)(?:是|有)|"
                         # a cleft naming the document as the act's object, or its owner: 是谁提出这个建议的, 哪位代表
                         # 反映的, 是谁的提案
                         rf"{_WHO}(?:领衔|联名|共同)?(?:提出|提交|递交|反映|提){_THE_DOCUMENT}的{_CLAUSE_END}|"
                         rf"{_WHO}的(?:{_DOCUMENT_WORDS.replace('|答复|回复|复函', '')})|"
                         # whose it is, said of the proposal: 那件提案是谁的
                         rf"(?:{_PROPOSAL})(?:是|为)(?:谁|哪一?[位个名家](?:代表|委员|人|单位)?)的{_CLAUSE_END}|"
                         # the proposer as a relative clause (提AIGC提案的是谁), or the act with its object after it (谁提了…建议)
                         rf"(?:提出?|提交|递交)了?[^，。？?]{{1,20}}?(?:{_PROPOSAL})的(?:人|代表|委员|单位)?(?:是|为)(?:谁|哪)|"
                         rf"{_WHO}(?:领衔|联名|共同)?(?:提出|提交|递交|提)了(?=[^，。？?]{{0,20}}(?:{_PROPOSAL}))"),
              lambda m: "、".join(_proposers(m)) or None, _proposers, "提案人"),
    FieldSpec("agency", "答复单位",
              # (first: the writer of the reply is the body answering, 会办意见是谁写的, 答复是哪个单位起草的, before the
              # shorter 答复是哪个 of a later form)
              re.compile(rf"(?:{_REPLY_NAMES})[^，。？?]{{0,2}}?(?:是|由)?{_WHO}(?:来)?(?:写|撰写|起草|拟写|拟|执笔)的|"
                         r"(?:哪个|哪一?家|哪些|什么)(?:部门|单位|机关|机构|委办局|局|厅|委)"
                         r"(?:来?(?:答复|回复|回|办理|承办|负责|主办|管|办(?=的))|(?:出|给|作|做)的(?:答复|回复)|出的(?=[？?]?$)|的答复)|"
                         r"(?:答复|回复|办理|承办|牵头|主办)(?:办理)?的?(?:单位|部门|是)(?:是)?(?:哪个|哪一?家|什么|谁)|"
                         rf"答复单位|承办单位|办理单位|主办单位|发文单位|{_AGENCY_LABELS}|(?:由|是)?谁(?:来)?(?:答复|回复|办理|承办)|"
                         # 谁回的, 是哪里回复的; 谁负责办理这件提案 (the document named: 谁负责办理居住证 asks the text)
                         rf"谁回(?:复)?的{_CLAUSE_END}|哪里(?:答复|回复|回|办理)的|"
                         rf"(?:谁|哪个?(?:部门|单位|机关|机构|局|委|厅))(?:负责)?(?:答复|回复|办理|承办)(?:了)?"
                         rf"(?:这|那|该)[个件份条项]?(?:{_DOCUMENT_WORDS})|"
                         r"(?:答复|回复)(?:是|来自|出自)(?:哪个|哪一?家|什么)(?:部门|单位|机关|机构)|"
                         # the verb at the clause's end, its object the proposal named before: …提案谁负责答复
                         rf"谁(?:来)?负责(?:答复|回复|办理|承办){_CLAUSE_END}|"
                         # a reply is sealed and signed (落款) by the body that answers: 盖的是哪个单位的章, 落款是哪个单位
                         # (the seal stamped, 盖的/盖了/盖着: 要盖哪个单位的章 asks what a form needs)
                         rf"(?:盖|加盖)(?:着|了|的)+(?:是)?(?:{_WHO}|什么(?:单位|部门|机关|机构)?)的?(?:公章|印章|章)|"
                         rf"(?:公章|印章)(?:是|为)(?:{_WHO}|什么(?:单位|部门|机关|机构))|"
                         rf"落款(?:的)?(?:单位|部门|机关)|落款(?:写的|上)?(?:是|为)?(?:{_WHO}|什么(?:单位|部门|机关|机构))|"
                         # the body a proposal was handed to (交办): its handler (罚款交给哪个部门 hands no proposal)
                         rf"(?:{_PROPOSAL})[^，。？?]{{0,6}}(?:交给|交由|转给|转交|分给|交办给?)了?(?:哪个|哪一?家|什么|哪些)(?:部门|单位|机关|局|委)"),
              lambda m: m.agency, lambda m: [m.agency or ""]),
    FieldSpec("signer", "签发人",
              re.compile(rf"签发人|谁签发|签发的?(?:是谁|领导|人)|哪位领导签|签(?:的|过)?字|签批人|签(?:发|批)领导|"
                         # 是谁签的, 哪个领导签发的, 谁签署的这份答复
                         rf"{_WHO}签(?:发|批|署)?(?:了)?(?:{_THE_DOCUMENT})的{_CLAUSE_END}|"
                         r"(?:谁|哪位领导?)批的(?:这|那)?[份个件]?(?:答复|回复|复函)|(?:答复|回复|复函)[^，。？?]{0,4}(?:谁|哪位领导?)批的"),
              lambda m: _meta(m, "signer"), lambda m: [_meta(m, "signer") or ""], "签发人"),
    FieldSpec("doc_number", "文号",
              # (the reply's own number: 答复的编号 is its 文号, a proposal's 编号 its number)
              # (文件编号 is the reply's own number, with its question words as a proposal's 编号 has them)
              re.compile(r"文号|发文字号|发文编号|(?:文件|公文)(?:编|字)?号(?:是)?(?:多少|什么|几号)?|"
                         r"(?:答复|回复|复函|答复函)的?(?:编号|字号)(?:是)?(?:多少|什么|几号)?|字号(?:是)?(?:多少|什么|几号)|"
                         # the document counted by its number, as a 文 (几号文): its 文号
                         r"(?:几|多少)号文"),
              lambda m: m.doc_number, lambda m: [m.doc_number or ""], other_document=True),
    FieldSpec("issued", "印发日期",
              re.compile(r"印发(?:的)?(?:日期|时间)|(?:哪天|哪一天|什么时候|何时|几月几[日号])印发|印发(?:于|是在|在)?(?:哪天|哪一天|什么时候|何时)"),
              lambda m: None, lambda m: [], "", other_document=True),
    FieldSpec("date", "答复日期",
              re.compile(rf"(?:答复|回复|发文|成文|签发|落款)的?(?:日期|时间)|{_DATE_LABELS}|"
                         # the 落款 is the signature and its date: 落款是哪天
                         rf"落款(?:写的|上)?(?:是|为)?{_WHEN}|"
                         r"(?:哪天|哪一天|哪一?年|什么时候|什么时间|何时|几时|几月几[日号]|什么日期|哪年哪月)(?:作出|给出|正式)?(?:的)?(?:答复|回复|回的|发文|发出|发的文)|"
                         # the verb of giving before its object: 什么时候给答复的, 哪天作出答复的
                         r"(?:哪天|哪一天|哪一?年|什么时候|什么时间|何时|几时|几月几[日号])(?:给|作|做|出)(?:出)?(?:的)?(?:答复|回复)的|"
                         r"(?:答复|回复|发出)(?:于|是在|是|在)?(?:哪天|哪一天|什么时候|什么时间|何时|哪年哪月|什么日期)|"
                         rf"(?:{_REPLY_NAMES})是(?:哪一?年|什么时候|哪年哪月)的|"
                         rf"(?:{_REPLY_NAMES})[^，。？?]{{0,3}}(?:哪天|哪一天|几月几[日号]|哪年哪月)|"
                         # the day a reply was given or put out: 哪天给的答复, 答复是几号出的, 几月份发的
                         rf"{_WHEN}(?:给|出|发|作|做)的(?:答复|回复|复函)|"
                         rf"(?:{_REPLY_NAMES})(?:是)?{_WHEN}(?:给|出|发|作|做)(?:出来)?的|"
                         # the reply pointed at as a 文 (这份文, 那个文件): the day it was sent out
                         rf"(?:{_POINTED})(?:文件|公文|函件|文|函)?(?:是)?{_WHEN}(?:给|出|发|作|做|下发|签发)(?:出来)?的|"
                         # the document's day asked with nothing after it (…答复科技特派员那件提案是哪天？): a proposal's own
                         # day is asked with its verb (是哪天提的), so the day left bare is the reply's
                         rf"(?:{_DOCUMENT_WORDS})(?:是在?|在)(?:哪天|哪一天|几月几[日号]|哪年哪月)的?{_CLAUSE_END}"),
              lambda m: _date_text(m.date), lambda m: [_date_text(m.date) or "", m.date or ""], other_document=True,
              written=lambda text, m: [(start, end) for start, end, iso in grammar.date_spans(text) if iso == m.date]),
    FieldSpec("contact", "联系方式",
              re.compile(rf"{_alternatives(_CONTACT_LABELS)}|(?:打|拨)(?:哪个|什么)电话|电话(?:是|号码)?(?:多少|什么)|"
                         rf"(?:找|联系|问|咨询)(?:谁|哪位|哪个人|什么人)(?:问|咨询|了解|打听|联系)?(?!{_REMEDY})|向(?:谁|哪位)(?:咨询|了解|反映)|怎么联系|咨询电话|"
                         r"(?:谁|哪位|哪个人)(?:负责)?(?:联系|对接|经办)|"
                         r"(?:打|拨)(?:哪个|什么)号码?|(?:有没有|有无|留没留)留?(?:下)?(?:联系)?(?:电话|号码|联系方式)|"
                         r"手机号码?(?:是)?(?:多少|什么)|(?:负责)?联系的人(?:是谁|叫什么)|对接人|经办人|"
                         # whom to phone, or whether a phone is left: 打给谁, 给谁打电话, 留了电话吗, 经办的是谁
                         r"(?:电话)?打给(?:谁|哪位)|打电话给(?:谁|哪位)|给(?:谁|哪位)打电话|"
                         r"留(?:了|下|没有|没)?(?:联系)?(?:电话|号码|联系方式)(?:了)?(?:吗|么|没有?)|经办的?(?:是)?(?:谁|哪位)"),
              lambda m: _labelled(("联系人", m.contact.name), ("联系电话", m.contact.phone)),
              lambda m: [m.contact.name or "", m.contact.phone or ""]),
    FieldSpec("address", "联系地址",
              re.compile(r"联系地址|通信地址|邮寄地址|邮编|邮政编码|寄[^，。？?]{0,6}地址|寄到哪"),
              lambda m: _labelled(("联系地址", m.contact.address), ("邮政编码", m.contact.postcode)),
              lambda m: [m.contact.address or "", m.contact.postcode or ""]),
    # Whom the reply is sent to: a reply to its proposer, a co-handling opinion (会办意见) to the lead agency.
    # ("答复是写给谁的", "会办意见是发给哪个单位的": the document is the subject; 还/也 发给 asks whom else, 抄送. A
    # plural, 发给了哪些单位, asks the list of recipients, 抄送, too. "补贴发给谁" asks the content.)
    FieldSpec("addressee", "主送",
              re.compile(rf"主送(?:单位|机关|对象)?|(?:{_DOCUMENT_WORDS}|意见|函|文件)[^，。？?还也另抄]{{0,4}}?"
                         r"(?:发|送|致|写)给(?:的是)?(?:哪个|哪一?家|哪位|谁|什么(?:单位|部门|人))"),
              lambda m: m.addressee, lambda m: [m.addressee or ""]),
    FieldSpec("cc", "抄送",
              re.compile(rf"抄送|抄报|抄给|(?:{_DOCUMENT_WORDS})[^，。？?]{{0,4}}(?:发|送|抄)给了?(?:哪|谁|什么)|"
                         # besides its addressee, said with 还/也/另: 还抄了谁, 还送了哪些单位 (补贴还发给了谁 asks the text:
                         # 发 and 送 go to offices only)
                         r"(?:还|也|另外|另|同时)(?:报送|抄)(?:给|了)*(?:谁|哪)|(?:还|也|另外|同时)(?:发|送)给?了?哪些?(?:单位|部门|机关)|"
                         # the reply itself sent besides its addressee: 答复同时送了谁 (the reply as the subject: no subsidy)
                         rf"(?:{_REPLY_NAMES})[^，。？?]{{0,4}}(?:还|也|另外|同时)(?:发|送|报|抄)(?:送|给|了)*(?:谁|哪)"),
              lambda m: "、".join(m.cc) or None, lambda m: list(m.cc)),
    # (how it is made public, 对外/向社会/主动, is one ask with 公开: "答复对外公开吗" names no 对外 of the reply)
    FieldSpec("publicity", "公开属性",
              re.compile(rf"{_PUBLICITY_LABELS}|公开属性|公开文件|"
                         rf"{_OF_THE_REPLY}{_PUBLIC_YET}(?:{_WHETHER}{_OPENLY}公开|{_OPENLY}公不公开|"
                         rf"(?:是|属于)?{_MAY}?{_OPENLY}公开(?:的|了)?(?:吗|么|没有?)|"
                         # which of the two kinds: 属于主动公开还是依申请公开
                         r"(?:是|属于)(?:主动|依申请)公开(?:还是(?:主动|依申请)公开)?)|"
                         r"(?:答复|文件|这份|那份|这件|那件)[^，。？?]{0,4}(?:(?:是|有没有)?公开的(?:吗|么)|公开了(?:吗|么|没有?))"),
              lambda m: m.publicity, lambda m: [m.publicity or ""], "公开属性"),
    FieldSpec("index_number", "索引号",
              re.compile(r"索引号"),
              lambda m: _meta(m, "index_number"), lambda m: [_meta(m, "index_number") or ""], "索引号"),
    FieldSpec("topic", "主题分类",
              re.compile(r"主题分类|主题词"),
              lambda m: _meta(m, "topic"), lambda m: [_meta(m, "topic") or ""], "主题分类"),
)
FIELDS = tuple(replace(spec, asks=re.compile(with_spoken(spec.asks.pattern))) for spec in FIELDS)
BY_KEY = {spec.key: spec for spec in FIELDS}
# Documents an answer may quote by number and date: a field word right after one is about it.
# ("县城规划那个答复的文号" asks the reply's own: a word for the reply after the document's name; so does an 意见 the
# reply is, 会办意见的文号.)
OTHER_DOCUMENT = re.compile(rf"(?:细则|办法|方案|(?<!{_REPLY_OPINION})意见|通知|规定|计划|政策|条例|指南|标准|规划|》)(?![^，。？?]*(?:{_DOCUMENT_WORDS}))"
                            r"[^，。？?]{0,6}$")
# "印发" lines of a closing: "2025-05-07 印发", "二〇二四年六月十二日印发".
ISSUED_LINE = re.compile(r"^\s*(\S.*?)\s*印发\s*$", re.M)


# A later clause asking where or how to do something ("想看办到哪一步了，上哪儿查？", "结果怎么样，去哪里问"): the field
# words name what the asker wants to find out, and the question asks the place or means of finding it (a website, a
# window, a hotline), which only a reply's text can say. Chinese puts what is asked last.
WHERE_OR_HOW_TO = re.compile(r"(?:[上去到在从向]?哪(?:儿|里|个(?:网站|平台|地方|部门|窗口))|怎么|如何|怎样|咋)"
                             r"(?:才能|能|可以|去|来)?(?:查|看|问|办|找|申请|咨询|了解|知道|获取)")


def asks_where_or_how_after(question: str, end: int) -> bool:
    """Whether a clause after the field words (ending at `end`) asks where or how to do something."""
    rest = question[end:]
    return bool(re.match(r"[^，,；;]*[，,；;]", rest)) and WHERE_OR_HOW_TO.search(rest) is not None


@dataclass(frozen=True)
class FieldAsk:
    spec: FieldSpec
    start: int  # where the question's field words are, so the rest can name the reply
    end: int


def asked_field(question: str) -> FieldAsk | None:
    """The field the question asks for, or None for a question about the reply's content.

    When several match, the one nearest the end wins: Chinese puts what is asked last ("第145号提案
    是谁签发的" asks for the signer, not the proposer).
    """
    found = [(m.end(), -m.start(), spec, m) for spec in FIELDS for m in spec.asks.finditer(question)
             if not (spec.other_document and OTHER_DOCUMENT.search(question[: m.start()]))]
    if not found:
        return None
    _, _, spec, match = max(found, key=lambda item: item[:2])
    if asks_where_or_how_after(question, match.end()):
        return None
    start = match.start()
    # "办理结果是哪类": a field's label and the predicate asking it, side by side, are one ask (the label is no
    # word naming the reply)
    for other in sorted((m for _, _, s, m in found if s is spec), key=lambda m: -m.end()):
        if other.start() < start <= other.end():
            start = other.start()
    return FieldAsk(spec, start, match.end())


def label_for(spec: FieldSpec, meta: ReplyMeta) -> str:
    if spec.key == "proposal_number":
        return f"{_kind(meta)}号"
    if spec.key == "proposers":
        return "提案人" if _kind(meta) == "提案" else "提出建议的代表"
    return spec.label


def _labelled_value(reply: Reply, label: str) -> str | None:
    """The value of a "签发人：王某" line, for a field this index's ReplyMeta does not carry."""
    pattern = re.compile(rf"^\s*{label}\s*[：:]\s*(\S.*?)\s*$", re.M)
    for section_id in (HEADER_ID, CLOSING_ID):
        section = reply.section(section_id)
        match = pattern.search(section.text) if section else None
        if match:
            return match.group(1)
    return None


def field_value(reply: Reply, spec: FieldSpec) -> str | None:
    if spec.key == "issued":
        closing = reply.section(CLOSING_ID)
        match = ISSUED_LINE.search(closing.text) if closing else None
        return match.group(1) if match else None
    value = spec.value(reply.meta)
    if not value and spec.line_label and spec.key not in ("category", "publicity", "proposers"):
        value = _labelled_value(reply, spec.line_label)
    return value or None


def _loose(needle: str) -> re.Pattern[str]:
    """The needle with any spacing between its characters, digits without leading zeros ("第 057 号")."""
    parts = []
    for run in re.findall(r"\d+|\S", needle):
        parts.append(rf"0*{int(run)}" if run.isdigit() else re.escape(run))
    return re.compile(r"\s*".join(parts))


def _places(spec: FieldSpec, meta: ReplyMeta, value: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of each place in `text` where the field's value is written."""
    if spec.written is not None:
        return spec.written(text, meta)
    needles = [n for n in spec.needles(meta) if n] or [value]
    return [match.span() for needle in needles if (match := _loose(needle).search(text))]


def field_spans(reply: Reply, spec: FieldSpec, value: str) -> list[tuple[str, int, int]]:
    """(section id, start, end) of the line(s) the value is written on, whole lines, in each of header, closing and
    opening that writes it (a 公开属性 above the title and an 信息公开属性 in the 版记 are one field written twice)."""
    found = []
    for section_id in (HEADER_ID, CLOSING_ID, INTRO_ID):
        section = reply.section(section_id)
        if section is None:
            continue
        text = section.text
        spans = _places(spec, reply.meta, value, text)
        if not spans:
            continue
        start = min(s for s, _ in spans)
        end = max(e for _, e in spans)
        # Widen to whole lines: "办理结果：解决或采纳", "联系人姓名：…\n联系电话：…".
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        found.append((section_id, line_start, len(text) if line_end < 0 else line_end))
    return found


def stated_value(reply: Reply, spec: FieldSpec, value: str, span: tuple[str, int, int]) -> str:
    """The value as the answer states it: a value written otherwise than stated (a date in Chinese
    numerals, 二〇二四年七月五日) is given as written, the stated form after it in brackets."""
    if spec.written is None:
        return value
    section_id, start, end = span
    text = reply.section(section_id).text[start:end]
    written = [text[s:e] for s, e in spec.written(text, reply.meta)]
    if written and re.search(f"[{grammar.CN_NUMERAL}]", written[0]):
        return f"{written[0]}（{value}）"
    return value
