"""service.postag gives jieba.posseg's own tags: the focus rules must read every question as before."""

import json
import random
import re
from pathlib import Path

import jieba.posseg
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from service import postag

ROOT = Path(__file__).resolve().parents[1]
# Non-blind question sets and the texts of the replies they are asked of (the blind sets are never read).
QUESTION_FILES = [ROOT / "eval/data/questions.jsonl", ROOT / "eval/data/questions-answers.jsonl",
                  *sorted((ROOT / "eval/data/layouts-heldout").glob("*.jsonl"))]
# The follow-up rules (service/followup/) tag each message of a conversation the same way.
DIALOGUE_FILES = [ROOT / "eval/data/dialogues.jsonl", *sorted((ROOT / "eval/data/chat").glob("dialogues*.jsonl"))]
TEXT_FOLDERS = [ROOT / "corpus", ROOT / "eval/data/replies", ROOT / "eval/data/layouts-heldout"]


def questions() -> list[str]:
    found = []
    for path in QUESTION_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if isinstance(row.get("question"), str):
                found.append(row["question"])
    for path in DIALOGUE_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            found += [turn["message"] for turn in (json.loads(line)["turns"] if line.strip() else [])]
    return found


def reply_lines() -> list[str]:
    lines = []
    for folder in TEXT_FOLDERS:
        for path in sorted(folder.rglob("*.txt")):
            lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_questions_and_reply_lines_are_tagged_as_jieba_tags_them():
    texts = questions() + reply_lines()
    assert len(texts) > 1000
    for text in texts:
        assert [(p.word, p.flag) for p in postag.lcut(text)] == [(p.word, p.flag) for p in jieba.posseg.lcut(text)], text


def test_unknown_stretches_get_jiebas_route_including_rare_characters():
    # Runs of characters the dictionary does not cut, as the HMM sees them: any character the tagging
    # model knows, in random order (states unreachable from each other, ties, single characters).
    rng = random.Random(7)
    known = sorted(char_state_tab_P)
    stretches = ["".join(rng.choice(known) for _ in range(rng.randint(1, 14))) for _ in range(1500)]
    stretches += re.findall(r"[\u4e00-\u9fd5]+", "".join(questions()))
    for stretch in stretches:
        _, route = jieba_viterbi(stretch, char_state_tab_P, start_P, trans_P, emit_P)
        assert list(postag.viterbi(stretch)) == route, stretch


def test_tagger_shares_jiebas_dictionary_and_word_tags():
    tagger = postag._tagger()
    assert tagger.tokenizer is jieba.posseg.dt.tokenizer
    assert tagger.word_tag_tab is jieba.posseg.dt.word_tag_tab
