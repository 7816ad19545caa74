"""Follow-up questions in a conversation, resolved by rules of Chinese discourse (no language model).

A follow-up leans on the previous turn: ellipsis ("那联系电话呢？"), reference ("这些什么时候完成？",
"这份答复", "第二条"), contrast ("其他部门呢？", "那区教育局呢？"), narrowing ("只看2024年的"). The
resolver turns it into a standalone question (`understood_as`) and a scope (replies, agency, year,
agencies left out) that retrieval applies as filters. A new standalone question is a topic switch
and inherits nothing; a follow-up with nothing to lean on asks the user to be specific.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from indexer import grammar
from indexer.docstore import DocumentStore
from indexer.lexical import Tokenizer
from indexer.models import Reply
from service import postag
from service.about import ArchiveNames
from service.fields import FIELDS, asked_field
from service.focus import asked as asked_quantity
from service.gazetteer import gazetteer
from service.retrieve import Filters, ReplyNumbers, agency_matches

Kind = Literal["first", "ellipsis", "reference", "contrast", "narrowing", "switch", "unresolvable"]


class Scope(BaseModel):
    """What a turn was restricted to; carried to the next turn unless the topic switches."""

    reply_ids: list[str] = Field(default_factory=list)
    agency: str | None = None
    year: int | None = None
    exclude_agencies: list[str] = Field(default_factory=list)
    nowhere: bool = Field(False, description="the turn names a place or level no reply of the archive is from: "
                                             "nothing is in scope (an empty `reply_ids` alone means no restriction)")

    def filters(self, base: Filters | None = None) -> Filters:
        """The scope on top of the filters the user chose (a user's own choice wins)."""
        base = base or Filters()
        return base.model_copy(update={
            "reply_ids": base.reply_ids or self.reply_ids or ([] if self.nowhere else None),
            "agency": base.agency or self.agency,
            "year": base.year if base.year is not None else self.year,
            "exclude_agencies": base.exclude_agencies or self.exclude_agencies or None,
        })


class CitedItem(BaseModel):
    n: int
    reply_id: str
    section_id: str
    heading: str = ""


class TurnState(BaseModel):
    """What a later turn may refer to: the topic, the scope, and what the answer cited."""

    topic: str
    scope: Scope = Field(default_factory=Scope)
    quoted: list[str] = Field(default_factory=list, description="reply ids quoted in the answer, in answer order")
    items: list[CitedItem] = Field(default_factory=list, description="answer sentences first, then other sources")
    names: list[str] = Field(default_factory=list, description="《…》 titles the answer quoted, in order")
    named_in: dict[str, str] = Field(default_factory=dict, description="title → the reply whose quote names it")
    pending: str | None = Field(None, description="the message Dafu asked back on, when the last turn was an ask-back")
    said: list[str] = Field(default_factory=list, description="the sentences the answer quoted, in answer order")
    said_in: list[str] = Field(default_factory=list, description="the reply each of `said` was quoted from")


class Resolution(BaseModel):
    kind: Kind
    understood_as: str = Field(description="the standalone question Dafu answers")
    query: str = Field(description="what is sent to retrieval (understood_as without the scope words)")
    topic: str
    scope: Scope = Field(default_factory=Scope)
    ask_back: str | None = Field(None, description="when set, Dafu asks this instead of answering")
    fallback_query: str | None = Field(None, description="asked when `query` finds nothing: the question naming its reply")
    note: str | None = Field(None, description="what was carried over or dropped, for the user")
    alternative: Resolution | None = Field(None, description="the other reading, answered when this one finds nothing")
    about: list[str] = Field(default_factory=list, description="what the replies quoted before are about (words of their "
                                                               "proposals' titles), when the turn asks other replies the same")
    cited: list[str] = Field(default_factory=list, description="the words of the sentences the last answer quoted first, "
                                                               "when the turn asks other replies the same: what was "
                                                               "found, in words other replies on it may share")
    relaxed_from: str | None = Field(None, description="asked again in the other replies' words from this instead of "
                                                       "`query` (without a count's classifier guessed from the last answer)")
    nothing_else: str | None = Field(None, description="said instead of a bare abstention when the replies left in scope "
                                                       "have nothing: which were set aside, and any year kept")
    choices: list[str] = Field(default_factory=list, description="with an ask-back: the message asked of each thing the "
                                                                 "thread offers it, as a standalone question to pick")


# Spoken interrogatives (啥 for 什么, 咋 for 怎么): the reply genre and the answerer read the written forms.
_SPOKEN = (("为啥", "为什么"), ("干啥", "做什么"), ("啥", "什么"), ("咋样", "怎么样"), ("咋", "怎么"))
# "还有，…", "另外，…", "我想问的是…": a speaker opening a question of its own, not "还有X吗" asking for more.
_OPENER = re.compile(
    r"^(?:(?:还有|另外|此外|再就是|对了|顺便问一?下|再问一?下|顺便|换个(?:问题|话题)|问个别的(?:问题)?|再问个(?:别的|问题)"
    r"|还有(?:一|个|一个)问题)[，,：:\s]+)?"
    # "我想问的是…", "另外想问一下，…", "我还想了解一下…": a speaker saying a question follows
    r"(?:(?:另外|此外|顺便|对了)?(?:我|请)?(?:还|再|也)?(?:想|要|是想)(?:问|了解|咨询)(?:一?下)?(?:的是)?[，,：:\s]*)?")
_PUNCT_END = re.compile(r"[\s？?。！!，,、；;：:…~～]+$")
_LEAD_NA = re.compile(r"^(?:那么|那请问|那你们?|那)(?![些个份项条篇里边时样么])[，,\s]*")
_TRAIL_PARTICLE = re.compile(r"(?:呢|呀|啊|吧)$")
# "换成岳麓区是多少？", "轮到民政局呢？", "至于2023年…": a verb of putting one thing in another's place opens a
# question asked again of something else, as 那…呢 does; so does a supposition about where the speaker is
# ("如果我在滦平呢？", "假如是在广东呢？", "要是我们住在苍溪呢？").
_SHIFT_LEAD = re.compile(r"^(?:换成|换作|换到|改成|改为|轮到|至于|相比之下|相比而言|相较之下|比较起来"
                         r"|(?:如果|假如|假设|要是|若是|倘若)(?:说)?(?:我们|我家|我|咱们|咱)?(?:人)?(?:是|在|住在|去了?|到了?)?)[，,]?")
# "跟岳麓区比呢？", "和西湖区相比怎么样？", "对比一下苍溪县", "苍溪县比较一下": the same question of the one compared with.
_COMPARED = (
    re.compile(r"^(?:那)?(?:跟|和|与|同)(?P<other>[^，,？?]{2,20}?)(?:比|相比|比较|对比)(?:一下)?(?:呢|怎么样|如何|又如何)?$"),
    re.compile(r"^(?:那)?(?:再)?(?:对比|比较|比比|比对)(?:一下)?(?P<other>[^，,？?]{2,20}?)(?:的)?(?:呢|怎么样|如何|又如何|看看)?$"),
    re.compile(r"^(?:那)?(?:再)?(?:拿|把)?(?P<other>[^，,？?]{2,20}?)(?:的)?(?:来)?(?:对比|比较|比对)(?:一下)?(?:呢|看看)?$"),
    # "相比姑苏区呢？", "比起民政部怎么样？", "相较于岳麓区呢？": the preposition of comparison before the other
    re.compile(r"^(?:那)?(?:相比|比起|相较|较之)(?!之下|而言|起来|来说)(?:于)?(?P<other>[^，,？?]{2,20}?)(?:来说|而言|来看)?(?:的)?(?:呢|怎么样|如何|又如何)?$"),
)
# "相较于武侯区，苍溪县呢？", "跟民政局比，卫健委怎么说？", "比起去年，今年呢？": a clause naming what is compared
# with (the scope in talk) before the question asked of the other; the question is the clause after it.
_COMPARED_LEAD = re.compile(r"^(?:那)?(?:(?:相比|比起|相较|较之)(?:于)?[^，,？?]{2,20}?|(?:跟|和|与|同)[^，,？?]{2,20}?"
                            r"(?:比|相比|比较|对比)(?:起来)?)(?:来说|而言|之下)?[，,]\s*(?P<rest>[^，,]+)$")
# "换成苏州的话呢？", "要是济南的话？": 的话 closes a condition; it names nothing.
_CONDITIONAL = re.compile(r"的话(?=[呢吗啊呀]?$)")
# "往年呢？", "前几年的答复呢？": years before the one in talk, asked as "其他年份呢" is.
_EARLIER_YEARS = re.compile(r"^(?:那)?(?:往年|以往|历年|往届|前几年|前些年|早些年|过去几年|过去)(?:的)?(?:答复|回复|情况)?"
                            r"(?:呢|怎么样|如何|有吗|有没有|是怎么说的|怎么说)?$")
# "同类的还有吗？", "类似的呢？", "还有相似的吗？": other replies on the same topic, said without the noun "答复".
_SAME_KIND = re.compile(r"^(?:那)?(?:还有)?(?:类似|同类|相似|同类型|同样)的?(?:还有|也有)?(?:吗|呢|么|没有|哪些|不)?$")
# "卫健委那边", "杭州这边": a party and the place-deixis after it are the party itself.
_PARTY_SIDE = re.compile(r"(?<=[\u4e00-\u9fff])(?:那边|这边|那头|这头)|(?<=[区县市省局委办厅])(?:那里|这里|那儿|这儿)")
# "还有补贴吗？", "还有别的补助吗？": more of what the replies just quoted say ("还有别的部门吗？" is a contrast, read first).
_ALSO = re.compile(r"^还有(?:别的|其他|其它)?(?!哪|什么|没有|别的|其他|其它)(?P<body>.+?)吗?$")

# Demonstratives. A noun after one says what is meant: an agency (这个部门) or a reply (这份答复).
_AGENCY_NOUN = r"部门|单位|机构|局|委员会|委|办公室"
# Where in the conversation ("前面那份答复", "刚才提到的"): a pointer back, not a description of the reply.
# Alone it must say something was said ("之前的补贴" is about time, "之前说的补贴" about the conversation).
# ("你上次说的", "你刚才提到的": the speaker addressing Dafu points back the same way.)
_DEIXIS = r"(?:(?:前面|上面|上文|刚才|刚刚|之前|先前|上次)你?|你(?:前面|刚才|刚刚|之前|先前|上次)?(?=提到|说|讲|引用))(?:提到|说|讲|引用)?过?的?"
_DEIXIS_SAID = r"(?:(?:前面|上面|上文|刚才|刚刚|之前|先前|上次)你?|你(?:前面|刚才|刚刚|之前|先前|上次)?)(?:提到|说|讲|引用)过?的"
# 这些/那些/它们 are plural; 上述/以上/其中/"前面提到的" point back without saying how many.
_PLURAL = re.compile(r"这些|那些|它们")
# "文中说的", "答复里提到的": a pointer into the reply just quoted, however many things it holds.
_IN_TEXT = r"(?:文中|文件中|文件里|答复中|答复里|回复中|回复里|里面|里边|里头|当中)(?:提到|说|讲|写|引用)(?:过|了)?的"
_PLURAL_REF = re.compile(rf"(?:{_DEIXIS}|上述|以上)?(?:这些|那些|它们|这两(?:个|份|项|家)|两者|二者)|上述|以上|其中|{_DEIXIS_SAID}(?![这那该此本它])|{_IN_TEXT}")
# 前者/后者: the first and the last of the replies just quoted.
_FORMER_LATTER = re.compile(r"前者|后者")
# "就这些吗？", "还有呢？": more of what the answer was about, from the replies it quoted.
_MORE = re.compile(r"^(?:那)?(?:(?:就|只有)这些了?[吗么]?|还有(?:吗|呢|么|没有)?|没有别的了?[吗么]?|还有吗)$")
_THING = r"答复|回复|文件|提案|建议|承诺|措施|政策|计划|项目|平台|内容|事"
# What a reply's measures are called: "这项工作", "该补贴", "那个做法" (那 alone is "then": 那补贴呢).
_MEASURE = r"工作|做法|举措|服务|制度|标准|规定|补贴|活动|试点|设施"
_SINGULAR_REF = re.compile(
    rf"(?:{_DEIXIS})?(?<![应因如基根日])(?:这|那|该|此|本)(?:份|个|篇|项|条|件|封|一|家)?(?={_AGENCY_NOUN}|{_THING})"
    rf"|(?:{_DEIXIS})?(?<![应因如基根日])(?:(?:这|该|此)(?:项|个|条|一)?|那(?:项|个|条|一))(?={_MEASURE})"
    r"|这份|那份|这个(?!人)|那个(?!人)|它(?!们)"
)
# Shell nouns (外壳名词: 这个办法, 这个标准, 这笔钱) refer back to what was said in other words (每餐补贴3元 is a
# 标准): no word of the thread need be theirs.
_SHELL_NOUN = re.compile(r"办法|方案|标准|条件|要求|流程|程序|手续|费用|资金|经费|钱|数字|数据|目标|时间|地方|机构|问题|情况"
                         r"|方面|东西|说法|意见|规定|政策|措施|举措|做法|工作|服务|制度|活动|试点|设施|项目|平台|文件|计划")
_REF_NOUN = re.compile(rf"^(?:份|个|篇|项|条|件|封|一|家)?(?P<noun>{_AGENCY_NOUN}|{_THING}|{_MEASURE})?")
# Where 分别 goes in a question about each of several things: before its interrogative (with the preposition it follows).
_EACH_ASKED = re.compile(r"(?:从|在|到|向|由|给|找)?(?:什么|哪|多少|几|谁|怎么|怎样|如何|是否|有没有|何)")
_DISTRIBUTIVE = re.compile(r"分别|各自|各(?=[有是为自])|每(?:个|项|条|一)")
# A question about each of several things: a later singular reference cannot tell which one is meant.
_EACH = re.compile(r"分别|各自")
# not 其他; "那个人", "这位", "此人" point at a person as 他/她 do
_PERSON_REF = re.compile(r"(?<![其吉])[他她]们?|[这那](?:个|一)?人|[这那]位(?!代表|委员)|此人")
# "那位代表", "这几位委员", "提这个建议的代表": the person who proposed what the reply answers (its proposers field)
_PROPOSER_REF = re.compile(
    r"(?:这|那|该|此)(?:一|两|几)?(?:位|名|个)?(?:人大|政协)?(?P<who>代表|委员|提案人|建议人)"
    r"(?!会|团|处|室|大会)"
    r"|提(?:出)?(?:这|那|该|此)(?:个|份|件|条|项)?(?:建议|提案)的(?P<who2>代表|委员|人|单位)")
_ASKS_WHO = re.compile(r"^(?:是|叫)?(?:谁|哪位|哪个|哪些人|哪几位|什么(?:人|名字)|啥(?:人|名字))|^(?:的)?(?:名字|姓名)")
def _proposers_of(meta) -> list[str]:
    """Who proposed what a reply answers, as the field answer says it (service/fields.py)."""
    return next(spec for spec in FIELDS if spec.key == "proposers").needles(meta)


# An organisation among proposers (县农工党支部, 九三学社, 区工商联) is no 代表/委员 a person can point at.
_ORGANISATION = re.compile(r"(?:支部|总支|委员会|党|学社|联合会|工商联|联|小组|组|界|盟|会|社|院|局|委|办|厅|部|中心|公司|协会)$")
# (最后一条, 最后那项: the last of them, as n = 0)
_ORDINAL = re.compile(r"(?:第(?P<n>[一二两三四五六七八九十]|\d{1,2})|(?P<last>最后|末)(?:一|那一?)?)"
                      r"(?P<cls>条|个|项|份|点|处|句|篇|则|段|家|款)(?!号)")
# 第二条/项/点 counts the numbered measures of the reply; 第二处/个/句 the answer's sources; 第二份 its replies.
_ITEM_CLASSIFIERS = frozenset("条项点则段款")
_REPLY_CLASSIFIERS = frozenset("份家篇")

# Contrast: 其他/别的/其余 + what is contrasted: agencies (the default), places, replies or years.
_AGENCY_CONTRAST = r"部门|单位|机构|机关|委办局|委办|部委|厅局|委局"
# A place noun: a kind of place (地方, 城市, 区县, 地市: the levels written together, as 市州 and 县市区 are) or a
# bare level (其他区, 别的县, 其他州: not 区属, 市场, 省份's 份, 市区, which is a city's centre).
_PLACE_CONTRAST = (r"地方|地区|城市|省份|省区市|省区|省市|县市区|区市县|地市|地州|市州|州市|区县|市县|县区|县市|街道|乡镇"
                   r"|区(?![属级域块])|县(?![域级])|市(?![场容属级区])|省(?![级属])|州(?![级属])")
_REPLY_CONTRAST = r"答复|回复|提案|建议|文件"
_YEAR_CONTRAST = r"年份|年度|年"
_CONTRAST_NOUNS = rf"{_AGENCY_CONTRAST}|{_PLACE_CONTRAST}|{_REPLY_CONTRAST}|{_YEAR_CONTRAST}"
# What the genre says of government bodies between "other" and the noun: 其他相关部门, 别的职能部门, 其他省直单位,
# 其他兄弟城市.
# (国家/中央/地方/基层 say the level: 其他国家部委 are ministries, 其他省直单位 provincial bodies.)
_BODY_QUALIFIER = r"(?:相关|有关|职能|政府|业务|主管|行业|兄弟|省直|市直|区直|县直|省级|市级|区级|县级|同级|国家|中央|地方|基层)"
# "其他几个城市", "另外两个部门", "其余几家单位": how many others, between "other" and the noun.
_HOW_MANY_OTHERS = r"(?:(?:一|几|两|三|四|五|一些|那些|这些)(?:个|家|份|所|位|些)?)"
_CONTRAST = re.compile(
    rf"(?:(?:其他|其它|别的|其余|另外)(?={_HOW_MANY_OTHERS}(?:{_BODY_QUALIFIER})?(?:{_CONTRAST_NOUNS})){_HOW_MANY_OTHERS}"
    rf"|其他|其它|别的|别处|其余|另外的|另一(?:个|家|份|些)?|另外(?={_AGENCY_CONTRAST}|{_PLACE_CONTRAST})"
    # "换个地方呢？", "换个部门问问": another of the kind named, in the verb of replacing
    rf"|换(?:一)?(?:个|家)(?=(?:{_BODY_QUALIFIER})?(?:{_CONTRAST_NOUNS}))"
    # "别家呢？": 家 counts bodies (另一家, 哪家), so "another house" is another body
    r"|别家(?=[呢吗是有怎也都的]|$)"
    rf"|兄弟(?={_AGENCY_CONTRAST}|{_PLACE_CONTRAST})"
    # "类似的答复还有吗？", "同类的建议": other replies on the same topic
    rf"|(?:类似|同类|相似)的?(?={_REPLY_CONTRAST})"
    rf"|还有(?:哪些|哪个|哪家|哪里|什么|没有|别的|其他|其它)的?(?={_BODY_QUALIFIER}?(?:{_CONTRAST_NOUNS}))|还有谁|还有哪里"
    # "哪些地方也有类似的？", "哪个部门还管这事？": which others as well (也/还 presuppose the one in talk)
    rf"|(?:哪些|哪个|哪几个|哪家|哪几家)(?=(?:{_BODY_QUALIFIER})?(?:{_CONTRAST_NOUNS})(?:也|还|同样)))"
    rf"的?(?:{_BODY_QUALIFIER}(?={_CONTRAST_NOUNS}))?(?P<noun>{_CONTRAST_NOUNS})?"
    # "其他措施呢？" asks for more of the same reply, not for other agencies: a bare 其他 stands alone.
    r"(?(noun)|(?![\u4e00-\u9fff](?<![呢吗的有还都是也在怎哪])))"
)
# 别处 / 还有哪里 / 还有谁 say what they contrast (places, agencies) themselves: a question may follow them
# ("除了郑州，还有哪里规定了充电价格？"), which a bare 其他 cannot have.
# 外地/外省, 隔壁区, 周边县: places other than the one in talk, said in one word.
# 隔壁/邻近/周边/附近 (the neighbours) and 邻 in one word (邻省, 邻县) are places next to the one in talk;
# 省外/市外/县外/区外 outside it, said as a whole phrase ("省外呢？", not 省外就医, a topic of its own).
_NEAR = r"隔壁|邻近|周边|附近|相邻"
_CONTRAST_WHERE = re.compile(
    r"(?:别处|还有(?:哪里|哪儿|谁)|(?:哪里|哪儿)(?=也|还|同样)|外(?=地(?!方[面案式法])|[省市县区])"
    rf"|(?:{_NEAR})的?(?=(?:{_PLACE_CONTRAST})|[呢吗]|$)|邻(?=[省市县区])"
    r"|(?:^|(?<=那)|(?<=[，,\s]))(?P<outside>[省市县区])外(?=的?(?:呢|吗|有|是|怎|也|都|情况|地方|城市)|$))"
    rf"(?P<noun>地(?!方[面案式法])|{_PLACE_CONTRAST})?")
# "省内其他地方", "本市其他区", "全省别的县", "市里其他部门": others inside the place the reply lies in.
_WITHIN = re.compile(r"(?:本|全|(?=[省市区县][内里]))(?P<within>[省市区县])[内里]?的?(?=其他|其它|别的|其余|另外)")
# "全国其他地方", "国内别的城市": anywhere else in the country, which "other" already says.
_NATIONWIDE = re.compile(r"(?:全国|国内)(?:范围内|各地)?的?(?=其他|其它|别的|其余|另外|还有)")
_WITHIN_LEVEL = {"省": "province", "市": "city", "区": "district", "县": "district"}
_QUALIFIER_LEVEL = re.compile(rf"(?:国家|中央|省直|省级|市直|市级|区直|县直|区级|县级|地方|基层)(?={_AGENCY_CONTRAST})")
_QUALIFIER_LEVEL_OF = {"国家": "national", "中央": "national", "省直": "province", "省级": "province", "市直": "city",
                       "市级": "city", "区直": "district", "县直": "district", "区级": "district", "县级": "district",
                       "地方": "local", "基层": "district"}


def _place_noun_level(noun: str) -> str | None:
    """The level a place noun of a contrast names: 省份 a province, 城市/地市 a city, 区县/县市区 a county-level
    division; None for a place of any level (地方, 地区, 外地)."""
    if re.fullmatch(r"省|省份|省区|省市|省区市", noun):
        return "province"
    if re.fullmatch(r"城市|市|市县|县市|地市|地州|市州|州市|州", noun):
        return "city"
    if re.fullmatch(r"区|县|区县|县区|县市区|区市县", noun):
        return "district"
    return None
# A level of government asked about without naming a body ("省里呢？", "国家层面有什么政策？", "地方上是怎么做的？",
# "只看省级的"): the replies of every body of that level. `local` is every level below the nation's.
_LEVEL_WORD = re.compile(
    # (层面 after any of them says the same: 省级层面, 部委层面)
    r"(?P<national>(?:国家层面|国家级|国家一级|中央层面|全国层面|部里|部委|部级|国家部委)(?:层面)?"
    r"|(?:^|(?<=那))(?:国家|中央)(?=[呢是有又在对怎都]|$))"
    r"|(?P<province>(?:省级|省里|省一级|省层面|各省|省厅|厅里|省直)(?:层面)?)"
    r"|(?P<city>(?:市级|市里|市一级|各市|地市级|市州级)(?:层面)?)"
    r"|(?P<district>(?:区县级|县区级|县级|区级|县里|区里|县一级|区一级)(?:层面)?)"
    r"|(?P<local>地方上|地方层面|地方政府|各地方?|(?:^|(?<=那))地方(?=[呢是有又在对怎都]|$))"
    # "上级部门呢？": the level above the reply just quoted (a district's city, a city's province)
    r"|(?P<above>上级(?:部门|单位|机关|政府)?|上一级(?:部门|单位|机关|政府)?)")
# 国家发改委, 中央网信办: the nation written before a body's name is part of it.
_NATIONAL_PREFIXES = ("国家", "中央", "国务院")
_LEVEL_LABEL = {"national": "国家部委", "province": "省级部门", "city": "市级部门", "district": "区县部门", "local": "地方",
                "above": "上级部门"}
_LEVELS_OF = {"national": ("national",), "province": ("province",), "city": ("city",), "district": ("district",),
              "local": ("province", "city", "district")}
# An agency's name right after a place: "住建局" of "西湖区住建局下一步…" (the shortest run to an agency ending).
_AGENCY_AFTER_PLACE = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:委员会|委|局|办公室|厅|署)(?![\u4e00-\u9fff]{0,2}[局委厅])")
# 怎么/如何/怎样 + a verb ("怎么规定的", "如何收费"): what is asked of a thing, not a thing.
_HOW_VERB = re.compile(r"(?:怎么|如何|怎样)(?:来|去)?([\u4e00-\u9fff]{2})")
# "这个问题", "这方面", "此事": the topic itself.
_TOPIC_ANAPHOR = re.compile(r"(?:在|对|关于|就|针对)?(?:(?:这个|这一|这|此|该)(?:问题|方面|件事情?|事情|事|一块|领域|话题)(?:上|方面)?的?"
                            # "同样的问题，湖南是怎么回复的？": the same question is the topic too
                            r"|(?:同样|同一|一样|相同)的?(?:个|件)?(?:问题|事情?)(?:上|方面)?[，,]?)")
