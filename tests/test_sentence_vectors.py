"""Sentence vectors stored at build time (indexer/sentence_vectors.py) for the reading by meaning
(service/meaning.py), on real indexes of the fixture archive (real m3e-small, FAISS, bm25s, SQLite):
every chunk sentence is stored once with the model's own vector for that string, a rebuild reuses
them by content hash, an update stores its new sentences, an answer encodes only its question, and
an index without the store still answers the same (encoding per question, with a warning)."""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import indexer.update
from indexer.build import build_index
from indexer.sentence_vectors import SENTENCE_VECTORS
from indexer.sentences import split_sentences
from indexer.store import CURRENT, MANIFEST, open_index
from service.answer import Answerer
from service.engine import Engine
from service.retrieve import Retriever
from service.settings import Settings
from tests.conftest import FIXTURE_REPLIES, FIXTURES, REAL_REPLY

pytestmark = pytest.mark.slow

MEANING_QUESTION = "柳州预约挂号了不去看病会怎么样？"  # read by meaning (tests/test_meaning.py)
CHANGED = "pudong-mzj-2025-09.txt"
OLD_TEXT, NEW_TEXT = "新增社区长者食堂10家", "新增社区长者食堂12家"


class CountingEmbedder:
    """The real model, remembering every batch of texts it was asked to encode."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dimension = inner, inner.name, inner.dimension
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts, progress=progress)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    """The real reply, the reply a test changes and the meaning fixtures, indexed once for the module."""
    folder = tmp_path_factory.mktemp("sentence-vectors")
    (folder / "archive").mkdir()
    for path in [REAL_REPLY, FIXTURE_REPLIES / CHANGED, *sorted((FIXTURES / "meaning").glob("*.txt"))]:
        shutil.copy(path, folder / "archive" / path.name)
    build_index([folder / "archive"], folder / "index", embedder)
    return folder


@pytest.fixture
def archive(built: Path, tmp_path: Path) -> Path:
    """A copy of the module's archive and its index (tmp_path / "index"), for a test to change."""
    shutil.copytree(built / "archive", tmp_path / "archive")
    shutil.copytree(built / "index", tmp_path / "index", symlinks=True)
    return tmp_path / "archive"


def chunk_sentences(root: Path) -> list[str]:
    """Every distinct sentence of the live chunks (an update's replaced chunk ids hold no row)."""
    texts = open_index(root).documents.db.execute("SELECT text FROM chunks ORDER BY chunk_id")
    return list(dict.fromkeys(s for (text,) in texts for _, _, s in split_sentences(text)))


def manifest(root: Path) -> dict:
    return json.loads(((root / CURRENT).resolve() / MANIFEST).read_text(encoding="utf-8"))


def test_every_chunk_sentence_is_stored_once_with_the_models_vector(archive, tmp_path, embedder):
    root = tmp_path / "index"
    sentences = chunk_sentences(root)
    index = open_index(root)
    assert len(sentences) == len(index.sentences) == manifest(root)["sentence_vectors"]
    stored = index.sentences.get(sentences)
    assert list(stored) == sentences
    # The same model's vector for the same string, as the answer encoded it per question before.
    encoded = embedder.encode(sentences)
    assert np.allclose(np.stack([stored[s] for s in sentences]), encoded, atol=1e-5)
    assert index.sentences.get(["一句从未被索引过的话。"]) == {}


def test_a_rebuild_reuses_sentence_vectors_by_content_hash(archive, tmp_path, embedder):
    root = tmp_path / "index"
    before = open_index(root).sentences
    sentences = chunk_sentences(root)
    counting = CountingEmbedder(embedder)
    summary = build_index([archive], root, counting, update=False)
    assert not summary.updated
    assert summary.sentences_embedded == 0 and summary.sentences_reused == len(sentences)
    assert counting.calls == []  # neither chunks nor sentences went through the model
    after = open_index(root).sentences.get(sentences)
    old = before.get(sentences)
    assert all(np.array_equal(after[s], old[s]) for s in sentences)

    path = archive / CHANGED
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
    summary = build_index([archive], root, counting, update=False)
    new = [s for s in chunk_sentences(root) if s not in old]
    assert new and all(NEW_TEXT in s for s in new)
    assert summary.sentences_embedded == len(new)
    # The model saw the changed text only: its chunk (or chunks) and its sentence's strings.
    assert counting.calls and all(NEW_TEXT in text for call in counting.calls for text in call)


