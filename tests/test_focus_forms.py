"""What a question asks about (its focus words), read over many question forms: the noun after 什么/哪些/多少/几,
the verb phrase after it (what it is for: "采取哪些措施治理雾霾"), the support verb of a genre noun (采取 of 措施, 出台 of
政策), a time frame said relative to now (远期, 近期), and words jieba glues across a word boundary (钱修, 村能, 条路).
Real tokenizer and tagger (jieba, the search tokenizer of the index), no stubs."""

from __future__ import annotations

import pytest

from indexer.lexical import Tokenizer
from service.asked import asked
from service.focus import judge_focus
from service.phrase import asking_words

# (question, names of who answers, words that must be focus words, words that must not)
FORMS = [
    # 什么/哪些 + a genre noun (措施, 政策, 目标): the noun needs no repeating, its support verb says nothing,
    # and what follows it (a purpose) is what is asked about.
    ("粮储局和气象局分别定了什么远期目标？", ["粮储局", "气象局"], [], ["定", "远期"]),
    ("科技局定了什么近期目标？", ["科技局"], [], ["定", "近期"]),
    ("科技局定了什么长期目标？", ["科技局"], [], ["定", "长期"]),  # (长期 is tagged an adverb)
    ("市里采取了哪些措施治理雾霾？", [], ["治理", "霾"], ["采取"]),
    ("区里出台了什么政策支持养老？", [], ["养老"], ["出台"]),
    ("县里有什么办法帮农民卖农产品？", [], ["农民", "农产品"], []),
    ("教育局出台了哪些政策减轻学生负担？", ["教育局"], ["学生", "负担"], ["出台"]),
    ("2030年要实现什么目标？", [], [], ["实现"]),
    ("气象部门下一步有什么计划？", [], ["气象"], []),
    ("老旧小区改造有什么新进展？", [], ["老旧", "小区", "改造"], []),
    ("对新能源汽车有什么优惠政策？", [], ["新能源", "汽车"], []),
    # 什么/哪些 + a kind of thing: the answer lists its members (少年宫 for 校外资源, 身份证 for 材料), seldom the kind;
    # what the question says of them after it is asked about.
    ("学校引进了哪些校外资源开展课后服务？", [], ["课后", "服务"], ["校外", "资源"]),
    ("办理居住证需要什么材料？", [], ["居住证"], ["材料"]),
    ("政府给残疾人什么补贴？", [], ["残疾人"], []),
    ("坐飞机遇到延误打什么电话投诉？", [], ["延误", "投诉"], ["打"]),
    ("在义乌买了预付卡被坑打什么电话？", ["义乌"], ["预付卡"], ["打"]),
    ("有哪些医院可以用医保？", [], ["医院", "医保"], []),
    ("哪些企业可以申请技改补助？", [], ["技改"], []),
    ("对返乡创业的大学生有哪些扶持？", [], ["返乡", "创业", "大学生"], []),
    # 多少/几 + a classifier + a noun: the noun counted.
    ("农村建了几个污水处理站？", [], ["污水"], []),
    ("全区一共建了多少个充电桩？", [], ["充电"], []),
    ("每个村能拿到多少补助资金？", [], ["补助"], ["村能"]),
    ("帮了多少困难户？", [], ["困难户"], []),
    ("浦东新区有几家三甲医院？", ["浦东新区"], ["三甲", "医院"], []),
    # Words jieba glues across a word boundary: the glued token names nothing a reply writes.
    ("村里修路的钱修哪里？", [], ["修路"], ["钱修"]),
    ("修这条路花了多少钱？", [], ["路"], ["条路"]),
    # Frames: a distributive and a year relative to now are no words to find.
    ("各区明年分别计划新建多少所学校？", [], ["学校"], ["分别", "明年"]),
    ("长江禁渔和沿海渔港建设分别有什么进展？", [], ["禁渔", "渔港"], ["分别"]),
    ("嘉兴和河南对残疾人分别有啥补贴？", ["嘉兴", "河南"], ["残疾人"], ["分别"]),
]


@pytest.mark.parametrize("question, names, held, not_held", FORMS, ids=[row[0] for row in FORMS])
def test_focus_words_of_a_question_form(question, names, held, not_held):
    terms = judge_focus(question, [], Tokenizer(), lambda term: 1.0, ignore=names).terms
    assert set(held) <= set(terms) and not set(not_held) & set(terms), terms


def test_a_target_asked_is_answered_by_a_sentence_stating_one():
    """"定了什么远期目标": what a reply states as a target (力争到2027年…达到98%以上, 目标…) answers; what it did does not."""
    shape = asked("粮储局和气象局分别定了什么远期目标？").answers
    assert shape is not None and shape.search("力争到2027年气象预警信息公众覆盖率达到98%以上")
    assert not shape.search("2024年全国人工增雨作业影响面积约500万平方公里")
    assert asked("办理居住证需要什么材料？").answers is None


@pytest.mark.parametrize("question, asking", [
    ("粮储局和气象局分别定了什么远期目标？", {"定", "目标"}),
    ("市里采取了哪些措施治理雾霾？", {"采取", "措施"}),
    ("老旧小区改造有什么新进展？", {"新进展"}),   # 有 asks: 改造 is the subject's, no verb of the asking
    ("办理居住证需要什么材料？", set()),           # 材料 is no genre noun: the kind the answer lists
])
def test_the_words_that_ask_rather_than_name(question, asking):
    """The genre noun a determiner asks of and its support verb are left out of the evidence a question's words
    must find (service/answer.py), as frames are."""
    assert asking_words(question) == asking
