"""The results page: score, sub-scores, what to fix first, the highlighted transcript and playback."""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.scoring.result import (
    HIGHLIGHT_LABELS,
    HIGHLIGHT_PRIORITY,
    fmt_points,
    rule_label,
    subscore_label,
)
from pitchcoach.core.scoring.timing import length_window
from pitchcoach.ui.theme import Colors
from pitchcoach.ui.voice_strip import VoiceCard
from pitchcoach.ui.widgets import ScoreBar, ScoreDial, StructureStrip, band_color, card, label

if TYPE_CHECKING:
    from pitchcoach.core.session import TakeOutcome
    from pitchcoach.ui.app import Services

log = logging.getLogger(__name__)


# What each highlight means, for the legend and tooltips. The names and the order (which colour
# wins on overlap) come from scoring, so the results page and the exported reports agree.
_HIGHLIGHT_HELP = {
    "filler": "A filler word (Fillers rule): try a silent pause instead.",
    "jargon": "Jargon, buzzword or unexplained acronym (Plain language rule): say what you mean.",
    "hedge": "A hedge that makes you sound unsure (Plain language rule): drop it.",
    "question": "A question to the listener (Asks about them rule): good.",
    "you_word": "About the listener: you, your (You/I balance rule).",
    "self_word": "About you: I, me, my, we (You/I balance rule).",
    "over_time": "Spoken after the target time (Length rule).",
}
HIGHLIGHT_INFO: dict[str, tuple[str, str]] = {
    kind: (HIGHLIGHT_LABELS[kind], _HIGHLIGHT_HELP[kind]) for kind in HIGHLIGHT_PRIORITY
}


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


def fmt_clock(seconds: float) -> str:
    s = max(0, int(seconds + 0.5))
    return f"{s // 60}:{s % 60:02d}"


def transcript_html(words: list[Any], highlights: list[Any], colors: Colors) -> tuple[str, dict[int, str]]:
    """The transcript as rich text with one anchor per word, and each word's tooltip.

    Anchors (``w:<index>``) let the view show per-word tooltips and seek playback on click.
    """
    kinds: dict[int, list[tuple[str, str]]] = {}
    for h in highlights:
        for i in range(h.first_word, h.last_word + 1):
            kinds.setdefault(i, []).append((h.kind, h.label))
    order = list(HIGHLIGHT_INFO)
    parts: list[str] = []
    tips: dict[int, str] = {}
    for i, w in enumerate(words):
        ks = sorted(kinds.get(i, []), key=lambda k: order.index(k[0]) if k[0] in order else 99)
        style = ""
        if ks:
            main = next((k for k, _ in ks if k != "over_time"), None)
            if main is not None and main in colors.highlight:
                style += f"background-color:{colors.highlight[main].name()};"
            if any(k == "over_time" for k, _ in ks):
                style += f"color:{colors.muted.name()};font-style:italic;text-decoration:underline;"
            lines = []
            for k, lab in ks:
                name, desc = HIGHLIGHT_INFO.get(k, (k, ""))
                lines.append(f"{name}: {desc}" + (f" ({lab})" if lab and lab.lower() != w.text.lower() else ""))
            tips[i] = "\n".join(dict.fromkeys(lines))
        tips.setdefault(i, f"{w.start:.1f} s: click to play from here")
        text = html.escape(w.text)
        parts.append(f'<a href="w:{i}" style="{style}">{text}</a>')
    return " ".join(parts), tips


