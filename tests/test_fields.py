"""Field answers over layouts of unseen archives: a field only a web page's metadata table gives, a date
in Chinese numerals, a result asked as how far it was resolved, a contact asked as whom to call. Real
model, real FAISS/BM25 index over fictional replies (tests/fixtures/fields/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.read import read_source
from service.about import About
from service.engine import Engine
from service.fields import asked_field
from tests.conftest import index_with

FIELD_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fields"
YINCHUAN, GANZHOU, XINING = "银建函-2022-41", "赣市文旅字-2023-29", "宁交函-2021-17"


@pytest.fixture(scope="module")
def fields_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    settings = index_with(tmp_path_factory, embedder, archive, FIELD_FIXTURES, "fields", suffixes=(".txt", ".html"))
    return Engine.load(settings, embedder=embedder)


def stated(engine: Engine, question: str):
    """The answer, its stated sentence and the citation of the line it was read from, checked against
    the section text a reader opens (`dafu show`)."""
    answer = engine.ask(question)
    assert answer.kind == "field", (question, answer.answer)
    sentence = answer.sentences[0]
    cited = next(c for c in answer.citations if c.n == sentence.n)
    section = engine.reply(cited.reply_id).section(cited.section_id)
    assert section.text[cited.start:cited.end] == cited.quote
    assert f"hl={cited.start}-{cited.end}" in cited.url
    return answer, sentence, cited


def test_a_web_page_keeps_its_metadata_rows_as_header_lines():
    source = read_source(FIELD_FIXTURES / "yinchuan-zjj-2022-41.html")
    lines = source.text.split("\n")
    assert lines[:5] == ["索引号：64010000-3/2022-00871", "主题分类：城乡建设、环境保护\\住房", "发布机构：银川市住房和城乡建设局",
                         "成文日期：2022年08月19日", "文号：银建函〔2022〕41号"]
    # The web publication date and the name row say nothing of the reply: no line of theirs is kept.
    assert "发布日期" not in source.text and "名称" not in source.text
    assert source.hints["doc_number"] == "银建函〔2022〕41号"


def test_a_field_only_the_metadata_table_gives_is_stated_and_cited(fields_engine):
    answer, sentence, cited = stated(fields_engine, "银川老旧小区加装电梯提案的答复文号是什么？")
    assert sentence.text == "文号：银建函〔2022〕41号"
    assert (cited.reply_id, cited.section_id, cited.quote) == (YINCHUAN, "header", "文号：银建函〔2022〕41号")
    answer, sentence, cited = stated(fields_engine, "银川加装电梯那份答复的索引号是多少？")
    assert cited.quote == "索引号：64010000-3/2022-00871" and cited.reply_id == YINCHUAN


def test_a_date_in_chinese_numerals_is_cited_and_stated_as_written(fields_engine):
    answer, sentence, cited = stated(fields_engine, "赣州红色旅游提案是哪天答复的？")
    assert cited.reply_id == GANZHOU and cited.section_id == "closing" and cited.quote == "二〇二三年七月五日"
    assert sentence.text == "答复日期：二〇二三年七月五日（2023年7月5日）"


def test_a_date_in_arabic_numerals_is_stated_once(fields_engine):
    _, sentence, cited = stated(fields_engine, "西宁公交站台挡风设施的建议是哪天答复的？")
    assert cited.reply_id == XINING and cited.quote == "2021年6月30日"
    assert sentence.text == "答复日期：2021年6月30日"


@pytest.mark.parametrize("question", ["西宁交通局的答复是哪天发的？", "西宁交通局的答复是什么时候下发的", "西宁交通局回复是哪天发出的？"])
def test_the_verb_of_sending_after_the_asked_date_names_nothing_of_the_reply(fields_engine, question):
    # "发的" is what was done with the reply, not a word the reply must hold: the reply named is still the one asked.
    _, sentence, cited = stated(fields_engine, question)
    assert cited.reply_id == XINING and sentence.text == "答复日期：2021年6月30日"


@pytest.mark.parametrize("question", [
    "公交站台挡风设施的建议解决到什么程度了？", "挡风设施那条建议解决了没有？", "公交站台挡风的建议采纳得怎么样？",
    "西宁公交站台建议的解决程度如何？", "挡风设施建议的办复类别是什么？", "西宁挡风设施建议的办理结果？",
])
def test_asking_how_far_a_proposal_was_resolved_is_asking_its_result(fields_engine, question):
    assert asked_field(question).spec.key == "category"
    _, sentence, cited = stated(fields_engine, question)
    assert sentence.text == "办理结果：A（已解决或基本解决）"
    assert (cited.reply_id, cited.quote) == (XINING, "办复类别：A")


@pytest.mark.parametrize("question", ["停车难问题怎么解决？", "解决了哪些困难？", "采纳了哪些意见？", "电话预约功能什么时候开通？"])
def test_how_and_what_questions_about_resolving_ask_the_text(question):
    assert asked_field(question) is None


@pytest.mark.parametrize("question", [
    "西宁公交站台挡风设施的事可以联系哪位？", "公交站台挡风设施建议的经办人是谁？", "挡风设施的建议向谁咨询？",
    "西宁公交站台挡风的建议找谁？",
])
def test_a_contact_question_states_the_name_and_the_phone(fields_engine, question):
    assert asked_field(question).spec.key == "contact"
    _, sentence, cited = stated(fields_engine, question)
    assert sentence.text == "联系人：韩雪梅，联系电话：0971-8125536"
    assert (cited.reply_id, cited.section_id, cited.quote) == (XINING, "closing", "经办人：韩雪梅  联系电话：0971-8125536")


@pytest.mark.parametrize("question, field, value", [
    # Named by what one of its sections does, not by its title (红色旅游与乡村振兴).
    ("扶持民宿和农家乐的那份提案是哪个单位答复的？", "agency", "赣州市文化广电新闻出版旅游局"),
    ("公交站台挡风设施的建议是哪一年答复的？", "date", "2021年6月30日"),
    ("第0033号建议的答复是哪个单位的？", "agency", "西宁市交通运输局"),
])
def test_a_field_of_a_reply_named_by_its_topic_in_other_wordings(fields_engine, question, field, value):
    answer, sentence, _ = stated(fields_engine, question)
    assert sentence.field == field and value in sentence.text, answer.answer


def test_the_reply_a_field_question_names_by_a_sections_topic_wins_over_better_ranked_ones(fields_engine):
    question = "扶持民宿和农家乐的答复是哪个单位的？"
    asked = asked_field(question)
    phrase = question[: asked.start] + " " + question[asked.end:]
    hits = fields_engine.answerer.retriever.search(question, k=10).hits
    assert any(h.chunk.reply_id == GANZHOU for h in hits)
    other = next(h.chunk.reply_id for h in hits if h.chunk.reply_id != GANZHOU)
    other_first = sorted(hits, key=lambda h: h.chunk.reply_id != other)  # neither title names 民宿 or 农家乐
    assert fields_engine.answerer.fields.reply_for(other_first, About(), phrase, []) == GANZHOU


def test_a_field_the_reply_asked_about_does_not_write_is_said_to_be_missing(fields_engine):
    """The question names its reply by topic only; that reply has no 签发人 line. The answer says the
    reply does not write it, instead of "nothing found in the archive"."""
    answer = fields_engine.ask("赣州红色旅游提案的答复签发人是谁？")
    assert answer.kind == "field" and not answer.abstained
    assert "没有写明签发人" in answer.answer and "第0076号提案" in answer.answer
    assert [c.section_id for c in answer.citations if c.in_answer] == ["header"]


def test_a_field_asked_without_naming_any_reply_is_not_said_missing_of_the_top_one(fields_engine):
    answer = fields_engine.ask("签发人是谁？")
    assert "没有写明签发人" not in answer.answer


def test_asking_when_a_reply_without_a_printing_line_was_issued_states_its_date(fields_engine):
    _, sentence, cited = stated(fields_engine, "赣州红色旅游提案的答复是什么时候印发的？")
    assert sentence.field == "date" and cited.reply_id == GANZHOU


@pytest.mark.parametrize("question", ["冰雪旅游那个答复是公开的吗？", "这份答复公不公开？", "那份答复是不是公开的？"])
def test_whether_a_reply_is_public_asked_in_everyday_words_is_its_publicity(question):
    assert asked_field(question).spec.key == "publicity"


@pytest.mark.parametrize("question, words", [("退货那份答复对外公开吗？", "对外公开吗"), ("这份答复是否向社会公开？", "是否向社会公开"),
                                             ("那件提案的答复主动公开吗", "主动公开吗")])
def test_how_a_reply_is_made_public_is_part_of_the_publicity_words(question, words):
    found = asked_field(question)
    assert found.spec.key == "publicity" and question[found.start:found.end] == words


@pytest.mark.parametrize("question", ["公共数据开放了吗？", "公开招聘的岗位有多少？"])
def test_public_in_a_question_about_the_content_is_not_the_publicity_field(question):
    found = asked_field(question)
    assert found is None or found.spec.key != "publicity"


@pytest.mark.parametrize("question", ["评审结果会公开吗？", "补贴名单是否向社会公开？", "招生计划会不会公开",
                                      "项目进展情况能在网上公开吗", "哪些信息要主动公开？", "名单是主动公开还是依申请公开"])
def test_whether_something_other_than_the_reply_is_made_public_asks_the_content(question):
    # the subject of 公开 is a thing the text makes public, not the reply
    found = asked_field(question)
    assert found is None or found.spec.key != "publicity"


@pytest.mark.parametrize("question, words", [
    ("这份答复会公开吗？", "会公开吗"), ("能公开吗？", "能公开吗"), ("那件提案会不会公开", "会不会公开"),
    ("某交提复〔2019〕33号能公开吗？", "能公开吗"),  # the reply named by its number
    ("湖北教育厅关于乡村教师补助的那份答复，是主动公开的吗？", "是主动公开的吗"),
    ("合肥包河小游园那份答复是主动公开还是依申请公开？", "是主动公开还是依申请公开"),
])
def test_whether_the_reply_is_made_public_is_its_publicity_whatever_the_modal(question, words):
    # the reply (a document word, a pointed document, or nothing said) is the subject of 公开
    found = asked_field(question)
    assert found.spec.key == "publicity" and question[found.start:found.end] == words


@pytest.mark.parametrize("question, field", [
    # the seal stamped on the reply and its 落款 (signature and date) are the answering body's and the reply's day
    ("答复上盖的是哪个单位的章？", "agency"), ("复函加盖了哪个部门的公章", "agency"), ("盖着哪个局的章？", "agency"),
    ("印章是谁的？", "agency"), ("落款写的是哪个局？", "agency"), ("落款是谁？", "agency"), ("落款是哪天？", "date"),
    # the result asked with the elliptic 呢, of the document
    ("那个建议的结果呢？", "category"), ("提案办理结果呢", "category"),
    # whom else the reply went to: besides (还/也/同时) with any verb of sending
    ("复函同时报送了哪些单位？", "cc"), ("答复也抄给谁了？", "cc"),
])
def test_the_genre_words_for_a_field_are_read_in_any_of_their_forms(question, field):
    assert asked_field(question).spec.key == field


@pytest.mark.parametrize("question", ["申请表要盖哪个单位的章？", "这项工作的结果呢？", "补贴还发给了谁？"])
def test_the_genre_words_said_of_something_else_are_not_a_field(question):
    assert asked_field(question) is None


def test_a_proposal_number_under_the_label_a_proposal_list_uses_is_read_and_asked():
    # 案号 | 案由: the columns of a CPPCC's list of proposals; the parser reads the label, and a question names it
    from indexer.parse import parse_reply

    meta = parse_reply("某市某局\n某函〔2024〕1号\n案号：0321\n关于某建议的答复\n某某委员：\n一、措施\n正文。\n某市某局\n2024年6月1日",
                       "x.txt").meta
    assert meta.proposal_numbers == ["0321"]
    assert asked_field("这件提案的案号是多少？").spec.key == "proposal_number"


LUOYANG = "洛建复-2024-19"


@pytest.mark.parametrize("question, field", [
    ("长沙雨污分流那个建议是谁签的字？", "signer"), ("这份答复是哪位领导签的字？", "signer"),
    ("哈尔滨老人吃饭难的提案，民政局那边谁负责联系？", "contact"),
    ("安吉农村公路提档升级是哪几个代表提的？", "proposers"),
    ("县城规划的建议归哪个部门管？", "agency"),
    ("那个提案办成了吗", "category"), ("那个建议结果怎么样？", "category"), ("提案最后办得怎么样", "category"),
    ("那份答复还发给了哪些单位？", "cc"),
    ("答复是哪个局出的？", "agency"), ("是哪个部门给的答复？", "agency"), ("牵头办理的是哪个部门？", "agency"),
    ("是几届几次会议的提案？", "session"), ("是哪个会议上提的？", "session"),  # where, not by whom
    ("哪个界别的委员提的？", "proposers"), ("提案者是谁？", "proposers"),
    ("哪天发的文？", "date"), ("什么时间答复的？", "date"), ("这份答复是哪一年的？", "date"),
    ("这份答复公开了吗？", "publicity"), ("谁经办的？", "contact"),
    ("那份会办意见是发给哪个单位的？", "addressee"), ("这份答复是写给谁的？", "addressee"), ("复函主送单位是哪个？", "addressee"),
    ("县城规划那个答复的文号", "doc_number"),
    ("寄材料的地址是哪里？", "address"),
    ("渔港的提案，答复是啥时候出的？", "date"), ("养老那个建议是哪一年回的？", "date"),
    ("这份复函是对哪一号提案的？", "proposal_number"), ("是哪号建议的办理情况报告？", "proposal_number"),
])
def test_a_field_asked_in_everyday_words_is_recognised(question, field):
    assert asked_field(question).spec.key == field


@pytest.mark.parametrize("question", ["这项工作的结果怎么样？", "申请材料发给哪个部门？", "专项操作细则是哪个文号？",
                                      "补贴发给谁？", "哪个单位出的钱？", "垃圾分类由哪个部门牵头？", "数据公开了吗？",
                                      "答复中说哪一年建成？"])
def test_everyday_field_words_about_something_else_are_not_a_field(question):
    assert asked_field(question) is None


@pytest.mark.parametrize("question, reply_id, value", [
    ("洛阳加装电梯那个建议是谁签的字？", LUOYANG, "贺建新"),
    ("银川加装电梯的提案找谁问？", YINCHUAN, "马晓宁"),
    ("洛阳加装电梯的建议找谁问？", LUOYANG, "贾文静"),
    ("洛阳装电梯那个建议办成了吗？", LUOYANG, "正在解决或列入计划解决"),
    ("洛阳加装电梯的答复还发给了哪些单位？", LUOYANG, "市政府办公室"),
])
def test_the_place_a_question_names_picks_the_reply_among_replies_on_one_topic(fields_engine, question, reply_id, value):
    answer, sentence, cited = stated(fields_engine, question)
    assert cited.reply_id == reply_id and value in sentence.text, answer.answer


@pytest.mark.parametrize("question, field", [
    # a label the parser reads a field under names it in a question
    ("这份答复的公开方式是什么？", "publicity"), ("信息公开选项是什么？", "publicity"), ("办复日期是哪天？", "date"),
    ("成文日期是哪天？", "date"), ("议案号是多少？", "proposal_number"), ("发文机关是哪个？", "agency"),
    ("公文编号是什么？", "doc_number"),
    # a cleft 是谁V(这个建议)的 asks the doer of the act on the document
    ("是谁提出这个建议的？", "proposers"), ("这条建议是哪位代表反映的？", "proposers"), ("是谁的提案？", "proposers"),
    ("这份答复是谁签的？", "signer"), ("是哪个领导签发的？", "signer"), ("签批人是谁？", "signer"),
    ("谁回的？", "agency"), ("是哪里回复的？", "agency"), ("谁负责办理这件提案？", "agency"),
    # when, whom to phone, who else got it, which term, whether it counts as resolved
    ("几时回复的？", "date"), ("啥时候给答复的？", "date"),
    ("给谁打电话问？", "contact"), ("打给谁？", "contact"), ("留了电话吗？", "contact"), ("具体经办的是谁？", "contact"),
    ("还抄了谁？", "cc"), ("还送了哪些单位？", "cc"),
    ("是第几届？", "session"), ("是几届人大提的？", "session"), ("哪届政协会议提的？", "session"),
    ("算不算解决了？", "category"), ("是不是A类？", "category"), ("提案的处理结果是什么？", "category"),
])
def test_a_field_asked_by_its_label_or_by_who_did_the_act_is_recognised(question, field):
    asked = asked_field(question)
    assert asked is not None and asked.spec.key == field, question


@pytest.mark.parametrize("question", ["博览会办了几届？", "补贴还发给了哪些人？", "慰问品还送了谁？", "办事大厅有电话吗？", "是谁提出建设这个公园的？",
                                      "谁签的合同？", "哪位代表反映的问题", "谁负责办理居住证？", "投诉的处理结果多久反馈？",
                                      "这个政策是哪一年发布的？"])
def test_the_same_words_about_the_content_are_not_a_field(question):
    assert asked_field(question) is None


@pytest.mark.parametrize("question, reply_id, value", [
    ("洛阳加装电梯那个建议是谁签的？", LUOYANG, "贺建新"),
    ("洛阳加装电梯的答复还送了哪些单位？", LUOYANG, "市政府办公室"),
    ("西宁公交站台挡风那条建议，给谁打电话问？", XINING, "韩雪梅"),
    ("西宁公交站台挡风的建议算不算解决了？", XINING, "A"),
    ("洛阳加装电梯那条建议是谁提出的？", LUOYANG, "郭春燕"),
])
def test_a_field_asked_by_who_did_the_act_is_stated_from_its_line(fields_engine, question, reply_id, value):
    answer, sentence, cited = stated(fields_engine, question)
    assert cited.reply_id == reply_id and value in sentence.text, answer.answer


RONGSHUI = "融财会-2025-3"


def test_a_co_handling_opinion_asked_as_a_reply_states_its_field(fields_engine):
    """融水's 会办意见 never calls itself 答复: the citizen's word for any reply names no topic it must hold."""
    answer, sentence, cited = stated(fields_engine, "融水县财政局那份答复的文号是多少？")
    assert cited.reply_id == RONGSHUI and sentence.text == "文号：融财会〔2025〕3号", answer.answer


@pytest.mark.parametrize("question, field, value", [
    # who wrote it is the body giving the opinion, not the deputy who proposed (覃丽萍)
    ("乡镇文化站图书那份会办意见是谁写的？", "agency", "融水苗族自治县财政局"),
    # an 意见 the reply is, not another document the text names: its own number and date
    ("乡镇文化站图书那份会办意见的文号是多少？", "doc_number", "融财会〔2025〕3号"),
    ("乡镇文化站图书的会办意见是哪天出的？", "date", "2025年5月20日"),
    # the body leading the handling is the one the opinion is addressed to, not the co-handling body writing it
    ("乡镇文化站图书那份会办意见，这件建议是哪个单位主办的？", "addressee", "县文化广电体育和旅游局"),
    ("乡镇文化站图书会办意见的牵头单位是哪个？", "addressee", "县文化广电体育和旅游局"),
])
def test_a_co_handling_opinion_named_as_such_states_its_own_fields(fields_engine, question, field, value):
    answer, sentence, cited = stated(fields_engine, question)
    assert cited.reply_id == RONGSHUI and sentence.field == field and value in sentence.text, answer.answer


@pytest.mark.parametrize("question, field", [
    ("会办意见是谁写的？", "agency"), ("这份答复是哪个单位起草的？", "agency"), ("这条建议是谁写的？", "proposers"),
    ("会办意见的文号是多少？", "doc_number"), ("指导意见的文号是多少？", None),
])
def test_who_wrote_a_reply_is_its_body_and_who_wrote_a_proposal_its_proposer(question, field):
    found = asked_field(question)
    assert (found and found.spec.key) == field


@pytest.mark.parametrize("question, value", [
    ("覃丽萍代表提的那条建议联系人是谁？", "蒙晓东"), ("覃丽萍代表那件建议的文号是多少？", "融财会〔2025〕3号"),
])
def test_a_reply_named_by_its_proposer_is_the_one_asked(fields_engine, question, value):
    answer, sentence, cited = stated(fields_engine, question)
    assert cited.reply_id == RONGSHUI and value in sentence.text, answer.answer


def test_two_places_asked_each_are_quoted_from_their_own_reply(fields_engine):
    answer = fields_engine.ask("银川和洛阳对加装电梯分别补助多少钱？")
    quoted = [s.reply_id for s in answer.sentences]
    assert YINCHUAN in quoted and LUOYANG in quoted, answer.answer
    assert quoted.index(YINCHUAN) < quoted.index(LUOYANG)  # in the order named
    assert "15万元" in answer.answer and "12万元" in answer.answer


def test_a_colloquial_word_is_found_as_the_official_one_the_reply_writes(fields_engine):
    """老人 is written 老年人 in the reply: a synonym, not a missing focus word."""
    answer = fields_engine.ask("洛阳加装电梯怎么照顾老人？")
    assert not answer.abstained, answer.answer
    assert answer.sentences[0].reply_id == LUOYANG and "老年人" in answer.sentences[0].text
    assert "老人" not in answer.focus["missing"]


@pytest.mark.parametrize("question, kind", [
    ("那个贷款每家企业最多能贷多少？", "rate"), ("每户最高能领多少？", "rate"),
    ("每年新增多少学位？", "count"), ("全市一共加装了多少部电梯？", "count"),
])
def test_a_quantity_asked_per_thing_or_as_a_bound_asks_a_rate(question, kind):
    from service.asked import asked

    assert asked(question).kind == kind


def test_a_rate_is_not_answered_by_a_total(fields_engine):
    """银川 writes a total of lifts (176部) and a subsidy per lift; asked per lift how many households it
    serves, the total of households (2900余户) is no answer."""
    answer = fields_engine.ask("银川加装电梯每部最多能惠及多少户居民？")
    assert answer.abstained, answer.answer
    assert not fields_engine.ask("银川加装电梯每部补助多少？").abstained


def test_an_agency_named_whose_reply_is_on_the_topic_is_not_answered_by_another_topic(fields_engine):
    """西宁市交通运输局's reply is the one on 公交站台挡风设施; it gives no subsidy. Another bureau's subsidy
    (加装电梯 15万元) holds none of the topic's words and is no answer."""
    answer = fields_engine.ask("西宁市交通运输局给公交站台挡风设施每座补助多少钱？")
    assert answer.abstained, answer.answer


