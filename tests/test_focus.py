"""The focus of a question checked against the evidence by its kind: the asked-for answer type (a
count in a compatible unit, a money amount, a place, a date) and the head noun must be said by one
sentence. Real model, real FAISS/BM25 index over the real reply and the fictional eval replies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.asked import asked, asks_twice
from service.engine import Engine
from service.figures import figure_pattern
from service.focus import Focus, Passage, dated_text, names_other_years, states_what_is_asked
from service.mentions import spread_in
from service.phrase import compounds, heads, rate_owner
from tests.conftest import index_with

ROOT = Path(__file__).resolve().parent.parent
EVAL_REPLIES = ROOT / "eval" / "data" / "replies"  # fictional (eval/data/README.md)


@pytest.fixture(scope="module")
def archive_engine(tmp_path_factory: pytest.TempPathFactory, embedder, archive: Path) -> Engine:
    """The test archive plus the fictional eval replies: many replies share topic words, so an
    in-domain question about a fact none of them states finds plenty of matching words."""
    settings = index_with(tmp_path_factory, embedder, archive, EVAL_REPLIES, "eval-archive")
    return Engine.load(settings, embedder=embedder)


def quoted(answer) -> str:
    return re.sub(r"\s+", "", answer.answer + "".join(s.text for s in answer.sentences))


@pytest.mark.parametrize("question", ["浦东地铁票价是多少？", "张江人工智能岛在哪里？"])
def test_issue_abstentions_hold_over_an_archive_sharing_their_words(archive_engine, question):
    answer = archive_engine.ask(question)
    assert answer.abstained and answer.kind == "abstain"
    assert not answer.focus["supported"]
    assert answer.suggestions and "相关答复：" in answer.answer


@pytest.mark.parametrize("question, why", [
    ("浦东智慧养老服务平台的建设投入了多少资金？", "the platform's sentences hold no amount of money"),
    ("2025年浦东全区社会消费品零售总额是多少？", "the only total is dated 2024"),
    ("浦东发放的数字消费券怎么领取？", "no sentence on the vouchers says how they are collected"),
    ("浦东新区有几家三甲医院？", "the hospitals counted are not 三甲医院"),
    ("浦东开放的停车泊位数据被企业调用了多少次？", "4.2万个 counts the data, not how often they were called"),
])
def test_in_domain_question_without_its_fact_abstains(archive_engine, question, why):
    answer = archive_engine.ask(question)
    assert answer.abstained, f"{question}: {why}; answered {answer.answer[:80]}"


@pytest.mark.parametrize("question, fact", [
    ("浦东新区有多少所高校？", "16家"),                  # counted with 所, written with 家
    ("浦东区、街镇、村居三级河长一共多少人？", "5200余名"),  # a people count in 名, with 余
    ("2024年浦东社会消费品零售总额是多少？", "4380亿元"),
    ("2023年浦东公交实时到站查询系统每天查询多少次？", "46万次"),   # how often, in 次
])
def test_number_question_whose_answer_is_in_the_archive_answers(archive_engine, question, fact):
    answer = archive_engine.ask(question)
    assert not answer.abstained, answer.focus
    # The sentence that supports the focus holds the fact (which sentences are quoted is decided
    # by sentence choice, service/answer.py).
    assert answer.focus["kind"] in ("count", "money") and fact in answer.focus["evidence"].replace(" ", "")


def test_location_question_with_a_real_location_answers(archive_engine):
    answer = archive_engine.ask("浦东第一个零工市场开在哪里？")
    assert not answer.abstained, answer.focus
    assert answer.focus["kind"] == "location"
    assert "周家渡街道" in answer.focus["evidence"] and "周家渡街道" in quoted(answer)


@pytest.mark.parametrize("question, kind, matches, rejects", [
    ("浦东有多少所高校？", "count", "全区共有高校16家", "高校占比达到16%"),
    ("浦东新区有几家三甲医院？", "count", "三甲医院5家", "23.5%"),
    ("人工智能领域在站的博士后有多少人？", "count", "在站博士后132人", "18家"),
    ("养老服务平台投入了多少资金？", "money", "投入资金1.2亿元", "建成12个站点"),
    ("门诊预约率是多少？", "ratio", "预约率达到65%", "预约量达到65万"),
    ("新建超充站补贴多少比例？", "ratio", "按投资额的30%给予补贴", "每个超充站补贴30万元"),
    ("生态环境局的罚款标准是多少？", "rate", "按每日5万元的标准处罚", "罚款金额1630万元"),
    ("企业提需求，多久能得到回应？", "span", "在20个工作日内答复", "2024年已答复"),
    ("理赔现在要几天？", "span", "3个工作日内完成理赔", "理赔3万元"),
    ("规划什么时候报批？", "date", "2025年6月底前报批", "规划面积3平方公里"),
    ("零工市场开在哪里？", "location", "在周家渡街道建成首个零工市场", "零工市场发布岗位1.8万个"),
    ("公共算力平台由谁负责建设？", "agent", "由区科经委牵头建设", "平台于2025年建成"),
])
def test_answer_type_from_the_interrogative_and_its_classifier(question, kind, matches, rejects):
    found = asked(question)
    assert found.kind == kind
    assert found.answers.search(matches)
    assert not found.answers.search(rejects)


def test_a_count_of_things_is_not_answered_by_a_percentage_point_or_a_month():
    answers = asked("卫生院的医生编制一共有多少个？").answers
    assert answers.search("配备4个编制")
    assert not answers.search("提高9.2个百分点") and not answers.search("用时3个月")


def test_the_noun_counted_is_the_head_the_sentence_must_name():
    assert asked("浦东新区有几家三甲医院？").target == "三甲医院"
    assert heads("浦东新区有", asked("浦东新区有几家三甲医院？").target) == ["医院"]
    # A topic and its comment may each be what the answering sentence repeats.
    assert "餐点" in heads("经营困难的老年助餐点，政府", "")


def test_what_a_measure_is_of_is_a_compound_whose_modifier_matters():
    # "X的率": the thing the rate is of, one jieba word or a run of nouns; 准点率 is one noun though jieba cuts 率 off.
    assert rate_owner("2016年国际航班的正常率是多少？") == "国际航班"
    assert rate_owner("开封2020年夜班公交的准点率是多少？") == "夜班公交"
    assert rate_owner("航班的正常率是多少？") == ""  # one word of two characters restricts nothing
    assert compounds("浦东地铁票价是多少？") == ["地铁票价"]
    # before another noun, what stands before 的 is as often a clause modifying it (新学校教书的骨干教师)
    assert rate_owner("去学位紧张地区新学校教书的骨干教师有多少津贴？") == ""


def test_a_span_asked_in_working_days_is_not_answered_by_calendar_days():
    answers = asked("批一部加装电梯要多少个工作日？").answers
    assert answers.search("审批时限压缩至10个工作日")
    assert not answers.search("在小区内公示7日") and not answers.search("3天内答复")
    assert figure_pattern("几个工作日能办完？").search("15个工作日内办结")
    assert not figure_pattern("几个工作日能办完？").search("公示10日")
    assert asked("多久能办完？").answers.search("公示10日")  # 多久 is answered by any span


def test_how_and_yes_no_questions_ask_about_an_act():
    assert asked("浦东发放的数字消费券怎么领取？").act == ("领取",)
    assert "泄露" in asked("共享数据时怎么防止个人信息泄露？").act
    assert asked("社区卫生服务中心周末开门吗？").act == ("开门",)
    assert asked("补贴怎么算？").act == ()  # 算 is a light verb: the act is in the rest of the question


def test_a_sentence_dated_to_another_year_is_not_evidence_for_the_year_asked():
    assert names_other_years("2024年，全区实现社会消费品零售总额约4380亿元。", ["2025"])
    assert not names_other_years("截至2025年4月底，已建成4个平台。", ["2025"])
    assert not names_other_years("全区实现零售总额约4380亿元。", ["2025"])


def test_a_yes_no_evidence_sentence_is_preferred_only_when_it_writes_what_is_asked():
    said = Focus(kind="yesno", heads=["断电"], evidence="设施配备自动断电和烟感报警装置。")
    assert states_what_is_asked(said, "充电点会自动断电吗？")
    assert not states_what_is_asked(said, "充电点会自动断电吗？断电以后找谁？")  # asks more than the yes
    # 冬季关闭 holds 关门 only in other words: it may be said of another thing (the parks' toilets).
    assert not states_what_is_asked(Focus(kind="yesno", heads=["关门"], evidence="您反映部分公园厕所数量少、冬季关闭的问题。"), "公园晚上关门吗")
    assert not states_what_is_asked(Focus(kind="count", heads=["断电"], evidence="设施配备自动断电装置3套。"), "有几套断电装置？")


def test_a_sentence_pointing_back_is_dated_by_the_sentence_before_it():
    # 其中 goes on about the sums of 2015–2017: its standard is no evidence for 2018.
    before = "2015年至2017年，市级财政累计安排东江湖流域生态环境保护资金3.2亿元。"
    assert names_other_years(dated_text("其中，库区生态公益林补偿标准为每亩每年17.5元。", before), ["2018"])
    assert not names_other_years(dated_text("库区生态公益林补偿标准为每亩每年17.5元。", before), ["2018"])
    assert not names_other_years(dated_text("其中，2018年安排资金1.1亿元。", before), ["2018"])


def test_two_questions_in_one_may_be_answered_by_two_sentences():
    assert asks_twice("“大模型+”行业应用标杆案例，计划形成多少个，实际形成了多少个？")
    assert not asks_twice("浦东地铁票价是多少？")


@pytest.mark.parametrize("sentence, is_span", [
    ("受理后15日内办结。", True),              # 日 counts days of a span…
    ("十五日内书面答复代表。", True),
    ("2024年6月12日召开政企对接会。", False),  # …never the day of a date
    ("自五月十二日起施行。", False),
    ("处方用量可延长至12周。", True),
])
def test_a_span_in_days_is_not_the_day_of_a_date(sentence, is_span):
    # The span shape (多久) and the figure a duration question prefers read one grammar (indexer/grammar.py).
    assert bool(asked("多久能办结？").answers.search(sentence)) is is_span
    assert bool(figure_pattern("多少天能办结？").search(sentence)) is is_span


def test_a_document_asked_for_is_answered_by_its_title_not_the_word_file():
    """什么文件 is answered by 《…指引》: like 政策 or 办法, 文件 is what a reply reports, not a thing the
    answering sentence must name (as 窗口 in 向哪个窗口提交)."""
    assert asked("数据局打算在年内出台什么文件？").thing == ""
    assert asked("向哪个窗口提交材料？").thing == "窗口"


def test_an_abbreviation_is_found_as_the_pattern_of_its_characters_would_find_it():
    """spread_in finds a term's characters in order, at most three characters and no line break apart
    (超充站 in 超级充电站), exactly as the regular expression 超.{0,3}充.{0,3}站 does."""
    import random

    assert spread_in("新建超级充电站3座", "超充站")
    assert not spread_in("超级\n充电站", "超充站")
    assert not spread_in("超过一半的快速充电站", "超充站")
    rng = random.Random(19)
    alphabet = "超充站级电新\n。，建"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        term = "".join(rng.choice(alphabet[:6]) for _ in range(rng.randint(2, 4)))
        assert spread_in(text, term) == (re.search(".{0,3}".join(term), text) is not None), (text, term)


def test_passage_naming_the_asked_thing_whole_holds_the_focus_over_one_missing_less_weight():
    """The passage holding the focus is the one missing the least weight, unless it misses a word of the compound
    naming the asked thing (烘干机 of 烘干机补贴) while another misses only an act of the question (买, where the
    reply writes 购置). A passage missing a thing named (疗护) is no better holder than one missing the compound."""
    from indexer.lexical import Tokenizer
    from service.focus import Passage, judge_focus

    tokenizer = Tokenizer()
    weights = {"买": 3.0}  # a rare verb in replies weighs more than the thing's words
    idf = lambda term: weights.get(term, 1.0)  # noqa: E731
    bought = judge_focus("四川买烘干机补贴多少？", [
        Passage("", "农户买烘干设备的，每台补贴500元。"),              # holds 买 and 烘干, not 烘干机
        Passage("", "对粮食烘干机，省财政每台再累加补贴20%。"),  # holds 烘干机补贴, writes no verb of buying
    ], tokenizer, idf)
    assert not bought.compound_missing and bought.supported, bought
    hospice = judge_focus("浦东对开设安宁疗护床位的机构补贴多少钱？", [
        Passage("", "安宁疗护床位开设后，按床位给予补贴，每张1200元。"),     # misses 机构 of 机构补贴
        Passage("", "对养老机构开设家庭照护床位的，每张补贴1200元。"),  # misses 疗护, a thing named
    ], tokenizer, idf)
    assert hospice.compound_missing and not hospice.supported, hospice


def test_spoken_verb_is_held_where_a_reply_writes_the_written_one():
    """A citizen 坐车 and 买 a machine; a reply writes 乘车 and 购置 (the written register of the same verbs)."""
    from indexer.lexical import Tokenizer
    from service.focus import Passage, judge_focus
    from service.mentions import mentions

    tokenizer = Tokenizer()
    assert mentions("对学生和老人乘车实行半价优惠。", "坐车", tokenizer)
    assert mentions("对购置粮食烘干机的给予补贴。", "买", tokenizer)
    assert not mentions("政府采购服务。", "买", tokenizer)  # 购 alone is in 采购
    focus = judge_focus("牧区学生坐车有优惠没有？", [Passage("", "牧区班线对学生和70岁以上老人乘车，实行半价优惠。")],
                        tokenizer, lambda term: 1.0)
    assert "坐车" not in focus.missing and focus.supported, focus


def test_old_houses_of_a_historic_town_are_its_historic_buildings():
    """老房子 in a 古城 is what heritage replies write 历史建筑 or 古建筑 (service/data/everyday.tsv)."""
    from indexer.lexical import Tokenizer
    from service.focus import Passage, judge_focus

    focus = judge_focus("阆中古城的老房子修缮有补助吗？",
                        [Passage("", "对古城内历史建筑的产权人实施保护性修缮的，市级财政按照修缮费用的50%给予补助。")],
                        Tokenizer(), lambda term: 1.0)
    assert "老房子" not in focus.missing and focus.supported, focus


def test_a_place_named_by_what_is_done_there_is_no_word_a_reply_writes():
    """"睡觉的地方" is what a reply calls 宿舍: 地方 (a place, as 方面 is an aspect) names nothing of its own, and no
    answering sentence need write it."""
    from indexer.lexical import Tokenizer
    from service.focus import Passage, judge_focus

    assert heads("住校的孩子睡觉的地方", "") != ["地方"]
    focus = judge_focus("建水县住校的孩子睡觉的地方改善得怎么样？",
                        [Passage("", "改造农村寄宿制学校学生宿舍3.2万平方米，所有寄宿生实现一人一床。")],
                        Tokenizer(), lambda term: 1.0, ignore=["建水县"])
    assert "地方" not in focus.terms and focus.shaped, focus


def test_an_everyday_thing_jieba_tags_a_set_phrase_heads_what_is_asked():
    """jieba tags 自来水 and 打火机 l (a set phrase); Cilin files them as things, so they head the asked phrase, not the
    water pipe of the clause of time before (水管通了以后)."""
    assert heads("会宁北山水管通了以后自来水一方", "") == ["自来水"]
    assert heads("防火期上山能带打火机", "") == ["打火机"]
    assert heads("一方面", "") == []


def test_a_citizens_evening_riverside_street_lamp_is_a_replys_night_lighting():
    """晚上, 河边 and 路灯 are written 夜间, 滨河/滨水 and 照明 in replies (service/data/everyday.tsv); 自来水's price is
    the reply's 用水价格."""
    from indexer.lexical import Tokenizer
    from service.focus import Passage, judge_focus

    tokenizer = Tokenizer()
    lamps = judge_focus("顺德河边的步道晚上有路灯吗？",
                        [Passage("", "滨河慢行道夜间照明按照每30米设置1盏庭院灯的标准建设。")], tokenizer, lambda t: 1.0,
                        ignore=["顺德"])
    assert not {"河边", "晚上", "路灯"} & set(lamps.missing), lamps
    water = judge_focus("会宁北山水管通了以后自来水一方多少钱？",
                        [Passage("", "工程建成后，群众用水价格按照县物价局核定的每立方米3.2元执行。")], tokenizer, lambda t: 1.0,
                        ignore=["会宁"])
    assert water.shaped and "3.2元" in water.evidence, water


