"""The blind-written sets (every folder of BLIND_SETS in eval/run.py, and the recall sets) stay consistent
with themselves: each set's self-check (its check.py on eval/data/selfcheck.py: golden values, headings, anchors
and expected strings found in the replies) passes. This checks the data, not Dafu."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from eval.run import BLIND_SETS, RECALL, RECALL2, RECALL3
from tests.conftest import ROOT


@pytest.mark.parametrize("folder", [f for f in (*BLIND_SETS.values(), RECALL, RECALL2, RECALL3) if (f / "check.py").exists()],
                         ids=lambda f: f.name)
def test_a_blind_set_passes_its_own_data_check(folder):
    run = subprocess.run([sys.executable, str(folder / "check.py")], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("ok:"), run.stdout


def test_the_shared_body_check_flags_a_stub_and_a_missing_closing(tmp_path):
    """selfcheck.body_problems, which fresh14–fresh17 run, measures a body from the addressee line through the
    closing thanks: a short body and a reply with no thanks line are both reported; a body in bounds is not."""
    sys.path.insert(0, str(ROOT / "eval" / "data"))
    import selfcheck

    meta = {"meta": {"addressee": "张委员"}, "sections": []}
    bodies = {"short": "张委员：\n您好。\n感谢您的关心。", "in-bounds": "张委员：\n" + "内容" * 450 + "\n感谢您的关心。",
              "no-thanks": "张委员：\n" + "内容" * 450}
    for name, text in bodies.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{name}.golden.json").write_text(json.dumps(meta), encoding="utf-8")
    data = selfcheck.EvalSet(tmp_path, selfcheck.readers(".txt"))
    problems = selfcheck.body_problems(data, (800, 2000))
    assert any(p.startswith("short.txt: body of") for p in problems)
    assert any(p.startswith("no-thanks.txt: no addressee line") for p in problems)
    assert not any(p.startswith("in-bounds.txt") for p in problems)


def test_fresh18_measures_a_report_from_its_opening_sentence_when_the_addressee_comes_after(tmp_path):
    """fresh18's 办理情况报告 names its addressee on a 主送 line after the body, so its check measures the body from
    the opening sentence through 特此报告: a stub is reported, a body in bounds is not, whatever the 主送 line says."""
    sys.path.insert(0, str(ROOT / "eval" / "data" / "fresh18"))
    import check

    name = "dunhuang-wtlj-2019-0012"
    golden = {"meta": {"addressee": "市人大常委会人事代表选举联络工作委员会"}, "sections": []}
    (tmp_path / f"{name}.golden.json").write_text(json.dumps(golden, ensure_ascii=False), encoding="utf-8")
    closing = "\n特此报告。\n主送：市人大常委会人事代表选举联络工作委员会"
    for body, stub in (("市十八届人大三次会议期间，代表提出的建议收悉。", True),
                       ("市十八届人大三次会议期间，" + "内容" * 450, False)):
        (tmp_path / f"{name}.txt").write_text("报告标题\n" + body + closing, encoding="utf-8")
        problems = check.selfcheck.body_problems(check.selfcheck.EvalSet(tmp_path, check.READERS), check.BODY,
                                                  check.CLOSING, check.OPENING)
        assert any(p.startswith(f"{name}.txt: body of") for p in problems) == stub, problems


def test_fresh19_reads_a_docx_footer_so_a_contact_kept_there_is_a_value_of_the_reply(tmp_path):
    """fresh19's 江苏 reply keeps its contact and 抄送 in the page footer: its check reads a .docx's footers after the
    body, so a golden value written only there is found; the shared body-only reader does not see it."""
    docx = pytest.importorskip("docx")
    import importlib.util

    spec = importlib.util.spec_from_file_location("fresh19_check", ROOT / "eval" / "data" / "fresh19" / "check.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    document = docx.Document()
    document.add_paragraph("张委员：")
    document.sections[0].footer.paragraphs[0].text = "联系人：王某　联系电话：025-00000000"
    path = tmp_path / "reply.docx"
    document.save(path)
    assert "联系人：王某　联系电话：025-00000000" in check.docx_with_footers(path).splitlines()
    assert "联系人：王某" not in check.selfcheck.docx_paragraphs(path)


def test_recall2s_check_wants_a_controls_fact_in_its_anchored_sentence_and_no_question_twice():
    """recall2's check.py adds two checks to recall's: an expected string must be in the sentence that holds the
    anchor (not anywhere in the reply, where a figure may recur by chance), and no question may be asked twice."""
    import copy
    import importlib.util

    spec = importlib.util.spec_from_file_location("recall2_check", RECALL2 / "check.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    data = check.combined()
    assert check.own_problems(data) == []
    questions = copy.deepcopy(data.questions)
    control = next(q for q in questions if q["answerable"] and q["gold"][0]["file"] == "fire-2024-01296.pdf")
    control["expect"] = ["420万个"]  # in the reply, in the sentence after the anchored one
    questions[1]["question"] = questions[0]["question"]
    data.questions = questions
    problems = check.own_problems(data)
    assert f"{control['id']}: expected '420万个' is not in the anchored sentence of fire-2024-01296.pdf" in problems
    assert f"question asked twice: {questions[0]['question']}" in problems
    assert check.selfcheck.item_problems(data) == []  # the common check alone would let both pass


def test_fresh20_wants_a_near_miss_kind_and_note_on_every_in_domain_unanswerable():
    """fresh20's check.py adds near_miss_problems: an in-domain unanswerable question must name its near-miss kind
    (recall2's kinds) and say what the near miss is; a kind on an answerable question is reported too."""
    import copy
    import importlib.util

    spec = importlib.util.spec_from_file_location("fresh20_check", BLIND_SETS["fresh20"] / "check.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    data = check.selfcheck.EvalSet(BLIND_SETS["fresh20"], check.READERS)
    assert check.near_miss_problems(data) == []
    questions = copy.deepcopy(data.questions)
    unanswerable = next(q for q in questions if q["type"] == "unanswerable_domain")
    answerable = next(q for q in questions if q["answerable"])
    unanswerable["near_miss"] = "a kind nobody defined"
    answerable["near_miss"] = "year"
    data.questions = questions
    problems = check.near_miss_problems(data)
    assert f"{unanswerable['id']}: an in-domain unanswerable question needs near_miss and near_miss_note" in problems
    assert f"{answerable['id']}: near_miss on a question that is not in-domain unanswerable" in problems


def test_recall3s_check_wants_a_near_miss_kind_of_recall2s_table_on_unanswerables_only():
    """recall3's check.py adds to recall2's: an unanswerable question's near_miss must be one of the kinds of recall2's
    README table (so both sets' misses group alike), and an answerable control carries no near_miss or topic_file."""
    import copy
    import importlib.util

    spec = importlib.util.spec_from_file_location("recall3_check", RECALL3 / "check.py")
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    data = check.combined()
    assert check.own_problems(data) == []
    questions = copy.deepcopy(data.questions)
    unanswerable = next(q for q in questions if not q["answerable"])
    control = next(q for q in questions if q["answerable"])
    unanswerable["near_miss"] = "a kind nobody defined"
    control["near_miss"] = "year"
    data.questions = questions
    problems = check.own_problems(data)
    assert f"{unanswerable['id']}: near_miss 'a kind nobody defined' is not a kind of recall2's table" in problems
    assert f"{control['id']}: near_miss or topic_file on an answerable question" in problems
    assert check.selfcheck.item_problems(data) == []  # the common check alone would let both pass
