"""PDF layout details a reader notices: a deduction like "−11.1" stays on one line."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

from pitchcoach.core import report as R
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.lexicon import load_lexicons
from pitchcoach.core.paths import app_paths
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.storage import TakeStore
from pitchcoach.core.transcript import Transcript
from pitchcoach.ui.pdf import write_pdf

TEXT = (
    "Hi, I'm Dana. I basically run a consultancy, and I have twenty years experience. "
    "I am the best award winning expert in my field. Buy now."
)


def test_widest_deduction_is_not_wrapped(tmp_path: Path) -> None:
    tr = Transcript.from_text(TEXT)
    res = score(tr, 20.0, load_lexicons(None))
    assert res.deductions, "the pitch must lose points for the check to mean anything"
    # Points are whole numbers everywhere (scoring.result.fmt_points); the timing item can cost up
    # to 100, the widest the column gets.
    first = res.deductions[0]
    res = dataclasses.replace(res, deductions=[dataclasses.replace(first, points=99.6), *res.deductions[1:]])
    store = TakeStore(app_paths())
    take = store.save_take(Analysis(tr, res, "tiny.en"), None)
    store.close()
    pdf = write_pdf(R.build_take_report(take), tmp_path / "take.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    lines = [ln for ln in text.splitlines() if "−100" in ln]
    assert lines, text
    assert first.rule == "timing" and "Timing" in lines[0], lines[0]  # the number sits beside its item
