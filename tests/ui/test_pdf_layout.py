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


def test_the_colour_key_is_on_the_page_of_the_transcript(analyzer, fixtures_dir, tmp_path: Path) -> None:
    # Issue 21: on a real one-minute take (voice strip and all) the key printed under the transcript fell
    # on page 2, away from the words it explains.
    analysis = analyzer.analyze_file(fixtures_dir / "too_long.wav")
    store = TakeStore(app_paths())
    take = store.save_take(analysis, fixtures_dir / "too_long.wav")
    store.close()
    rep = R.build_take_report(take)
    labels = [R.HIGHLIGHT_LABELS[k] for k in rep.highlight_kinds]
    assert len(labels) >= 3 and "Over time" in labels
    pdf = write_pdf(rep, tmp_path / "take.pdf")
    first_words = " ".join(w.text for w in analysis.transcript.words[:4])
    pages = []
    for page in range(1, 4):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages.append(" ".join(text.split()))
    key = " ".join(" ".join(labels).split())
    [heading_page] = [i for i, p in enumerate(pages) if "What you said" in p]
    assert [i for i, p in enumerate(pages) if key in p] == [heading_page], pages
    # ...and the transcript starts on that page too (its first words are quoted again in the deductions).
    assert first_words in pages[heading_page].split("What you said", 1)[1], pages[heading_page]