class TranscriptView(QTextBrowser):
    """Read-only transcript; tooltips per highlighted word; clicking a word asks to play from it."""

    word_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Transcript")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.tips: dict[int, str] = {}
        self._spans: dict[int, tuple[int, int]] = {}
        self.playing_word: int | None = None
        self.anchorClicked.connect(self._clicked)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def set_content(self, body: str, tips: dict[int, str], colors: Colors) -> None:
        self.tips = tips
        self._colors = colors
        self.document().setDefaultStyleSheet(f"a {{ color: {colors.text.name()}; text-decoration: none; }}")
        self.setHtml(f"<div style='line-height:150%; font-size:12pt'>{body}</div>")
        self._spans = self._word_spans()
        self.setExtraSelections([])
        self._fit()

    def _word_spans(self) -> dict[int, tuple[int, int]]:
        """Character range of each word in the document, found through its anchor."""
        spans: dict[int, tuple[int, int]] = {}
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                href = frag.charFormat().anchorHref()
                if href.startswith("w:"):
                    i = int(href[2:])
                    start, end = frag.position(), frag.position() + frag.length()
                    old = spans.get(i)
                    spans[i] = (min(start, old[0]), max(end, old[1])) if old else (start, end)
                it += 1
            block = block.next()
        return spans

    def mark_word(self, index: int | None) -> None:
        """Show which word is playing (None clears it)."""
        if index is None or index not in self._spans:
            self.setExtraSelections([])
            return
        start, end = self._spans[index]
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(self._colors.accent)
        fmt.setForeground(QColor("#ffffff") if not self._colors.dark else QColor("#10131a"))
        sel.format = fmt
        self.setExtraSelections([sel])
        self.playing_word = index

    def _fit(self, *_: Any) -> None:
        self.document().setTextWidth(self.viewport().width())
        self.setFixedHeight(int(self.document().size().height()) + 12)

    def resizeEvent(self, e) -> None:  # noqa: N802
        super().resizeEvent(e)
        self._fit()

    def _clicked(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("w:"):
            self.word_clicked.emit(int(s[2:]))

    def viewportEvent(self, e: QEvent) -> bool:  # noqa: N802
        # Hover events reach the viewport, not the browser itself, so tooltips are handled here.
        if e.type() == QEvent.Type.ToolTip:
            anchor = self.anchorAt(e.pos())
            if anchor.startswith("w:") and int(anchor[2:]) in self.tips:
                QToolTip.showText(e.globalPos(), self.tips[int(anchor[2:])], self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(e)


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
        self.value.setAccessibleName(f"{title} score")
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.value)
        lay.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        lay.addLayout(self.grid)
        lay.addStretch(1)
        self.bars: dict[str, ScoreBar] = {}

    def set_data(self, value: int | None, subscores: list[Any]) -> None:
        self.value.setText("–" if value is None else f"{value}")
        clear_layout(self.grid)
        self.bars = {}
        for r, s in enumerate(subscores):
            name = label(subscore_label(s.rule))
            bar = ScoreBar(self._colors)
            bar.set_value(s.score, s.weight, s.skipped)
            # One rounding with the reports and the PDF (scoring.result.fmt_points): "4/15" everywhere.
            pts = label("n/a" if s.skipped else f"{fmt_points(s.score)}/{fmt_points(s.weight)}", "muted")
            pts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value = "not applicable" if s.skipped else f"{fmt_points(s.score)} of {fmt_points(s.weight)}"
            text = f"{subscore_label(s.rule)}: {value}"
            bar.setAccessibleName(text)
            bar.setToolTip(text)
            self.grid.addWidget(name, r, 0)
            self.grid.addWidget(bar, r, 1)
            self.grid.addWidget(pts, r, 2)
            self.bars[s.rule] = bar
        self.grid.setColumnStretch(1, 1)

    def set_colors(self, c: Colors) -> None:
        self._colors = c
        for b in self.bars.values():
            b.set_colors(c)


class TimingCard(QFrame):
    """Timing, the third verdict: its score, a bar, and what it means against the target."""

    def __init__(self, colors: Colors) -> None:
        super().__init__()
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        head = QHBoxLayout()
        head.addWidget(label("Timing", "h2"))
        head.addStretch(1)
        self.value = label("–", "h2")
        self.value.setAccessibleName("Timing score")
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
        self.detail.setText(
            f"{speech_seconds:.1f} s against your {target_seconds:g} s target (comfortable: {lo:.0f}–{hi:.0f} s)"
        )
        text = f"Timing: {'not scored' if value is None else f'{value} of 100'}. {verdict}"
        self.bar.setAccessibleName(text)
        self.bar.setToolTip(text)

    def set_colors(self, c: Colors) -> None:
        self.bar.set_colors(c)


def deduction_widget(d: Any, rank: int | None, colors: Colors) -> QWidget:
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setContentsMargins(0, 4, 0, 8)
    lay.setSpacing(3)
    head = QHBoxLayout()
    title = label(f"{rank}. {rule_label(d.rule)}" if rank else rule_label(d.rule))
    f = title.font()
    f.setBold(True)
    title.setFont(f)
    pts = label(f"−{fmt_points(d.points)} points", "muted")
    head.addWidget(title)
    head.addStretch(1)
    head.addWidget(pts)
    lay.addLayout(head)
    lay.addWidget(label(d.message, wrap=True))
    tip = label(f"<b style='color:{colors.good.name()}'>Try this:</b> {html.escape(d.tip)}", wrap=True)
    tip.setTextFormat(Qt.TextFormat.RichText)
    lay.addWidget(tip)
    w.setAccessibleName(f"{rule_label(d.rule)}, minus {fmt_points(d.points)} points")
    return w


class ResultsPage(QWidget):
    try_again = Signal()
    export_requested = Signal()

    def __init__(self, services: Services, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._colors = colors
        self.outcome: TakeOutcome | None = None
        self._player: Any = None
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(50)
        self._play_timer.timeout.connect(self._poll_player)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self.body = body
        col = QVBoxLayout(body)
        col.setContentsMargins(24, 20, 24, 20)
        col.setSpacing(14)

        head = QHBoxLayout()
        self.title = label("Your take", "h1")
        head.addWidget(self.title)
        head.addStretch(1)
        self.export_button = QPushButton("Export report…")
        self.export_button.setAccessibleName("Export report")
        self.export_button.setToolTip("Save this take's coaching report (Ctrl+E)")
        self.export_button.clicked.connect(self.export_requested)
        self.try_button = QPushButton("Try again")
        self.try_button.setObjectName("primary")
        self.try_button.setAccessibleName("Try again")
        self.try_button.setToolTip("Back to the practice page for another take (Ctrl+R)")
        self.try_button.clicked.connect(self.try_again)
        head.addWidget(self.export_button)
        head.addWidget(self.try_button)
        col.addLayout(head)
        self.subtitle = label("", "muted", wrap=True)
        col.addWidget(self.subtitle)

        self.problem = label("", "banner", wrap=True)
        self.problem.setAccessibleName("What happened during recording")
        self.problem.hide()
        col.addWidget(self.problem)

        # --- gate panel (no score)
        self.gate_card = card()
        gl = QVBoxLayout(self.gate_card)
        gl.setContentsMargins(20, 16, 20, 16)
        gl.addWidget(label("No score for this take", "h2"))
        self.gate_message = label("", wrap=True)
        f = self.gate_message.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.gate_message.setFont(f)
        self.gate_message.setAccessibleName("Why there is no score")
        gl.addWidget(self.gate_message)
        col.addWidget(self.gate_card)

        # --- scores row
        self.scores_row = QWidget()
        sr = QHBoxLayout(self.scores_row)
        sr.setContentsMargins(0, 0, 0, 0)
        sr.setSpacing(14)
        dial_card = card()
        dl = QVBoxLayout(dial_card)
        dl.setContentsMargins(18, 14, 18, 14)
        dl.addWidget(label("Overall", "h2"), 0, Qt.AlignmentFlag.AlignHCenter)
        self.dial = ScoreDial(colors)
        dl.addWidget(self.dial, 1, Qt.AlignmentFlag.AlignHCenter)
        self.clarity_card = CategoryCard("Clarity", colors)
        self.listener_card = CategoryCard("Listener focus", colors)
        self.timing_card = TimingCard(colors)
        sr.addWidget(dial_card, 0)
        sr.addWidget(self.clarity_card, 1)
        sr.addWidget(self.listener_card, 1)
        sr.addWidget(self.timing_card, 1)
        col.addWidget(self.scores_row)

        # --- structure
        self.structure_card = card()
        stl = QVBoxLayout(self.structure_card)
        stl.setContentsMargins(18, 14, 18, 10)
        stl.addWidget(label("Pitch structure", "h2"))
        self.structure = StructureStrip(colors)
        stl.addWidget(self.structure)
        col.addWidget(self.structure_card)

        # --- fix first + more detail
        self.fix_card = card()
        fl = QVBoxLayout(self.fix_card)
        fl.setContentsMargins(18, 14, 18, 14)
        fl.addWidget(label("Fix first", "h2"))
        self.fix_box = QVBoxLayout()
        fl.addLayout(self.fix_box)
        self.more_button = QToolButton()
        self.more_button.setCheckable(True)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setArrowType(Qt.ArrowType.RightArrow)
        self.more_button.setAccessibleName("More detail")
        self.more_button.toggled.connect(self._toggle_more)
        fl.addWidget(self.more_button)
        self.more_box_widget = QWidget()
        self.more_box = QVBoxLayout(self.more_box_widget)
        self.more_box.setContentsMargins(16, 0, 0, 0)
        self.more_box_widget.hide()
        fl.addWidget(self.more_box_widget)
        col.addWidget(self.fix_card)

        # --- positives and notes
        self.good_card = card()
        gl2 = QVBoxLayout(self.good_card)
        gl2.setContentsMargins(18, 14, 18, 14)
        gl2.addWidget(label("What went well", "h2"))
        self.good_box = QVBoxLayout()
        gl2.addLayout(self.good_box)
        col.addWidget(self.good_card)

        # --- transcript + playback
        tcard = card()
        tl = QVBoxLayout(tcard)
        tl.setContentsMargins(18, 14, 18, 14)
        th = QHBoxLayout()
        th.addWidget(label("Transcript", "h2"))
        th.addStretch(1)
        self.play_button = QPushButton("▶ Play take")
        self.play_button.setAccessibleName("Play take")
        self.play_button.clicked.connect(self._toggle_play)
        self.play_pos = label("", "muted")
        self.play_pos.setAccessibleName("Playback position")
        th.addWidget(self.play_pos)
        th.addWidget(self.play_button)
        tl.addLayout(th)
        self.legend = QWidget()
        self.legend_layout = QHBoxLayout(self.legend)
        self.legend_layout.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.legend)
        self.transcript = TranscriptView()
        self.transcript.word_clicked.connect(self._play_from_word)
        tl.addWidget(self.transcript)
        self.notes_box = QVBoxLayout()
        tl.addLayout(self.notes_box)
        col.addWidget(tcard)
        self.voice = VoiceCard(colors)
        self.voice.strip.seek.connect(self.play_from)
        col.addWidget(self.voice)
        col.addStretch(1)
        self._build_legend()

    # ---- public ---------------------------------------------------------------------------
    def set_colors(self, c: Colors) -> None:
        self._colors = c
        for w in (self.dial, self.structure):
            w.set_colors(c)
        self.clarity_card.set_colors(c)
        self.listener_card.set_colors(c)
        self.voice.set_colors(c)
        self.timing_card.set_colors(c)
        self._build_legend()
        if self.outcome is not None:
            self.show_outcome(self.outcome)

    def show_outcome(self, outcome: TakeOutcome) -> None:
        self.stop_playback()
        self.outcome = outcome
        a = outcome.analysis
        r = a.result
        t = a.transcript
        name = outcome.audio_path.name if outcome.audio_path else "this take"
        self.subtitle.setText(
            f"{name} · {t.speech_seconds:.1f} s of speech against a {r.target_seconds:.0f} s target · "
            f"{len(t.words)} words"
        )
        problems = [p for p in (outcome.problem, outcome.saved_error) if p]
        self.problem.setText("\n".join(problems))
        self.problem.setVisible(bool(problems))

        scored = r.scored
        self.gate_card.setVisible(not scored)
        self.scores_row.setVisible(scored)
        self.structure_card.setVisible(scored)
        self.fix_card.setVisible(scored and bool(r.deductions))
        self.good_card.setVisible(scored and bool(r.positives))
        if not scored:
            self.gate_message.setText(r.gate.message)
            self.title.setText("We couldn't score this take")
        else:
            self.title.setText(f"{r.band}: {r.overall} out of 100")
            self.title.setStyleSheet(f"color: {band_color(self._colors, r.band).name()};")
            self.dial.set_score(r.overall, r.band)
            self.clarity_card.set_data(r.clarity, [s for s in r.subscores if s.category == "clarity"])
            self.listener_card.set_data(r.listener_focus, [s for s in r.subscores if s.category == "listener_focus"])
            # Takes stored before issue 13 have no timing verdict: the card stays, showing "–".
            self.timing_card.set_data(
                r.timing, str(r.metrics.get("timing_label", "")), t.speech_seconds, r.target_seconds
            )
            self.structure.set_parts(r.structure)
            self._fill_deductions(r)
            self._fill_positives(r)
        if not scored:
            self.title.setStyleSheet("")
        self._fill_notes(r)
        body, tips = transcript_html(t.words, r.highlights if scored else [], self._colors)
        if not t.words:
            body = f"<i style='color:{self._colors.muted.name()}'>No words were recognised.</i>"
        self.transcript.set_content(body, tips, self._colors)
        self.voice.show_take(t.voice, t.words)
        self.legend.setVisible(scored)
        self._sync_play(False)

    # ---- filling --------------------------------------------------------------------------
    @staticmethod
    def _clear(box: QVBoxLayout) -> None:
        clear_layout(box)

    def _fill_deductions(self, r: Any) -> None:
        self._clear(self.fix_box)
        self._clear(self.more_box)
        for i, d in enumerate(r.fix_first, 1):
            self.fix_box.addWidget(deduction_widget(d, i, self._colors))
        rest = r.deductions[3:]
        self.more_button.setVisible(bool(rest))
        self.more_button.setText(f"More detail ({len(rest)} more)")
        self.more_button.setChecked(False)
        for d in rest:
            self.more_box.addWidget(deduction_widget(d, None, self._colors))

    def _fill_positives(self, r: Any) -> None:
        self._clear(self.good_box)
        for p in r.positives:
            lab = label(f"<span style='color:{self._colors.good.name()}'>✔</span> {html.escape(p)}", wrap=True)
            lab.setTextFormat(Qt.TextFormat.RichText)
            self.good_box.addWidget(lab)

    def _fill_notes(self, r: Any) -> None:
        self._clear(self.notes_box)
        for n in r.notes:
            self.notes_box.addWidget(label(f"Note: {n}", "muted", wrap=True))

    def _build_legend(self) -> None:
        clear_layout(self.legend_layout)
        for kind, (name, desc) in HIGHLIGHT_INFO.items():
            chip = QLabel(name)
            if kind == "over_time":
                chip.setStyleSheet(
                    f"color:{self._colors.muted.name()}; font-style:italic; text-decoration: underline;padding:2px 6px;"
                )
            else:
                chip.setStyleSheet(
                    f"background:{self._colors.highlight[kind].name()}; color:{self._colors.text.name()};"
                    "border-radius:4px; padding:2px 6px;"
                )
            chip.setToolTip(desc)
            chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            chip.setAccessibleName(f"Legend: {name}")
            self.legend_layout.addWidget(chip)
        self.legend_layout.addStretch(1)

    def _toggle_more(self, on: bool) -> None:
        self.more_box_widget.setVisible(on)
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    # ---- playback -------------------------------------------------------------------------
    def _ensure_player(self) -> Any:
        if self._player is None:
            self._player = self.services.make_player()
        return self._player

    def _toggle_play(self) -> None:
        if self._player is not None and self._player.playing:
            self.stop_playback()
        else:
            self.play_from(0.0)

    def _play_from_word(self, index: int) -> None:
        if self.outcome is None:
            return
        words = self.outcome.analysis.transcript.words
        if 0 <= index < len(words):
            self.play_from(max(0.0, words[index].start - 0.15))

    def play_from(self, seconds: float) -> None:
        from pitchcoach.core.playback import PlaybackError

        if self.outcome is None or not len(self.outcome.audio16k):
            return
        try:
            self._ensure_player().play(self.outcome.audio16k, SAMPLE_RATE, seconds)
        except PlaybackError as e:
            self.play_pos.setText(str(e))
            self.play_pos.setWordWrap(True)
            self.play_button.setEnabled(False)
            self.play_button.setToolTip(str(e))
            return
        self._play_timer.start()
        self._sync_play(True)

    def stop_playback(self) -> None:
        self._play_timer.stop()
        if self._player is not None:
            self._player.stop()
        self.transcript.mark_word(None)
        self.transcript.playing_word = None
        self.voice.strip.set_cursor(None)
        self._sync_play(False)

    def _poll_player(self) -> None:
        p = self._player
        if p is None or not p.playing:
            self.stop_playback()
            return
        pos = p.position_seconds
        self.play_pos.setText(f"{fmt_clock(pos)} / {fmt_clock(p.duration_seconds)}")
        self.voice.strip.set_cursor(pos)
        if self.outcome is not None:
            words = self.outcome.analysis.transcript.words
            current = None
            for i, w in enumerate(words):
                if w.start <= pos:
                    current = i
                else:
                    break
            if current is not None and pos > words[current].end + 0.6:
                current = None  # in a pause: mark nothing rather than a word already finished
            self.transcript.mark_word(current)

    def _sync_play(self, playing: bool) -> None:
        self.play_button.setText("■ Stop playback" if playing else "▶ Play take")
        self.play_button.setAccessibleName("Stop playback" if playing else "Play take")
        if not playing and self.outcome is not None:
            dur = len(self.outcome.audio16k) / SAMPLE_RATE
            self.play_pos.setText(fmt_clock(dur))

    def hideEvent(self, e) -> None:  # noqa: N802
        self.stop_playback()
        super().hideEvent(e)
