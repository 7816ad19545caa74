"""The blind-written fresh set (eval/data/fresh) stays consistent with itself: its own standard-library
self-check (golden values, headings, anchors and expected strings found in the replies) passes. This
checks the data, not Dafu."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

FRESH = ROOT / "eval" / "data" / "fresh"


def test_the_fresh_set_passes_its_own_data_check():
    run = subprocess.run([sys.executable, str(FRESH / "check.py")], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("ok:"), run.stdout