@pytest.mark.parametrize("question, thing", [
    ("全球首店奖励要向哪个窗口提交申请？", "窗口"), ("申请要准备哪些材料？", "材料"),
    ("有哪些措施？", ""), ("做到什么程度了？", ""), ("是哪个文号？", ""),
])
def test_the_thing_which_asks_of_is_read_unless_it_is_what_every_reply_reports(question, thing):
    from service.asked import asked

    assert asked(question).thing == thing


def test_which_thing_a_reply_never_names_is_not_answered(fields_engine):
    assert fields_engine.ask("银川加装电梯申请要准备哪些材料？").abstained
    answer = fields_engine.ask("银川加装电梯优先支持哪些楼栋？")
    assert not answer.abstained and "楼栋" in answer.answer, answer.answer


def test_asked_when_something_will_be_done_the_promise_leads_not_last_years_figures(fields_engine):
    """洛阳 reports 2023's lifts (全市完成…94部) and promises 150 more for 2024: asked when they will be done,
    the promise is quoted first."""
    answer = fields_engine.ask("洛阳加装电梯下一批什么时候能完成？")
    assert not answer.abstained, answer.answer
    assert "150部" in answer.sentences[0].text, answer.answer


def test_a_gathering_question_quotes_only_the_replies_on_what_it_asks(fields_engine):
    answer = fields_engine.ask("各地加装电梯分别补助多少钱？")
    quoted = {s.reply_id for s in answer.sentences}
    assert {YINCHUAN, LUOYANG} <= quoted and quoted <= {YINCHUAN, LUOYANG}, answer.answer


