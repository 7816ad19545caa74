"""A number asked for a citizen's act (投诉, 举报, 报修) is the service line the reply writes beside that act, not the
contact of the reply; a number to call is said by a 热线 or the number itself. Real model, real FAISS/BM25 index over a
fictional reply (tests/fixtures/service_line/README.md). Checked absent: the first test fails without the rule
(the contact's 0379-63218805 is stated, or the answer abstains for want of 电话), and the second states the contact
without the rule that such a number is never the contact's; the others must hold either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.engine import Engine
from service.paraphrase import held_otherwise
from tests.conftest import index_with
from tests.test_plain_words import said

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "service_line"
CONTACT = "0379-63218805"


@pytest.fixture(scope="module")
def line_engine(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    return Engine.load(index_with(tmp_path_factory, embedder, archive, FIXTURES, "service-line"), embedder=embedder)


@pytest.mark.parametrize("question", ["洛阳发现占道经营，举报打什么电话？", "洛阳乱倒渣土的举报电话是多少？"])
def test_a_number_asked_for_an_act_is_the_line_written_beside_it(line_engine, question):
    answer = line_engine.ask(question)
    assert not answer.abstained and answer.kind != "field", answer.answer
    assert "12319" in said(answer) and CONTACT not in said(answer), answer.answer


@pytest.mark.parametrize("question", ["洛阳路灯坏了报修打哪个电话？", "洛阳路灯报修电话是多少？"])
def test_a_number_asked_for_an_act_the_reply_gives_no_line_for_is_never_its_contact(line_engine, question):
    """The reply takes 报修 through the community (向所在社区或街道报修) and writes no number for it: its contact handled
    the proposal and takes no repair calls, so the text answers (the community) or nothing does."""
    answer = line_engine.ask(question)
    assert answer.kind != "field" and CONTACT not in said(answer), answer.answer


@pytest.mark.parametrize("question", [
    # the reply's own contact, asked as such, even when the act is named (in a conversation, the topic before it)
    "洛阳城管局占道经营那件提案的联系电话是多少？",
    "洛阳占道经营举报那件提案答复的联系电话是多少？",
])
def test_the_contact_answers_when_asked_as_the_replys_contact(line_engine, question):
    answer = line_engine.ask(question)
    assert answer.kind == "field" and CONTACT in answer.answer, answer.answer


def test_a_number_to_call_is_said_by_a_service_line_or_a_number():
    assert held_otherwise("可拨打12319城管服务热线举报", "电话")
    assert held_otherwise("请致电0379-63218805", "电话")
    assert not held_otherwise("按每公里20万元给予补助，2020年罚款78万元", "电话")