# "商务委怎么说？", "那教育局是怎么答复的": what an agency says, asked of the topic.
_SAYS = re.compile(r"(?:又|是|都)?(?:怎么|如何)(?:说|讲|答复|回复|表态)的?$|的(?:答复|回复|说法)$")
# "除了民政局，…" / "除区科经委以外其他部门…" / "除了武侯区还有哪些地方…": what the contrast sets off, said outright.
_EXCEPT = re.compile(r"除(?:了|去|开)?(?P<what>[^，,。？?！!]{1,30}?)(?:以外|之外|外)?(?:[，,]|(?=还|其他|其它|别的|其余|另外|都|也))")
# "不看民政局的", "去掉2023年的": narrowing by leaving out; `noun` is empty (what is left out says which kind).
_LEAVE_OUT = re.compile(r"(?:不看|不要|不含|不包括|不算|去掉|排除|除去)(?P<what>[^，,。？?]{1,30}?)的?(?:答复|回复)?$(?P<noun>)")
# "类似的做法", "同样的措施": the topic just discussed, not a subject of the message's own.
_SAME_AS_TOPIC = re.compile(r"(?:类似|同样|相同|相似|一样|这样|这种|这类)的?(?:做法|措施|举措|政策|规定|情况|工作|安排|事|的)?")
# 只/仅/光/单/就 + a verb of looking ("光看2023年的", "就看住建局的"): the same narrowing adverbs.
_NARROW = re.compile(r"(?:只|仅|光|单|就)(?:看|查|说|讲|显示)|只要|光要|只限|仅限|限定|限于|只关心|只想看|仅(?=[\d一-龥]{0,3}年)"
                     # "2024年的就行", "省级的就可以": what is kept, then "that is enough"
                     r"|(?<=的)(?:就行|就好|就可以|即可)(?:了)?$"
                     # "其中省级的呢？", "其中2024年的": a part of what was found, named by its kind
                     r"|^其中(?=[^，,？?]{1,12}的(?:呢|吗|答复|回复)?$)")
# 人大代表建议 and 政协提案 are the two kinds of proposal a reply answers.
_PROPOSAL_KIND = re.compile(r"(?:人大)?(?:代表)?建议|(?:政协)?(?:委员)?提案")
_YEAR = re.compile(r"(?<![\d（(〔\[])((?:19|20)\d{2})\s*年?(?![\d）)〕\]])")
# "2024年的答复中，…": a standalone question that names the replies' year scopes itself to it.
_YEAR_SCOPE = re.compile(r"(?<![\d（(〔\[])((?:19|20)\d{2})\s*年(?:度)?(?:的|所作的|作出的)?(?:答复|回复|办理)")
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "去年": -1, "上一年": -1, "前年": -2}
# 多少/几 with no unit after it ("收费标准是多少", "给多少补助"): the quantity is known only from the answer.
_ALL_UNITS = grammar.unit_pattern((*grammar.COUNT_UNITS, *grammar.MONEY_UNITS, *grammar.SPAN_UNITS,
                                   *grammar.PEOPLE_UNITS, *grammar.QUESTION_CLASSIFIERS))
_BARE_HOW_MANY = re.compile(rf"多少(?!{_ALL_UNITS}|钱)|几(?!{_ALL_UNITS}|时|点)")
# A figure an answer states, by its unit (never a year, a month or a day of a date: 2024年, 6月, 12日).
_STATED_FIGURE = re.compile(
    rf"{grammar.QUANTITY_START}(?!\d{{4}}\s*年){grammar.NUMBER}"
    rf"(?P<unit>{grammar.unit_pattern(tuple(u for u in (*grammar.COUNT_UNITS, *grammar.MONEY_UNITS, *grammar.PEOPLE_UNITS) if u not in ('%', '倍', '个百分点')))})")
_RELATIVE_YEARS = re.compile("|".join(_RELATIVE_YEAR))