def test_colloquial_levels_asked_each_are_parties_of_their_own(fields_engine):
    """"市里和区里各做了哪些": the city bodies (银川, 洛阳…) and the district bodies (浦东) are each a party."""
    from indexer import grammar
    from service.about import find_about

    answerer = fields_engine.answerer
    about = find_about("加装电梯方面，市里和区里各做了哪些工作？", answerer.retriever.index.documents.columns,
                       answerer.tokenizer, set(), answerer.names)
    assert [name for name, _ in about.parties] == ["市里", "区里"]
    levels = [{grammar.parse_agency(answerer.retriever.index.replies[r].meta.agency).level for r in replies}
              for _, replies in about.parties]
    assert levels == [{"city"}, {"district"}]
    assert YINCHUAN in about.parties[0][1] and LUOYANG in about.parties[0][1]


@pytest.mark.parametrize("sentence, problem", [
    ("部分老年人看病难、挂号难问题突出。", True), ("偏远地区群众出行不便，", True), ("停车难问题日益凸显。", True),
    ("实施较难，需要统筹推进。", False), ("这项工作难度大。", False),
])
def test_an_activity_named_as_a_hardship_is_a_problem_restated(sentence, problem):
    from service.quotes import PROBLEM

    assert bool(PROBLEM.search(sentence)) == problem


