"""Two takes side by side: scores with their differences, and what changed in the words."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core.compare import Comparison, ScoreDiff, compare
from pitchcoach.core.storage import Take
from pitchcoach.core.words import join_words, space_between
from pitchcoach.ui.core_labels import band_name, rule_name, subscore_name
from pitchcoach.ui.theme import Colors, colors_for
from pitchcoach.ui.widgets import label


def _fmt(v: float | None, seconds: bool = False) -> str:
    if v is None:
        return "—"
    if seconds:
        return QCoreApplication.translate("CompareDialog", "{seconds} s").format(seconds=f"{v:.1f}")
    return f"{v:.0f}" if abs(v - round(v)) < 0.05 else f"{v:.1f}"


def take_title(tag: str, t: Take) -> str:
    """Take number, time to the second and score: two takes from one minute must read differently."""
    when = t.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    score = (
        QCoreApplication.translate("compare_dialog", "not scored")
        if t.overall is None
        else f"{t.overall} ({band_name(t.band)})"
    )
    name = f" · {t.title}" if t.title else ""
    return (
        QCoreApplication.translate("compare_dialog", "{tag}: take #{id} · {when} · {score}").format(
            tag=tag, id=t.id, when=when, score=score
        )
        + name
    )


def word_diff_html(c: Comparison, colors: Colors) -> str:
    """The transcript of B with A's words struck through where they were dropped or replaced."""
    removed_bg = colors.highlight.get("jargon", QColor("#ffc9c9")).name()
    added_bg = colors.highlight.get("you_word", QColor("#b2f2bb")).name()
    # (markup, its first word, its last word): Chinese runs are joined without spaces (space_between).
    parts: list[tuple[str, str, str]] = []
    for op in c.words:
        a = html.escape(join_words(op.words_a))
        b = html.escape(join_words(op.words_b))
        if op.op == "equal":
            parts.append((b, op.words_b[0], op.words_b[-1]))
            continue
        if op.words_a:
            style = f"background:{removed_bg}; text-decoration:line-through;"
            only_a = html.escape(QCoreApplication.translate("compare_dialog", "only in take A"))
            parts.append((f'<span style="{style}" title="{only_a}">{a}</span>', op.words_a[0], op.words_a[-1]))
        if op.words_b:
            only_b = html.escape(QCoreApplication.translate("compare_dialog", "only in take B"))
            parts.append(
                (
                    f'<span style="background:{added_bg};" title="{only_b}">{b}</span>',
                    op.words_b[0],
                    op.words_b[-1],
                )
            )
    body = "".join(
        (" " if i and space_between(parts[i - 1][2], first) else "") + markup
        for i, (markup, first, _last) in enumerate(parts)
    )
    body = body or "<i>{}</i>".format(
        html.escape(QCoreApplication.translate("compare_dialog", "Neither take has any words."))
    )
    return f'<div style="font-size:12pt; line-height:150%;">{body}</div>'


