"""Plain forms a citizen asks in: a sum per household or per month (每户, 一个月) is answered only by a figure per that
unit, never by one per square metre or per hour; a modal jieba glues to its verb (能领, 能刷, 能办) is held where the
verb is written; a word for people in general (老百姓) is held by another (群众), a citizen's 没人 by a reply's 无人; a name the question quotes
(“银发贷”) must be written where the answer is; 城镇 or 乡镇 names no place; a sum asked through 补 is one said to be
granted, and what one earns (能拿多少) a sum; 几路 asks a route's number; a verb's direction (退下来) is held by the verb
(退役); a sum asked past a bound (超过一小时) is not answered by a sentence stating the bound as an allowance (免费骑行1小时); a start asked (几点开始) is not answered by an end (延长至22时); a person by the
institution or place (初中生) is held by that institution (初中), a share's name (比例) by a rate or percentage, and a table's row
is read with its header and the line introducing it. Real model, real FAISS/BM25 index over a fictional reply (tests/fixtures/plainforms/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.engine import Engine
from service.figures import GRANT_SAID, PricePerPiece, per_unit_asked
from service.asked import ANSWERS, asked, states_bound
from service.paraphrase import held_otherwise
from tests.conftest import index_with

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plainforms"


@pytest.fixture(scope="module")
def forms_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIXTURES, "plainforms")
    return Engine.load(settings, embedder=embedder)


@pytest.mark.parametrize("question, unit", [
    ("每户自己要出多少钱", "户"),
    ("服务员一个月能拿多少补贴", "月"),
    ("村医每个月省里补多少钱", "月"),
    ("县里每年补多少", "年"),
    ("新建口袋公园每平方米补多少钱", "平方米"),
    ("学生坐定制公交一次几块钱", "次"),
    ("一共花了多少钱", ""),                 # a total: no unit
    ("一次性补助多少钱", ""),               # once for all, not per time
    ("十一台设备花了多少钱", ""),           # 一 inside a number
    ("通水以后自来水一方多少钱", "方"),     # 方, the spoken 立方米
    ("一方面要交多少钱", ""),               # 一方面 is no unit
])
def test_the_unit_a_sum_is_asked_per_is_read_from_the_question(question, unit):
    assert per_unit_asked(question) == unit


@pytest.mark.parametrize("unit, sentence", [
    ("户", "对加装燃气报警器的困难老年人家庭，每户补助200元。"),
    ("户", "补助标准为2000元/户。"),
    ("户", "户均补助3000元。"),
    ("月", "标准为每人每月100元。"),
    ("月", "人均月工资约2100元。"),
    ("人", "每名学员补助500元。"),
    ("次", "学生刷卡每次1元。"),
    ("次", "票价为每人次2元。"),
    ("月", "按每人每月300元发放。"),
    ("斤", "鲜茶叶收购价为3元。"),             # a price said per no unit at all
    ("方", "群众用水价格按照县物价局核定的每立方米3.2元执行。"),  # the spoken 方 is the written 立方米
    ("份", "长者食堂每餐提供一荤两素一汤，标准餐价格为每餐15元。"),  # a serving (一份) is priced per meal
    ("份", "工作餐每客12元。"),
])
def test_a_sum_per_the_asked_unit_or_per_nothing_else_answers(unit, sentence):
    assert PricePerPiece(ANSWERS["cash"], unit).search(sentence)


@pytest.mark.parametrize("unit, sentence", [
    ("户", "物业服务费按每月每平方米0.3元标准收取。"),   # per month and square metre, not per household
    ("月", "参与课后服务的教师按每课时80元发放补助。"),   # per class hour, not per month
    ("月", "助餐点服务员按每小时18元发放劳务补贴。"),
    ("平方米", "对加装燃气报警器的家庭每户补助200元。"),
    ("方", "二期计划新建调蓄水池12座，总投资约6800万元。"),   # what the works cost, per no cubic metre
    ("份", "助餐点服务员按每小时18元发放劳务补贴。"),         # per hour, not per serving
])
def test_a_sum_per_another_unit_does_not_answer(unit, sentence):
    assert not PricePerPiece(ANSWERS["cash"], unit).search(sentence)


@pytest.mark.parametrize("question, sentence, answers", [
    ("泉州东海到客运站新开的公交是几路车？", "新开通东海至客运站的15路公交，高峰期10分钟一班。", True),
    ("泉州东海到客运站新开的公交是几路车？", "乘坐K8路可直达客运站。", True),
    ("泉州东海到客运站新开的公交是几路车？", "新开通东海至客运站的公交线路1条，高峰期10分钟一班。", False),  # a count of routes
    ("社区食堂的厨师一个月能拿多少绩效？", "厨师每月绩效工资约800元。", True),  # a sum per month
    ("社区食堂的厨师一个月能拿多少绩效？", "厨师按每课时60元发放补助。", False),  # a sum per class hour
    ("社区食堂的厨师一个月能拿多少绩效？", "全区社区食堂共有厨师36名。", False),  # a count of people is no sum
    ("许昌老旧小区加装电梯政府补多少钱？", "加装电梯每台补助15万元。", True),
    ("许昌老旧小区加装电梯政府补多少钱？", "全部完成加装需要资金约2.4亿元。", False),  # what it costs, not what is granted
    ("许昌冷链物流园每吨库容补贴多少？", "按库容每吨给予奖补300元。", True),
    ("许昌冷链物流园每吨库容补贴多少？", "冷库每吨库容投资约900元。", False),
    ("许昌新建冷库的补助比例是多少？", "对新建冷库按设施造价的30%给予补助。", True),
    ("许昌新建冷库的补助比例是多少？", "对中小微企业给予不低于30%的价格优惠。", False),  # a share of a price, not granted
    ("许昌新建冷库用电的比例是多少？", "冷库用电占运营成本的30%。", True),              # a share of nothing granted
    ("许昌冷链平台的数据被下载了多少次？", "平台数据累计被下载3.2万次。", True),          # how often an act is done…
    ("许昌冷链平台的数据被下载了多少次？", "全年累计接待企业查询41万人次。", True),
    ("许昌冷链平台的数据被下载了多少次？", "平台累计开放数据集约48万个。", False),        # …not how many things there are
])
def test_a_route_asked_by_number_and_a_sum_earned_or_granted_have_their_shape(question, sentence, answers):
    # 几路 asks a route's number, not how many routes; what one earns (拿, 领) is a sum, whatever noun names it;
    # what is granted (补) is a sum said to be granted.
    found = asked(question)
    said = bool(found.answers.search(sentence)) and (not found.granted or bool(GRANT_SAID.search(sentence)))
    assert said is answers


def test_funds_named_with_a_verb_inside_their_name_are_a_sum_asked():
    # jieba cuts 生态保护资金 生态 保护 资金: the funds are what 多少 asks of, not 生态.
    found = asked("2018年郴州市级财政给东江湖安排了多少生态保护资金？")
    assert (found.kind, found.target) == ("money", "生态保护资金")
    assert asked("有多少企业获得了资金？").kind == "count"  # the question's own predicate, not a compound


@pytest.mark.parametrize("question, sentence, states", [
    ("大连的公共自行车骑超过一小时怎么收费？", "市民持公交卡可免费骑行1小时。", True),      # the bound as an allowance
    ("大连的公共自行车骑超过一小时怎么收费？", "超过1小时的，每小时收费1元。", False),     # what lies past it
    ("超过70岁的老人坐公交要钱吗？", "70周岁以上老年人免费乘坐公交车。", False),
    ("用水超出10吨的部分水费多少钱？", "居民每户每月10吨以内按2元/吨收取。", True),
])
def test_a_sentence_stating_the_bound_asked_past_says_nothing_past_it(question, sentence, states):
    # 超过一小时怎么收费 asks what is charged past the hour: 免费骑行1小时 says what holds up to it.
    assert states_bound(sentence, asked(question).beyond) is states


@pytest.mark.parametrize("question, sentence, answers", [
    ("辽宁夜间儿科门诊晚上几点开始看？", "二级以上综合医院开设夜间儿科门诊，服务时间延长至晚上22时。", False),  # an end
    ("辽宁夜间儿科门诊晚上几点开始看？", "夜间儿科门诊每天18:00至22:00接诊。", True),    # a range starts at its first
    ("社区托育点早上几点开门？", "托育点每天7:30开门。", True),
    ("社区托育点早上几点开门？", "托育点须在9点前完成晨检。", False),                    # a deadline is an end
    ("图书馆几点开门？", "图书馆全天开放。", True),
    ("图书馆几点开门？", "自助借还区24小时开放。", True),
    ("辽宁夜间儿科门诊晚上几点开始看？", "各市至少有1家医院开设24小时儿科急诊。", False),   # a kind of service named
    ("菜市场晚上开到几点？", "营业时间延长至晚上22时。", True),                           # an end asked: any time
    ("夜市商户营业到几点？", "商户营业时间延长至晚上11点。", True),                     # 营业到: until when, an end
    ("景区开放至几点？", "景区开放时间延长至晚上9点。", True),
    ("商场营业时间是几点？", "营业时间延长至晚上10点。", True),                         # the hours asked, not a start
    ("食堂开始时间是几点？", "食堂供应时间延长至晚上7点。", False),
])
def test_a_start_asked_is_answered_by_a_time_that_is_no_end(question, sentence, answers):
    assert bool(asked(question).answers.search(sentence)) is answers


def test_a_figure_not_naming_the_bound_and_a_share_are_no_bound():
    assert asked("老人一个月吃超过20顿，每顿多少钱？").beyond == ""    # 顿 is no unit of a bound: each meal's price holds
    assert asked("超过一半的村通公交了吗？").beyond == ""


@pytest.mark.parametrize("term, text, held", [
    ("能刷", "群众在村卫生室看病可直接刷医保卡报销", True),    # a modal glued to its verb: the verb is written
    ("能领", "80周岁以上老年人可按月领取高龄津贴", True),
    ("能刷", "群众在村卫生室看病可凭医保卡报销", False),
    ("能源", "推广源头减量", False),                          # a word of jieba's dictionary is no glued modal
    ("老百姓", "群众可就近到社区服务站办理", True),            # people in general, by any word of the class
    ("老百姓", "退役军人可凭优待证免费乘车", False),           # a particular kind of person is not people in general
    ("老百姓", "切实维护广大群众切身利益", True),              # a word jieba cuts whole, headed by 群众
    ("老百姓", "龙岩市新罗区人民政府关于区第九届人民代表大会第三次会议第12号建议的答复", False),  # 人民 of a name
    ("老百姓", "全镇小学学生人数逐年增加", False),              # 生人 across two words
    ("退下来", "已为218家退役军人创办的企业发放贷款", True),   # a verb's direction: the verb is 退 of 退役
    ("退下来", "做好军人转业安置工作", False),
    ("建起来", "2023年建成社区食堂26个", True),
    ("建起来", "您提出的关于社区食堂的建议收悉", False),         # 建议 is a noun, no act of building
    ("没人", "接孩子难、孩子放学后无人看管", True),             # a citizen's 没 is a reply's 无 or 未
    ("没通", "部分村庄未通公交", True),
    ("没人", "推广无人机巡检", False),                         # 无人 beginning another word: a drone
    ("没人", "试点无人驾驶汽车", False),
    ("补贴", "省级资金按库容每吨补助400元", True),              # a sum granted, in another word for one
    ("补贴", "对符合条件的企业给予贷款贴息", False),            # a loan's interest paid is no grant
    ("补助", "采取以奖代补方式支持", True),
    ("退役军人", "群众可就近到社区服务站办理", False),
    ("初中生", "学段 学校数（所） 就餐学生（人） 覆盖率\n初中 16 6270 74.3%", True),  # a person by the school: the school
    ("外地人", "外地来本市就业的人员可申领居住证", True),       # ...or by the place
    ("高中生", "学段 学校数（所）\n初中 16 6270 74.3%", False),  # another school
    ("研究生", "加强课后服务课程研究", False),                  # 研究 is an act, not an institution (Cilin: Hg)
    ("留学生", "鼓励学生出国留学", False),
    ("比例", "初中就餐学生覆盖率为74.3%", True),                # a share by its name: a rate or a percentage
    ("比例", "全区48所农村中小学全部供应营养午餐", False),
])
def test_plain_verbs_and_people_in_general_are_held_by_the_words_a_reply_writes(term, text, held):
    assert held_otherwise(text, term) is held


def said(answer) -> str:
    return re.sub(r"\s+", "", answer.answer + "".join(s.text for s in answer.sentences))


@pytest.mark.parametrize("question, fact", [
    ("芗城区老人在助餐点能刷社保卡吗？", "刷卡"),                 # 能刷: a modal glued to its verb
    ("芗城区老百姓在社区服务站能办吗？", "社区服务站"),             # 老百姓: the reply writes 群众
    ("芗城区适老化改造每平方米补多少钱？", "120元"),
    ("芗城区困难老人加装燃气报警器每户补多少钱？", "200元"),
    ("芗城区助餐点服务员每小时补多少钱？", "18元"),
    ("芗城区“银发贷”为多少家企业发放了贷款？", "14家"),           # the passage that writes the quoted name
    ("芗城区的中心助餐点在哪里？", "浦南镇"),                     # a town named is a place
    ("芗城区助餐点服务员干一小时能拿多少？", "18元"),             # what one earns per hour: a sum per hour
    ("芗城区超过80岁的老人每个月能领多少高龄津贴？", "100元"),     # past a bound, said past it: 80周岁以上
    ("芗城区助餐点的午餐供应到几点？", "1点半"),                   # an end asked, an end said
    ("新罗区初中生吃营养午餐的比例是多少？", "74.3%"),             # 初中生 by 初中; a table's row under its header
])
def test_a_plain_question_the_reply_answers_is_answered(forms_engine, question, fact):
    answer = forms_engine.ask(question)
    assert not answer.abstained, answer.focus
    assert fact in said(answer), said(answer)


@pytest.mark.parametrize("question", [
    "芗城区80岁以上老人能领取暖补贴吗？",                       # no heating subsidy is written
    "芗城区老百姓能领取暖补贴吗？",                             # people in general held, no heating subsidy written
    "芗城区老百姓在社区服务站能办残疾人证吗？",
    "芗城区老人在助餐点能刷信用卡吗？",                         # 刷 is written, of another card
    "芗城区“银发贷”每家企业最多能贷多少？",                     # a loan ceiling is written, of another scheme
    "芗城区嵌入式养老服务站建在哪条路上？",                     # 在城镇老旧小区配建: 城镇 is a kind of place, not one
    "芗城区困难老人家里做适老化改造，每户自己要出多少钱？",       # subsidised per square metre, no sum per household
    "芗城区助餐点服务员一个月能拿多少钱？",                     # paid per hour, no sum per month
    "芗城区助餐点服务员一个月能拿多少？",                       # what one earns is a sum: paid per hour, not per month
    "芗城区开办养老服务机构的企业，政府补多少钱？",               # loans and their interest, no sum granted
    "芗城区紧急呼叫设备每月通话超过60分钟怎么收费？",             # 免费通话60分钟: nothing said past the bound
    "芗城区助餐点中午几点开始供应午餐？",                         # 延长至下午1点半 says when lunch ends, not starts
    "新罗区高中生吃营养午餐的比例是多少？",                       # the table has no 高中 row
])
def test_what_the_reply_does_not_say_is_still_declined(forms_engine, question):
    answer = forms_engine.ask(question)
    assert answer.abstained, (answer.focus, said(answer))
