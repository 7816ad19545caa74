"""Lexical side of the index: Chinese tokenisation with aliases, number and document-number
normalisation, and the BM25 index (bm25s) built from those tokens.

The same Tokenizer runs on replies at index time and on questions at query time, so a question's
区科经委 / 第57号 / （2025）61号 meets the reply's 科技和经济委员会 / 第 057 号 / 浦科经委办理（2025）61号.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from indexer import grammar

logger = logging.getLogger(__name__)

ALIASES_FILE = Path(__file__).parent / "data" / "aliases.json"
TOKENIZER_MODES = ("search", "lcut", "bigram")
CUT_CACHE = 100_000  # distinct text blocks whose jieba cut is kept (a few tens of MB at most)

STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 有 对 把 被 为 从 向 于 以 等 中 上 下 也 都 就 还 又 而 并 且 "
    "吗 呢 吧 啊 么 什么 哪些 哪个 哪里 哪 怎么 怎样 如何 多少 几 谁 请问 一下 一些 这个 那个 这 那 "
    "我 我们 你 你们 他们 它 其 该 此 之 个 些 里 给 要 能 会 可以 是否 有没有 有何 何 "
    "第 方面 情况 问题 相关 进行 通过 关于".split()
)
QUESTION_STOPWORDS = frozenset(
    # How citizens ask, not what they ask about: words that replies, written in the official register,
    # do not use, so their absence from every passage would otherwise read as missing evidence.
    # Each entry belongs to a class the language defines, not to a question of the evaluation set:
    # the asker's time deixis (现在, 目前, 接下来 and its search-mode pieces 接下/下来, 以后), approximators
    # (大概, 大约, 左右), totalisers (一共, 总共), colloquial and light verbs (搞, 弄, 干, 拿, 说, 讲,
    # 提到), aspect particles (过, 着), modal and intention verbs (想, 准备, 打算, 能够, 需要, 应该),
    # emphatic question adverbs (到底, 究竟), colloquial interrogatives (为啥, 啥, 咋, 多久, 多长) and
    # deictic references to the document (这份, 那份). Multi-word interrogatives (怎么样, 多长时间,
    # 什么时候…) are cut as phrases before segmentation (_QUESTION_WORDS), so their pieces need no entry.
    "现在 目前 如今 当初 原来 接下来 接下 下来 以后 之后 时候 大概 大约 左右 一共 总共 "
    "做 干 搞 弄 拿 叫 说 讲 提到 提过 过 着 想 准备 打算 能够 需要 应该 到底 究竟 "
    "为啥 啥 咋 多久 多长 这份 那份".split()
)
_PUNCT = re.compile(r"^[\W_]+$")
_UNITS = grammar.unit_pattern(grammar.TOKEN_UNITS)
# 第 057 号 / 第057号 / 57号 → 第57号; also closes pypdf's spaces inside numbers ("30 家" → "30家").
# Not after a decimal point: 10.05万元 keeps its zero.
_NUMBER_SUFFIX = re.compile(rf"(?<![\d.])0*(\d+(?:\.\d+)?)\s*({_UNITS})")
# A number with its unit is also one exact token (30家, 57号, 1.28亿元), beside jieba's pieces.
_NUMBER_UNIT = re.compile(rf"\d+(?:\.\d+)?(?:{_UNITS})")
# Interrogative phrases (怎么样, 多长时间) and quantities (多少家, 几个, 哪天, 哪一年): jieba glues them to the next word
# ("多少家首店" → 家首店), so they are cut out before segmentation, in questions and replies alike.
_CLASSIFIERS = grammar.unit_pattern(grammar.QUESTION_CLASSIFIERS)
_QUESTION_WORDS = re.compile(rf"怎么样|怎么办|为什么|什么时候|多长时间|多少(?:{_CLASSIFIERS})?|几(?:{_CLASSIFIERS})|哪(?:一|几)?(?:{_CLASSIFIERS}|些|里|儿)?")


def load_alias_groups(extra: Path | None = None) -> list[list[str]]:
    groups: list[list[str]] = []
    for path in [ALIASES_FILE, *([extra] if extra else [])]:
        with open(path, encoding="utf-8") as handle:
            groups.extend(json.load(handle)["groups"])
    return groups


def doc_number_tokens(text: str) -> list[str]:
    """Exact-match tokens for document numbers: （2025）61号 in any spacing → "doc:2025-61"."""
    if "号" not in text:  # every document number ends in 号; the pattern is slow to fail elsewhere
        return []
    return [f"doc:{number.key}" for number in grammar.find_doc_numbers(text)]


@dataclass
class Tokenizer:
    mode: str = "search"
    aliases: bool = True
    stopwords: bool = True
    alias_groups: list[list[str]] = field(default_factory=list)
    numbers: bool = True  # number and document-number normalisation (off only to measure it)
    question_words: bool = True  # drop interrogatives and colloquial question words (off only to measure it)

    def __post_init__(self) -> None:
        if self.mode not in TOKENIZER_MODES:
            raise ValueError(f"unknown tokenizer mode {self.mode!r}; choose one of {TOKENIZER_MODES}")
        import jieba  # imported here: building its dictionary takes a second

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        if self.aliases and not self.alias_groups:
            self.alias_groups = load_alias_groups()
        for group in self.alias_groups:
            for word in group:
                self._jieba.add_word(word.lower())  # text is lowercased before segmentation
        # A group of district bodies (区科经委) is not mentioned by a city's short form (市科委).
        self._group_levels = [grammar.alias_group_level(group) for group in self.alias_groups]
        # jieba segments each run of Chinese/Latin characters (its re_han blocks) on its own, so cutting
        # text block by block gives the same tokens as cutting it whole; replies repeat blocks (agency,
        # title and section path in every chunk's context line, each sentence cut again for quoting), so
        # each distinct block is cut once. Bounded, so a long build does not grow without limit.
        self._block = re.compile(jieba.re_han_default.pattern)
        self._cut_block = lru_cache(maxsize=CUT_CACHE)(self._cut_uncached)
        # Alias names lowered once, and each group's expansion tokens cut once, not per text.
        self._group_names = [[name.lower() for name in group] for group in self.alias_groups]
        self._group_tokens = [[t for name in names for t in self.words(name) if t not in STOPWORDS]
                              for names in self._group_names]
        self._equivalents: dict[str, frozenset[str]] = {}
        for names in self._group_names:
            for name in names:
                self._equivalents[name] = self._equivalents.get(name, frozenset()) | frozenset(names)

    def equivalents(self, word: str) -> frozenset[str]:
        """The word (lowercased) and every name of the alias groups naming it whole: AI ↔ 人工智能 ↔ 大模型."""
        word = word.lower()
        return self._equivalents.get(word) or frozenset((word,))

    def normalise(self, text: str) -> str:
        text = text.replace("\u3000", " ").lower()
        if self.question_words:
            text = _QUESTION_WORDS.sub(" ", text)
        if not self.numbers:
            return text
        return _NUMBER_SUFFIX.sub(lambda m: f"{m.group(1)}{m.group(2)}", text)

    def words(self, text: str) -> list[str]:
        if self.mode == "bigram":
            tokens: list[str] = []
            for run in re.findall(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:[.\-][a-z0-9]+)*", text):
                if run[0] >= "\u4e00" and len(run) > 1:
                    tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
                else:
                    tokens.append(run)
            return tokens
        tokens = []
        for piece in self._block.split(text):
            if piece:
                tokens.extend(self._cut_block(piece))
        return tokens

    def _cut_uncached(self, piece: str) -> tuple[str, ...]:
        return tuple(self._jieba.lcut(piece) if self.mode == "lcut" else self._jieba.lcut_for_search(piece))

    def tokenize(self, text: str, expand: bool = True) -> list[str]:
        """Search tokens of `text`; with expand, the names of every alias group it mentions too."""
        normalised = self.normalise(text)
        tokens = [t.strip() for t in self.words(normalised)]
        tokens = [t for t in tokens if t and not _PUNCT.match(t)]
        if self.stopwords:
            tokens = [t for t in tokens if t not in STOPWORDS]
            if self.question_words:
                tokens = [t for t in tokens if t not in QUESTION_STOPWORDS]
        if self.numbers:
            tokens.extend(_NUMBER_UNIT.findall(normalised))
            tokens.extend(doc_number_tokens(normalised))
        if self.aliases and expand:
            # Matched before interrogatives are cut, so a group may name one ("哪天" → 日期).
            lowered = text.replace("\u3000", " ").lower()
            for names, level, expansion in zip(self._group_names, self._group_levels, self._group_tokens):
                # The substring test is a cheap necessary condition for grammar.mentions.
                if any((name in normalised and grammar.mentions(normalised, name, level))
                       or (name in lowered and grammar.mentions(lowered, name, level)) for name in names):
                    tokens.extend(expansion)
        return tokens


# The one token of a document that has none (a chunk of punctuation): bm25s needs a token per document.
EMPTY_DOCUMENT = "<empty>"


BM25_BLOCK_TOKENS = 1_000_000  # token ids turned into scores at a time (≈ 50 MB of work arrays)


def _document_blocks(documents: Sequence[np.ndarray]) -> Iterator[tuple[int, list[np.ndarray]]]:
    start, block, size = 0, [], 0
    for i, document in enumerate(documents):
        block.append(document)
        size += len(document)
        if size >= BM25_BLOCK_TOKENS:
            yield start, block
            start, block, size = i + 1, [], 0
    if block:
        yield start, block


def _term_counts(start: int, block: list[np.ndarray], vocabulary_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document, term, count) of each distinct term of each document of the block, by document then term."""
    lengths = np.fromiter((len(d) for d in block), dtype=np.int64, count=len(block))
    documents = np.repeat(np.arange(len(block), dtype=np.int64), lengths)
    keys, counts = np.unique(documents * vocabulary_size + np.concatenate(block).astype(np.int64), return_counts=True)
    return keys // vocabulary_size + start, keys % vocabulary_size, counts