def test_the_act_before_a_modal_of_change_is_what_a_sentence_must_name():
    """"报销会少多少": 报销 is the subject of 会少, what changes; a sentence naming it (报销比例降低10个百分点) answers,
    though it says 外出就医 for the 住院 of the condition before."""
    from indexer.lexical import Tokenizer
    from service.focus import Passage, judge_focus
    from service.phrase import predicates

    question = "在泰安参保，没备案就跑去外地住院，报销会少多少？"
    assert heads("在泰安参保，没备案就跑去外地住院，报销会少", "", predicates(question)) == ["住院", "报销"]
    focus = judge_focus(question, [Passage("关于参保人员异地就医的答复", "经备案的异地就医人员住院报销比例与本地同级医院相同；"
                                               "未经备案自行外出就医的，报销比例降低10个百分点。")],
                        Tokenizer(), lambda t: 1.0, ignore=["泰安"], sentence_max_missing=0.55)
    assert focus.shaped and "10个百分点" in focus.evidence, focus


def test_an_amount_word_is_no_thing_a_sentence_must_name():
    """全部, 所有, 部分 (Cilin's amounts, Eb01/Eb02C/Eb02D) say how much of the thing asked, which jieba tags a noun: the
    head of "能不能全部免费" is 免费, held by a reply's 全面免费 or 一律免费; a passage that never says 免费 still does not
    answer it. (fresh16 Z021 abstained with 全部 as its head.)"""
    from indexer.lexical import Tokenizer
    from service.focus import Passage, judge_focus

    assert heads("中小企业用公共数据能全部免费", "") == ["免费"]
    question = "中小企业用公共数据能不能全部免费？"
    held = judge_focus(question, [Passage("", "您建议对中小企业一律免费提供，考虑到数据加工、存储和安全保障需要投入成本，"
                                              "全面免费的条件暂不具备。")], Tokenizer(), lambda t: 1.0, sentence_max_missing=0.55)
    assert held.supported and "暂不具备" in held.evidence, held
    priced = judge_focus(question, [Passage("", "公共数据产品按照成本补偿原则定价，中小企业使用公共数据享受价格优惠。")],
                         Tokenizer(), lambda t: 1.0, sentence_max_missing=0.55)
    assert not priced.supported, priced


