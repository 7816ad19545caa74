"""The held-out layout set is consistent with itself: every golden value and every question's anchor
and expected string can be found in the reply it points at. This checks the labels, not the parser."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from tests.conftest import ROOT

HELD_OUT = ROOT / "eval" / "data" / "layouts-heldout"
META_KEYS = ["agency", "doc_number", "date", "session", "proposal_numbers", "proposal_kind", "addressee",
             "category", "resolution", "signer", "proposers", "reply_kind", "contact", "cc"]
REPLIES = sorted(HELD_OUT.glob("*.txt"))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_set_is_large_enough_and_says_it_is_fictional_and_held_out():
    assert len(REPLIES) >= 12
    readme = (HELD_OUT / "README.md").read_text(encoding="utf-8").lower()
    assert "fictional" in readme and "held-out" in readme


@pytest.mark.parametrize("reply", REPLIES, ids=lambda p: p.stem)
def test_golden_values_occur_in_the_reply(reply):
    text = reply.read_text(encoding="utf-8")
    golden = json.loads(reply.with_suffix(".golden.json").read_text(encoding="utf-8"))
    meta = golden["meta"]
    assert list(meta) == META_KEYS
    assert meta["resolution"] in (None, "A", "B", "C")
    assert meta["reply_kind"] in ("答复", "会办意见")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date"])
    written = [meta[k] for k in ("agency", "doc_number", "addressee", "category", "signer") if meta[k]]
    written += meta["proposal_numbers"] + meta["proposers"] + meta["cc"]
    written += [v for v in meta["contact"].values() if v]
    for value in written:
        assert value in text, value
    assert squeeze(meta["session"]) in squeeze(text)
    lines = [line.strip() for line in text.splitlines()]
    ids = [s["section_id"] for s in golden["sections"]]
    assert len(ids) == len(set(ids))
    for section in golden["sections"]:
        heading = section["heading"]
        assert any(line == heading or line.startswith(heading + "。") for line in lines), heading


def test_questions_point_at_verbatim_text():
    path = HELD_OUT / "questions.jsonl"
    if not path.exists():
        pytest.skip("questions not written yet")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["id"].startswith("L") and row["split"] in ("dev", "test")
        if not row["answerable"]:
            assert row["gold"] == [] and row["expect"] == []
            continue
        texts = []
        for gold in row["gold"]:
            text = (HELD_OUT / gold["file"]).read_text(encoding="utf-8").replace("**", "")
            assert 8 <= len(gold["anchor"]) <= 30 and text.count(gold["anchor"]) == 1, (row["id"], gold)
            golden = json.loads((HELD_OUT / gold["file"]).with_suffix(".golden.json").read_text(encoding="utf-8"))
            assert not any(gold["anchor"] in s["heading"] for s in golden["sections"]), (row["id"], gold)
            texts.append(text)
        for expected in row["expect"]:
            assert any(expected in text for text in texts), (row["id"], expected)
        if row["type"] == "multi":
            assert len(texts) >= 2 and all(any(e in text for e in row["expect"]) for text in texts), row["id"]
    splits: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        splits[row["type"]].append(row["split"])
    for kind, seen in splits.items():
        assert seen == [("dev", "test")[i % 2] for i in range(len(seen))], kind
    unanswerable = [row for row in rows if row["type"] == "unanswerable_domain"]
    assert len(rows) >= 45 and len(unanswerable) >= 10