class CompareDialog(QDialog):
    def __init__(self, take_a: Take, take_b: Take, colors: Colors | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare takes"))
        self.resize(780, 720)
        self.colors = colors or colors_for("light")
        self.take_a, self.take_b = take_a, take_b
        self.comparison = compare(take_a, take_b)
        c = self.comparison

        v = QVBoxLayout(self)
        v.setSpacing(10)
        v.addWidget(label(self.tr("Compare takes"), "h2"))
        self.title_labels = (label(take_title("A", take_a), "muted"), label(take_title("B", take_b), "muted"))
        for title in self.title_labels:
            v.addWidget(title)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        for col, text in enumerate(("", self.tr("Take A"), self.tr("Take B"), self.tr("Change"))):
            h = label(text, "muted")
            grid.addWidget(h, 0, col, alignment=Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignLeft)
        self.change_labels: dict[str, QLabel] = {}
        row = 1
        for d in c.scores:
            self._add_row(grid, row, self._score_name(d.key, d.label), d, seconds=False, bold=d.key == "overall")
            row += 1
        speech = next(t for t in c.timing if t.key == "speech_seconds")
        self._add_row(grid, row, self.tr("Speech time"), speech, seconds=True, target=take_b.target_seconds)
        row += 1
        # Rules with full marks in both takes say nothing; leave them out to keep the words visible.
        subs = [s for s in c.subscores if (s.a is not None or s.b is not None) and not (s.a == s.b == s.weight)]
        if subs:
            grid.addWidget(
                label(self.tr("Points kept per rule (rules at full marks in both are not listed)"), "muted"),
                row,
                0,
                1,
                4,
            )
            row += 1
            for s in subs:
                self._add_row(grid, row, subscore_name(s.key), s, seconds=False)
                row += 1
        v.addLayout(grid)

        if c.fixed:
            v.addWidget(
                label(self.tr("Fixed since A: ") + self.tr(", ").join(rule_name(r) for r in c.fixed), wrap=True)
            )
        if c.new_issues:
            v.addWidget(
                label(self.tr("New in B: ") + self.tr(", ").join(rule_name(r) for r in c.new_issues), wrap=True)
            )

        v.addWidget(label(self.tr("Wording ({pct} the same)").format(pct=f"{c.similarity:.0%}"), "h2"))
        struck = f'<span style="background:{self.colors.highlight["jargon"].name()}; text-decoration:line-through;">'
        marked = f'<span style="background:{self.colors.highlight["you_word"].name()};">'
        legend = label(
            self.tr("{struck}struck through</span>: only in A · {marked}marked</span>: only in B").format(
                struck=struck, marked=marked
            ),
            "muted",
        )
        legend.setTextFormat(Qt.TextFormat.RichText)
        v.addWidget(legend)
        self.diff_view = QTextBrowser()
        self.diff_view.setAccessibleName(self.tr("Word differences"))
        self.diff_view.setHtml(word_diff_html(c, self.colors))
        self.diff_view.setMinimumHeight(160)
        v.addWidget(self.diff_view, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def _score_name(self, key: str, english: str) -> str:
        names = {
            "overall": self.tr("Overall"),
            "clarity": self.tr("Clarity"),
            "listener_focus": self.tr("Listener focus"),
            "timing": self.tr("Timing"),
        }
        return names.get(key, english)

    def _add_row(
        self,
        grid: QGridLayout,
        row: int,
        name: str,
        d: ScoreDiff,
        *,
        seconds: bool,
        bold: bool = False,
        target: float | None = None,
    ) -> None:
        right = Qt.AlignmentFlag.AlignRight
        name_label = label(name)
        a_label = label(_fmt(d.a, seconds))
        b_label = label(_fmt(d.b, seconds))
        delta = d.delta
        if delta is None:
            change, color = "—", self.colors.muted
        else:
            sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
            change = f"{sign}{_fmt(abs(delta), seconds)}"
            if seconds and target is not None and d.a is not None and d.b is not None:
                # For time, better means closer to the target, not more or less.
                better = abs(d.b - target) < abs(d.a - target) - 0.05
                worse = abs(d.b - target) > abs(d.a - target) + 0.05
            else:
                better, worse = delta > 0, delta < 0
            color = self.colors.good if better else self.colors.bad if worse else self.colors.muted
        change_label = label(change)
        change_label.setStyleSheet(f"color: {color.name()}; font-weight: 600;")
        if bold:
            for w in (name_label, a_label, b_label):
                f = w.font()
                f.setBold(True)
                w.setFont(f)
        grid.addWidget(name_label, row, 0)
        grid.addWidget(a_label, row, 1, alignment=right)
        grid.addWidget(b_label, row, 2, alignment=right)
        grid.addWidget(change_label, row, 3, alignment=right)
        self.change_labels[d.key] = change_label
