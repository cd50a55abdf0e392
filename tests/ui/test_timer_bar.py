"""The timer bar never shows "Over time by 0 s": a sub-second overrun is not over time."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

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
    [(19.0, 0), (20.0, 0), (20.5, 0), (20.99, 0), (21.0, 1), (23.6, 3)],
)
def test_seconds_over_counts_whole_seconds_past_the_target(elapsed: float, over: int) -> None:
    assert seconds_over(elapsed, 20.0) == over


def test_half_a_second_past_the_target_is_not_painted_as_over_time(qtbot) -> None:
    colors = colors_for("light")
    bar = TimerBar(colors, target_seconds=20.0)
    qtbot.addWidget(bar)
    bar.resize(480, 60)
    bar.set_elapsed(20.5)
    assert not bar.over_time
    assert "within target" in bar.accessibleDescription()
    assert not _has_color(bar, colors.bad)

    bar.set_elapsed(22.0)
    assert bar.over_time
    assert "over time" in bar.accessibleDescription()
    assert _has_color(bar, colors.bad)
