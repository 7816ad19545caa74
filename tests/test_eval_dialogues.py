"""The dialogue scorer of eval/dialogues.py on hand-made answers (no index needed)."""

from __future__ import annotations

from eval.dialogues import score, summary
from indexer.models import Reply, ReplyMeta

REPLIES = {rid: Reply(reply_id=rid, title="t", source=f"{rid}.txt", meta=ReplyMeta(), sections=[]) for rid in ("a", "b")}
DIALOGUE = {"id": "X1", "split": "test"}


def answer(*citations, ask_back=False, abstained=False, text=""):
    return {"answer": text, "abstained": abstained, "ask_back": ask_back, "followup": "contrast",
            "citations": [{"reply_id": r, "section_id": s, "in_answer": q} for r, s, q in citations]}


def test_hit_facts_and_an_excluded_reply_quoted() -> None:
    turn = {"kind": "contrast", "answerable": True, "expect": ["30家"], "must_not_cite": ["a.txt"]}
    scored = score(answer(("a", "1", True), ("b", "2", False), text="培育30 家"), turn, DIALOGUE, REPLIES, {("b", "2")})
    assert scored.hit3 == 1.0 and scored.facts is True and scored.cited_forbidden and not scored.declined
    listed_only = score(answer(("b", "2", True), ("a", "1", False)), turn, DIALOGUE, REPLIES, {("b", "2")})
    assert not listed_only.cited_forbidden  # a source listed but not quoted is not what the answer says


def test_an_ask_back_declines_and_is_counted() -> None:
    turn = {"kind": "unresolvable", "answerable": False, "expect": [], "must_not_cite": []}
    rows = [score(answer(ask_back=True, abstained=True), turn, DIALOGUE, REPLIES, set()),
            score(answer(("a", "1", True)), turn, DIALOGUE, REPLIES, set())]
    result = summary(rows)
    assert rows[0].declined and rows[0].asked_back and rows[0].hit3 is None
    assert result["declined"] == 0.5 and result["asked_back"] == 0.5 and result["read_as"] == 0.0


def test_only_open_splits_may_print_their_turns() -> None:
    from eval.dialogues import shipped_sets

    opened = {s.name: s.open_splits for s in shipped_sets()}
    # The dev splits of fresh, fresh3 … fresh8 are open for rule writing, their test splits are not
    assert all(opened[name] == ("dev",) for name in ("fresh", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8"))
    assert all(opened[name] == () for name in ("fresh2", "fresh9") if name in opened)
    assert all("heldout" not in opened[name] for name in ("chat", "chat2", "chat3"))
    assert all("test" not in splits for splits in opened.values())  # no set's test turns are ever listed
