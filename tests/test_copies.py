"""An archive that holds one reply twice (a web page and the file it links to, two crawls of a site)
quotes each passage once. Real index, real model; the copy is one of the fictional fixture replies
(tests/fixtures/replies) saved again under another name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from service.engine import Engine, index_from_settings
from service.settings import Settings

REPLIES = Path(__file__).parent / "fixtures" / "replies"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder) -> Engine:
    folder = tmp_path_factory.mktemp("copies")
    for path in REPLIES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    shutil.copy(REPLIES / "pudong-mzj-2025-09.txt", folder / "crawl-2-pudong-mzj-2025-09.txt")
    settings = Settings(index=tmp_path_factory.mktemp("copies-index") / "index", corpus=folder)
    index_from_settings(settings, embedder=embedder)
    return Engine.load(settings, embedder=embedder)


def test_a_reply_held_twice_is_quoted_once(engine: Engine) -> None:
    assert len({r.reply_id for r in engine.replies()}) == len(list(REPLIES.glob("*.txt"))) + 1  # both indexed
    result = engine.answerer.retriever.search("社区长者食堂助餐服务", k=10)
    texts = ["".join(hit.chunk.text.split()) for hit in result.hits]
    assert len(texts) == len(set(texts))
    answer = engine.ask("浦东社区长者食堂有多少家？")
    assert "96家" in answer.answer and answer.answer.count("96家") == 1
    quoted = [sentence.text for sentence in answer.sentences]
    assert quoted and len(quoted) == len(set(quoted))