@pytest.mark.parametrize("phrase, head", [
    ("哈尔滨老人在食堂吃饭每顿补", "老人"), ("浦东对AI人才的住房补贴", "住房补贴"), ("对企业的奖励", "奖励"),
    ("张江人工智能岛", "岛"),
])
def test_a_noun_a_preposition_governs_is_no_head_of_what_is_asked(phrase, head):
    from service.phrase import head_noun

    assert head_noun(phrase) == head


def test_whom_a_reply_is_sent_to_is_its_addressee_line(fields_engine):
    """"…是写给谁的" asks the addressee (主送): the proposer a reply answers, the lead agency a 会办意见 answers;
    "还发给了哪些单位" asks whom else, 抄送."""
    answer, sentence, cited = stated(fields_engine, "洛阳加装电梯的建议答复是写给谁的？")
    assert sentence.text == "主送：郭春燕代表" and sentence.field == "addressee"
    assert (cited.reply_id, cited.section_id, cited.quote) == (LUOYANG, "header", "郭春燕代表：")



@pytest.mark.parametrize(("question", "field"), [
    # a proposal accepted or followed up in everyday verbs, with the proposal as the subject
    ("这件提案最后落实了没有？", "category"), ("这条建议政府同意了吗？", "category"), ("这个提案有没有被采用？", "category"),
    ("提案被接受了吗？", "category"), ("建议最后有下文吗？", "category"), ("提案答复是什么结果？", "category"),
    # the day a reply was given or put out
    ("哪天给的答复？", "date"), ("答复是几号出的？", "date"), ("那个答复几月份发的？", "date"),
    # the reply's own number
    ("这份答复的编号是多少？", "doc_number"), ("文件字号是什么？", "doc_number"), ("那份复函的字号是几号？", "doc_number"),
    ("谁批的这份答复？", "signer"),
    ("想咨询打哪个号码？", "contact"), ("有没有留电话？", "contact"), ("手机号是多少？", "contact"),
    ("负责联系的人叫什么？", "contact"), ("对接人是谁？", "contact"),
    ("抄给了哪些部门？", "cc"), ("领衔人是谁？", "proposers"), ("这是哪一年两会的提案？", "session"),
    ("哪个局办的？", "agency"),
])
def test_fields_asked_in_everyday_words(question, field):
    asked = asked_field(question)
    assert (asked.spec.key if asked else None) == field


