"""jieba's part-of-speech cut (`jieba.posseg.lcut`), the same pairs, with its HMM for unknown words run faster.

The focus rules (service/asked.py, service/phrase.py, service/focus.py) tag every question and a dozen phrases of it; most of that time is
jieba's Viterbi search over the tagging HMM, run on each stretch of characters its dictionary does not
cut into words (算力, 发了). That search compares every active state with every state the next character
may take (about 10 × 10 pairs per character in pure Python), though a state can follow only ~20 of the
256 others. Here each state's possible predecessors are looked up instead, and a stretch is searched
once per process (an LRU cache): the same stretch recurs in the question and in each phrase cut from it.
Ties and unreachable states are decided as jieba does (the larger state wins a tie; when no
predecessor reaches a state, every active one is compared as jieba compares them), so the tags are
jieba's own: tests/test_postag.py compares the two on every question and reply text of the eval sets.
"""

from __future__ import annotations

from functools import cache, lru_cache

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's score of a character a state never emits
MIN_INF = float("-inf")


@cache
def _hmm() -> tuple:
    """jieba's tagging HMM, and for each state the states that may precede it."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

    before: dict[tuple, frozenset] = {}
    for previous, following in trans_P.items():
        for state in following:
            before[state] = before.get(state, frozenset()) | {previous}
    return char_state_tab_P, start_P, trans_P, emit_P, before


@lru_cache(maxsize=8192)
def viterbi(observed: str) -> tuple[tuple[str, str], ...]:
    """The most likely (position, tag) state of each character: jieba.posseg.viterbi's route."""
    states_of, start, transitions, emissions, before = _hmm()
    every = list(transitions)
    first = observed[0]
    scores = {s: start[s] + emissions[s].get(first, MIN_FLOAT) for s in states_of.get(first, every)}
    back: list[dict[tuple, tuple | str]] = [dict.fromkeys(scores, "")]
    for char in observed[1:]:
        active = [s for s in scores if transitions[s]]
        expected: set = set()
        for s in active:
            expected.update(transitions[s])
        candidates = set(states_of.get(char, every)) & expected or expected or set(every)
        active_set = set(active)
        now: dict[tuple, float] = {}
        came: dict[tuple, tuple] = {}
        for state in candidates:
            emitted = emissions[state].get(char, MIN_FLOAT)
            best = None
            for previous in before.get(state, frozenset()) & active_set:
                # Summed in jieba's order, so the scores are the same floats.
                scored = (scores[previous] + transitions[previous][state] + emitted, previous)
                if best is None or scored > best:
                    best = scored
            if best is None or best[0] == MIN_INF:
                # No predecessor reaches it (or none with a finite score): jieba compares every
                # active state, each scored -inf, and the largest state wins the tie.
                best = max((scores[p] + transitions[p].get(state, MIN_INF) + emitted, p) for p in active)
            now[state], came[state] = best
        scores = now
        back.append(came)
    _, state = max((scores[s], s) for s in back[-1])
    route: list = [None] * len(observed)
    for i in range(len(observed) - 1, -1, -1):
        route[i] = state
        state = back[i][state]
    return tuple(route)


@cache
def _tagger():
    import jieba.posseg

    class Tagger(jieba.posseg.POSTokenizer):
        """jieba's default tagger (its dictionary and word tags, shared) with the faster HMM."""

        def __init__(self, default: jieba.posseg.POSTokenizer) -> None:
            self.tokenizer = default.tokenizer
            self.word_tag_tab = default.word_tag_tab

        # POSTokenizer.__cut, name-mangled: the one step that runs the HMM on an unknown stretch.
        def _POSTokenizer__cut(self, sentence: str):
            route = viterbi(sentence)
            begin = following = 0
            for i, char in enumerate(sentence):
                position, flag = route[i]
                if position == "B":
                    begin = i
                elif position == "E":
                    yield jieba.posseg.pair(sentence[begin : i + 1], flag)
                    following = i + 1
                elif position == "S":
                    yield jieba.posseg.pair(char, flag)
                    following = i + 1
            if following < len(sentence):
                yield jieba.posseg.pair(sentence[following:], route[following][1])

    return Tagger(jieba.posseg.dt)


def lcut(text: str) -> list:
    """`jieba.posseg.lcut(text)`: the text's words, each a `pair` of word and flag."""
    return _tagger().lcut(text)

@lru_cache(maxsize=8192)
def tagged(text: str) -> tuple:
    """jieba's part-of-speech cut of `text` (its `pair`s of word and flag), remembered: the focus rules tag
    the same question and phrases a dozen times per answer, and tagging (an HMM) was most of an answer's
    time after retrieval (benchmarks/RESULTS.md)."""
    return tuple(lcut(text))


def dictionary_verb(word: str) -> bool:
    """Whether jieba's dictionary tags `word` a verb (赔偿 v, 建设 vn), not a noun or a time (建议 n, 去年 t)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab.get(word, "").startswith("v")