def test_a_count_in_a_classifier_after_a_price_counts_what_the_classifier_counts():
    """"清理冷库用电价格纠正了多少户" counts households (户): the price it names is the topic, and a sum of money does not
    answer it. A price asked alone (门票价格是多少, 几块钱) is still a sum. (fresh16 Z049 abstained, read as a price.)"""
    from indexer.lexical import Tokenizer
    from service.focus import Passage, judge_focus

    question = "蒲江县农业局的答复里，清理冷库用电价格纠正了多少户？"
    counted = asked(question)
    assert counted.kind == "count" and counted.answers.search("12户") and not counted.answers.search("每千瓦时0.35元")
    assert asked("门票价格是多少？").kind == "money" and asked("公交票价几块钱？").kind == "money"
    focus = judge_focus(question, [Passage("", "冷库用电执行农业生产电价，每千瓦时0.35元。我局对全县冷库用电价格进行了清理，"
                                               "发现执行错误的12户已全部纠正。")], Tokenizer(), lambda t: 1.0,
                        ignore=["蒲江县农业局"], sentence_max_missing=0.55)
    assert focus.supported and "12户" in focus.evidence, focus


def test_a_coined_compound_is_held_by_a_clause_writing_its_two_words():
    """A citizen coins a compound jieba's dictionary lacks (普惠托位: 普惠 and 托位), kept as one search token; a reply
    writes the modifier on what holds the head (普惠托育机构…每个托位), in one clause. Halves in two clauses, or a
    compound the dictionary knows, are not read so."""
    from indexer.lexical import Tokenizer
    from service.focus import Passage, judge_focus
    from service.mentions import coined, mentions

    tokenizer = Tokenizer()
    assert coined("普惠托位") and not coined("托育机构")
    assert mentions("对新备案的普惠托育机构按每个托位每月80元给予补贴。", "普惠托位", tokenizer)
    assert not mentions("普惠托育机构共12家，提供托位900个。", "普惠托位", tokenizer)  # two clauses
    focus = judge_focus("江夏区普惠托位每个每月补多少？",
                        [Passage("", "对新备案的普惠托育机构按每个托位每月80元给予补贴。")], tokenizer, lambda term: 1.0)
    assert focus.supported and focus.evidence, focus