@pytest.mark.parametrize("question", [
    "这项政策落实了没有？", "补贴还发给了谁？", "垃圾分类工作有什么结果？", "这个项目谁批的？", "哪天开始发补贴？",
    "编号规则是什么？", "这件事有下文吗？", "家长同意了吗？",
    "群众的意见有没有被采纳到规划里？", "是否纳入到计划中？", "公交几号线几点发车？", "住在几号楼？",
])
def test_the_same_verbs_about_the_content_are_no_field(question):
    """Accepting, approving, numbering and dating said of a policy, a project or a person ask the text; so do a
    thing adopted into another (采纳到规划里) and a number that names a line or a building (几号线, 几号楼)."""
    assert asked_field(question) is None


@pytest.mark.parametrize("question", ["那件提案是哪天？", "交通局答复公交站台那条建议是哪天？", "提案是在哪天呢"])
def test_the_day_of_a_document_asked_with_nothing_after_it_is_the_reply_date(question):
    asked = asked_field(question)
    assert asked is not None and asked.spec.key == "date", question


@pytest.mark.parametrize("question", ["这个建议是哪天提的？", "会议是哪天？", "这个活动是哪天？"])
def test_the_day_a_proposal_was_made_or_an_event_held_is_no_reply_date(question):
    assert asked_field(question) is None


