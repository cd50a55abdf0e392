"""Chinese in a PDF report (issue 25): the bundled CJK face is embedded, so hanzi are real text, not boxes."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime

from pitchcoach.core import report as R
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.lexicon import load_lexicons
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.transcript import Transcript
from pitchcoach.ui.fonts import CJK_FAMILY
from pitchcoach.ui.pdf import write_pdf
from tests.ui.test_pdf import assert_pages_not_blank, pdf_pages, pdf_text

SAID = "我叫李明。我帮助小企业把账目理清楚，让老板每周省下半天。你们最近在忙什么？"


def test_a_take_with_chinese_text_embeds_the_bundled_cjk_font(qapp, store, tmp_path) -> None:
    tr = Transcript.from_text(SAID)
    take = store.save_take(
        Analysis(tr, score(tr, 20.0, load_lexicons(None)), "tiny.en"),
        None,
        title="上海销售团队的开场白",
        note="第一次练习：语速偏快",
        created_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
    )
    out = write_pdf(R.build_take_report(take), tmp_path / "take.pdf")

    fonts = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if CJK_FAMILY.replace(" ", "") in line]
    assert cjk, f"no {CJK_FAMILY} in the PDF's fonts:\n{fonts}"
    assert all(" yes " in line for line in cjk), f"the CJK face is not embedded:\n{fonts}"
    text = pdf_text(out)
    # Extracted as text (the face carries a Unicode map), so each hanzi is a glyph of the font, not a box.
    assert "上海销售团队的开场白" in text
    assert "第一次练习" in text
    assert_pages_not_blank(pdf_pages(out, tmp_path))