def bm25_matrix(bm25, documents: Sequence[np.ndarray], vocabulary_size: int, scratch: Path | None = None) -> dict:
    """The score matrix bm25s.BM25.build_index_from_ids makes (CSC: a column per term, documents in
    order; the same idf and term-frequency functions, the same dtypes and arithmetic), computed a
    block of documents at a time: document frequencies first, then each block's scores written to
    their place in the columns. bm25s holds the whole corpus and three copies of the matrix while
    it builds (≈ 4 GB at 1.16M chunks); this holds a block, and with `scratch` writes the matrix
    to memory-mapped files there instead of memory."""
    from bm25s.scoring import _build_idf_array, _select_idf_scorer, _select_tfc_scorer

    lengths = np.fromiter((len(d) for d in documents), dtype=np.int64, count=len(documents))
    average_length = lengths.mean()
    frequencies = np.zeros(vocabulary_size, dtype=np.int64)
    for start, block in _document_blocks(documents):
        frequencies += np.bincount(_term_counts(start, block, vocabulary_size)[1], minlength=vocabulary_size)
    idf = _build_idf_array({term: int(df) for term, df in enumerate(frequencies)}, n_docs=len(documents),
                           compute_idf_fn=_select_idf_scorer(bm25.idf_method), dtype=bm25.dtype)
    term_frequency_score = _select_tfc_scorer(bm25.method)
    indptr = np.zeros(vocabulary_size + 1, dtype=np.int64)
    np.cumsum(frequencies, out=indptr[1:])
    size = int(indptr[-1])
    if scratch is None:
        data, indices = np.empty(size, dtype=bm25.dtype), np.empty(size, dtype=bm25.int_dtype)
    else:
        scratch.mkdir(parents=True, exist_ok=True)
        data = np.lib.format.open_memmap(scratch / "data.npy", mode="w+", dtype=bm25.dtype, shape=(size,))
        indices = np.lib.format.open_memmap(scratch / "indices.npy", mode="w+", dtype=bm25.int_dtype, shape=(size,))
    filled = indptr[:-1].copy()  # next free place in each term's column
    for start, block in _document_blocks(documents):
        docs, terms, counts = _term_counts(start, block, vocabulary_size)
        # Per document, bm25s computes tf (float32) against the document length and the average length.
        scores = idf[terms] * term_frequency_score(tf_array=counts.astype(bm25.dtype), l_d=lengths[docs],
                                                   l_avg=average_length, k1=bm25.k1, b=bm25.b, delta=bm25.delta)
        order = np.argsort(terms, kind="stable")  # by term, documents still in order within a term
        terms, docs, scores = terms[order], docs[order], scores[order]
        first = np.searchsorted(terms, terms, side="left")
        places = filled[terms] + np.arange(len(terms)) - first
        data[places] = scores
        indices[places] = docs
        filled += np.bincount(terms, minlength=vocabulary_size)
    return {"data": data, "indices": indices, "indptr": indptr, "num_docs": len(documents)}