# Words every reply has (its fields and the aspects any reply speaks to): a question made only of
# these and interrogatives has no subject of its own ("联系电话是多少？", "什么时候完成？").
ASPECT_WORDS = frozenset(
    "联系 电话 联系电话 联系人 联系方式 姓名 地址 联系地址 邮编 邮政 编码 邮政编码 文号 编号 日期 时间 哪天 何时 时候 "
    "什么时候 完成 进展 进度 结果 办理 办理结果 承诺 答复 回复 部门 单位 签发 签发人 抄送 内容 具体 详细 情况 措施 政策 "
    "计划 目标 负责 负责人 经办人 落实 执行 实施 提案 建议 文件 主要 还有 其他 下 一步 下一步 说 讲 提到 写 要求 怎么样 "
    "怎样 哪 哪个 哪些 几 多少 为什么 原因 谁 是 有 的 了 吗 呢 那 这 么 请问 一下 能 可以 到底 又 都 也 还 再 "
    # who proposed it and how it was resolved are fields of every reply too
    "代表 委员 提案人 领衔 附议 哪位 提出 提 参考 留作 采纳 解决 列入 印发 发文 给 "
    "没有 有无 有没有 是不是 是否 "
    # when: the state of things since the reply ("后来怎么样了？", "现在进展如何？")
    "后来 现在 目前 最新 最近 如今 进展 情况 如何 "
    # what a reply says it does or will do, of any subject ("国家层面有什么规划？", "下一步有什么打算？")
    "规划 打算 安排 举措 部署 做法 支持 扶持".split()
)
# The fields a reply's header and closing hold: a question about one of them is about a reply, not a topic.
FIELD_WORDS = frozenset("联系 电话 联系电话 联系人 联系方式 姓名 地址 联系地址 邮编 邮政编码 文号 编号 日期 哪天 何时 "
                        "签发 签发人 抄送 办理结果 代表 委员 提案人 印发".split())
# A question word: a message without one asks nothing of its own ("卫健委那份" answers an ask-back).
# (and A-not-A: 贵不贵, 够不够, 能不能 ask as 吗 does)
_INTERROGATIVE = re.compile(r"什么|哪|多少|多[长久大高远]|几|谁|吗|怎么|如何|是否|有没有|何|为什么|为何|([\u4e00-\u9fff])不\1")
# An answer to "which one?": "我是说卫健委那份" / "教育局的" / "养老的那个" / "2024年的答复" — a description, then
# perhaps a demonstrative, a classifier and the noun it stands for.
_CLARIFY_LEAD = re.compile(r"^(?:我是说|我问的是|我说的是|我指的是|指的是|是说|就是|是)")
_CLARIFY_TAIL = re.compile(r"的?(?:[这那](?:一)?(?:份|个|篇|项|条|件|家)?)?(?:答复|回复|文件|提案|建议)?的?$")
# Modal verbs (能愿动词): "能贷", "可领" are a modal and a verb jieba glued together, not a subject.
_MODALS = "能可要会应需须得"
# Interrogative quantities ("几年", "多少钱", "多久") ask, they do not name a subject.
_QUANTITY_QUESTION = re.compile(rf"几(?:{grammar.unit_pattern(grammar.QUESTION_CLASSIFIERS)})|多少钱|多久|多长时间|多大")


# "在哪办公", "在什么地方": where an office is.
_WHERE_IS = re.compile(r"(?:在|位于)?(?:哪里|哪儿|哪|什么地方|什么位置)(?:办公|上班|办事)?(?:呢)?")
# 他们/她们 can be an office spoken of as people; a singular 他/她 is a person.
_THEY = re.compile(r"(?<![其吉])[他她]们")


def plain_message(message: str) -> str:
    """The message in the written forms replies use, without a speaker's opener: "还有，外卖骑手…覆盖了多少人" →
    "外卖骑手…覆盖了多少人", "它是啥时候答复的" → "它是什么时候答复的"."""
    text = _OPENER.sub("", message.strip()) or message.strip()
    for spoken, written in _SPOKEN:
        text = text.replace(spoken, written)
    return text


def plain_agency(agency: str | None) -> str:
    """The agency with its innermost place only: 上海市浦东新区民政局 → 浦东新区民政局, 成都市武侯区民政局 →
    武侯区民政局, 上海市教育委员会 stays (two 民政局 of one archive stay apart)."""
    if not agency:
        return ""
    parsed = grammar.parse_agency(agency)
    return (parsed.places[-1] + parsed.core) if parsed.places and parsed.core else agency


def reply_label(reply: Reply) -> str:
    """A readable name for a reply: 科技和经济委员会对第057号提案的答复."""
    meta = reply.meta
    agency = plain_agency(meta.agency)
    if meta.proposal_number:
        return f"{agency}对第{meta.proposal_number}号{meta.proposal_kind or '提案'}的答复"
    if meta.doc_number:
        return f"{agency}{meta.doc_number}答复"
    return reply.title


def _without_modal(word: str) -> str:
    """"能贷" → "贷": a word jieba made up (not in its dictionary) that opens with a modal verb is the
    modal and a verb; "能源" or "要求", words of the dictionary, stay whole."""
    if len(word) < 2 or word[0] not in _MODALS:
        return word
    import jieba  # already loaded by the tokenizer; its dictionary says which words are words

    jieba.initialize()
    return word if jieba.get_FREQ(word) else word[1:]


def word_pieces(word: str) -> list[str]:
    """The shorter words a compound is built of: 收费标准 → 收费, 标准 (jieba's search mode); a four-character
    word jieba made up itself (普惠托位, not in its dictionary) → its two halves, as most such compounds are."""
    import jieba  # already loaded by the tokenizer

    jieba.initialize()
    pieces = [piece for piece in jieba.cut_for_search(word) if len(piece) > 1 and piece != word]
    if not pieces and len(word) == 4 and not jieba.get_FREQ(word):
        pieces = [word[:2], word[2:]]
    return pieces


@lru_cache(maxsize=4096)
def is_predicate(word: str) -> bool:
    """A verb, adjective or adverb by jieba's part-of-speech tags (申请, 开始, 覆盖), not a noun."""
    # (an aspect particle glued on, 投了 or 做过, leaves the verb a verb)
    pairs = [pair for pair in postag.lcut(word) if pair.flag not in ("ul", "ug", "uz", "y")]
    return bool(pairs) and all(pair.flag[:1] in "vad" and pair.flag != "vn" for pair in pairs)


# What a question asks, as it says it: the interrogative with the unit or noun it counts by.
_ASKING = re.compile(rf"(?:多少|几)(?:{_ALL_UNITS}|钱)?|什么时候|何时|哪些|哪里|哪个|怎么|如何|多久|多长时间|是否|有没有")


def asking_words(question: str) -> list[str]:
    """"收费标准是多少元" → ["多少元"]: what the question asks, which no reply writes."""
    return [m.group(0) for m in _ASKING.finditer(question)]


@lru_cache(maxsize=4096)
def is_evaluation(word: str) -> bool:
    """An adjective with its adverbs ("贵不贵", "不高", "很多"), by jieba's part of speech: what a question asks
    of a thing, never the thing."""
    return all(pair.flag in ("a", "ad", "d") for pair in postag.lcut(word))


def _predicate_only(cues: "Cues") -> bool:
    """"具体怎么申请？", "什么时候开始的？", "要到什么时候全覆盖？": a question with a predicate and no subject
    of its own continues the one the conversation is about (Chinese drops a subject both sides know)."""
    return bool(cues.content) and not (cues.agencies or cues.places or cues.names_reply or cues.year is not None) \
        and all(is_predicate(word) for word in cues.content)


def _strip_end(text: str) -> str:
    return _PUNCT_END.sub("", text.strip())


def with_stated_unit(question: str, said: list[str]) -> str:
    """"收费标准是多少" asked again of other agencies asks for the same quantity the answer stated: a bare
    多少/几 takes the unit of the answer's first figure (0.5元 → 多少元, 2600个 → 多少个), so each other
    reply is quoted by its sentence stating such a figure, in whatever words it names the thing."""
    bare = _BARE_HOW_MANY.search(question)
    figure = next((m for sentence in said[:1] for m in _STATED_FIGURE.finditer(sentence)), None)
    if bare is None or figure is None:
        return question
    # The noun asked about may say the quantity itself (保育费多少: money; 每台补多少, 补贴标准: a rate): the
    # answer's first figure (86所 of a count of kindergartens) is then no unit of it.
    kind = asked_quantity(question).kind
    if kind not in ("count", "money", None):
        return question
    unit = figure.group("unit")
    unit = "元" if unit in grammar.MONEY_UNITS or kind == "money" else unit
    return f"{question[: bare.end()]}{unit}{question[bare.end():]}"


def without_guessed_count(question: str, asked: str) -> str | None:
    """The question to ask other replies again in their own words when `asked` (with_stated_unit's) added a
    classifier of a count: each reply counts a thing its own way (烟感 by 5万个 here, by 1.2万户 there), while
    money is 元 everywhere. None when nothing, or a money unit, was added."""
    if asked == question or asked.replace("多少元", "多少") == question:
        return None
    return question


@dataclass
class Cues:
    """What the message itself says, before looking at the conversation."""

    text: str                  # without trailing punctuation
    body: str                  # without the ellipsis markers 那… / …呢
    elliptical: bool           # 那…呢, …呢, 还有…吗
    narrowing: bool
    contrast: re.Match | None
    ordinal: re.Match | None
    plural_ref: re.Match | None
    singular_ref: re.Match | None
    person_ref: bool
    proposer_ref: re.Match | None  # "那位代表": who proposed what the reply answers
    agencies: list[str]        # archive agencies the message names
    places: list[str]          # places it names on their own (姑苏区, not the 武侯区 of 武侯区民政局)
    excepted: str              # what "除了X，…" sets off, as written ("" when nothing is)
    year: int | None
    level: str | None          # a level of government named without a body (省里, 国家层面, 地方上)
    within: str | None         # "省内/本市其他…": others inside the reply's province or city (a level)
    names_reply: bool          # 第057号提案, 浦科经委办理（2025）61号
    content: list[str]         # words of its own beyond interrogatives and reply fields
    described: list[str]       # agencies or words before a demonstrative: "卫健委那份答复" picks one


