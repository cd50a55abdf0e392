"""PDF reports through Qt: checked with poppler's pdftotext and pdftoppm, as a reader would see them."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from pitchcoach.core import report as R
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.transcript import Transcript
from pitchcoach.ui.pdf import render_pdf, svg_to_image, write_pdf
from tests.speech import FIXTURES, TEXTS

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
A4_RATIO = 297 / 210


@pytest.fixture
def add(store):
    from pitchcoach.core.lexicon import load_lexicons
    from pitchcoach.core.scoring.engine import score

    lex = load_lexicons(None)

    def add(text: str, when: datetime, **labels):
        tr = Transcript.from_text(text)
        return store.save_take(Analysis(tr, score(tr, 20.0, lex), "tiny.en"), None, created_at=when, **labels)

    return add


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_pages(path: Path, out: Path) -> list[np.ndarray]:
    """Rasterise every page with pdftoppm and return them as grey arrays."""
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(out / "page")], check=True, capture_output=True)
    pages = []
    for png in sorted(out.glob("page-*.png")):
        img = QImage(str(png)).convertToFormat(QImage.Format.Format_Grayscale8)
        ptr = img.constBits()
        arr = np.frombuffer(ptr, np.uint8).reshape(img.height(), img.bytesPerLine())[:, : img.width()].copy()
        pages.append(arr)
    return pages


def assert_pages_not_blank(pages: list[np.ndarray]) -> None:
    for i, page in enumerate(pages, 1):
        h, w = page.shape
        assert h / w == pytest.approx(A4_RATIO, rel=0.02), f"page {i} is not A4"
        # The body between header and footer must carry content, not just the running heads. A last
        # page may hold one short block (the notes); at 40 dpi its small text renders grey, not black.
        body = page[int(h * 0.1) : int(h * 0.85)]
        assert body.std() > 3, f"page {i} body is blank (std {body.std():.1f})"
        assert (body < 200).mean() > 0.002, f"page {i} has almost no ink"


def test_take_pdf_has_scores_tips_transcript_and_page_numbers(qapp, add, tmp_path):
    take = add(TEXTS["filler_heavy"], T0, note="Coach: <script>alert(1)</script> slow the start")
    path = write_pdf(R.build_take_report(take), tmp_path / "take.pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    text = pdf_text(path)
    squashed = " ".join(text.split())
    assert f"{take.result.overall}" in squashed and f"{take.result.clarity}" in squashed
    assert take.result.band in squashed
    first_tip = take.result.deductions[0].tip
    assert " ".join(first_tip.split()[:6]) in squashed
    for word in ("Alex", "accounting", "spreadsheets"):
        assert word in squashed
    assert "<script>alert(1)</script>" in squashed  # shown as text, never interpreted as markup
    pages = pdf_pages(path, tmp_path)
    assert len(pages) >= 1
    for n in range(1, len(pages) + 1):
        assert f"Page {n} of {len(pages)}" in squashed
    assert "PitchCoach" in squashed and "Recorded" in squashed
    assert_pages_not_blank(pages)


def test_progress_pdf_spans_pages_and_lists_every_take(qapp, add, tmp_path):
    names = ["filler_heavy", "jargon_heavy", "hard_sell", "too_slow", "great_pitch", "too_few_words"]
    takes = [add(TEXTS[names[i % len(names)]], T0 + timedelta(hours=6 * i)) for i in range(60)]
    rep = R.build_progress_report(takes, start=T0.date(), end=(T0 + timedelta(days=15)).date())
    path = write_pdf(rep, tmp_path / "progress.pdf")
    pages = pdf_pages(path, tmp_path)
    assert len(pages) >= 2  # 60 rows cannot fit under the summary on one A4 page
    assert_pages_not_blank(pages)
    squashed = " ".join(pdf_text(path).split())
    for n in range(1, len(pages) + 1):
        assert f"Page {n} of {len(pages)}" in squashed
    assert "What to practise next" in squashed and "Most frequent issues" in squashed
    assert rep.practise_next[0].label in squashed
    assert " ".join(rep.practise_next[0].tip.split()[:5]) in squashed
    for t in takes:
        assert f"Take {t.id} " in squashed + " "
    assert f"Take {rep.best.id}" in squashed


def test_pdf_bytes_are_deterministic_in_content(qapp, add):
    rep = R.build_take_report(add(TEXTS["great_pitch"], T0), generated_at=T0)
    a, b = render_pdf(rep), render_pdf(rep)
    assert a.startswith(b"%PDF-") and b.startswith(b"%PDF-")
    assert abs(len(a) - len(b)) < 64  # only the creation timestamp may differ


def test_chart_svg_rasterises_with_ink(qapp):
    img = svg_to_image(R.timing_bar_svg(R.TimingBar(18.0, 19.0, 20.0)), scale=1)
    assert img.width() == 640
    grey = img.convertToFormat(QImage.Format.Format_Grayscale8)
    arr = np.frombuffer(grey.constBits(), np.uint8).reshape(grey.height(), grey.bytesPerLine())
    assert (arr < 160).sum() > 500  # the spoken bar and the labels are drawn


def test_unrenderable_chart_is_a_report_error(qapp):
    with pytest.raises(R.ReportError, match="chart"):
        svg_to_image("this is not svg")


def test_pdf_write_failure_leaves_nothing(qapp, add, tmp_path):
    rep = R.build_take_report(add(TEXTS["great_pitch"], T0))
    with pytest.raises(R.ReportError, match="doesn't exist"):
        write_pdf(rep, tmp_path / "missing" / "take.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_report_of_a_real_recording_transcribed_by_the_bundled_model(qapp, analyzer, store, tmp_path):
    wav = FIXTURES / "filler_heavy.wav"
    analysis = analyzer.analyze_file(wav, target_seconds=20.0)
    take = store.save_take(analysis, wav, created_at=T0)
    rep = R.build_take_report(store.get(take.id), recordings_dir=store.paths.recordings)
    assert rep.notices == []  # the recording was copied into the history and is there
    assert rep.row.speech_seconds == pytest.approx(analysis.transcript.speech_seconds)
    path = write_pdf(rep, tmp_path / "real.pdf")
    squashed = " ".join(pdf_text(path).split())
    heard = [w.text.strip(",.?!") for w in analysis.transcript.words]
    assert sum(w in squashed for w in heard) >= 0.9 * len(heard)
    if analysis.result.scored:
        assert f"{analysis.result.overall}" in squashed
        assert " ".join(analysis.result.deductions[0].tip.split()[:5]) in squashed
    else:
        assert analysis.result.gate.message.split(".")[0] in squashed
    assert_pages_not_blank(pdf_pages(path, tmp_path))
