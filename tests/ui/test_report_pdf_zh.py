"""Take and progress reports written in Chinese as PDF (issue 25): real Mandarin takes analysed by the app,
the PDF turned into pages and text, its headings Chinese and its fonts the bundled CJK face, embedded."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QRawFont

from pitchcoach.core import report as R
from pitchcoach.core.messages import load_texts
from pitchcoach.ui.fonts import CJK_FAMILY, register_cjk_font
from pitchcoach.ui.pdf import write_pdf
from tests.ui.test_pdf import assert_pages_not_blank, pdf_pages, pdf_text

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def mandarin_takes(store, zh_fixture_analysis, fixtures_dir):
    takes = []
    # One clip, kept twice on two days: each Mandarin clip costs seconds of Whisper base.
    for i, name in enumerate(("filler_heavy", "filler_heavy")):
        takes.append(
            store.save_take(
                zh_fixture_analysis(name), fixtures_dir / "zh" / f"{name}.wav", created_at=T0 + timedelta(days=i)
            )
        )
    return takes


def _fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout


def _assert_cjk_embedded(pdf: Path) -> None:
    fonts = _fonts(pdf)
    cjk = [line for line in fonts.splitlines() if CJK_FAMILY.replace(" ", "") in line]
    assert cjk, f"no {CJK_FAMILY} in the PDF's fonts:\n{fonts}"
    assert all(" yes " in line for line in cjk), f"the CJK face is not embedded:\n{fonts}"


def test_a_take_report_in_chinese_as_pdf(qapp, mandarin_takes, tmp_path) -> None:
    take = mandarin_takes[0]
    pdf = write_pdf(R.build_take_report(take, ui_language="zh_CN"), tmp_path / "take.pdf")
    text = " ".join(pdf_text(pdf).split())
    # Every section heading, the later ones too: a heading moved to the next page once took the ones
    # after it out of the PDF (ui/pdf.py's relayout).
    headings = (
        "练习报告",
        f"练习 {take.id}",
        "总分",
        "清晰度",
        "时长",
        "你说的话",
        "优先改进",
        "做得好的地方",
        "得分明细",
    )
    for heading in (*headings, "第 1 页，共"):
        assert heading in text, heading
    assert "字/分钟" in text  # a Mandarin pitch's pace, in characters
    # The voice section's figures in words, and the feedback, from the take's stored ids.
    assert "声音" in text and "音高：约" in text and "Pitch: around" not in text
    assert "优先改进" in text and take.result.deductions[0].message not in text
    local = take.created_at.astimezone()
    assert f"{local.year}年{local.month}月{local.day}日" in text
    for english in ("Coaching report", "What you said", "Score breakdown", "Page 1 of", "Recorded"):
        assert english not in text, english
    _assert_cjk_embedded(pdf)
    assert_pages_not_blank(pdf_pages(pdf, tmp_path))


def test_a_progress_report_in_chinese_as_pdf(qapp, mandarin_takes, tmp_path) -> None:
    report = R.build_progress_report(
        mandarin_takes, start=T0.date(), end=(T0 + timedelta(days=1)).date(), ui_language="zh_CN"
    )
    pdf = write_pdf(report, tmp_path / "progress.pdf")
    text = " ".join(pdf_text(pdf).split())
    for heading in (
        "进度报告",
        "练习次数",
        "平均总分",
        "趋势",
        "最佳练习",
        "全部练习",
        "2026年12月1日 – 2026年12月2日",
    ):
        assert heading in text, heading
    for english in ("Progress report", "All takes", "Best take", "TAKES"):
        assert english not in text, english
    _assert_cjk_embedded(pdf)
    assert_pages_not_blank(pdf_pages(pdf, tmp_path))


def test_the_english_pdf_of_the_same_take_stays_english(qapp, mandarin_takes, tmp_path) -> None:
    pdf = write_pdf(R.build_take_report(mandarin_takes[0]), tmp_path / "take-en.pdf")
    text = " ".join(pdf_text(pdf).split())
    for heading in ("Coaching report", "What you said", "Score breakdown", "Page 1 of", "OVERALL"):
        assert heading in text, heading
    for chinese in ("练习报告", "你说的话", "得分明细"):
        assert chinese not in text, chinese


def test_every_character_of_the_chinese_report_texts_is_in_the_bundled_face(qapp) -> None:
    """The face is a subset (scripts/subset_cjk_font.py): a report text with a rarer hanzi would print a box."""
    face = QRawFont.fromFont(QFont(register_cjk_font() or CJK_FAMILY))
    chars = {c for text in load_texts("zh_CN").values() for c in text if ord(c) > 0x7F}
    assert sorted(c for c in chars if not face.supportsCharacter(ord(c))) == []
