"""The timer bar: its green band is the on-target range the score uses, and it never shows "Over time by 0 s"."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from pitchcoach.core.scoring import timing
from pitchcoach.ui.theme import colors_for
from pitchcoach.ui.widgets import TimerBar, seconds_over


def _has_color(bar: TimerBar, color: QColor) -> bool:
    img = bar.grab().toImage()
    want = color.rgb() & 0xFFFFFF
    for y in range(0, img.height(), 2):
        for x in range(0, img.width(), 2):
            if img.pixel(x, y) & 0xFFFFFF == want:
                return True
    return False


@pytest.mark.parametrize(
    ("elapsed", "over"),
    [(29.0, 0), (30.0, 0), (30.5, 0), (30.99, 0), (31.0, 1), (33.6, 3)],
)
def test_seconds_over_counts_whole_seconds_past_the_limit(elapsed: float, over: int) -> None:
    assert seconds_over(elapsed, 30.0) == over


def test_half_a_second_past_the_range_is_not_painted_as_over_time(qtbot) -> None:
    colors = colors_for("light")
    bar = TimerBar(colors, target_seconds=20.0)
    qtbot.addWidget(bar)
    bar.resize(480, 60)
    bar.set_elapsed(30.5)
    assert not bar.over_time
    assert "on target" in bar.accessibleDescription()
    assert not _has_color(bar, colors.bad)

    bar.set_elapsed(32.0)
    assert bar.over_time
    assert "over time" in bar.accessibleDescription()
    assert _has_color(bar, colors.bad)


@pytest.mark.parametrize("target", [20.0, 45.0])
def test_the_green_band_is_where_timing_scores_100(qtbot, target: float) -> None:
    # Issue 21: the band ended at the target (20 s) while timing scored 100 up to 30 s.
    colors = colors_for("light")
    bar = TimerBar(colors, target_seconds=target)
    qtbot.addWidget(bar)
    bar.resize(600, 60)
    bar.show()
    qtbot.waitExposed(bar)
    # What the band blends to over the track, read from the widget itself (the painted colour).
    img = bar.grab().toImage()
    span = bar.span
    lo, hi = timing.length_window(target)
    x_mid = int(bar.width() * (lo + hi) / 2 / span)
    band_rgb = img.pixel(x_mid, 7) & 0xFFFFFF
    cols = [x for x in range(img.width()) if img.pixel(x, 7) & 0xFFFFFF == band_rgb]
    t_first, t_last = cols[0] * span / bar.width(), cols[-1] * span / bar.width()
    step = span / bar.width() * 3  # antialiased edges: a few pixels either side
    assert t_first == pytest.approx(lo, abs=step) and t_last == pytest.approx(hi, abs=step)
    assert timing.timing_score(t_first / target) == timing.timing_score(t_last / target) == 100
    assert timing.timing_score((lo - 2 * step) / target) < 100 and timing.timing_score((hi + 2 * step) / target) < 100
