"""Retrieval details that the end-to-end questions do not pin down."""

from __future__ import annotations

import pytest

from service.retrieve import referenced_replies

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("057号提案是谁答复的？", {"浦科经委办理-2025-61"}),
        ("第 57 号提案", {"浦科经委办理-2025-61"}),
        ("浦科经委办理（ 2025 ）61号讲了什么", {"浦科经委办理-2025-61"}),
        ("第021号提案的办理结果", {"浦教办理-2024-15"}),
        ("培育30家企业", set()),
        ("15号楼的加装电梯怎么申请？", set()),  # 浦教办理（2024）15号 exists, but a building is not a reply
        ("第21号文件", set()),
        ("第999号提案", set()),
    ],
)
def test_questions_naming_a_reply_by_number_are_recognised(engine, question, expected):
    assert referenced_replies(question, engine.index.replies) == expected


def test_a_reply_named_by_number_ranks_first_and_is_not_abstained_on(engine):
    answer = engine.ask("第021号提案答复的办理结果是什么？")
    assert not answer.abstained
    assert answer.citations[0].reply_id == "浦教办理-2024-15"
    assert "列入计划拟解决" in answer.answer


def test_an_unknown_number_changes_nothing(engine):
    answer = engine.ask("第999号提案说了什么？")
    assert answer.abstained


def test_a_house_number_neither_ranks_a_reply_first_nor_disables_abstention(engine):
    answer = engine.ask("15号楼的加装电梯怎么申请？")
    assert answer.abstained