class FollowupResolver:
    """Resolves one message against the state of the previous turn. Built once per loaded index; it
    holds no copy of the archive: a turn reads the few replies it refers to from the document store,
    and agency names and document numbers are looked up in what the answerer found at load."""

    def __init__(self, documents: DocumentStore, tokenizer: Tokenizer, names: ArchiveNames | None = None,
                 numbers: ReplyNumbers | None = None, today: date | None = None) -> None:
        self.documents = documents
        self.replies = documents.replies
        self.tokenizer = tokenizer
        self.names = names or ArchiveNames(documents.columns, tokenizer)
        self.numbers = numbers or ReplyNumbers(documents.columns)
        self.today = today or date.today()
        self._reply_text_words = lru_cache(maxsize=256)(self._words_of_reply)  # per resolver, not per class

    def agency(self, reply_id: str) -> str | None:
        """The reply's agency, from the filter columns held in memory (no reply is read)."""
        columns = self.documents.columns
        return columns.agencies[columns.agency[self.documents.position[reply_id]]]

    def year(self, reply_id: str) -> int | None:
        return int(self.documents.columns.year[self.documents.position[reply_id]]) or None

    def agencies_in(self, text: str) -> tuple[list[str], str]:
        """Agency names as the text writes them (usable as an agency filter, longest first), and the
        text without them and without the places of the archive's agencies (浦东新区民政局 is the
        agency 民政局 in the place 浦东新区: neither names a subject)."""
        agencies, _, rest = self.scope_in(text)
        return agencies, rest

    def scope_in(self, text: str) -> tuple[list[str], list[str], str]:
        """Agencies (with the place written before them), other places, and the text without both."""
        found: list[str] = []
        places: list[str] = []
        # (looked for in the text as written: 锦江 of 锦江区民政局 runs on into an agency's name and is none)
        mentioned = gazetteer().mentions(text)
        for name in self.names.agencies_in(text):
            if name in text:
                # "武侯区民政局": the place written before the agency is part of its name (one 民政局 of many).
                places = [place for place in self.names.places_in(text) if place + name in text]
                written = max(places, key=len) + name if places else name
                text = text.replace(written, " ")
                found.append(written)
        for place in self.names.places_in(text):
            if place in text:
                text = text.replace(place, " ")
                places.append(place)
        # a place no reply of the archive is from, said as a word of its own ("那甘肃的情况呢？", "广东的覆盖率呢？")
        for place in mentioned:
            if place in text and not any(place in other for other in found + places):
                text = text.replace(place, " ")
                places.append(place)
        return found, places, text

    def year_in(self, text: str) -> int | None:
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
        for word, delta in _RELATIVE_YEAR.items():
            if word in text:
                return self.today.year + delta
        return None

    def content_words(self, text: str) -> list[str]:
        # Single characters ("发", "钱") rarely name a subject; the words that do are longer. A piece the
        # tokenizer cut out of an aspect word ("责人" of 负责人) is no word of its own either.
        covering = [w for w in ASPECT_WORDS if len(w) > 2 and w in text]
        words = (_without_modal(t) for t in self.tokenizer.tokenize(text, expand=False))
        return [t for t in words if len(t) > 1 and t not in ASPECT_WORDS and not t.isdigit()
                and not any(t in w for w in covering)]

    def cues(self, message: str) -> Cues:
        # "那教育局对这个问题怎么说？": "this question" is the topic itself, neither a reply nor a subject.
        text = _strip_end(_TOPIC_ANAPHOR.sub("", message)) or _strip_end(message)
        text = _CONDITIONAL.sub("", text)
        if lead := _COMPARED_LEAD.match(text):
            text = lead.group("rest")
            text = text if text.startswith("那") or text.endswith("呢") else f"那{text}"
        if _EARLIER_YEARS.match(text):
            text = "其他年份的呢"
        if compared := next(filter(None, (form.match(text) for form in _COMPARED)), None):
            text = f"那{compared.group('other')}呢"  # "跟岳麓区比呢？" asks as "那岳麓区呢？" does
        if _SAME_KIND.match(text):
            text = "类似的答复还有吗"  # "同类的还有吗？": the noun left out is the replies'
        # "广东那边投了多少？": a party and its side is the party, and naming it shifts the question to it
        side = _PARTY_SIDE.search(text)
        spaced = _PARTY_SIDE.sub(" ", text)  # (where the side was said, the party's name ends: 甘肃 of 甘肃那边投了)
        text = _PARTY_SIDE.sub("", text)
        body, elliptical = text, bool(side)
        lead = _LEAD_NA.match(body)
        if lead:
            body, elliptical = body[lead.end():], True
        shift = _SHIFT_LEAD.match(body)
        if shift:
            body, elliptical = body[shift.end():], True
        if _TRAIL_PARTICLE.search(body):
            body, elliptical = _TRAIL_PARTICLE.sub("", body), True
        also = _ALSO.match(body)
        if also:
            body, elliptical = also.group("body"), True
        agencies, places, without_agencies = self.scope_in(spaced)
        places = [place for place in places if not any(place in agency for agency in agencies)]
        # the first said of "other" + a noun and a place-word ("外地有没有类似的答复": other places, not other replies)
        contrast = min(filter(None, (_CONTRAST.search(text), _CONTRAST_WHERE.search(text))), key=lambda m: m.start(),
                       default=None)
        excepted = _EXCEPT.search(text) if contrast else None
        if contrast is None and (leave_out := _LEAVE_OUT.search(text)) and (agencies or places):
            contrast = excepted = leave_out  # "不看民政局的": the others, as "除了民政局" says
        level = _LEVEL_WORD.search(without_agencies)
        rest = _RELATIVE_YEARS.sub(" ", _YEAR.sub(" ", _LEVEL_WORD.sub(" ", without_agencies)))
        for pattern in (_PROPOSER_REF, _NATIONWIDE, _WITHIN, _PLURAL_REF, _SINGULAR_REF, _ORDINAL, _CONTRAST, _CONTRAST_WHERE, _NARROW, _PERSON_REF,
                        _QUANTITY_QUESTION):
            rest = pattern.sub(" ", rest)
        rest = _SHIFT_LEAD.sub(" ", _LEAD_NA.sub("", rest.strip()).strip())
        if contrast is not None and contrast.re is _LEAVE_OUT:
            rest = _LEAVE_OUT.sub(" ", rest)
        elif contrast:  # "除了X，其他部门有类似的做法吗？": the exception and "the same" are no subject of its own
            rest = _SAME_AS_TOPIC.sub(" ", re.sub(r"除(?:了|去|开)?|以外|之外", " ", rest))
        content = self.content_words(rest)
        # (an archive name inside it, 民政局 of 锦江区民政局, leaves the rest of the name as if it were a subject)
        narrowed = _strip_end(_NARROW.sub("", body)).strip("的 ") if _NARROW.search(body) else ""
        unknown = self._named_alone(narrowed or _strip_end(body)) \
            if (not agencies or content) and (elliptical or narrowed or _SAYS.search(body)) else None
        if unknown:  # "那历下区卫健局呢？", "那南京市呢？": a name the archive does not write still names one
            name, is_place = unknown
            agencies, places = ([], [name]) if is_place else ([name], [])
            content = [w for w in content if w not in name]
        reference = _PLURAL_REF.search(text) or _SINGULAR_REF.search(text)
        described: list[str] = []
        if reference:
            before = re.sub(r"^(?:我是说|我问的是|我说的是|是说|就是)", "", text[: reference.start()])
            before = re.sub(rf"(?:{_DEIXIS})$", "", before)  # "刚才说的那个": where it was said, not what it is
            before_agencies, before_places, before_rest = self.scope_in(before)
            described = before_agencies + before_places + self.content_words(before_rest)
        return Cues(described=described, 
            text=text, body=_strip_end(body), elliptical=elliptical,
            narrowing=bool(_NARROW.search(text)), contrast=contrast, ordinal=_ORDINAL.search(text),
            plural_ref=_PLURAL_REF.search(text), singular_ref=_SINGULAR_REF.search(text),
            person_ref=bool(_PERSON_REF.search(text)), proposer_ref=_PROPOSER_REF.search(text),
            agencies=agencies, places=places,
            excepted=excepted.group("what").strip() if excepted else "", year=self.year_in(text),
            level=level.lastgroup if level and not agencies and not places else None,
            within=_WITHIN_LEVEL[within.group("within")] if contrast and (within := _WITHIN.search(text)) else None,
            names_reply=any(grammar.referenced_numbers(text)), content=content,
        )

    @staticmethod
    def _named_alone(body: str) -> tuple[str, bool] | None:
        """The agency or place a message names and does nothing else with ("历下区卫健局", "交通运输厅怎么说",
        "南京市"), told by the form of its name (grammar), when the archive's names do not know it; and
        whether it is a place."""
        head = _SAYS.sub("", body).strip("，,的 ")
        if not 2 <= len(head) <= 16 or _INTERROGATIVE.search(head):
            return None
        if gazetteer().named_alone(head):  # "那福建呢？", "河北那边呢？": a place said without its kind
            return head, True
        if len(head) == 2:
            return None
        if grammar.is_agency_name(head):
            return head, False
        parsed = grammar.parse_agency(head)
        # 惠南地区, 周康航地区: an area a reply speaks of, not a place whose bodies answer proposals.
        return (head, True) if parsed.places and not parsed.core and not head.endswith("地区") else None

    # -- the decision -------------------------------------------------------------------------

    def resolve(self, message: str, previous: TurnState | None) -> Resolution:
        message = plain_message(message)
        cues = self.cues(message)
        if previous is not None and previous.pending:
            # The last turn asked "which one?": a bare description answers it and completes that question.
            earlier = previous.model_copy(update={"pending": None}) if previous.topic else None
            completed = self._clarified(cues, previous.pending)
            if completed is not None:
                resolution = self.resolve(completed, earlier)
                if resolution.kind != "unresolvable":
                    note = f"补全上一问：{_strip_end(previous.pending)}" + (f"；{resolution.note}" if resolution.note else "")
                    return resolution.model_copy(update={"note": note})
                return resolution
            previous = earlier
        if previous is not None and (pair := _FORMER_LATTER.search(cues.text)):
            # 前者/后者: the first or the last of the replies the answer cited, as an ordinal says it.
            cited = list(dict.fromkeys(i.reply_id for i in previous.items))
            if len(cited) < 2:
                return self._ask_back(cues, f"上文没有引用两份以上的答复，不确定“{pair.group(0)}”指哪一份。")
            n = 1 if pair.group(0) == "前者" else len(cited)
            return self.resolve(cues.text.replace(pair.group(0), f"第{n}份答复", 1), previous)
        if previous is None:
            if self._leans_on_context(cues):
                return self._ask_back(cues, "这是对话的第一个问题，没有上文可以参照。")
            return self._standalone("first", cues, message)
        if cues.proposer_ref:
            return self._proposer_reference(cues, previous)
        if _MORE.match(cues.text):
            return self._more(cues, previous)
        if cues.narrowing and (cues.year is not None or cues.agencies or cues.places or cues.level or cues.content
                               or _PROPOSAL_KIND.search(cues.text)):
            return self._nothing_to_shift(cues, previous) or self._narrow(cues, previous)
        if cues.contrast and not cues.ordinal:
            return self._nothing_to_shift(cues, previous, shifting=True) or self._contrast(cues, previous)
        # "那区教育局怎么安排的？": a predicate alone ("安排") asks the same of the other agency, and so do words
        # of the question before ("渝中区加装电梯审批要多少个工作日？" then "岳麓区审批要几天？").
        topic_words = self.content_words(previous.topic)
        if (cues.agencies or cues.places or cues.year is not None or cues.level) and not cues.names_reply \
                and (not cues.content or all(is_predicate(w) or w in topic_words for w in cues.content)
                     # "广东的覆盖率呢？": 那…呢 naming another place or body than the reply's and a thing of its own
                     or (cues.elliptical and (cues.agencies or cues.places) and not self._names_referent(cues, previous))) \
                and not (cues.singular_ref or cues.plural_ref) \
                and (cues.elliptical or ((cues.agencies or cues.level) and not self._asks_field(cues.text))
                     # a place without 那…呢 shifts the question with nothing of its own ("岳麓区有没有？") or
                     # in the question's own words ("姑苏区补贴多少？"), not with a new verb ("岳麓区审批要几天？")
                     or (cues.places and all(w in topic_words for w in cues.content))):
            # 那区教育局呢？ 那2023年呢？ 商务委怎么说？
            return self._nothing_to_shift(cues, previous, shifting=True) or self._switch_dimension(cues, previous)
        if cues.ordinal:
            return self._ordinal_reference(cues, previous)
        if cues.person_ref and not (cues.singular_ref or cues.plural_ref):
            if (they := _THEY.search(cues.text)) and self._referents(previous):
                # "他们在哪办公？": 他们 after an answer is the body that wrote it (an office is spoken of as people).
                return self.resolve(f"{cues.text[: they.start()]}该单位{cues.text[they.end():]}", previous)
            return self._ask_back(cues, "对话里没有记录到人物，无法确定“他/她”指谁。")
        if cues.plural_ref or cues.singular_ref:
            return self._reference(cues, previous)
        new_head = self._new_head(cues, previous) if cues.elliptical else None
        if new_head:
            # "那农村学校体育老师不够呢？" after rural doctors: 那…呢 with a thing of its own that nothing before
            # spoke of opens a new question; the ellipsis is the other reading, tried when it finds nothing.
            switch = self._standalone("switch", self.cues(cues.body), cues.body)
            return switch.model_copy(update={"alternative": self._ellipsis(cues, previous)})
        if cues.elliptical or not (cues.content or cues.agencies or cues.names_reply):
            return self._ellipsis(cues, previous)
        if self._asks_field(cues.text) and not (cues.agencies or cues.places or cues.names_reply or cues.year is not None) \
                and self._referents(previous) and not self._nominal(cues):
            # "打哪个电话能问到？": every reply has a telephone; asked naming nothing, it is the reply's in context.
            return self._ellipsis(cues, previous)
        # A question without a marker of its own is read as continuing the reply just quoted when that reply
        # already speaks of all its words, else as a new question; the other reading is tried when the
        # first finds nothing ("具体怎么申请？" names no subject the archive can find alone).
        switch = self._standalone("switch", cues, message)
        leaning = self._ellipsis(cues, previous) if self._referents(previous) else None
        if leaning is None and _predicate_only(cues) and not previous.items:
            # "具体怎么申请？" after a question the archive had nothing on: a predicate with no subject, and none to lean on
            return self._ask_back(cues, "上一轮没有找到相关答复，这句话没有说要问的是什么事。")
        if leaning is None or leaning.ask_back:
            return switch
        if self._continues(cues, previous) or _predicate_only(cues):
            return leaning.model_copy(update={"alternative": switch})
        return switch.model_copy(update={"alternative": leaning})

    def _names_referent(self, cues: Cues, previous: TurnState) -> bool:
        """Whether the agency or place the message names is the reply's in context ("武侯区的电话呢？" after 武侯区's
        reply asks it more; "广东的覆盖率呢？" after 安定区's asks another place)."""
        referents = self._referents(previous)
        if not referents:
            return False
        agencies = [self.agency(r) for r in referents[:1]]
        if any(agency_matches(form, a, self.tokenizer) for form in cues.agencies for a in agencies if a) \
                or any(self._lies_in(a, cues.places) for a in agencies):
            return True
        # "海南的候鸟老人呢？" after a ministry's reply on Hainan's migrant elders: a place no body of the archive is
        # of, which the reply itself speaks of, is the reply's subject, not another place to ask.
        return bool(cues.places) and not cues.agencies and not self._replies_in_places(cues.places) \
            and all(any(p in text for text in self._texts_of_reply(referents[0])) for p in cues.places)

    def _new_head(self, cues: Cues, previous: TurnState) -> str | None:
        """The head noun of a 那…呢 message (its last noun: 老师 of 农村学校体育老师) when neither the question
        before nor the reply just quoted speaks of it; None when the message names no thing, or a known one."""
        referents = self._referents(previous)
        if not referents or cues.agencies or cues.places or cues.names_reply or cues.year is not None or not cues.content:
            return None
        nouns = [pair.word for pair in postag.lcut(cues.body)
                 if pair.flag[:1] == "n" and pair.flag != "nr" and len(pair.word) > 1 and pair.word not in ASPECT_WORDS
                 and pair.word not in FIELD_WORDS]
        if not nouns:
            return None
        head = nouns[-1]
        said = previous.topic + " ".join(self._texts_of_reply(referents[0]))
        # a compound's head is its last part (体育老师 → 老师): a reply writing 物流节点 speaks of 节点
        return None if any(form in said for form in [head, *word_pieces(head)[-1:]]) else head

    def _texts_of_reply(self, reply_id: str) -> list[str]:
        reply = self.replies[reply_id]
        return [reply.title, reply.meta.proposal_title or "", *(section.text for section in reply.sections)]

    def _continues(self, cues: Cues, previous: TurnState) -> bool:
        """"每餐补几元？" after an answer from a reply on meal subsidies: every word of the question is one the
        reply just quoted already uses, so it leaves out a subject both sides know (Chinese drops it freely).
        A question naming an agency, a year, a reply or anything that reply does not speak of is new."""
        referents = self._referents(previous)
        if not referents or cues.agencies or cues.places or cues.names_reply or cues.year is not None:
            return False
        used = self._reply_text_words(referents[0])
        # What is asked of it ("贵不贵", "高不高") need not be written in the reply; what is named must.
        return all(word in used or is_evaluation(word) for word in cues.content)

    @staticmethod
    def _nominal(cues: Cues) -> list[str]:
        """The words of the message's own that name things, read in the message (jieba's part of speech in
        context): "收费贵不贵" names 收费 (贵 is what is asked of it), "打哪个电话能问到" names nothing of its own."""
        nouns = {pair.word for pair in postag.lcut(cues.text) if pair.flag[:1] in "nj" or pair.flag in ("vn", "eng", "l")}
        # The tokenizer and the tagger may cut differently (普惠托位 / 普惠 托位): a word holding a noun, or held in one, names.
        return [word for word in cues.content if any(noun in word or word in noun for noun in nouns)]

    def _words_of_reply(self, reply_id: str) -> frozenset[str]:
        reply = self.replies[reply_id]
        text = " ".join([reply.title, *(section.text for section in reply.sections)])
        return frozenset(self.tokenizer.tokenize(text, expand=False))

    def _clarified(self, cues: Cues, pending: str) -> str | None:
        """"卫健委那份" after "它的联系电话是多少？" was asked back: the question asked back, its pointer replaced
        by the description ("卫健委的那份答复的联系电话是多少"). None when the message asks something of its own."""
        # "那托育补助呢？" asks of its own (那…呢 asks "and what about…"), and no description of a reply says who
        # "她" is.
        if _INTERROGATIVE.search(cues.text) or (_LEAD_NA.match(cues.text) and cues.text.endswith("呢")):
            return None
        asked = self.cues(pending)
        if asked.person_ref and not (asked.singular_ref or asked.plural_ref):
            return None
        description = _CLARIFY_TAIL.sub("", _CLARIFY_LEAD.sub("", cues.text))
        if not description or not (cues.agencies or cues.year is not None or self.scope_in(description)[1]
                                    or self.content_words(description)):
            return None
        pointer = asked.singular_ref or asked.plural_ref
        if pointer is None:  # "那联系电话呢？" asked back: the description names the reply it is about
            return f"{description}的那份答复的{asked.body.strip('，,的 ')}"
        after = _REF_NOUN.match(asked.text[pointer.end():])
        classifier = pointer.group(0)[-1] if pointer.group(0)[-1] in "份个篇项条件家" else "份"
        noun = after.group("noun") or "答复"
        return f"{asked.text[: pointer.start()]}{description}的那{classifier}{noun}{asked.text[pointer.end() + after.end():]}"

    def _nothing_to_shift(self, cues: Cues, previous: TurnState, shifting: bool = False) -> Resolution | None:
        """"那去年的呢？" after a question the archive had nothing on: there is no answer to narrow or to
        set against another agency or year, and the message brings no subject of its own. A shift of what
        the question itself named is still a question ("西湖区住建局…？" then "那市场监管局呢？", "别的地方呢？"),
        and so is a narrowing that names where to look ("只要广州的")."""
        if cues.content or self._referents(previous) or previous.items:
            return None
        if shifting and self._names_what_shifts(cues, previous.topic):
            return None
        if not shifting and (cues.agencies or cues.places) and previous.topic:
            return None  # "只要广州的": the question before, asked again where the message says
        return self._ask_back(cues, "上一轮没有找到相关答复，无从缩小范围或换个部门、年份比较。")

    def _names_what_shifts(self, cues: Cues, topic: str) -> bool:
        """Whether the question before names the agency, place or year the message puts another in place of."""
        agencies, places, _ = self.scope_in(topic)
        # "西湖区住建局": an agency by a name the archive does not write, after its place
        agencies += [m.group(0) for place in places if (m := _AGENCY_AFTER_PLACE.match(topic, topic.index(place) + len(place)))]
        noun = cues.contrast.group("noun") if cues.contrast else None
        if cues.year is not None or (noun and re.fullmatch(_YEAR_CONTRAST, noun)):
            return self.year_in(topic) is not None
        if cues.places or cues.level or (noun and re.fullmatch(_PLACE_CONTRAST, noun)):  # 那姑苏区呢 / 别的地方呢
            return bool(agencies or places)
        return bool(agencies) and not (noun and re.fullmatch(_REPLY_CONTRAST, noun))  # 那民政局呢 / 其他部门呢

    def _standalone(self, kind: Kind, cues: Cues, message: str) -> Resolution:
        year = _YEAR_SCOPE.search(cues.text)
        scope = Scope(year=int(year.group(1)) if year else None)
        query, fallback = message.strip(), None
        # A question naming a reply by its document number ("武民函〔2024〕112号的联系电话是多少？", as the
        # suggested questions do) is about that reply: scope to it and ask with the rest of the words.
        named = self._named_by_doc_number(cues.text)
        if len(named) == 1:
            reply_id, doc_number = named[0]
            scope.reply_ids = [reply_id]
            query, fallback = self._scoped_query(cues.text.replace(doc_number, " ")), query
        return Resolution(kind=kind, understood_as=cues.text + "？", query=query, topic=message.strip(), scope=scope,
                          fallback_query=fallback, note="新问题：不沿用上文的答复范围" if kind == "switch" else None)

    def _named_by_doc_number(self, text: str) -> list[tuple[str, str]]:
        """(reply id, its document number) for each reply whose document number the text writes out,
        found through the answerer's number map, not by visiting replies."""
        _, keys = grammar.referenced_numbers(text)
        candidates = sorted({rid for key in keys for rid in self.numbers.by_document.get(key, ())})
        numbers = [(rid, self.replies[rid].meta.doc_number or "") for rid in candidates]
        return [(rid, number) for rid, number in numbers if number and number in text]

    def _asks_field(self, text: str) -> bool:
        """A question for a field of the reply's header or closing (service/fields.py's language of fields)."""
        return asked_field(text) is not None or any(t in FIELD_WORDS for t in self.tokenizer.tokenize(text, expand=False))

    @staticmethod
    def _leans_on_context(cues: Cues) -> bool:
        if cues.proposer_ref:
            return True
        if cues.plural_ref or cues.singular_ref:
            return not cues.described  # "卫健委预约挂号那份答复" describes its reply: no context needed
        if cues.ordinal or cues.person_ref:
            return True
        if cues.narrowing or cues.contrast:
            return not cues.content
        return cues.elliptical and not cues.content

    def _ask_back(self, cues: Cues, why: str, choices: list[tuple[str, str]] | None = None) -> Resolution:
        """Ask the user to be specific. `choices`: what the thread offers the pointer (a name, and the message
        asked of it as a question of its own), named in the question asked back ("您指的是A还是B？")."""
        text = cues.text or "这个问题"
        options = list(dict.fromkeys(choices or []))
        if len(options) > 1:
            names = [name for name, _ in options]
            which = f"{'、'.join(names[:-1])}还是{names[-1]}"
            return Resolution(kind="unresolvable", understood_as=text, query=text, topic=text,
                              ask_back=f"我不确定“{text}”具体指什么。{why}您指的是{which}？",
                              choices=[question for _, question in options])
        return Resolution(
            kind="unresolvable", understood_as=text, query=text, topic=text,
            ask_back=f"我不确定“{text}”具体指什么。{why}请把问题说完整，例如写明答复单位、提案编号或要问的事项。",
        )

    @staticmethod
    def _asked_of(text: str, phrase: str, name: str) -> str:
        """The message asked of one candidate: the pointer replaced by its name ("这个部门的电话" → "水务局的电话")."""
        asked = text.replace(phrase, name, 1) if phrase and phrase in text else f"{name}{text}"
        return _strip_end(asked).replace("的的", "的") + "？"

    def _labels(self, reply_ids: list[str]) -> str:
        labels = [reply_label(self.replies[r]) for r in reply_ids if r in self.replies]
        if not labels:
            return "上文的答复"
        return labels[0] if len(labels) == 1 else f"{labels[0]}等{len(labels)}份答复"

    def _referents(self, previous: TurnState) -> list[str]:
        return [r for r in (previous.quoted or previous.scope.reply_ids) if r in self.replies]

    def _aspect_question(self, label: str, body: str) -> str:
        """"联系电话" → "{label}的联系电话是什么？"; a question already ("什么时候完成") is kept."""
        body = body.strip("，,的 ")
        if not body:
            return f"{label}的主要内容是什么？"
        if _INTERROGATIVE.search(body):
            return f"{label}中，{body}？"
        return f"{label}的{body}是什么？"

    @staticmethod
    def _scoped_query(text: str) -> str:
        """What retrieval needs once the scope filter holds the replies: the words of the message
        itself. The reply's name would only add words every passage of that reply shares."""
        query = _strip_end(text).strip("，,的 ")
        return query or "主要内容"

    def _ambiguous(self, previous: TurnState, targets: list[str]) -> list[str]:
        """What a singular "它/那份答复/那…呢" could equally mean: the agencies the previous question named
        side by side ("民政局和卫健委分别…") whose replies the answer quoted, or, when the previous question
        asked about each of several things ("A和B分别什么时候上线？"), the replies the answer quoted for them."""
        named, _ = self.agencies_in(previous.topic)
        quoted_agencies = [self.agency(r) or "" for r in targets]
        matched = [form for form in named if any(agency_matches(form, a, self.tokenizer) for a in quoted_agencies)]
        if len(matched) > 1:
            return matched
        if _EACH.search(previous.topic):
            # "A和B分别什么时候上线？" asked about several things, even when the answer found only one of them.
            return [reply_label(self.replies[r]) for r in targets[:3]] if len(targets) > 1 else [f"“{_strip_end(previous.topic)}”问到的几项"]
        return []

    def _side_by_side(self, topic: str) -> list[str]:
        """Agencies or places a question names joined by a conjunction ("渝中和岳麓…各补多少"): a later "第二点"
        or "它" cannot tell which one's reply is meant. (上海市浦东新区 is one place written whole, not two.)"""
        agencies, places, _ = self.scope_in(topic)
        names = agencies + places
        return [a for a in names for b in names if a != b
                and re.search(f"{re.escape(a)}(?:和|与|及|以及|跟|同|、){re.escape(b)}|{re.escape(b)}(?:和|与|及|以及|跟|同|、){re.escape(a)}",
                              topic)][:2]

    def _described(self, description: str, referents: list[str], previous: TurnState) -> list[str]:
        """The replies (of `referents`) a description before a demonstrative fits: the year, agency or place
        it names, else the replies whose title or cited passages use most of its words ("养老的那个" among a
        养老 reply and a 数据 reply)."""
        named, places, rest = self.scope_in(description)
        year = self.year_in(description)
        if year is not None:  # "2024年那份"
            referents = [r for r in referents if self.year(r) == year]
            rest = _RELATIVE_YEARS.sub(" ", _YEAR.sub(" ", rest))
        if named or places:  # "卫健委那份", "武侯区的那份"
            return [r for r in referents if any(agency_matches(f, self.agency(r), self.tokenizer) for f in named)
                    or any(place in (self.agency(r) or "") for place in places)]
        words = set(self.content_words(rest))
        if year is not None and not words:
            return referents
        if not words:
            return []
        overlap = {r: len(words & self._reply_words(r, previous)) for r in referents}
        best = max(overlap.values(), default=0)
        return [r for r in referents if best and overlap[r] == best]

    def _reply_words(self, reply_id: str, previous: TurnState) -> set[str]:
        """Words a quoted reply was seen under: its title, the proposal's title and the passages cited from it."""
        reply = self.replies[reply_id]
        texts = [reply.title, reply.meta.proposal_title or ""]
        for item in previous.items:
            if item.reply_id == reply_id:
                section = reply.section(item.section_id)
                texts.append(section.text if section else item.heading)
        return set(self.tokenizer.tokenize(" ".join(texts), expand=False))

    def _ellipsis(self, cues: Cues, previous: TurnState) -> Resolution:
        referents = self._referents(previous)
        if not referents:
            return self._ask_back(cues, "上一轮没有引用任何答复，无法确定这里省略的是哪一份。")
        if not cues.body and not cues.content:
            return self._ask_back(cues, "这句话没有说要问什么。")
        if both := self._ambiguous(previous, referents):
            return self._ask_back(cues, f"上文同时问到了{'和'.join(both)}，不确定问的是哪一份。",
                                  [(name, self._aspect_question(name, cues.body)) for name in both])
        if elsewhere := self._answered_elsewhere(previous, referents):
            return self._ask_back(cues, elsewhere)
        bodies = self._bodies_quoted(previous, referents) if self._asks_field(cues.text) else []
        if len(bodies) == 1:  # "安定区卫健局…？" then "那联系电话呢？": the body the question named
            referents = bodies + [r for r in referents if r != bodies[0]]
        if len(bodies) > 1:
            # "那联系电话呢？" after an answer quoting two bodies the question did not single out: a telephone, a
            # contact, a 文号 is one body's, and the citizen calls the one handling their matter. Giving the first
            # body's as if it were the one would be a guess; the ask-back names each body, one click away.
            return self._ask_back(cues, f"上一轮回答引用了{len(bodies)}个单位的答复，各有各的{_strip_end(cues.body) or '信息'}。",
                                  [(plain_agency(self.agency(r)), self._aspect_question(reply_label(self.replies[r]), cues.body))
                                   for r in bodies[:3]])
        # "那联系电话呢？" asks about the reply the last answer quoted first.
        label = self._labels(referents[:1])
        question = self._aspect_question(label, cues.body)
        query = self._scoped_query(cues.body)
        if not cues.content and not self._asks_field(cues.text):
            # "能贷多少？" drops its subject: it is the one the conversation is about (the topic's own words).
            query = f"{_strip_end(self.agencies_in(previous.topic)[1]).strip()} {query}"
        elif (field := asked_field(cues.body)) is not None and not self._nominal(cues):
            # "打哪个电话能问到？": the field asked ("打哪个电话"); the verbs around it are no words of the reply.
            query = cues.body[field.start: field.end]
        return Resolution(kind="ellipsis", understood_as=question, query=query, topic=previous.topic,
                          fallback_query=None if self._nominal(cues) else question,
                          scope=Scope(reply_ids=referents[:1], year=previous.scope.year),
                          note=f"沿用上文：{label}")

    def _bodies_quoted(self, previous: TurnState, referents: list[str]) -> list[str]:
        """The first quoted reply of each body the last answer quoted, when the question before named none of them
        alone (a question naming one, "安定区卫健局…", is about that one); one reply when one body answered."""
        first_of: dict[str, str] = {}
        for reply_id in referents:
            first_of.setdefault(self.agency(reply_id) or reply_id, reply_id)
        named, _ = self.agencies_in(previous.topic)
        singled = [a for a in first_of if any(agency_matches(form, a, self.tokenizer) for form in named)]
        if len(singled) == 1:
            return [first_of[singled[0]]]
        return list(first_of.values())

    def _answered_elsewhere(self, previous: TurnState, referents: list[str]) -> str | None:
        """Why the thread offers nothing for a pointer when the question before named a place the replies quoted
        are neither of nor speak of ("海淀区垃圾分类做得怎么样？" answered from another district's reply): the
        answer was about somewhere else, so "那联系人呢？" has no antecedent of the place asked. None otherwise."""
        agencies, places, _ = self.scope_in(previous.topic)
        if agencies:
            return None
        table = gazetteer()
        asked = [d for p in places if not any(p in a for a in agencies) and (d := table.named_alone(p))]
        # a question opening with its place, glued to the noun after it ("云南农村饮水…", "北京海淀区垃圾分类…")
        if (opening := table.locate(_strip_end(previous.topic))) is not None:
            asked.append(opening)
        if not asked:
            return None
        for reply_id in referents[:3]:
            division = table.locate(self.agency(reply_id))
            # a reply of the place, of a place around it (a city's reply speaks for its districts), or speaking of it
            if division is not None and any(division.overlaps(d) for d in asked):
                return None
            texts = self._texts_of_reply(reply_id)
            if any(name in text for d in asked for name in (d.name, table.stem(d.name)) for text in texts):
                return None
        said = "、".join(dict.fromkeys(d.name for d in asked))
        return f"上一轮问的是{said}，但引用的{self._labels(referents[:1])}不是{said}的，档案中可能没有{said}的相关答复。"

    def _more(self, cues: Cues, previous: TurnState) -> Resolution:
        referents = self._referents(previous)
        if not referents:
            return self._ask_back(cues, "上一轮没有引用任何答复，不知道要接着问哪一份。")
        label = self._labels(referents)
        topic = _strip_end(previous.topic)
        return Resolution(kind="ellipsis", understood_as=f"{label}中，关于“{topic}”还说了什么？",
                          query=self._topic_without_agencies(topic), topic=previous.topic,
                          scope=Scope(reply_ids=referents, year=previous.scope.year), note=f"沿用上文：{label}")

    def _reference(self, cues: Cues, previous: TurnState) -> Resolution:
        referents = self._referents(previous)
        match = cues.plural_ref or cues.singular_ref
        before, rest_start = cues.text[: match.start()], match.end()
        after = _REF_NOUN.match(cues.text[rest_start:])
        noun = after.group("noun") or ""
        phrase = cues.text[match.start(): rest_start + after.end()]
        rest = cues.text[rest_start + after.end():]
        if cues.described:
            # "卫健委那份答复", "养老的那个": the description picks among the replies just quoted, else among
            # the other sources the answer cited, or stands alone.
            cited = [i.reply_id for i in previous.items if i.reply_id in self.replies and i.reply_id not in referents]
            picked = self._described(before, referents, previous) or self._described(before, list(dict.fromkeys(cited)), previous)
            if not picked:
                return self._standalone("switch", cues, cues.text)
            if len(picked) > 1 and not cues.plural_ref:
                return self._ask_back(cues, f"上文有{len(picked)}份答复都符合“{before}”。",
                                      [(reply_label(self.replies[r]), self._asked_of(cues.text, before + phrase, reply_label(self.replies[r])))
                                       for r in picked[:3]])
            referents, before = picked, ""
        elif not referents:
            return self._ask_back(cues, "上一轮没有引用任何答复，无法确定“这些/它”指什么。")
        elif elsewhere := self._answered_elsewhere(previous, referents):
            return self._ask_back(cues, elsewhere)
        targets = referents if cues.plural_ref else referents[:1]
        if not cues.plural_ref and not cues.described and (both := self._ambiguous(previous, referents)):
            return self._ask_back(cues, f"上文同时问到了{'和'.join(both)}，不确定“{phrase}”指哪一份。",
                                  [(name, self._asked_of(cues.text, phrase, name)) for name in both])
        # "它的文号是多少？": a reply's field is asked of a reply (a programme the answer named has none),
        # and after an answer quoting several replies, one of them is meant but not said.
        asks_reply = noun in ("答复", "回复", "提案", "建议") or (not re.fullmatch(_AGENCY_NOUN, noun or "-") and self._asks_field(rest))
        if asks_reply and not cues.plural_ref and not cues.described and len(referents) > 1:
            labels = [reply_label(self.replies[r]) for r in referents[:3]]
            return self._ask_back(cues, f"上文引用了{len(referents)}份答复，不确定“{phrase}”指哪一份。",
                                  [(label, self._asked_of(cues.text, phrase, label)) for label in labels])
        if noun and re.fullmatch(_AGENCY_NOUN, noun):  # 这个部门 → the agency, not one reply
            if not cues.plural_ref and not cues.described:
                # one body is meant: the thread's answer quoted several, and the question before named none of them
                quoted_agencies = list(dict.fromkeys(a for r in referents if (a := self.agency(r))))
                named, _ = self.agencies_in(previous.topic)
                singled = [a for a in quoted_agencies if any(agency_matches(form, a, self.tokenizer) for form in named)]
                if len(singled) == 1:  # "民政局…？" then "这个部门…": the one the question named
                    targets = [r for r in referents if self.agency(r) == singled[0]]
                elif len(quoted_agencies) > 1:
                    return self._ask_back(cues, f"上一轮回答引用了{len(quoted_agencies)}个单位的答复。",
                                          [(plain_agency(a), self._asked_of(cues.text, phrase, plain_agency(a)))
                                           for a in quoted_agencies[:3]])
            agencies = list(dict.fromkeys(self.agency(r) for r in targets if self.agency(r)))
            if not agencies:
                return self._ask_back(cues, "上文的答复没有写明答复单位。")
            name = "、".join(plain_agency(a) for a in agencies)
            if _WHERE_IS.fullmatch(_strip_end(rest)) and len(targets) == 1:
                # "他们在哪办公？": the one place a reply says its office is, is the address it closes with
                question = f"{self._labels(targets)}的联系地址是什么？"
                return Resolution(kind="reference", understood_as=question, query="联系地址", fallback_query=question,
                                  topic=previous.topic, scope=Scope(reply_ids=targets), note=f"“{phrase}”指{name}")
            question = _strip_end(before + name + rest) + "？"
            return Resolution(kind="reference", understood_as=question, query=question, topic=previous.topic,
                              scope=Scope(agency=agencies[0] if len(agencies) == 1 else None, year=previous.scope.year),
                              note=f"“{phrase}”指{name}")
        label = self._labels(targets)
        scope = Scope(reply_ids=targets, year=previous.scope.year)
        if asks_reply:
            question = _strip_end(before + label + rest).replace("的的", "的") + "？"
            # "补贴那份答复是哪天发的？": the description's words picked the reply; the question has none of its own.
            return Resolution(kind="reference", understood_as=question, query=self._scoped_query(before + " " + rest),
                              topic=previous.topic, fallback_query=None if self.content_words(before + rest) else question,
                              scope=scope,
                              note=f"“{phrase}”指{label}")
        if not cues.plural_ref and previous.names and noun in ("", "文件", "计划", "政策", "措施", "项目", "平台"):
            # "它会规定哪些内容？": the thing the answer just named (《…》) is the most salient referent.
            name = previous.names[0]
            if previous.named_in.get(name) in self.replies:
                label, scope.reply_ids = reply_label(self.replies[previous.named_in[name]]), [previous.named_in[name]]
            question = _strip_end(before + name + rest) + "？"
            return Resolution(kind="reference", understood_as=question, query=self._scoped_query(f"{name} {rest}"),
                              topic=previous.topic, scope=scope, note=f"“{phrase}”指{name}（{label}）")
        # "上面说的补贴怎么申请？": the words after the pointer name what was mentioned; "这些什么时候完成？" names nothing.
        names_thing = any(rest.lower().startswith(word) for word in self.content_words(rest))
        if names_thing and not cues.plural_ref and not cues.described and (mention := self._mention(rest, previous)):
            return mention if mention.ask_back else mention.model_copy(update={"note": f"“{phrase}”指{mention.note}"})
        # "这个补贴怎么申请？" when neither the question, the answer nor the reply it quoted spoke of a 补贴: a
        # demonstrative and a noun need an antecedent of that noun, and the thread has none to give it.
        thing = max((w for w in self.content_words(rest) if rest.lower().startswith(w)), key=len) if names_thing else ""
        if thing and not cues.plural_ref and not cues.described and not self._spoken_of(thing, previous, targets):
            return self._ask_back(cues, f"上文没有说到“{thing}”，不确定“{phrase}{thing}”指什么。")
        # "这些什么时候完成？": what the last turn was about, in the replies it quoted. A plural referent
        # asks about each of its members: 分别 says so, and asks for every matching measure, not the best one.
        if cues.plural_ref and _PLURAL.search(phrase) and rest and not _DISTRIBUTIVE.search(cues.text):
            # after the thing named ("这些设备谁来装" → "设备分别谁来装"), else first ("这些分别什么时候完成")
            # before what is asked of them, and the verb that takes it ("这些学校老师从哪来" → "学校老师分别从哪来",
            # "这些窗口分布在哪里" → "窗口分别分布在哪里", "这些什么时候完成" → "分别什么时候完成"), else after the thing
            # named ("这些设备要补贴吗" → "设备分别要补贴吗")
            asked = _EACH_ASKED.search(rest)
            head = max((w for w in self.content_words(rest) if rest.lower().startswith(w)), key=len, default="")
            at = asked.start() if asked else len(head)
            before_asked = postag.lcut(rest[:at]) if asked else []
            if len(before_asked) > 1 and before_asked[-1].flag in ("v", "vn"):  # and its verb ("窗口分别分布在哪里")
                at -= len(before_asked[-1].word)
            rest = rest[:at] + "分别" + rest[at:].lstrip("，, ")
        referent = f"{label}中的{noun}" if noun else f"{label}中提到的" if names_thing else f"{label}中提到的事项"
        question = _strip_end(before + referent + rest).replace("的的", "的") + "？"
        # "这些学校老师从哪来？": what is asked of the referent names a thing of its own (老师), which the reply in scope
        # is searched for; the question before (新开几所学校) would only find the sentence already quoted again.
        topic_words = set(self.content_words(previous.topic))
        asks_own = [w for w in self._nominal(self.cues(rest)) if w not in topic_words and w not in noun] if rest else []
        query = f"{before} {noun}{rest}" if asks_own else f"{_strip_end(previous.topic)} {before} {noun}{rest}"
        return Resolution(kind="reference", understood_as=question,
                          query=self._scoped_query(query),
                          topic=previous.topic, fallback_query=question, scope=scope, note=f"“{phrase}”指{label}")

    def _spoken_of(self, thing: str, previous: TurnState, reply_ids: list[str]) -> bool:
        """Whether the thread spoke of a thing: the question before, the sentences the answer quoted or the reply
        pointed at write it, or its head (补贴 of 运营补贴); a word every reply has (工作, 措施) always is."""
        if thing in ASPECT_WORDS or thing in FIELD_WORDS or len(thing) < 2 or _SHELL_NOUN.fullmatch(thing):
            return True
        forms = [thing, *[piece for piece in word_pieces(thing)[-1:] if len(piece) > 1]]
        texts = [previous.topic, *previous.said, *(t for r in reply_ids[:1] if r in self.replies for t in self._texts_of_reply(r))]
        return any(form in text for form in forms for text in texts)

    def _mention(self, rest: str, previous: TurnState) -> Resolution | None:
        """"这个办法什么时候修订？": a demonstrative and a noun the last answer's sentences said (…修订数字化转型券管理
        办法) point at that mention: asked of the reply that sentence was quoted from, in the message's own words
        (the topic before was about something else). Said in sentences of two replies, it is asked back; said
        in none, None (the pointer means the reply or the topic)."""
        head = max((w for w in self.content_words(rest) if rest.lower().startswith(w)), key=len)
        if head in ASPECT_WORDS or len(head) < 2:
            return None
        mentioned = list(dict.fromkeys(r for sentence, r in zip(previous.said, previous.said_in)
                                       if head in sentence and r in self.replies))
        if len(mentioned) > 1:
            cues = self.cues(rest)
            return self._ask_back(cues, f"上一轮回答中有{len(mentioned)}份答复都提到了“{head}”。",
                                  [(reply_label(self.replies[r]), f"{reply_label(self.replies[r])}中，{_strip_end(rest)}？")
                                   for r in mentioned[:3]])
        if not mentioned:
            return None
        label = reply_label(self.replies[mentioned[0]])
        question = f"{label}中提到的{_strip_end(rest)}？"
        return Resolution(kind="reference", understood_as=question, query=self._scoped_query(rest), topic=previous.topic,
                          fallback_query=question, scope=Scope(reply_ids=mentioned, year=previous.scope.year),
                          note=f"上一轮回答中{label}提到的{head}")

    @staticmethod
    def _numbered_lists(reply: Reply) -> dict[str, list[str]]:
        """The reply's numbered sections, grouped by the section they are numbered under."""
        groups: dict[str, list[str]] = {}
        for section in reply.sections:
            if section.kind == "body" and section.level >= 1:
                groups.setdefault(section.section_id.rpartition(".")[0], []).append(section.section_id)
        return groups

    def _measures(self, reply: Reply, near: str | None) -> list[str]:
        """The numbered list an ordinal counts in when it has no n-th item: the one of the section the
        answer quoted, else the reply's longest."""
        groups = self._numbered_lists(reply)
        if near is not None and near in (siblings := groups.get(near.rpartition(".")[0], [])):
            return siblings
        return max(groups.values(), key=len, default=[])

    def _proposers(self, reply_id: str) -> list[str]:
        """The people who proposed what a reply answers (its proposers field, else the person it is addressed to);
        an organisation (县农工党支部) or a co-handling opinion's lead agency is no one "那位代表" points at."""
        return [name for name in _proposers_of(self.replies[reply_id].meta)
                if 2 <= len(name) <= 4 and not _ORGANISATION.search(name) and not grammar.is_agency_name(name)]

    def _proposer_reference(self, cues: Cues, previous: TurnState) -> Resolution:
        """"那位代表是谁？", "这位委员还提过什么？": the person who proposed what the quoted reply answers. The thread
        decides: one reply with one proposer is meant; replies of different proposers, or none naming a person, are
        asked back."""
        pointer = cues.proposer_ref
        said = pointer.group(0)
        who = pointer.group("who") or pointer.group("who2")
        referents = self._referents(previous)
        if not referents:
            return self._ask_back(cues, f"上一轮没有引用任何答复，不确定“{said}”指谁。")
        people = {r: names for r in referents if (names := self._proposers(r))}
        if not people:
            reply = self.replies[referents[0]]
            kind = reply.meta.proposal_kind or "建议"
            organisations = [n for n in _proposers_of(reply.meta) if n not in self._proposers(referents[0])]
            why = (f"上文引用的{reply_label(reply)}是答复{'、'.join(organisations)}的，没有哪位{who}。" if organisations
                   else f"上文引用的{reply_label(reply)}没有写明提出{kind}的{who}。")
            return self._ask_back(cues, why)
        rest = _strip_end(cues.text[pointer.end():])
        asks_who = not rest or bool(_ASKS_WHO.match(rest))

        def person(reply_id: str) -> str:
            title = "代表" if "建议" in (self.replies[reply_id].meta.proposal_kind or "建议") else "委员"
            return "、".join(people[reply_id]) + title

        def asked(reply_id: str) -> str:
            if asks_who:
                return f"{reply_label(self.replies[reply_id])}的提出人是谁？"
            return self._asked_of(cues.text, said, person(reply_id))

        distinct = list(dict.fromkeys(tuple(names) for names in people.values()))
        if len(distinct) > 1:
            return self._ask_back(cues, f"上一轮回答引用了{len(people)}份答复，分别答复不同的{who}。",
                                  [(person(r), asked(r)) for r in list(people)[:3]])
        reply_id = next(iter(people))
        note = f"“{said}”指{person(reply_id)}（{reply_label(self.replies[reply_id])}）"
        if asks_who:  # the reply's field: who proposed it
            return Resolution(kind="reference", understood_as=asked(reply_id), query="提案人是谁",
                              fallback_query=asked(reply_id), topic=previous.topic,
                              scope=Scope(reply_ids=[reply_id]), note=note)
        # "那位代表还提过哪些建议？": the replies to that person's proposals and suggestions
        name = people[reply_id][0]
        theirs = self.documents.reply_ids_where("json_extract(meta, '$.proposers') LIKE ?", (f"%{name}%",)) or [reply_id]
        question = asked(reply_id)
        return Resolution(kind="reference", understood_as=question, query=self._scoped_query(rest) if self._nominal(cues)
                          else self._scoped_query(f"{_strip_end(previous.topic)} {rest}"),
                          fallback_query=question, topic=previous.topic, scope=Scope(reply_ids=theirs), note=note)

    def _numbered_item(self, reply: Reply, n: int, near: str | None) -> str | None:
        """The n-th numbered section of a reply: among the siblings of the section the answer quoted
        when there are n of them, else in the reply's longest numbered list (its measures). n = 0 is the last."""
        groups = self._numbered_lists(reply)
        if near is not None:
            siblings = groups.get(near.rpartition(".")[0], [])
            if near in siblings and len(siblings) >= n:
                return siblings[n - 1]
        candidates = [g for g in groups.values() if len(g) >= max(n, 1)]
        if not candidates:
            return None
        return max(candidates, key=lambda g: (len(g), g[0].count(".")))[n - 1]

    def _ordinal_reference(self, cues: Cues, previous: TurnState) -> Resolution:
        n = 0 if cues.ordinal.group("last") else grammar.chinese_number(cues.ordinal.group("n"))
        cls = cues.ordinal.group("cls")
        ordinal = cues.ordinal.group(0)
        rest = _strip_end(cues.text[: cues.ordinal.start()] + cues.text[cues.ordinal.end():])
        rest = re.sub(rf"^(?:{_DEIXIS}|其中|中的)", "", rest.strip("，,的呢那 ")).strip("，,的 ")  # "上面第一条…"
        referents = self._referents(previous)
        if cls in _ITEM_CLASSIFIERS and referents and (both := self._side_by_side(previous.topic)):
            return self._ask_back(cues, f"上文同时问到了{'和'.join(both)}，不确定{ordinal}是哪一份答复的。",
                                  [(f"{name}的{ordinal}", self._asked_of(cues.text, ordinal, f"{name}的{ordinal}"))
                                   for name in both])
        if cls in _ITEM_CLASSIFIERS and referents:
            reply = self.replies[referents[0]]
            near = next((i.section_id for i in previous.items if i.reply_id == reply.reply_id), None)
            section_id = self._numbered_item(reply, n, near)
            if section_id is None:
                # "第三条" of a reply with two: ask which of those it has (the thread offers no third)
                there = [sec for sid in self._measures(reply, near) if (sec := reply.section(sid))]
                label = reply_label(reply)
                return self._ask_back(cues, f"上文引用的{label}只有{len(there)}条，没有{ordinal}。" if there
                                      else f"上文引用的答复没有{ordinal}。",
                                      [(f"“{sec.heading}”", f"{label}“{sec.heading}”部分说了什么？") for sec in there[:4]])
            section = reply.section(section_id)
            reply_id, heading, note = reply.reply_id, section.heading, f"“{ordinal}”指{reply_label(reply)}的“{section.heading}”"
        else:
            items = previous.items
            if cls in _REPLY_CLASSIFIERS:
                items = list({i.reply_id: i for i in reversed(previous.items)}.values())[::-1]
            n = n or len(items)  # 最后一份
            if not items:
                return self._ask_back(cues, f"上一轮没有引用任何答复，无法确定{ordinal}指什么。")
            if not 1 <= n <= len(items):
                return self._ask_back(cues, f"上一轮回答只列出了 {len(items)} {'份答复' if cls in _REPLY_CLASSIFIERS else '处出处'}，没有{ordinal}。")
            item = items[n - 1]
            reply_id, heading, note = item.reply_id, item.heading, f"“{ordinal}”指上一轮回答的第 {n} 处出处"
        label = reply_label(self.replies[reply_id]) if reply_id in self.replies else "上文的答复"
        where = f"{label}“{heading}”部分" if heading else label
        question = f"{where}中，{rest}？" if self.content_words(rest) else f"{where}说了什么？"  # "第三项是什么？"
        if cls in _REPLY_CLASSIFIERS and self._asks_field(rest):  # "第二份答复是哪天发的？": that reply's field
            asked = re.sub(r"^(?:答复|回复|文件)的?", "", rest)
            question = f"{label}{'' if asked.startswith(('是', '的')) else '的'}{asked}？"
            return Resolution(kind="reference", understood_as=question, query=self._scoped_query(rest),
                              topic=previous.topic, fallback_query=question,
                              scope=Scope(reply_ids=[reply_id], year=previous.scope.year), note=note)
        return Resolution(kind="reference", understood_as=question, query=self._scoped_query(f"{heading} {rest}"),
                          topic=previous.topic, fallback_query=None if cues.content else question,
                          scope=Scope(reply_ids=[reply_id], year=previous.scope.year), note=note)

    def _about(self, reply_ids: list[str]) -> list[str]:
        """What the replies are about, in their proposals' words (关于增加普惠托育服务供给的建议 → 普惠托育, 服务,
        供给): the user's question named one slice of it, in one reply's words; another reply on the same
        subject shares the subject's words more often than the slice's."""
        titles = [self.replies[r].meta.proposal_title or self.replies[r].title for r in reply_ids[:3] if r in self.replies]
        _, _, rest = self.scope_in(" ".join(titles))
        return list(dict.fromkeys(self.content_words(re.sub(r"关于|的建议|的提案|建议|提案", " ", rest))))

    def _cited_words(self, previous: TurnState) -> list[str]:
        """The words of what the last answer quoted first (乘客通过手机小程序预约 → 乘客, 手机, 小程序, 预约), without
        its agencies and places: what the user was shown, which another reply on it may say in the same words when
        the user's own words (约车公交) are not theirs."""
        _, _, rest = self.scope_in(" ".join(previous.said[:1]))
        return list(dict.fromkeys(self.content_words(_RELATIVE_YEARS.sub(" ", _YEAR.sub(" ", rest)))))

    def _topic_without_agencies(self, topic: str) -> str:
        _, places, _ = self.scope_in(topic)
        for place in places:  # "西湖区住建局": an agency by a name the archive does not write, after its place
            if place in topic and (body := _AGENCY_AFTER_PLACE.match(topic, topic.index(place) + len(place))):
                topic = topic.replace(place + body.group(0), " ", 1)
        agencies, stripped = self.agencies_in(topic)
        for agency in agencies:  # "国家发改委在算力上…": the nation written before it goes with it
            for nation in _NATIONAL_PREFIXES:
                if f"{nation}{agency}" in topic:
                    stripped = re.sub(rf"{nation}\s+", " ", stripped, count=1)
        return _strip_end(stripped).strip().lstrip("，,的对在") or topic

    def _topic_without_years(self, topic: str) -> str:
        """"2024年科经委说…" asked again for 2025: the year the contrast replaces leaves the topic."""
        stripped = _RELATIVE_YEARS.sub("", _YEAR.sub("", topic))
        return _strip_end(stripped).lstrip("，,的对在说") or topic

    def _with_subject(self, topic: str, subject: str, lead: str = "") -> str:
        """The topic asked again of another subject, as a question of its own: the agency it named, else
        the place, replaced ("发改委在算力上做了什么？" → "其他部门在算力上做了什么？"), else the subject said
        as where the answer comes from ("数据局的答复中，…？")."""
        topic = _strip_end(topic)
        agencies, named_places, _ = self.scope_in(topic)
        written = next((w for w in agencies + named_places if w in topic), None)
        while written and (before := next((p for p in named_places if p + written in topic), None)):
            written = before + written  # "西安雁塔区": every place written before it goes too
        while written and (after := next((p for p in named_places if written + p in topic), None)):
            written += after  # "成都市武侯区" asked of other provinces: the district goes with its city
        if written in named_places and (body := _AGENCY_AFTER_PLACE.match(topic, topic.index(written) + len(written))):
            written += body.group(0)  # "西湖区住建局": an agency by a name the archive does not write
        if written and (nation := next((p for p in _NATIONAL_PREFIXES if topic[: topic.index(written)].endswith(p)), "")):
            written = nation + written
        if written:
            return f"{lead}{topic.replace(written, subject, 1)}？"
        return f"{lead}{subject}的答复中，{topic.lstrip('，,的对在')}？"

    @staticmethod
    def _with_year(topic: str, year: str, lead: str = "") -> str:
        """The topic asked of another year: "2024年科经委说…" → "2025年科经委说…"; a topic without a year
        → "2025年的答复中，…"."""
        topic = _strip_end(topic)
        written = _YEAR.search(topic) or _RELATIVE_YEARS.search(topic)
        if written:
            return f"{lead}{topic[: written.start()]}{year}{topic[written.end():]}？".replace("年年", "年")
        return f"{lead}{year}的答复中，{topic}？"

    def _own_words(self, cues: Cues) -> str:
        """The message without its contrast ("其他部门", "除了X，", "类似的做法", "全国", "省内"): what it asks of its own."""
        text = _EXCEPT.sub("", cues.text)
        text = _SAME_AS_TOPIC.sub("", _CONTRAST_WHERE.sub("", _CONTRAST.sub("", _WITHIN.sub("", _NATIONWIDE.sub("", text)))))
        # "还有哪些部门有助餐措施？": the verb after the contrasted subject is no word to search for.
        text = re.sub(r"^[，,\s]*(?:也|还|都)?(?:有|在|对|是)?", "", _LEAD_NA.sub("", text))
        return _strip_end(_TRAIL_PARTICLE.sub("", text).strip("，,的 "))

    def _place_to_set_off(self, agency: str | None, noun: str) -> str | None:
        """The place "其他地方/别的区/其他城市" sets off, from a quoted agency: the innermost place, or the
        city (其他城市) or province (其他省份, 外省) it lies in, as the division table says (思明区民政局 lies in
        厦门市, 福建省), else as its name writes it."""
        places = grammar.parse_agency(agency).places if agency else ()
        level = _place_noun_level(noun)
        division = gazetteer().locate(agency)
        if division is not None and level in ("province", "city"):
            return (gazetteer().province(division) if level == "province" else gazetteer().city(division)).name
        if division is not None and not places:  # 宁夏水利厅, 黔东南州民政局: a place the grammar does not split off
            return division.name
        if level in ("province", "city"):
            found = next((place for place in places if grammar.parse_agency(place).level == level), None)
            # 杭州市西湖区 does not write its province: the widest place it does write is set off.
            return found or (places[0] if places else None)
        return places[-1] if places else None

    def _lies_in(self, agency: str | None, places: list[str]) -> bool:
        """Whether an agency belongs to one of the places: by its name (武侯区 of 成都市武侯区民政局), or by the
        division table (思明区民政局 lies in 福建省; a place the table has twice, 鼓楼区, only by name)."""
        if not agency:
            return False
        if any(place in agency for place in places):
            return True
        division = gazetteer().locate(agency)
        return division is not None and any(division.within(d) for p in places if (d := gazetteer().named_alone(p)))

    def _wider(self, wide: str, narrow: str) -> bool:
        """Whether every agency of the archive in `narrow` lies in `wide` too (雁塔区 in 西安市, 西湖区 in 浙江省), so
        that setting off the wider says it; of two with the same agencies, the one of the higher level is wider."""
        inside = self._agencies_in_places([narrow])
        if not inside or not all(self._lies_in(a, [wide]) for a in inside):
            return False
        if not all(self._lies_in(a, [narrow]) for a in self._agencies_in_places([wide])):
            return True

        def rank(place: str) -> int:
            division = gazetteer().named_alone(place)
            return ("province", "city", "district").index(division.level) if division else 3
        return rank(wide) < rank(narrow)

    def _agencies_in_places(self, places: list[str]) -> list[str]:
        """Every agency of the archive in one of the places (full names, from the filter column)."""
        return [a for a in self.documents.columns.agencies if self._lies_in(a, places)]

    def _replies_where(self, test) -> list[str]:
        """The replies whose agency passes `test`, read from the filter columns (once per distinct agency)."""
        columns = self.documents.columns
        inside = np.array([bool(a) and test(a) for a in columns.agencies], dtype=bool)
        return [columns.reply_ids[i] for i in np.flatnonzero(inside[columns.agency])] if len(inside) else []

    def _replies_in_places(self, places: list[str]) -> list[str]:
        """The replies of every agency in one of the places."""
        return self._replies_where(lambda agency: self._lies_in(agency, places))

    @staticmethod
    def _level(agency: str) -> str | None:
        """national, province, city or district, by the division table (重庆市's bodies are of a province's rank)."""
        return gazetteer().level(agency)

    def _around(self, reply_ids: list[str], level: str):
        """The divisions of `level` (province, city, district) the replies' agencies lie in."""
        found = [d for r in reply_ids if (d := gazetteer().locate(self.agency(r)))]
        up = {"province": gazetteer().province, "city": gazetteer().city, "district": lambda d: d}[level]
        return list(dict.fromkeys(up(d) for d in found))

    @staticmethod
    def _kept_to(scope: Scope, replies: list[str]) -> Scope:
        """The scope kept to `replies` as well (nothing, when none is left)."""
        kept = [r for r in scope.reply_ids if r in set(replies)] if scope.reply_ids else replies
        return scope.model_copy(update={"reply_ids": kept, "nowhere": not kept})

    def _contrast(self, cues: Cues, previous: TurnState) -> Resolution:
        # 别处/还有哪里/隔壁 are places (省外 says which kind); a bare 其他/别的 ("其他的呢？") sets off agencies,
        # "不看武侯区的" its place.
        said = cues.contrast.group(0)
        where = (cues.contrast.re is _CONTRAST_WHERE and "谁" not in said) or re.search("别处|哪里|哪儿", said)
        bare_place = where or (_LEAVE_OUT.match(said) and cues.places and not cues.agencies)
        noun = cues.contrast.group("noun") or cues.contrast.groupdict().get("outside") or ("地方" if bare_place else "部门")
        noun = "地方" if noun == "地" else noun  # 外地
        # 其他国家部委, 其他省直单位, 其他县级部门: the level the qualifier (or 部委) says
        qualified = _QUALIFIER_LEVEL.search(said)
        level = "national" if noun == "部委" else _QUALIFIER_LEVEL_OF[qualified.group(0)] if qualified else None
        topic = previous.topic
        scope = previous.scope.model_copy(update={"reply_ids": []})
        quoted = self._referents(previous)
        # "其他区补得多吗？" brings only a predicate: the topic stays; "其他部门对老年人有什么便利措施？" brings its own.
        own = self._own_words(cues) if self._nominal(cues) else ""
        nothing_else = None
        if re.fullmatch(_REPLY_CONTRAST, noun):
            others = [r for r in self.documents.columns.reply_ids if r not in set(quoted)]
            scope = scope.model_copy(update={"reply_ids": others})
            understood = f"除上文引用的答复以外，其他答复中，{_strip_end(topic)}？"
            query = topic
        elif re.fullmatch(_YEAR_CONTRAST, noun):
            # the years of the replies quoted, and the year the question asked (an answer may have come from another)
            asked_year = self.year_in(topic)
            years = sorted({self.year(r) for r in quoted if self.year(r)} | ({asked_year} if asked_year else set()))
            columns = self.documents.columns
            others = [columns.reply_ids[i] for i in np.flatnonzero(~np.isin(columns.year, years))]
            scope = scope.model_copy(update={"reply_ids": others, "year": None})
            query = self._topic_without_years(topic)
            lead = f"除{'、'.join(map(str, years))}年以外，" if years else ""
            understood = f"{lead}其他年份的答复中，{_strip_end(query)}？"
            nothing_else = f"{lead}档案中没有找到其他年份谈到这个问题的答复。"
        else:
            # What "其他" sets off: what the message says ("除了民政局，…"), else the agency or place the last
            # question named, else those of the replies the answer quoted.
            said_agencies, said_places, _ = self.scope_in(cues.excepted) if cues.excepted else ([], [], "")
            said_places = [p for p in said_places if not any(p in a for a in said_agencies)]  # 武侯区 of 武侯区民政局
            named, named_places, _ = self.scope_in(topic)
            # Unless the message says what it sets off, "other" is other than everything the conversation has
            # shown: the place or agency the question named and those of the replies the answer quoted (an
            # answer may come from elsewhere when the one named has nothing), and what an earlier "other" left out.
            quoted_agencies = [a for r in quoted if (a := self.agency(r))
                               and not any(agency_matches(form, a, self.tokenizer) for form in named)]
            if re.fullmatch(_PLACE_CONTRAST, noun):
                in_topic = self._place_to_set_off(named_places[0], noun) if named_places else None
                places = said_places or list(dict.fromkeys(([in_topic] if in_topic else []) + [
                    p for r in quoted if (p := self._place_to_set_off(self.agency(r), noun))]))
                places = [p for p in places if not any(self._wider(q, p) for q in places if q != p)]
                # A ministry or an agency named without its place (教育部, 市教育局) sets off itself.
                agencies = said_agencies if said_places or said_agencies else [
                    a for a in named + quoted_agencies if not self._lies_in(a, places)]
                kind = noun if places else "部门"  # 其他区, 其他城市, 其他地方: as the message says it
            else:
                places = said_places
                agencies = said_agencies or ([] if said_places else named + quoted_agencies)
                agencies += [] if places else ([previous.scope.agency] if previous.scope.agency else [])
                kind = "部门"
            if not (said_agencies or said_places):
                agencies += previous.scope.exclude_agencies
            excluded = list(dict.fromkeys(agencies + self._agencies_in_places(places)))
            if not excluded:
                return self._ask_back(cues, "上文没有引用任何部门的答复，无法确定“其他”指谁之外。")
            scope = scope.model_copy(update={"agency": None, "exclude_agencies": excluded})
            within = ""
            if cues.places and not re.fullmatch(_PLACE_CONTRAST, noun):  # "西湖区其他部门呢？": others of that place
                scope.reply_ids = self._replies_in_places(cues.places)
                within = "".join(cues.places)
            elif kind != "部门":  # 其他城市/省份/县: a place's bodies, never a ministry (it has no place)
                scope.exclude_agencies = list(dict.fromkeys(scope.exclude_agencies + self._national_agencies()))
            # 其他县 are county-level bodies, 其他城市 a city's (its districts' too), 其他国家部委 ministries
            wanted = _LEVELS_OF.get(level) if level else ("district",) if _place_noun_level(kind) == "district" \
                else ("city", "district") if _place_noun_level(kind) == "city" else None
            if wanted:
                scope = self._kept_to(scope, self._replies_where(lambda a: self._level(a) in wanted))
                kind = f"{qualified.group(0)}{noun}" if qualified else kind
            if cues.within and (around := self._around(quoted, cues.within)):
                # "省内其他城市": inside the province (city, county) the replies quoted lie in
                scope = self._kept_to(scope, self._replies_where(lambda a: (d := gazetteer().locate(a)) is not None
                                                                  and any(d.within(e) for e in around)))
                within = "、".join(e.name for e in around)
            query = self._topic_without_agencies(topic)
            names = "、".join(dict.fromkeys(places + [plain_agency(a) for a in agencies if not self._lies_in(a, places)]))
            lead = f"除{names}以外，"
            understood = self._with_subject(topic, f"{within}其他{kind}", lead)
            nothing_else = f"{lead}档案中没有找到{within}其他{'地方' if kind == '部门' and places else kind}谈到这个问题的答复。"
            if own:  # 其他部门对老年人有什么便利措施？ — the message brings its own topic
                understood = f"{cues.text}？" if cues.excepted else f"{lead}{cues.text}？"
        if own:
            # The question word may have been the contrast's ("还有哪些部门有助餐措施？"): ask the topic with it. A
            # question of its own replaces the topic when it names a thing ("对老年人有什么便利措施"), not when its
            # only word is the verb after 怎么 ("别的地方是怎么规定的", "怎么收费": asked of the topic).
            # A single word ("别的地方的标准是多少", "有类似补贴吗") is an aspect of the topic: asked with it.
            how = {m.group(1) for m in _HOW_VERB.finditer(own)}
            names = [w for w in self.content_words(own) if not any(w.startswith(v) or v.startswith(w) for v in how)]
            query = own if _INTERROGATIVE.search(own) and len(names) > 1 else f"{_strip_end(query)} {own}"
        asked = with_stated_unit(query, previous.said)
        resolution = Resolution(kind="contrast", understood_as=understood, query=asked,
                                relaxed_from=without_guessed_count(query, asked), topic=topic, scope=scope, about=self._about(quoted),
                                cited=self._cited_words(previous),
                                note="同一话题，换成上文之外的答复", nothing_else=nothing_else)
        return self._without_kept_year(resolution)

    @staticmethod
    def _without_kept_year(resolution: Resolution) -> Resolution:
        """"只看2024年的" then "其他地方呢？": the others are asked in the year kept, and when they have nothing that
        year, in any year, saying so; when they have nothing at all, the answer says the year was kept too."""
        year = resolution.scope.year
        if year is None:
            return resolution
        said = f"（按上文只看{year}年的答复）"
        anyyear = resolution.model_copy(update={
            "scope": resolution.scope.model_copy(update={"year": None}),
            "note": f"{resolution.note}；其他答复没有{year}年的，以下不限年份",
            "understood_as": resolution.understood_as.replace(f"{year}年的答复中，", "").replace(f"{year}年", "")})
        return resolution.model_copy(update={
            "alternative": anyyear, "note": f"{resolution.note}{said}",
            "nothing_else": resolution.nothing_else and f"{resolution.nothing_else}（上文只看{year}年的答复；不限年份也没有找到。）"})

    def _switch_dimension(self, cues: Cues, previous: TurnState) -> Resolution:
        """那区教育局呢？ / 那姑苏区呢？ / 那2023年呢？: the same topic, another agency, place or year."""
        scope = previous.scope.model_copy(update={"reply_ids": [], "exclude_agencies": []})
        new_scope = (cues.agencies or cues.places)[:1]
        query = self._topic_without_agencies(previous.topic) if new_scope else previous.topic
        understood = _strip_end(previous.topic)
        if new_scope:
            if cues.agencies:
                scope.agency = new_scope[0]
                if not self.names.agencies_in(new_scope[0]):  # "人社部呢？": a short form the archive never writes
                    meant = self._abbreviated(new_scope[0], [self.agency(r) for r in self._referents(previous)])
                    if len(meant) == 1:
                        scope.agency = meant[0]
                    elif meant:
                        scope.agency, scope.reply_ids = None, self._replies_of(meant)
                # "鼓楼区教育局…" then "那卫健委呢？": an agency named without a place is the one of the place
                # the conversation is in, when that place has one.
                if not grammar.parse_agency(new_scope[0]).places:
                    # the place the question named, else those of the replies quoted (the answer may come from elsewhere)
                    named, named_places, _ = self.scope_in(previous.topic)
                    here = list(dict.fromkeys([p for a in named for p in grammar.parse_agency(a).places[-1:]] + named_places + [
                        p for r in self._referents(previous) if (p := self._place_to_set_off(self.agency(r), "地方"))]))
                    local = [a for a in self._agencies_in_places(here[:1])
                             if agency_matches(new_scope[0], a, self.tokenizer)]
                    if len(local) == 1:
                        scope.agency = local[0]
                        new_scope = [plain_agency(local[0])]
            else:  # a place holds agencies of its own level and below (南京市 holds 鼓楼区卫健委)
                scope.agency, scope.reply_ids = None, self._replies_in_places(new_scope)
                scope.nowhere = not scope.reply_ids  # "那河北呢？" with no reply from Hebei: nothing, not everything
            understood = _strip_end(self._with_subject(understood, new_scope[0]))
        elif cues.level:  # 省里呢？ 国家层面呢？ 地方上呢？: the bodies of that level, other than those just quoted
            new_scope = [_LEVEL_LABEL[cues.level]]
            query = self._topic_without_agencies(previous.topic)
            scope.agency = None
            if cues.level == "local":  # every body but the nation's, as "其他地方" asks
                scope.exclude_agencies = self._national_agencies()
            else:
                scope.reply_ids, label = self._replies_of_level(cues.level, previous)
                scope.nowhere, new_scope = not scope.reply_ids, [label]
            understood = _strip_end(self._with_subject(understood, new_scope[0]))
        if cues.year is not None:
            scope.year = cues.year
            query = self._topic_without_years(query)
            understood = _strip_end(self._with_year(understood, f"{cues.year}年"))
        changed = "".join(new_scope) + (f"{cues.year}年" if cues.year is not None else "")
        topic_words = self.content_words(previous.topic)
        own = [w for w in cues.content if w not in topic_words and not is_predicate(w)
               and not any(w in other and w != other for other in cues.content)]  # 覆盖 of 覆盖率
        if own:  # "广东的覆盖率呢？": the topic asked of Guangdong, and the thing the message names
            query = f"{_strip_end(query)} {' '.join(own)}"
            understood = f"{understood}（问的是{'、'.join(own)}）"
        asked = with_stated_unit(query, previous.said)
        resolution = Resolution(kind="contrast", understood_as=understood + "？", query=asked,
                                relaxed_from=without_guessed_count(query, asked), topic=previous.topic, scope=scope,
                                about=self._about(self._referents(previous)), cited=self._cited_words(previous),
                                note=f"同一话题，换成{changed}", nothing_else=f"档案中没有找到{changed}谈到这个问题的答复。")
        if scope.nowhere and cues.places:
            # "那贵州呢？" when no body of Guizhou answered: a reply from elsewhere (a ministry's) may still speak of
            # the place, asked with its name among the topic's words in the scope before.
            place = cues.places[0]
            resolution.alternative = resolution.model_copy(update={
                "query": f"{place} {asked}", "relaxed_from": None,
                "scope": previous.scope.model_copy(update={"reply_ids": [], "exclude_agencies": [], "agency": None}),
                "note": f"档案中没有{place}的部门的答复，以下是谈到{place}的答复"})
        return resolution

    def _national_agencies(self) -> list[str]:
        """The archive's ministries and other bodies of the nation (a few, from the filter column)."""
        return [a for a in self.documents.columns.agencies if a and grammar.parse_agency(a).level == "national"]

    def _replies_of_level(self, level: str, previous: TurnState) -> tuple[list[str], str]:
        """The replies of the bodies of a level (`_LEVELS_OF`), without those of the agencies just quoted, and what
        to call them. "省里呢？" after a county's reply is the province it lies in when the archive has that
        province's replies (福建省的省级部门), else any province's; "上级部门呢？" is the level above the reply's."""
        referents = self._referents(previous)
        quoted = {self.agency(r) for r in referents}
        if level == "above":
            level = self._level_above(next((a for a in (self.agency(r) for r in referents) if a), None))
            if level is None:
                return [], _LEVEL_LABEL["above"]
        wanted = _LEVELS_OF[level]
        replies = sorted(self._replies_where(lambda a: a not in quoted and self._level(a) in wanted))
        if level in ("province", "city") and (around := self._around(referents, level)):
            # (none, when the archive has no reply of that province: another province's is no answer to "省里呢")
            inside = [r for r in replies if (d := gazetteer().locate(self.agency(r))) and any(d.within(e) for e in around)]
            return inside, f"{'、'.join(e.name for e in around)}的{_LEVEL_LABEL[level]}"
        return replies, _LEVEL_LABEL[level]

    def _level_above(self, agency: str | None) -> str | None:
        """The level of the bodies above an agency: a county's city (a municipality's district: the municipality,
        of a province's rank), a city's province, a province's nation; None above the nation."""
        division = gazetteer().locate(agency)
        if division is not None:
            up = gazetteer().city(division) if division.level == "district" else gazetteer().province(division)
            return up.level if up != division else "national"
        return {"district": "city", "city": "province", "province": "national"}.get(self._level(agency) or "")

    def _abbreviated(self, short: str, nearby: list[str | None]) -> list[str]:
        """The archive's agencies a short form the archive never writes stands for, by the way Chinese names of
        bodies are shortened: characters of the full name kept in order, its first and its generic last kept
        (住建局 for 住房和城乡建设局, 卫健局 for 卫生健康局). Those of the replies just quoted first, else any."""
        core = grammar.parse_agency(short).core
        if len(core) < 3:
            return []

        def shortens(agency: str | None) -> bool:
            full = grammar.parse_agency(agency).core if agency else ""
            rest = iter(full)
            return bool(full) and full[0] == core[0] and full[-1] == core[-1] and all(c in rest for c in core)

        places = grammar.parse_agency(short).places
        for pool in ([a for a in nearby if a], self.documents.columns.agencies):
            meant = list(dict.fromkeys(a for a in pool if shortens(a) and all(p in a for p in places)))
            if meant:
                return meant
        return []

    def _replies_of(self, agencies: list[str]) -> list[str]:
        columns = self.documents.columns
        wanted = np.array([a in agencies for a in columns.agencies], dtype=bool)
        return [columns.reply_ids[i] for i in np.flatnonzero(wanted[columns.agency])] if len(wanted) else []

    def _narrow(self, cues: Cues, previous: TurnState) -> Resolution:
        scope = previous.scope.model_copy(update={"reply_ids": []})
        parts = []
        if cues.year is not None:
            scope.year = cues.year
            parts.append(f"{cues.year}年")
        if cues.agencies:
            scope.agency = cues.agencies[0]
            scope.exclude_agencies = []
            parts.append(cues.agencies[0])
            if not self.names.agencies_in(cues.agencies[0]):  # "就看住建局的": a short form the archive never writes
                meant = self._abbreviated(cues.agencies[0], [self.agency(r) for r in self._referents(previous)])
                scope.agency, scope.reply_ids = (meant[0], []) if len(meant) == 1 else (None, self._replies_of(meant))
        elif cues.places:  # 只看南京市的
            scope.agency, scope.exclude_agencies = None, []
            parts.append(cues.places[0])
        elif cues.level:  # 只看省级的: among the replies of that level
            scope.agency, scope.exclude_agencies = None, []
            scope.reply_ids = self._replies_where(lambda a: self._level(a) in _LEVELS_OF.get(cues.level, ())) \
                if cues.level != "above" else self._replies_of_level(cues.level, previous)[0]
            scope.nowhere = not scope.reply_ids
            parts.append(_LEVEL_LABEL[cues.level])
        kind = _PROPOSAL_KIND.search(cues.text)
        if kind:  # 只看代表建议的答复 / 只看政协提案的
            wanted = "建议" if "建议" in kind.group(0) else "提案"
            scope.reply_ids = self.documents.reply_ids_where("json_extract(meta, '$.proposal_kind') LIKE ?", (f"%{wanted}",))
            parts.append(kind.group(0))
        if cues.places and not cues.agencies:
            inside = set(self._replies_in_places(cues.places[:1]))
            scope.reply_ids = [r for r in scope.reply_ids if r in inside] if kind else sorted(inside)
            scope.nowhere = not scope.reply_ids
        rest = self.agencies_in(cues.text)[1]
        for name in cues.agencies:  # a name the archive does not write is no word of the question's own
            rest = rest.replace(name, " ")
        rest = _RELATIVE_YEARS.sub(" ", _YEAR.sub(" ", _LEVEL_WORD.sub(" ", rest)))
        for pattern in (_NARROW, _PROPOSAL_KIND):
            rest = pattern.sub(" ", rest)
        content = self.content_words(rest)
        named = (cues.agencies or cues.places)[:1]
        query = self._topic_without_agencies(previous.topic) if named else previous.topic
        # Said as a question of its own: "只看人社局的" → "人社局对…？", "只看2025年的" → "2025年的答复中，…？".
        understood = _strip_end(previous.topic)
        if named:
            understood = _strip_end(self._with_subject(understood, named[0]))
        elif cues.level:
            query = self._topic_without_agencies(previous.topic)
            understood = _strip_end(self._with_subject(understood, _LEVEL_LABEL[cues.level]))
        if cues.year is not None:
            understood = _strip_end(self._with_year(understood, f"{cues.year}年"))
        if kind:
            understood = f"{kind.group(0)}的答复中，{understood}"
        if content:
            query = f"{_strip_end(query)} {''.join(content)}"
            parts.append("".join(content))
            understood += f"（只看{''.join(content)}）"
        understood += "？"
        return Resolution(kind="narrowing", understood_as=understood, query=query, topic=previous.topic, scope=scope,
                          about=self._about(self._referents(previous)),
                          note=f"在上文话题内只看{''.join(parts)}")
