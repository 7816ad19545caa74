"""Promise questions asking several parties ("信阳的…和安溪的…，分别计划什么时候完成"): each party's promise is found
among its own replies, with the words asked of it alone. Real model, real index over the test archive and two fictional
replies of eval/data/fresh14 (its dev split is open)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from service.about import own_words
from service.engine import Engine
from tests.conftest import index_with

FRESH14 = Path(__file__).resolve().parent.parent / "eval" / "data" / "fresh14"
REPLIES = [FRESH14 / "xinyang-nyncj-2023-0147.odt", FRESH14 / "anxi-scjgj-2026-0012.txt"]


@pytest.fixture(scope="module")
def two_places(tmp_path_factory: pytest.TempPathFactory, archive: Path, embedder) -> Engine:
    folder = tmp_path_factory.mktemp("two-places")
    for path in REPLIES:
        shutil.copy(path, folder / path.name)
    settings = index_with(tmp_path_factory, embedder, archive, folder, "two-places", suffixes=(".txt", ".odt"))
    return Engine.load(settings, embedder=embedder)


def test_each_party_owns_the_words_between_its_name_and_the_next():
    assert own_words("安溪的乡镇快检室和信阳的低产茶园改造各自打算什么时候完成？", ["安溪", "信阳"]) \
        == ["乡镇快检室", "低产茶园改造"]
    # 对残疾人 is asked of both: no party has words of its own.
    assert own_words("嘉兴和河南对残疾人分别有啥补贴？", ["嘉兴", "河南"]) == ["", ""]


def test_each_place_named_gets_its_own_promise(two_places):
    """Read as one, the question's topic is half 安溪's and half 信阳's, and 安溪's promise holds too little of it;
    the promise itself is cut by jieba as 快/检室 ("乡镇的快检室将在…"), so its text, not its tokens, is read."""
    answer = two_places.ask("安溪的乡镇快检室和信阳的低产茶园改造各自打算什么时候完成？")
    assert answer.kind == "promise", answer.answer
    text = "".join(s.text for s in answer.sentences)
    assert "2026年10月底前" in text and "2023年11月底前" in text, answer.answer
    agencies = [s.lead for s in answer.sentences if s.lead]
    assert agencies[0].startswith("安溪县") and agencies[1].startswith("信阳市"), agencies
