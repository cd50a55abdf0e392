"""The HTML reports open in a real browser engine (Debian's headless Chromium), as a coach would see them.

Checks what only a browser can tell: the page paints (the screenshot is not blank) and nothing is
wider than the window (no horizontal scrolling at a laptop width or at a narrow one).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from pitchcoach.core.report import build_progress_report, build_take_report, render_html
from tests.core.report.helpers import T0
from tests.speech import TEXTS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags a sandboxed root CI needs, and none of the background fetches a closed network refuses.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
# Only the measuring copy carries a script; the reports themselves have none.
MEASURE = (
    "<script>document.title = 'W' + document.documentElement.scrollWidth + "
    "'x' + document.documentElement.clientWidth;</script>"
)


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM, "chromium is installed by scripts/system-deps.sh test"
    profile = tmp / "profile"
    # Chromium keeps its crash-report folder in ~/.config/chromium whatever --user-data-dir says.
    env = {**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp / ".config")}
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def widths(html: str, tmp: Path, width: int) -> tuple[int, int]:
    page = tmp / f"measure-{width}.html"
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = chromium(tmp, f"--window-size={width},900", "--dump-dom", page.as_uri()).stdout
    m = re.search(r"<title>W(\d+)x(\d+)</title>", dom)
    assert m, dom[:500]
    return int(m.group(1)), int(m.group(2))


def screenshot(html: str, tmp: Path, width: int) -> np.ndarray:
    page = tmp / "report.html"
    page.write_text(html, encoding="utf-8")
    png = tmp / f"shot-{width}.png"
    chromium(tmp, f"--window-size={width},1400", f"--screenshot={png}", page.as_uri())
    img = QImage(str(png)).convertToFormat(QImage.Format.Format_Grayscale8)
    assert not img.isNull() and img.width() == width
    ptr = img.constBits()
    return np.frombuffer(ptr, np.uint8).reshape(img.height(), img.bytesPerLine())[:, : img.width()].copy()


@pytest.fixture
def fortnight(add):
    # 15 takes over 5 days, including a gated one; take 14 (index 13) is the great pitch.
    names = ["filler_heavy", "jargon_heavy", "hard_sell", "great_pitch", "too_few_words"]
    return [add(TEXTS[names[i % len(names)]], T0 + timedelta(days=i // 3, hours=i)) for i in range(15)]


@pytest.mark.parametrize("kind", ["take", "progress"])
def test_report_paints_and_fits_the_window(kind: str, fortnight, tmp_path: Path) -> None:
    report = build_take_report(fortnight[13]) if kind == "take" else build_progress_report(fortnight)
    html = render_html(report)
    assert "<script" not in html.lower()

    grey = screenshot(html, tmp_path, 1024)
    # Not blank: text, charts and score tiles put dark ink on the page in many tones
    # (a blank or unstyled-error page is one or two flat tones).
    assert (grey < 128).mean() > 0.005, "the screenshot is (almost) blank"
    assert len(np.unique(grey)) > 32

    for width in (1024, 600):
        scroll_w, client_w = widths(html, tmp_path, width)
        assert scroll_w <= client_w, f"{kind} report overflows at {width}px: {scroll_w} > {client_w}"