def test_a_result_asked_with_a_measure_word_is_the_result_field():
    asked = asked_field("洛阳装电梯那个建议，最后是个什么结果？")
    assert asked is not None and asked.spec.key == "category"


@pytest.mark.parametrize("question, section_id, value", [
    ("西宁交通局答复公交站台挡风那条建议是哪天？", "closing", "2021年6月30日"),
    ("西宁公交站台挡风的建议，最后是个什么结果？", "header", "A"),
])
def test_a_field_asked_in_speech_is_stated_from_its_line_not_quoted_from_the_body(fields_engine, question, section_id, value):
    answer, sentence, cited = stated(fields_engine, question)
    assert (cited.reply_id, cited.section_id) == (XINING, section_id) and value in sentence.text, answer.answer


def test_a_field_stated_outside_the_header_lists_the_headers_title_line_next(fields_engine):
    """The date is read under the signature; the next source is the title line, which says which reply it is of,
    before any passage of the body."""
    answer, sentence, cited = stated(fields_engine, "西宁交通局答复公交站台挡风那条建议是哪天？")
    assert cited.section_id == "closing"
    following = next(c for c in answer.citations if c.n == cited.n + 1)
    assert (following.reply_id, following.section_id) == (XINING, "header")
    assert following.quote == "关于市十六届人大五次会议第0033号建议的答复"


