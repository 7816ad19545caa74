"""Project promises that are easy to break silently: README's commands and CI agree."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert block, "README must open with a bash block holding the run and test commands"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_the_run_and_the_test_command():
    run, test = readme_commands()
    assert run.endswith("dafu serve") and "scripts/setup.sh" in run
    assert "pytest" in test and "scripts/setup.sh --test" in test


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert readme_commands()[1] in ci_lines


def test_corpus_holds_only_the_real_reply_and_its_readme():
    names = sorted(p.name for p in (ROOT / "corpus").iterdir())
    assert names == ["README.md", "pudong-kjjw-2025-61.txt"]


def test_fictional_material_says_so():
    for folder in ("tests/fixtures", "eval/data", "eval/data/heldout"):
        text = (ROOT / folder / "README.md").read_text(encoding="utf-8").lower()
        assert "fictional" in text or "虚构" in text, folder