def test_a_yes_no_questions_proposition_is_what_follows_its_modal():
    """"…要交全额费用吗", "…能不能全由省里出": the words before the modal are what the question is about, the rest is the
    proposition a reply may deny or grant in part."""
    from service.asked import proposition_apart

    assert proposition_apart("网络文学作者做作品登记要交全额费用吗？")[0] == "网络文学作者做作品登记"
    assert proposition_apart("吉林农村供水管道深埋改造的钱能不能全由省里出？") == ("吉林农村供水管道深埋改造的钱", "能全由省里出")
    assert proposition_apart("周末开门吗？") == ("", "")  # no modal: the whole question is the proposition


@pytest.mark.parametrize("question, passage, verdict", [
    # granted in part: the fee is halved, not waived nor charged in full
    ("网络文学作者做作品登记要交全额费用吗？",
     Passage("", "我局指导中国版权保护中心开展作品登记费用减免，对网络文学作者个人作品登记费用予以减半收取。"), "减半收取"),
    # denied after its reasons, in the paragraph that restates the proposal; the rest of the subject is in the titles
    ("吉林农村供水管道深埋改造的钱能不能全由省里出？",
     Passage("关于省十三届人大四次会议第156号建议的答复 （三）关于改造资金",
             "您建议由省级财政全额承担管网深埋改造费用。农村供水工程建设和维修养护实行县级为主体的责任制。"
             "全额由省级承担不符合现行事权划分，难以实施。", heading="（三）关于改造资金",
             topic="关于解决农村供水管道冬季冻堵问题的建议"), "不符合现行事权划分"),
    ("垃圾分类督导员每月能拿到补贴吗？",
     Passage("", "您建议对督导员每人每月发放800元补贴，全区推开后所需资金较大，现阶段区财政难以承担。"), "难以承担"),
])
def test_a_ruling_on_the_subject_answers_a_yes_no_question_in_its_own_words(question, passage, verdict):
    """A reply answers 要交全额费用吗 with 减半收取 and 每月能拿到补贴吗 with 难以承担: neither repeats the proposition
    (交, 全额, 拿到, 出), but each rules on it, speaking of the question's subject."""
    from indexer.lexical import Tokenizer
    from service.focus import judge_focus

    focus = judge_focus(question, [passage], Tokenizer(), lambda term: 1.0, ignore=["吉林"])
    assert focus.supported and focus.verdict and verdict in focus.evidence, focus
    assert states_what_is_asked(focus, question)  # the ruling is the sentence to quote