def test_an_update_stores_the_vectors_of_its_new_sentences(archive, tmp_path, embedder, monkeypatch):
    monkeypatch.setattr(indexer.update, "REMOVED_AT_MOST", 0.5)  # a fifth of this small archive changes
    root = tmp_path / "index"
    count_before = manifest(root)["sentence_vectors"]
    old_sentences = chunk_sentences(root)

    path = archive / CHANGED
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
    summary = build_index([archive], root, embedder)
    assert summary.updated
    new = [s for s in chunk_sentences(root) if s not in old_sentences]
    assert new and summary.sentences_embedded == len(new)
    assert manifest(root)["sentence_vectors"] == count_before + len(new) == len(open_index(root).sentences)
    stored = open_index(root).sentences.get(new + old_sentences)
    assert set(stored) == set(new + old_sentences)  # the replaced reply's old sentences stay, unread
    assert np.allclose(np.stack([stored[s] for s in new]), embedder.encode(new), atol=1e-5)


def test_an_answer_encodes_its_question_only_and_answers_as_encoding_the_sentences_did(archive, tmp_path, embedder):
    root = tmp_path / "index"
    counting = CountingEmbedder(embedder)
    engine = Engine.load(Settings(index=root), embedder=counting)
    counting.calls.clear()
    answer = engine.ask(MEANING_QUESTION)
    assert "meaning" in answer.focus  # the meaning check ran ...
    assert counting.calls == [[MEANING_QUESTION]]  # ... and the model encoded the question alone

    # The same answerer over the same index without its store encodes the candidates per question.
    retriever = engine.answerer.retriever
    encoding = Answerer(Retriever(replace(retriever.index, sentences=None), embedder, retriever.tokenizer,
                                  retriever.config), engine.answerer.config)
    again = encoding.ask(MEANING_QUESTION)
    assert again.answer == answer.answer and again.focus["meaning"]["sentence"] == answer.focus["meaning"]["sentence"]
    assert again.focus["meaning"]["score"] == pytest.approx(answer.focus["meaning"]["score"], abs=1e-4)


def test_an_index_without_the_store_answers_with_a_warning_and_the_next_build_stores_it(archive, tmp_path, embedder,
                                                                                       caplog):
    root = tmp_path / "index"
    expected = Engine.load(Settings(index=root), embedder=embedder).ask(MEANING_QUESTION)
    ((root / CURRENT).resolve() / SENTENCE_VECTORS).unlink()  # as a build made before the store existed

    counting = CountingEmbedder(embedder)
    with caplog.at_level(logging.WARNING, logger="service.retrieve"):
        engine = Engine.load(Settings(index=root), embedder=counting)
    assert engine.index.sentences is None
    assert any("sentence vectors" in r.getMessage() and "dafu index" in r.getMessage() for r in caplog.records)
    counting.calls.clear()
    answer = engine.ask(MEANING_QUESTION)
    assert answer.answer == expected.answer
    assert answer.focus["meaning"]["score"] == pytest.approx(expected.focus["meaning"]["score"], abs=1e-4)
    # The question, then the candidate sentences, encoded now.
    assert counting.calls[0] == [MEANING_QUESTION]
    assert any(answer.focus["meaning"]["sentence"] in call for call in counting.calls[1:])

    # `dafu index` builds again instead of updating a build without the store: chunk vectors are
    # reused, the sentences are encoded and stored.
    summary = build_index([archive], root, embedder)
    assert not summary.updated and summary.reused == summary.chunks
    assert summary.sentences_embedded == len(chunk_sentences(root)) == len(open_index(root).sentences)
