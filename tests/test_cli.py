"""The public CLI contract (`dafu ask/show/replies/index --json`), run in-process on real indexes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.conftest import BAD_FILES, REAL_REPLY

pytestmark = pytest.mark.slow

CITATION_FIELDS = {"n", "reply_id", "title", "agency", "date", "section_id", "section_path", "quote", "score"}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def ask(runner: CliRunner, index: Path, question: str, *extra: str):
    result = runner.invoke(app, ["ask", question, "--index", str(index), "--json", *extra])
    return result, (json.loads(result.stdout) if result.exit_code == 0 else None)


def test_ask_about_ai_talent_cites_section_three_of_part_two(runner, real_index):
    result, answer = ask(runner, real_index, "浦东有哪些支持人工智能人才的政策？")
    assert result.exit_code == 0, result.output
    assert set(answer) >= {"question", "answer", "abstained", "citations"}
    assert answer["abstained"] is False
    top = answer["citations"][0]
    assert set(top) >= CITATION_FIELDS
    assert top["section_id"] == "2.3"
    assert top["section_path"] == ["二、对提案建议的答复", "（三）持续加大 AI 人才引育，强化专业队伍建设"]
    assert top["reply_id"] == "浦科经委办理-2025-61"
    assert top["agency"] == "上海市浦东新区科技和经济委员会" and top["date"] == "2025-05-07"
    assert top["quote"] in answer["answer"]


def test_ask_about_gid_target_quotes_the_sentence_with_30(runner, real_index):
    result, answer = ask(runner, real_index, "区里承诺到2025年培育多少家GID链主企业？")
    assert result.exit_code == 0, result.output
    assert not answer["abstained"]
    assert "培育30家“GID链主”企业" in answer["answer"]
    quoted = [c for c in answer["citations"] if "30家" in c["quote"]]
    assert quoted and quoted[0]["section_id"] == "2.5"


def test_off_topic_question_abstains(runner, real_index):
    result, answer = ask(runner, real_index, "昨晚的足球比赛谁赢了？")
    assert result.exit_code == 0, result.output
    assert answer["abstained"] is True
    assert answer["citations"] == []
    assert "没有找到" in answer["answer"]


def test_citation_quote_is_the_exact_span_of_its_section(runner, real_index):
    _, answer = ask(runner, real_index, "联系电话是多少？")
    assert answer["citations"], answer
    shown = json.loads(runner.invoke(app, ["show", "浦科经委办理-2025-61", "--index", str(real_index), "--json"]).stdout)
    texts = {s["section_id"]: s["text"] for s in shown["sections"]}
    for citation in answer["citations"]:
        assert texts[citation["section_id"]][citation["start"]:citation["end"]] == citation["quote"]


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "问题不能为空"), ("   \n ", "问题不能为空"), ("浦东" * 101, "问题过长")],
)
def test_bad_question_exits_1_with_a_message(runner, real_index, question, message):
    result = runner.invoke(app, ["ask", question, "--index", str(real_index)])
    assert result.exit_code == 1
    assert message in result.stderr


def test_k_out_of_range_is_refused(runner, real_index):
    result = runner.invoke(app, ["ask", "人才政策", "--index", str(real_index), "-k", "500"])
    assert result.exit_code == 1 and "k 必须在" in result.stderr


def test_show_returns_sections_with_their_own_text(runner, real_index):
    result = runner.invoke(app, ["show", "浦科经委办理-2025-61", "--index", str(real_index), "--json"])
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert set(shown) >= {"reply_id", "title", "meta", "sections"}
    assert shown["meta"]["doc_number"] == "浦科经委办理（2025）61号"
    section = next(s for s in shown["sections"] if s["section_id"] == "2")
    assert set(section) >= {"section_id", "path", "text"}
    assert "产业政策方面" not in section["text"]


def test_show_unknown_reply_exits_1(runner, real_index):
    result = runner.invoke(app, ["show", "no-such-reply", "--index", str(real_index)])
    assert result.exit_code == 1 and "dafu replies" in result.stderr


def test_replies_lists_metadata(runner, real_index):
    result = runner.invoke(app, ["replies", "--index", str(real_index), "--json"])
    listed = json.loads(result.stdout)
    assert [r["reply_id"] for r in listed] == ["浦科经委办理-2025-61"]
    assert listed[0]["meta"]["category"] == "解决或采纳"
    filtered = json.loads(runner.invoke(app, ["replies", "--index", str(real_index), "--json", "--year", "2019"]).stdout)
    assert filtered == []


def test_index_option_falls_back_to_env(runner, real_index, monkeypatch):
    monkeypatch.setenv("DAFU_INDEX", str(real_index))
    result = runner.invoke(app, ["replies", "--json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 1


def test_no_index_exits_3_and_says_what_to_do(runner, tmp_path):
    result = runner.invoke(app, ["ask", "人才政策", "--index", str(tmp_path / "none")])
    assert result.exit_code == 3
    assert "dafu index" in result.stderr


def test_index_reports_skipped_files_and_exits_4(runner, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(REAL_REPLY, archive)
    shutil.copy(BAD_FILES / "binary.txt", archive)
    result = runner.invoke(app, ["index", str(archive), "--index", str(tmp_path / "index"), "--json"])
    assert result.exit_code == 4, result.output
    summary = json.loads(result.stdout)
    assert summary["replies"] == 1 and summary["chunks"] > 10
    assert summary["skipped"] == [{"file": "binary.txt", "reason": summary["skipped"][0]["reason"]}]
    assert "二进制" in summary["skipped"][0]["reason"]


def test_index_of_only_bad_files_exits_5(runner, tmp_path):
    result = runner.invoke(app, ["index", str(BAD_FILES / "empty.txt"), "--index", str(tmp_path / "index")])
    assert result.exit_code == 5
    assert "empty.txt" in result.stderr and "空文件" in result.stderr


def test_index_in_a_real_process_prints_progress_and_summary_but_no_debug_noise(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "index", str(REAL_REPLY), "--index", str(tmp_path / "index")],
        capture_output=True, text=True, timeout=300, env={**__import__("os").environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "索引完成 indexed: 1 replies" in result.stdout
    assert "嵌入 embed" in result.stderr  # the progress bar
    assert "DEBUG" not in result.stderr and "Loading weights" not in result.stderr
