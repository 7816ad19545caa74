"""What a question asks for, read from its words: 多长 of a way asks a length (全长26.8公里), not a time; a sum asked
per piece (一斤, 一套) is answered only by a sum said per something; "答复的是哪个提案" asks the proposal's number;
a reply named by its place alone ("都匀的答复") that writes no signer is said to write none; the everyday verb of
replying (局回…提案) and a word for a document after a demonstrative (那份文件) name no content. Real model, real
FAISS/BM25 index over fictional replies (tests/fixtures/askedfor/README.md). Each rule was checked absent (the code
before it): every test below fails there."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.asked import asked
from service.engine import Engine
from service.fields import asked_field
from service.figures import counted_pattern
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "askedfor"


@pytest.fixture(scope="module")
def asked_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    return Engine.load(index_with(tmp_path_factory, embedder, archive, FIXTURES, "askedfor"), embedder=embedder)


def test_how_long_of_a_way_asks_a_length_and_of_a_period_a_time():
    way = asked("都匀的乡村旅游环线有多长？").answers
    assert way.search("全长26.8公里") and not way.search("历时8个月")
    period = asked("环线工期多长？").answers
    assert period.search("历时8个月") and not period.search("全长26.8公里")
    either = asked("要多长？").answers  # said of nothing: a length or a time answers
    assert either.search("全长26.8公里") and either.search("历时8个月")


@pytest.mark.parametrize("question, fact", [
    ("都匀的乡村旅游环线有多长？", "26.8公里"),
    ("松阳县改造的茶园机耕路有多长？", "18公里"),
])
def test_a_length_asked_with_duolong_is_answered_not_declined(asked_engine, question, fact):
    answer = asked_engine.ask(question)
    assert not answer.abstained and fact in said(answer), answer.answer


def test_a_sum_asked_per_piece_is_answered_by_a_sum_said_per_piece(asked_engine):
    answer = asked_engine.ask("松阳春茶的茶青一斤能卖多少钱？")
    assert not answer.abstained and "每斤46元" in said(answer), answer.answer
    # an income per person (人均年增收2800元) does not say what one set fetches
    assert asked_engine.ask("松阳的竹编茶具一套能卖多少钱？").abstained


@pytest.mark.parametrize("question", ["都匀交通局答复的是哪个提案？", "都匀市交通运输局是对哪个提案作出的答复？"])
def test_which_proposal_a_reply_answers_is_its_number(asked_engine, question):
    assert asked_field(question).spec.key == "proposal_number"
    answer = asked_engine.ask(question)
    assert answer.kind == "field" and "第0047号" in answer.answer, answer.answer


def test_which_proposal_about_a_topic_is_content_not_a_field():
    assert asked_field("哪个提案提到了乡村旅游环线？") is None


def test_a_reply_named_by_its_place_that_writes_no_signer_says_so(asked_engine):
    answer = asked_engine.ask("都匀的答复是谁签发的？")
    assert not answer.abstained and answer.kind == "field", answer.answer
    assert "没有写明签发人" in answer.answer and "都匀市交通运输局" in answer.answer, answer.answer
    signed = asked_engine.ask("松阳的答复是谁签发的？")
    assert "叶国华" in signed.answer, signed.answer


def test_the_verb_of_replying_and_that_document_name_no_content(asked_engine):
    answer = asked_engine.ask("都匀交通局回旅游交通提案的那份文件，文号是什么？")
    assert answer.kind == "field" and "都交复〔2023〕9号" in answer.answer, answer.answer


def test_a_count_is_the_one_written_beside_the_thing_asked(asked_engine):
    # 办事 is held where the reply writes 政务服务 (the everyday lexicon), in the sentence counting 电子证照
    answer = asked_engine.ask("宣城办事少交证明的事，一共取消了多少证明？")
    assert not answer.abstained and "215项" in said(answer), answer.answer


def test_a_count_asked_with_a_verb_is_the_count_that_verb_did(asked_engine):
    """"新增了多少充电桩" is answered by the piles added (新增公共充电桩900个), not by the stock (建成…2860个) nor by a sum
    said per pile (每个充电桩3000元), which counts none."""
    answer = asked_engine.ask("泸州新增了多少公共充电桩？")
    assert not answer.abstained and "900个" in said(answer), answer.answer


def test_a_number_and_classifier_made_an_adjective_by_xing_is_no_count():
    """一次性奖补 is a grant once for all: no count of 次 answering "有多少家"."""
    shape = asked("贵州评上等级的民宿有多少家？").answers
    assert not shape.search("对等级民宿按每间客房5000元给予一次性奖补。")
    assert shape.search("全省评定等级民宿126家。") and shape.search("每年开展两次评定。")


def test_a_count_of_the_thing_asked_is_read_beside_it_either_way_round():
    counted = counted_pattern("各自新增了多少学位、托位？", frozenset({"新增"}))
    assert counted.search("计划新增普惠托位1500个") and counted.search("新增1.38万个学位")
    assert not counted.search("给予一次性建设补助每个托位5000元") and not counted.search("提供托位1.12万个")
    stock = counted_pattern("现在有多少充电桩？", frozenset({"有"}))  # 有 does nothing to it: any count of it
    assert stock.search("共建成公共充电桩2860个")
    assert counted_pattern("新增了几个托位？") is None  # a unit asked: the figure pattern reads it


@pytest.mark.parametrize("question", ["泸州现在一共有多少公共充电桩？", "泸州的公共充电桩有多少？"])
def test_how_much_there_is_is_the_total_stated_not_the_plan(asked_engine, question):
    """"有多少" asks what is: the total a reply states (共建成公共充电桩2860个), before the plan's figure (计划新增…900个)."""
    answer = asked_engine.ask(question)
    assert not answer.abstained and "2860个" in answer.sentences[0].text, answer.answer



@pytest.mark.parametrize("question", ["大学生创业能贷多少款？", "财政能拨多少款？"])
def test_a_money_word_split_by_its_question_word_asks_a_sum(question):
    """贷多少款 splits 贷款 (as 帮多少忙 splits 帮忙): a sum of money is asked, of the word split, not a count of 款."""
    found = asked(question)
    assert found.kind == "money" and found.target.endswith("款"), found


def test_kuan_after_a_count_without_such_a_verb_stays_a_count():
    assert asked("推出了几款产品？").kind != "money"
