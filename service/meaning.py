"""Meaning beside words: how close, by sentence vectors, the question is to the best sentence that
could answer it.

The focus check (service/focus.py) reads words: a reply that says the asked thing in other words
("对预约后无故爽约3次以上的患者，暂停其线上预约资格3个月" for "预约挂号后不去看病会有什么后果？",
"按照投资额的30%给予补贴" for "补贴多少比例？") shares too few of them and is abstained on, and a sentence
that shares the topic's words without saying what is asked is quoted. m3e's cosine scores bunch
together across passages (FACTS.md: an off-topic question can outscore a real one), so closeness
alone decides nothing; it is one signal beside the words, read on a few candidate sentences of the
asked shape (a count for 多少, a place for 在哪里). Their vectors were stored when the archive was
indexed (indexer.sentence_vectors, looked up through Retriever.text_vectors): no model runs for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Closeness:
    """The candidate sentence closest in meaning to the question, and its cosine similarity."""

    score: float = 0.0
    sentence: str = ""

    def as_json(self) -> dict:
        return {"score": round(self.score, 4), "sentence": self.sentence}


def closest(vectors: Callable[[list[str]], np.ndarray], question: str, sentences: list[str],
            question_vector: np.ndarray | None = None) -> Closeness:
    """The sentence among `sentences` closest to `question` (vectors normalised: the dot product is the
    cosine). `vectors` gives texts' vectors (Retriever.text_vectors: stored for chunk sentences, else
    encoded); the question's vector is reused from retrieval when given."""
    if not sentences:
        return Closeness()
    query = question_vector if question_vector is not None else vectors([question])[0]
    scores = vectors(sentences) @ np.asarray(query, dtype=np.float32)
    best = int(np.argmax(scores))
    return Closeness(float(scores[best]), sentences[best])