def test_a_ruling_on_another_subject_answers_no_yes_no_question():
    """A refusal in a reply on other things (a pipe's cost) does not answer whether the supervisors get a subsidy, nor
    does a sentence about the subject that rules on nothing."""
    from indexer.lexical import Tokenizer
    from service.focus import judge_focus

    question = "垃圾分类督导员每月能拿到补贴吗？"
    other = judge_focus(question, [Passage("", "全额由省级承担管网深埋改造费用不符合现行事权划分，难以实施。")],
                        Tokenizer(), lambda term: 1.0)
    assert not other.supported and not other.verdict, other
    no_ruling = judge_focus(question, [Passage("", "目前全区共有垃圾分类督导员310名，负责桶边督导。")], Tokenizer(),
                            lambda term: 1.0)
    assert not no_ruling.verdict and not no_ruling.evidence, no_ruling


def test_a_ruling_on_another_thing_of_the_subject_or_the_problem_restated_is_no_ruling():
    """A refusal about the subject's other things (the meal fee of the elderly) does not say whether they get a heating
    subsidy, and the problem the proposal restates (老人无法…) is what is ruled on, not a ruling."""
    from indexer.lexical import Tokenizer
    from service.focus import judge_focus

    question = "芗城区老人能领取暖补贴吗？"
    other_thing = judge_focus(question, [Passage("", "芗城区老人助餐点暂不提供送餐上门服务。")], Tokenizer(),
                              lambda term: 1.0, ignore=["芗城区"])
    assert not other_thing.verdict, other_thing
    restated = judge_focus(question, [Passage("", "您反映芗城区部分老人无法领取取暖补贴的问题。")], Tokenizer(),
                           lambda term: 1.0, ignore=["芗城区"])
    assert not restated.verdict, restated


