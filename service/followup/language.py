"""The patterns of the language a follow-up is read with (ellipsis, reference, contrast, narrowing, levels
and places) and the word helpers they share (jieba's parts of speech, a compound's pieces)."""

from __future__ import annotations

import re
from functools import lru_cache

from indexer import grammar
from service import postag
from service.fields import FIELDS


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
# Adverbs of the whole (一共, 总共, 合计, 累计): "这些补助一共发了多少？" asks one sum over them, never each one's.
_COLLECTIVE = re.compile(r"一共|总共|共计|合计|总计|累计|加起来|总数|总额|总量")
# A question about each of several things: a later singular reference cannot tell which one is meant.
_EACH = re.compile(r"分别|各自")
# not 其他; "那个人", "这位", "此人" point at a person as 他/她 do; 他人 (other people), 他乡, 他处, 他国 and 他日 are
# words of their own, pointing at no one ("占用他人车位怎么处理？")
_PERSON_REF = re.compile(r"(?<![其吉])(?:[他她]们|[他她](?![人乡处国日]))|[这那](?:个|一)?人|[这那]位(?!代表|委员)|此人")
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
# (前一个/后一个: the first and the last of two, as 前者/后者 are; not 前一个月, 后一年: a time before or after)
_ORDINAL = re.compile(r"(?:第(?P<n>[一二两三四五六七八九十]|\d{1,2})|(?P<last>最后|末)(?:一|那一?)?"
                      r"|(?<![最之以然])(?:(?P<first>前)|(?P<latter>后))一(?=[条个项份点处句篇段家款](?![月年周天日季期号])))"
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
    # (全国 said alone, "全国呢？", is the nation's picture, which its bodies give)
    r"|(?:^|(?<=那))(?:国家|中央|全国)(?=[呢是有又在对怎都]|$))"
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
# 只要…就/便/都 is the conjunction "as long as" ("只要是应届硕士就能落户吗？"), a condition, not "only want".
_AS_LONG_AS = re.compile(r"^只要.+?[就便都也]")
# Where a clause ends: a narrowing adverb governs its own clause only.
_CLAUSE_END = re.compile(r"[，,：:；;。！!？?]")


def narrows(text: str) -> bool:
    """Whether the message keeps a part of what was found ("只看2024年的", "就看住建局的", "其中省级的呢"): a verb of
    looking ("只看2025年的有哪些？"), or another narrowing adverb whose clause neither states a condition (只要…就) nor
    asks a question of its own ("仅限本市户籍吗？" and "就说说河长制怎么落实吧" ask of a thing, they keep no part)."""
    for cue in _NARROW.finditer(text):
        if cue.group(0).endswith(("看", "查", "显示")):
            return True
        clause = _CLAUSE_END.split(text[cue.start():], maxsplit=1)[0]
        if not (_AS_LONG_AS.match(clause) or asks_something(clause)):
            return True
    return False


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
# Spoken Chinese clips A-not-A at the end of a sentence: "还涨不？" (涨不涨), "发消费券没？" (发了没有) ask yes or no as 吗 does.
_CLIPPED_YES_NO = re.compile(r"[\u4e00-\u9fff](?:不|没有?)$")


def asks_something(text: str) -> bool:
    """Whether `text` asks a question of its own: a question word, or a yes/no clipped at its end."""
    return bool(_INTERROGATIVE.search(text) or _CLIPPED_YES_NO.search(text))
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

def _strip_end(text: str) -> str:
    return _PUNCT_END.sub("", text.strip())