def test_a_field_written_in_both_header_and_closing_cites_both_lines():
    """公开属性 above the title and 信息公开属性 in the 版记: one field written twice, both lines its sources."""
    from indexer.parse import parse_reply
    from service.field_answer import FieldAnswerer
    from service.fields import BY_KEY, field_spans, field_value

    text = ("公开属性：主动公开\n某区某局\n某办理〔2024〕41号\n关于区政协七届三次会议第175号提案的答复\n王某委员：\n"
            "您提出的提案收悉。现答复如下：\n一、措施\n正文。\n某区某局\n2024年7月10日\n联系人：李某 电话：12345678\n"
            "信息公开属性：主动公开\n抄送：区政府办公室")
    reply = parse_reply(text, "x.txt")
    spec = BY_KEY["publicity"]
    spans = field_spans(reply, spec, field_value(reply, spec))
    assert [section_id for section_id, _, _ in spans] == ["header", "closing"]
    [also] = FieldAnswerer.metadata_beside(reply, spans)
    assert (also.section_id, also.quote) == ("closing", "信息公开属性：主动公开")


def test_a_field_answer_lists_no_more_sources_than_asked(fields_engine):
    """The title line beside a field stated under the signature is a further source, one of the k asked for: with k=1
    the stated line is the only one (it had made two)."""
    answer = fields_engine.ask("西宁交通局答复公交站台挡风那条建议是哪天？", k=1)
    assert answer.kind == "field" and len(answer.citations) == 1, answer.citations
    assert answer.citations[0].section_id == "closing"
    assert len(fields_engine.ask("西宁交通局答复公交站台挡风那条建议是哪天？", k=2).citations) == 2