class LexicalIndex:
    """BM25 (bm25s, Lucene scoring) over token lists; row i is chunk id i."""

    def __init__(self, bm25, documents: int | None = None) -> None:  # bm25s.BM25
        self.bm25 = bm25
        # Documents the statistics count: fewer than the rows after an update (indexer.update).
        self.documents = bm25.scores["num_docs"] if documents is None else documents
        # Remembered per token (and count of documents): the answer weighs the same question words for
        # every passage it reads, and each look-up reads the memory-mapped score matrix.
        self._idf = lru_cache(maxsize=1 << 16)(self._idf_of)

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> "LexicalIndex":
        vocabulary: dict[str, int] = {}
        ids = [np.array([vocabulary.setdefault(t, len(vocabulary)) for t in tokens or [EMPTY_DOCUMENT]], dtype=np.int32)
               for tokens in token_lists]
        return cls.from_ids(ids, vocabulary)

    @classmethod
    def from_ids(cls, documents: Sequence[np.ndarray], vocabulary: dict[str, int], rows: np.ndarray | None = None,
                 total: int | None = None, scratch: Path | None = None) -> "LexicalIndex":
        """BM25 over documents given as token ids (ids 0..n-1 of `vocabulary`): the arrays bm25s
        builds from a `Tokenized` corpus, built by `bm25_matrix` a block of documents at a time.
        Every document has at least one token (EMPTY_DOCUMENT stands in for none), so row i stays
        chunk id i. `scratch`: a folder for the score arrays as memory-mapped files (a large build),
        else they are held in memory.

        `rows`, `total`: document j is row rows[j] of `total` (an update indexes only the live
        chunks): idf and the average length count these documents alone, exactly as a build of
        them would, and the other rows score nothing."""
        import bm25s

        bm25 = bm25s.BM25()
        bm25.scores = bm25_matrix(bm25, documents, len(vocabulary), scratch)
        # As bm25s.BM25.index does for a Tokenized corpus: "" names one id past the vocabulary.
        bm25.vocab_dict = dict(vocabulary)
        if "" not in bm25.vocab_dict:
            bm25.vocab_dict[""] = max(bm25.vocab_dict.values(), default=-1) + 1
        bm25.unique_token_ids_set = set(bm25.vocab_dict.values())
        bm25.nonoccurrence_array = None  # only BM25L and BM25+ use one
        if rows is not None:
            # The matrix's document numbers → rows, in place (the array may be a memory-mapped file).
            indices, rows = bm25.scores["indices"], np.asarray(rows, dtype=bm25.scores["indices"].dtype)
            for start in range(0, len(indices), BM25_BLOCK_TOKENS):
                indices[start : start + BM25_BLOCK_TOKENS] = rows[indices[start : start + BM25_BLOCK_TOKENS]]
            bm25.scores["num_docs"] = total
        return cls(bm25, documents=len(documents))

    def save(self, folder: Path) -> None:
        self.bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> "LexicalIndex":
        """With mmap, the score arrays stay on disk and are shared by every process that maps them."""
        import bm25s

        return cls(bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False))

    @property
    def vocabulary(self) -> dict[str, int]:
        return self.bm25.vocab_dict

    def scores(self, tokens: list[str], mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every chunk (zeros where no query token occurs)."""
        known = [t for t in tokens if t in self.bm25.vocab_dict]
        num_docs = self.bm25.scores["num_docs"]
        if not known:
            return np.zeros(num_docs, dtype=np.float32)
        scores = np.asarray(self.bm25.get_scores(known), dtype=np.float32)
        return scores * mask if mask is not None else scores

    def top(self, tokens: list[str], limit: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(row, score) of the best `limit` rows with a positive score, by bm25s's own top-k; rows
        outside `mask` score zero (bm25s's weight_mask), so filtering happens before the cut."""
        ids = self.bm25.get_tokens_ids(tokens)
        num_docs = self.bm25.scores["num_docs"]
        if not ids or limit <= 0:
            return []
        weights = None if mask is None else mask.astype(np.float32)
        if self.bm25.backend != "numpy":
            rows, scores = self.bm25.retrieve([ids], k=min(limit, num_docs), weight_mask=weights, show_progress=False)
            return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if s > 0]
        # What BM25.retrieve runs for one query of token ids on its numpy backend (the scores, then
        # bm25s's own top-k), without its per-call argument checks, progress bar and executor: as long
        # as the scoring itself on an archive of a few hundred chunks.
        from bm25s.selection import topk

        scores, rows = topk(self.bm25.get_scores_from_ids(ids, weight_mask=weights), k=min(limit, num_docs), sorted=True)
        return [(int(r), float(s)) for r, s in zip(rows, scores) if s > 0]

    def idf(self, token: str) -> float:
        """Inverse document frequency as BM25 uses it; an unseen token gets the rarest possible."""
        return self._idf(token, self.documents)

    def _idf_of(self, token: str, num_docs: int) -> float:
        token_id = self.bm25.vocab_dict.get(token)
        if token_id is None:
            df = 0
        else:
            indptr = self.bm25.scores["indptr"]
            df = int(indptr[token_id + 1] - indptr[token_id])
        return float(np.log(1 + (num_docs - df + 0.5) / (df + 0.5)))
