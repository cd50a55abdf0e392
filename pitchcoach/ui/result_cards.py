"""The Results page's cards and rows: the category and timing cards, the "fix first" rows, and the pool
that lets every take reuse the rows of the one before.

A result is shown twice per take (the instant one, then the refined one in place), so the rows are
kept and refilled rather than built again: creating, laying out and deleting ~60 labels per result
cost 35-55 ms of GUI-thread time (issue 22).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pitchcoach.core.scoring.result import fmt_points
from pitchcoach.core.scoring.timing import length_window
from pitchcoach.ui.core_labels import rule_name, subscore_name
from pitchcoach.ui.i18n import feedback_catalog
from pitchcoach.ui.theme import Colors
from pitchcoach.ui.widgets import ScoreBar, label

_W = TypeVar("_W", bound=QWidget)


def clear_layout(layout: Any) -> None:
    """Remove a layout's widgets now. deleteLater alone leaves them painted until the event loop
    next runs its deferred deletes, so a fast re-fill would briefly show both old and new rows."""
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.hide()
            w.setParent(None)
            w.deleteLater()


class RowPool(Generic[_W]):
    """The rows of one list (a box layout): built on first need, then refilled; rows a take does not
    use are hidden, not deleted."""

    def __init__(self, box: QBoxLayout, make: Callable[[], _W]) -> None:
        self.box, self.make = box, make
        self.rows: list[_W] = []

    def take(self, n: int) -> list[_W]:
        """The first n rows, shown (and the rest hidden)."""
        while len(self.rows) < n:
            row = self.make()
            self.box.addWidget(row)
            self.rows.append(row)
        for i, row in enumerate(self.rows):
            row.setHidden(i >= n)
        return self.rows[:n]


class DeductionRow(QWidget):
    """One deduction: its rank and rule, the points lost, what happened and what to try."""

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 8)
        lay.setSpacing(3)
        head = QHBoxLayout()
        self.title = label()
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        self.points = label("", "muted")
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.points)
        lay.addLayout(head)
        self.message = label("", wrap=True)
        lay.addWidget(self.message)
        self.tip = label("", wrap=True)
        self.tip.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.tip)

    def set_data(self, d: Any, rank: int | None, colors: Colors) -> None:
        self.title.setText(f"{rank}. {rule_name(d.rule)}" if rank else rule_name(d.rule))
        self.points.setText(self.tr("−{points} points").format(points=fmt_points(d.points)))
        self.message.setText(d.text(feedback_catalog()))
        try_this = html.escape(self.tr("Try this:"))
        self.tip.setText(
            f"<b style='color:{colors.good.name()}'>{try_this}</b> {html.escape(d.tip_text(feedback_catalog()))}"
        )
        self.setAccessibleName(
            self.tr("{rule}, minus {points} points").format(rule=rule_name(d.rule), points=fmt_points(d.points))
        )


class CategoryCard(QFrame):
    """Clarity or Listener focus: the half score and one bar per sub-score."""

    def __init__(self, title: str, colors: Colors) -> None:
        super().__init__()
        self.setObjectName("card")
        self._colors = colors
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        head = QHBoxLayout()
        self.title = label(title, "h2")
        self.value = label("–", "h2")
        self.value.setAccessibleName(self.tr("{title} score").format(title=title))
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.value)
        lay.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        lay.addLayout(self.grid)
        lay.addStretch(1)
        self.bars: dict[str, ScoreBar] = {}
        self._rows: list[tuple[QLabel, ScoreBar, QLabel]] = []  # reused take after take

    def set_data(self, value: int | None, subscores: list[Any]) -> None:
        self.value.setText("–" if value is None else f"{value}")
        while len(self._rows) < len(subscores):
            r = len(self._rows)
            pts = label("", "muted")
            pts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row = (label(), ScoreBar(self._colors), pts)
            for col, w in enumerate(row):
                self.grid.addWidget(w, r, col)
            self._rows.append(row)
        self.bars = {}
        for r, (name, bar, pts) in enumerate(self._rows):
            used = r < len(subscores)
            for w in (name, bar, pts):
                w.setHidden(not used)
            if not used:
                continue
            s = subscores[r]
            name.setText(subscore_name(s.rule))
            bar.set_value(s.score, s.weight, s.skipped)
            # One rounding with the reports and the PDF (scoring.result.fmt_points): "4/15" everywhere.
            pts.setText(self.tr("n/a") if s.skipped else f"{fmt_points(s.score)}/{fmt_points(s.weight)}")
            said = (
                self.tr("not applicable")
                if s.skipped
                else self.tr("{score} of {weight}").format(score=fmt_points(s.score), weight=fmt_points(s.weight))
            )
            text = self.tr("{part}: {said}").format(part=subscore_name(s.rule), said=said)
            bar.setAccessibleName(text)
            bar.setToolTip(text)
            self.bars[s.rule] = bar

    def set_colors(self, c: Colors) -> None:
        self._colors = c
        for _name, bar, _pts in self._rows:
            bar.set_colors(c)


class TimingCard(QFrame):
    """Timing, the third verdict: its score, a bar, and what it means against the target."""

    def __init__(self, colors: Colors) -> None:
        super().__init__()
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        head = QHBoxLayout()
        head.addWidget(label(self.tr("Timing"), "h2"))
        head.addStretch(1)
        self.value = label("–", "h2")
        self.value.setAccessibleName(self.tr("Timing score"))
        head.addWidget(self.value)
        lay.addLayout(head)
        self.bar = ScoreBar(colors)
        lay.addWidget(self.bar)
        self.verdict = label("", wrap=True)
        f = self.verdict.font()
        f.setBold(True)
        self.verdict.setFont(f)
        lay.addWidget(self.verdict)
        self.detail = label("", "muted", wrap=True)
        lay.addWidget(self.detail)
        lay.addStretch(1)

    def set_data(self, value: int | None, verdict: str, speech_seconds: float, target_seconds: float) -> None:
        self.value.setText("–" if value is None else f"{value}")
        self.bar.set_value(value or 0, 100, value is None)
        self.verdict.setText(verdict)
        lo, hi = length_window(target_seconds)
        # The same range the score, the practice timer's green band and the reports call on target.
        self.detail.setText(
            self.tr("{speech} s of speech. On target: {lo}–{hi} s (you aimed for {target} s)").format(
                speech=f"{speech_seconds:.1f}", lo=f"{lo:.0f}", hi=f"{hi:.0f}", target=f"{target_seconds:g}"
            )
        )
        score = self.tr("not scored") if value is None else self.tr("{value} of 100").format(value=value)
        text = self.tr("Timing: {score}. {verdict}").format(score=score, verdict=verdict)
        self.bar.setAccessibleName(text)
        self.bar.setToolTip(text)

    def set_colors(self, c: Colors) -> None:
        self.bar.set_colors(c)