def test_a_negation_governing_another_thing_is_no_ruling_on_the_proposition():
    """无法 denies what its own clause says: 部分居民仍无法准确分类投放垃圾 denies the residents' sorting, not the supervisors'
    subsidy the clause before it names; a negation ending its clause (难以承担) denies the subsidy its sentence proposes."""
    from indexer.lexical import Tokenizer
    from service.focus import judge_focus

    question = "垃圾分类督导员每月能拿到补贴吗？"
    elsewhere = judge_focus(question, [Passage("", "垃圾分类督导员补贴按季度发放，部分居民仍无法准确分类投放垃圾。")], Tokenizer(),
                            lambda term: 1.0)
    assert not elsewhere.verdict and not elsewhere.evidence, elsewhere
    governed = judge_focus(question, [Passage("", "垃圾分类督导员按月发放补贴的建议，现阶段区财政难以承担。")], Tokenizer(),
                           lambda term: 1.0)
    assert governed.verdict and "难以承担" in governed.evidence, governed


def test_a_common_noun_of_the_land_jieba_tags_a_place_names_the_thing_asked():
    """jieba tags 池塘 ns, as it tags 即墨; Cilin files it as a thing of the land (Be06B01=), so it heads "海参池塘改造",
    while a place's own name (长江, filed as one of a kind) is still a place."""
    from indexer.lexical import Tokenizer
    from service.focus import judge_focus
    from service.phrase import names_place, without_places

    assert heads("即墨海参池塘改造每亩补", "") == ["池塘"]
    assert not names_place("池塘", "ns") and names_place("长江", "ns") and names_place("吉林", "ns")
    assert "长江" not in without_places("长江沿岸的池塘")
    focus = judge_focus("即墨海参池塘改造每亩补多少钱？",
                        [Passage("关于海参高温灾害的答复 二、池塘改造和技术指导",
                                 "对养殖户实施池塘清淤、加深和遮阳网设施改造，按每亩300元给予补助。",
                                 heading="二、池塘改造和技术指导")],
                        Tokenizer(), lambda term: 1.0, ignore=["即墨"])
    assert focus.supported and "每亩300元" in focus.evidence, focus


def test_the_sentence_naming_the_thing_a_determiner_asks_is_the_one_to_quote():
    """"是啥原因" asks which cause: the sentence writing 原因 (主要原因：一是…) answers it, the problem restated before it
    (积水深度超过40厘米) speaks of the topic only; "怎么解决" asks no thing, and no sentence is preferred by it."""
    from indexer.lexical import Tokenizer
    from service.focus import judge_focus, names_thing_asked

    text = ("您在建议中提到的刘庄小区，2022年7月强降雨期间院内积水深度超过40厘米，部分一楼住户进水。\n"
            "经排查，辖区共有易积水点14处。主要原因：一是老旧小区建设年代早，雨水、污水合用一根管道，管径偏小；")
    passages = [Passage("关于解决老旧小区雨天积水问题的建议", text)]
    focus = judge_focus("老小区一下雨就积水，是啥原因？", passages, Tokenizer(), lambda word: 1.0)
    assert names_thing_asked(focus) and "合用一根管道" in focus.evidence
    assert not names_thing_asked(judge_focus("老小区一下雨就积水，怎么解决？", passages, Tokenizer(), lambda word: 1.0))
