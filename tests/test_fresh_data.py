"""The blind-written sets (every folder of BLIND_SETS in eval/run.py) stay consistent with themselves: each
set's self-check (its check.py on eval/data/selfcheck.py: golden values, headings, anchors and expected
strings found in the replies) passes. This checks the data, not Dafu."""

from __future__ import annotations

import subprocess
import sys

import pytest

from eval.run import BLIND_SETS
from tests.conftest import ROOT


@pytest.mark.parametrize("folder", [f for f in BLIND_SETS.values() if (f / "check.py").exists()],
                         ids=lambda f: f.name)
def test_a_blind_set_passes_its_own_data_check(folder):
    run = subprocess.run([sys.executable, str(folder / "check.py")], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("ok:"), run.stdout
