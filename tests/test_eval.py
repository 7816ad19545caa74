"""The evaluation machinery on the fixture archive: gold anchors to sections, naive chunks to
sections, rankings that survive abstention, and the aggregation into metrics. No full eval run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import report
from eval.configs import all_configs, default_config
from eval.dataset import GoldRef, Question, QuestionFileError, find_section, load_questions, resolve_gold
from eval.naive import majority_section, section_labels
from eval.systems import DafuSystem, Outcome
from eval.tuning import abstains
from indexer.parse import parse_reply
from indexer.read import read_source
from tests.conftest import FIXTURE_REPLIES, FIXTURES

QUESTIONS = load_questions(FIXTURES / "questions.jsonl")
MZJ = "pudong-mzj-2025-09.txt"


def question(gold: list[GoldRef], answerable: bool = True) -> Question:
    return Question(id="t1", question="?", type="fact", answerable=answerable, gold=gold)


@pytest.mark.slow
def test_every_fixture_anchor_maps_to_the_section_that_contains_it(engine):
    replies = engine.index.replies
    for q in QUESTIONS:
        gold = resolve_gold(q, replies)
        assert not gold.problems, gold.problems
        if not q.answerable:
            assert not gold.sections and not gold.replies
            continue
        anchored = [ref for ref in q.gold if ref.anchor]
        assert len(gold.sections) == len({(ref.file, ref.anchor) for ref in anchored})
        for reply_id, section_id in gold.sections:
            section = replies[reply_id].section(section_id)
            assert any(ref.anchor in section.text for ref in anchored)


@pytest.mark.slow
def test_anchor_in_a_numbered_subsection_maps_to_that_subsection(engine):
    gold = resolve_gold(question([GoldRef(MZJ, "新增社区长者食堂10家")]), engine.index.replies)
    ((reply_id, section_id),) = gold.sections
    section = engine.index.replies[reply_id].section(section_id)
    assert section.heading.startswith("（1）新建长者食堂")
    assert section.path[0] == "二、主要措施"
    assert gold.replies == {reply_id}


@pytest.mark.slow
def test_anchor_matches_despite_spacing_and_reply_level_gold_needs_no_anchor(engine):
    replies = engine.index.replies
    spaced = resolve_gold(question([GoldRef(MZJ, "每人次补贴 3 元")]), replies)
    exact = resolve_gold(question([GoldRef(MZJ, "每人次补贴3元")]), replies)
    assert spaced.sections == exact.sections and len(exact.sections) == 1
    reply_only = resolve_gold(question([GoldRef(MZJ)]), replies)
    assert reply_only.sections == set() and len(reply_only.replies) == 1


@pytest.mark.slow
def test_unknown_file_and_absent_anchor_are_reported_not_guessed(engine):
    gold = resolve_gold(question([GoldRef("no-such-reply.txt", "x"), GoldRef(MZJ, "这句话不在任何答复里")]),
                        engine.index.replies)
    assert gold.sections == set()
    assert len(gold.problems) == 2
    assert "no-such-reply.txt" in gold.problems[0] and "这句话不在任何答复里" in gold.problems[1]


def test_find_section_reports_every_section_holding_an_ambiguous_anchor():
    source = read_source(FIXTURE_REPLIES / MZJ, MZJ)
    reply = parse_reply(source.text, MZJ)
    assert len(find_section(reply, "长者食堂")) > 1
    assert find_section(reply, "浦民政办理（2025）09号") == ["header"]
    # The reader folds full-width digits (０９号 is read 09号): an anchor copied from a file typed so still resolves.
    assert find_section(reply, "浦民政办理（２０２５）０９号") == ["header"]


def test_an_anchor_on_a_label_in_brackets_resolves_as_the_reader_writes_the_line():
    # The reader writes 【办理结果】A类 as 办理结果：A类 (a label in brackets is a label before a colon): an anchor
    # copied from the file resolves to the header all the same.
    text = ("某县交通运输局\n关于县人大十八届二次会议第12号建议的答复\n【办理结果】A类\n【文号】某交〔2023〕5号\n王某代表：\n"
            "您提出的建议收悉。现答复如下：\n一、道路建设。今年完成村道硬化30公里。\n某县交通运输局\n2023年6月1日")
    reply = parse_reply(text, "county.txt")
    assert find_section(reply, "【办理结果】A类") == ["header"]
    assert find_section(reply, "【文号】某交〔2023〕5号") == ["header"]


def test_naive_chunk_takes_the_section_owning_most_of_its_characters():
    raw = read_source(FIXTURE_REPLIES / MZJ, MZJ).text
    reply = parse_reply(raw, MZJ)
    labels = section_labels(raw, reply)
    assert len(labels) == len(raw)
    anchor = raw.index("每人次补贴3元")
    funding = find_section(reply, "每人次补贴3元")[0]
    assert labels[anchor] == funding
    # A heading line belongs to the section it opens.
    heading = raw.index("（二）加强资金保障")
    assert labels[heading] == funding
    assert labels[raw.index("浦民政办理（2025）09号")] == "header"
    # A chunk straddling two sections counts as the one it mostly covers.
    next_heading = raw.index("（三）推进数字化助餐服务")
    assert majority_section(labels, heading, next_heading + 12) == funding
    assert majority_section(labels, next_heading - 12, next_heading + 200) != funding


def test_load_questions_rejects_broken_lines(tmp_path: Path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "a", "question": "x", "answerable": true, "gold": []}\n', encoding="utf-8")
    with pytest.raises(QuestionFileError, match="has no gold"):
        load_questions(bad)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match=":1:"):
        load_questions(bad)
    row = {"id": "a", "question": "x", "answerable": False}
    bad.write_text(json.dumps(row) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match="duplicate"):
        load_questions(bad)


@pytest.mark.slow
def test_ranking_is_measured_even_when_the_answer_abstains(engine, embedder):
    system = DafuSystem(default_config(), engine.index, embedder, engine.tokenizer)
    offtopic = system.run("梅西一共拿过几次金球奖？")
    assert offtopic.abstained and offtopic.answer == ""
    assert len(offtopic.sections) > 0  # the retrieval ranking is still there to score
    assert offtopic.features["routed"] == 0.0
    q = next(q for q in QUESTIONS if q.id == "f001")
    answered = system.run(q.question)
    gold = resolve_gold(q, engine.index.replies)
    assert not answered.abstained
    assert answered.sections[0] in gold.sections
    assert len(answered.sections) == len(set(answered.sections))


def row(qid: str, split: str, answerable: bool, gold: set, ranked: list, abstained: bool, answer: str = "",
        expect: list[str] | None = None, latency: float = 10.0) -> report.Row:
    from eval.dataset import ResolvedGold

    q = Question(id=qid, question="?", type="fact" if answerable else "unanswerable_offtopic",
                 answerable=answerable, gold=[GoldRef("f")] if answerable else [], expect=expect or [], split=split)
    resolved = ResolvedGold(replies={r for r, _ in gold}, sections=set(gold))
    return report.Row(q, resolved, Outcome(sections=ranked, abstained=abstained, answer=answer, latency_ms=latency))


def test_summarise_aggregates_per_question_outcomes():
    rows = [
        row("1", "dev", True, {("A", "1")}, [("A", "1"), ("B", "1")], False, "30家", ["30家"], latency=10),
        row("2", "dev", True, {("A", "2")}, [("A", "1"), ("B", "1"), ("A", "2")], True, latency=20),
        row("3", "test", False, set(), [("B", "1")], True, latency=30),
        row("4", "test", False, set(), [("B", "2")], False, latency=40),
    ]
    s = report.summarise(rows)
    assert s["section"]["n"] == 2
    assert s["section"]["hit@1"] == 0.5 and s["section"]["hit@3"] == 1.0
    assert s["section"]["mrr@10"] == pytest.approx((1 + 1 / 3) / 2)
    # Reply level: question 2's ranked replies are A, B → reply A at rank 1.
    assert s["reply"]["hit@1"] == 1.0
    assert s["abstention"]["accuracy"] == 0.5  # q1 answered, q3 declined; q2 and q4 wrong
    assert s["abstention"]["false_abstention_rate"] == 0.5
    assert s["abstention"]["precision"] == 0.5 and s["abstention"]["recall"] == 0.5
    assert s["expected"] == 1.0 and s["expected_n"] == 1
    assert s["latency_p50_ms"] == 25.0
    splits = report.by_split(rows)
    assert set(splits) == {"all", "dev", "test"} and splits["test"]["answerable"] == 0


def test_abstention_replay_follows_the_rule_and_skips_promise_answers():
    r = row("1", "dev", True, {("A", "1")}, [("A", "1")], False)
    r.outcome.features = {"evidence": 0.4, "agreement": 1.0, "routed": 0.0, "hits": 1.0}
    assert not abstains(r, 0.1, 0.45)  # 0.4 + 0.1 ≥ 0.45
    assert abstains(r, 0.0, 0.45)
    r.outcome.features["routed"] = 1.0
    assert not abstains(r, 0.0, 0.99)


def test_configurations_are_unique_and_default_matches_the_shipped_settings():
    from service.answer import AnswerConfig
    from service.retrieve import RetrievalConfig
    from service.settings import Settings

    configs = all_configs()
    default = configs["default"]
    shipped = Settings.model_construct()
    assert default.chunking.chunk_size == shipped.chunk_size and default.tokenizer.mode == shipped.tokenizer
    assert default.retrieval == RetrievalConfig() and default.answer == AnswerConfig()
    assert {"naive-m3e", "naive-minilm", "bm25", "dense", "default"} <= set(configs)
    assert len({c.build_key for c in configs.values() if c.pipeline == "dafu"}) >= 5


def test_list_configs_runs_without_loading_a_model(capsys):
    from eval.run import main

    assert main(["--list-configs"]) == 0
    assert "naive-m3e" in capsys.readouterr().out


def test_a_blind_set_is_reported_without_listing_its_misses(tmp_path: Path, monkeypatch):
    from eval import run

    rows = [row("1", "dev", True, {("A", "1")}, [("B", "1")], False, "", ["30家"])]
    shown = report.answer_set_markdown("answers", "q.jsonl", "`x`", rows)
    blind = report.answer_set_markdown("fresh", "q.jsonl", "`x`", rows, blind=True)
    assert "30家" in shown and "30家" not in blind and "not listed" in blind
    assert "Goals on the test split" in blind
    # Each blind folder joins the shipped sets, over its own replies (questions, goldens, README left out);
    # a blind folder that is not there yet is skipped.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in ("questions.jsonl", "a.golden.json", "README.md", "check.py", "a.txt", "b.docx"):
        (fresh / name).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(run, "BLIND_SETS", {"fresh3": fresh, "later": tmp_path / "absent"})
    monkeypatch.setattr(run, "DEV_OPEN", frozenset())
    found = {s.name: s for s in run.shipped_sets()}
    assert found["fresh3"].blind and not found["main"].blind and "later" not in found
    assert [p.name for p in found["fresh3"].archive] == ["corpus", "a.txt", "b.docx"]
    # A held-out folder whose dev split is open is reported like a non-blind set (dev misses listed).
    monkeypatch.setattr(run, "DEV_OPEN", frozenset({"fresh3"}))
    assert not {s.name: s for s in run.shipped_sets()}["fresh3"].blind


def test_a_question_file_inside_a_blind_folder_lists_neither_misses_nor_gold_problems(tmp_path, monkeypatch, capsys):
    from eval import run

    blind, opened = tmp_path / "blindset", tmp_path / "openset"
    blind.mkdir(), opened.mkdir()
    monkeypatch.setattr(run, "BLIND_SETS", {"blindset": blind, "openset": opened})
    monkeypatch.setattr(run, "DEV_OPEN", frozenset({"openset"}))
    assert run.is_blind(blind / "questions.jsonl") and not run.is_blind(opened / "questions.jsonl")
    assert not run.is_blind(tmp_path / "questions.jsonl")

    class Gold:
        problems = ["anchor '洱海流域每年投入3亿元' not found"]

    listed = run.gold_problems({"q1": Gold()}, "openset", blind=False)
    hidden = run.gold_problems({"q1": Gold()}, "blindset", blind=True)
    closed = run.gold_problems({"q1": Gold()}, "openset", blind=False, closed={"q1"})  # a test-split question
    err = capsys.readouterr().err
    assert "3亿元" in listed[0] and "3亿元" not in hidden[0] and "1 gold problem" in hidden[0]
    assert "3亿元" not in closed[0] and "test-split" in closed[0]
    assert err.count("3亿元") == 1
    rows = [row("d1", "dev", True, {("A", "1")}, [("B", "1")], False, "说了别的", ["30家"])]
    page = report.config_markdown("default", "the shipped settings", rows, show_test=True, blind=True)
    assert "d1" not in page and "30家" not in page and "not listed" in page


def test_miss_lists_show_the_dev_split_unless_the_test_split_is_asked_for():
    rows = [row("d1", "dev", True, {("A", "1")}, [("B", "1")], False, "说了别的", ["30家"]),
            row("t1", "test", True, {("A", "1")}, [("B", "1")], False, "说了别的", ["45所"]),
            row("t2", "test", False, set(), [("B", "1")], False, "答了")]
    default = report.answer_set_markdown("answers", "q.jsonl", "`x`", rows)
    assert "d1" in default and "30家" in default
    assert "t1" not in default and "t2" not in default and "45所" not in default
    assert "--show-test-misses" in default
    shown = report.answer_set_markdown("answers", "q.jsonl", "`x`", rows, show_test=True)
    assert "t1" in shown and "t2" in shown and "both splits" in shown
    page = report.config_markdown("default", "the shipped settings", rows)
    assert "d1 [" in page and "t1 [" not in page and "t2 [" not in page
    assert "t1 [" in report.config_markdown("default", "the shipped settings", rows, show_test=True)
    # A blind set lists nothing, whatever is asked.
    assert "d1" not in report.answer_set_markdown("fresh3", "q.jsonl", "`x`", rows, blind=True, show_test=True)


def test_a_question_is_encoded_once_per_run_and_its_encoding_time_still_charged(embedder):
    from eval.systems import QueryCache

    queries = QueryCache(embedder)
    first = queries.encode(["浦东新区有多少所高校？"])
    assert queries.charge == 0.0  # encoded for real: its time is in the caller's own clock
    again = queries.encode(["浦东新区有多少所高校？"])
    assert (again == first).all() and again is not first
    assert queries.charge > 0.0  # the saved encoding is added to the latency of whoever reuses it
    assert queries.encode(["甲", "乙"]).shape == (2, embedder.dimension)  # passages are not cached here


def test_the_parse_report_never_lists_a_blind_sets_misses_however_its_folder_is_named(monkeypatch):
    import os

    from eval import parse_eval

    # Every held-out set may be opened by now; a set added later is blind, as this folder stands for.
    blind = parse_eval.ROOT / "eval" / "data" / "fresh99"
    monkeypatch.setattr(parse_eval, "BLIND", {*parse_eval.BLIND, blind})
    relative = Path(os.path.relpath(blind))
    scores = [("by hand", parse_eval.FolderScore(relative, replies=1, misses=["x: agency expected '某局'"]))]
    assert "某局" not in parse_eval.report(scores, "python -m eval.parse_eval")
    opened = parse_eval.FolderScore(parse_eval.RULE_SET, replies=1, misses=["y: agency expected '某厅'"])
    assert "某厅" in parse_eval.report([("rules", opened)], "python -m eval.parse_eval")


def test_a_set_opened_in_part_keeps_a_fixed_blind_third_whose_misses_are_never_listed(tmp_path: Path):
    from eval import parse_eval

    for name in "abcdefghi":
        (tmp_path / f"{name}.golden.json").write_text("{}", encoding="utf-8")
    held = parse_eval.blind_third(tmp_path)
    assert len(held) == 3 and held == parse_eval.blind_third(tmp_path)  # the same third on every run
    hidden = parse_eval.FolderScore(tmp_path, replies=1, misses=["z: agency expected '某处'"], hidden=True)
    assert "某处" not in parse_eval.report([("blind third", hidden)], "python -m eval.parse_eval")
    labels = [s.label for s in parse_eval.held_out_sets() if s.folder.name in parse_eval.PARSE_OPENED_IN_PART]
    assert any(label.endswith("(its blind third)") for label in labels)
    parts = [s for s in parse_eval.held_out_sets() if s.folder.name in parse_eval.PARSE_OPENED_IN_PART]
    for opened, held in zip(parts[::2], parts[1::2]):  # each such set: its opened part, then its blind third
        assert (opened.hidden, held.hidden) == (False, True) and opened.folder == held.folder
        assert not opened.names & held.names


def test_a_tuning_report_scores_only_the_dialogues_its_questions_open():
    """A dev run beside the code (--results elsewhere) scored every dialogue set, blind ones and test splits
    included, building each index again: most of a tuning run's time. It now follows the questions' split
    and --skip-blind and keeps its indexes; the committed report still scores everything."""
    from eval.dialogues import RESULTS as COMMITTED, shipped_sets
    from eval.run import BLIND_SETS, DEV_OPEN, dialogue_arguments, parse_args

    _, args = parse_args(["--config", "default", "--split", "dev", "--skip-blind", "--results", "/tmp/run"])
    arguments = dialogue_arguments(args, Path("/tmp/run/dialogues.md"))
    assert arguments[:4] == ["--output", "/tmp/run/dialogues.md", "--cache", "/tmp/run/dialogue-cache"]
    assert arguments[arguments.index("--split") + 1] == "dev"
    sets = arguments[arguments.index("--set") + 1:]
    assert "main" in sets and not set(sets) & (set(BLIND_SETS) - set(DEV_OPEN))
    assert set(sets) < {s.name for s in shipped_sets()}

    _, everything = parse_args(["--results", "/tmp/run"])
    assert "--split" not in dialogue_arguments(everything, Path("/tmp/run/dialogues.md"))
    assert "--set" not in dialogue_arguments(everything, Path("/tmp/run/dialogues.md"))
    assert dialogue_arguments(everything, COMMITTED) == []


def test_the_recall_set_is_scored_over_the_replies_it_was_written_on():
    from eval import run

    recall = {s.name: s for s in run.shipped_sets()}["recall"]
    folders = {p.parent.name for p in recall.archive if p.is_file()}
    assert folders == {"fresh10", "fresh11"} and not recall.blind
    assert len(run.reply_files(run.EVAL_DIR / "data" / "fresh10")) + len(
        run.reply_files(run.EVAL_DIR / "data" / "fresh11")) == len(recall.archive) - 1  # and corpus/


def test_the_second_recall_set_is_scored_over_fresh15_to_fresh17_with_its_test_split_held_out():
    """recall2 measures whether abstention rules written elsewhere generalise: it is scored over the replies it
    was written on. Its dev split opened in stop 38 (like recall's), so it is no longer a blind folder and only
    its test split's misses stay unlisted."""
    from eval import run

    recall2 = {s.name: s for s in run.shipped_sets()}["recall2"]
    assert not recall2.blind and recall2.questions == run.RECALL2 / "questions.jsonl"
    assert {p.parent.name for p in recall2.archive if p.is_file()} == {"fresh15", "fresh16", "fresh17"}
    assert sum(len(run.reply_files(run.EVAL_DIR / "data" / name))
               for name in ("fresh15", "fresh16", "fresh17")) == len(recall2.archive) - 1  # and corpus/
    assert not run.is_blind(run.RECALL2 / "questions.jsonl") and not run.is_blind(run.RECALL / "questions.jsonl")


def test_the_third_recall_set_is_scored_blind_over_fresh18_and_fresh19():
    """recall3 is the blind recall set now that recall2's dev split is open: it is scored over the replies it was
    written on (fresh18, fresh19 and corpus/), as a blind set, so a run never lists its misses nor its gold problems."""
    from eval import run

    recall3 = {s.name: s for s in run.shipped_sets()}["recall3"]
    assert recall3.blind and recall3.questions == run.RECALL3 / "questions.jsonl"
    assert {p.parent.name for p in recall3.archive if p.is_file()} == {"fresh18", "fresh19"}
    assert sum(len(run.reply_files(run.EVAL_DIR / "data" / name))
               for name in ("fresh18", "fresh19")) == len(recall3.archive) - 1  # and corpus/
    assert run.is_blind(run.RECALL3 / "questions.jsonl")
