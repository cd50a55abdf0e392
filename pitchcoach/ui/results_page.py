"""The results page: score, sub-scores, what to fix first, the highlighted transcript and playback."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.drills import costliest_skill
from pitchcoach.core.language import scoring_profile
from pitchcoach.core.session import NOT_SAVED_UNSCORED
from pitchcoach.ui.core_labels import band_name, pace_label, take_language, unit_name
from pitchcoach.ui.drills_page import DrillVerdictCard, drill_for
from pitchcoach.ui.i18n import current_ui_language, error_text, feedback_catalog
from pitchcoach.ui.paint_watch import PaintWatch
from pitchcoach.ui.reflow import ReflowRow
from pitchcoach.ui.rehearsal_card import RehearsalCard
from pitchcoach.ui.result_cards import CategoryCard, DeductionRow, RowPool, TimingCard, clear_layout
from pitchcoach.ui.theme import Colors
from pitchcoach.ui.transcript_view import TranscriptView, highlight_info, transcript_html
from pitchcoach.ui.voice_card import VoiceCard
from pitchcoach.ui.widgets import ScoreDial, StructureStrip, band_color, card, label

if TYPE_CHECKING:
    from pitchcoach.core.session import TakeOutcome
    from pitchcoach.ui.services import Services

log = logging.getLogger(__name__)


def fmt_clock(seconds: float) -> str:
    s = max(0, int(seconds + 0.5))
    return f"{s // 60}:{s % 60:02d}"


class ResultsPage(QWidget):
    try_again = Signal()
    refined = Signal(object)  # the TakeOutcome shown in place of the instant one
    keep_requested = Signal()  # "Keep quick result": stop refining, save the instant result as it is
    export_requested = Signal()
    practise_requested = Signal(str)  # a skill: "Practise this" on the take's costliest issue (issue 27)
    # A saved drill take's verdict is on the page: the window reads the history for its note on a worker
    # (mastery, or the weekly goal reached) and hands it to show_drill_note.
    drill_verdict_shown = Signal(object)  # the TakeOutcome

    def __init__(self, services: Services, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._colors = colors
        self.outcome: TakeOutcome | None = None
        self._after_instant = False  # the result shown replaced an instant one
        self._player: Any = None
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(50)
        self._play_timer.timeout.connect(self._poll_player)

        self.scroll_area = scroll = QScrollArea(self)
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
        self.title = label(self.tr("Your take"), "h1")
        head.addWidget(self.title)
        head.addStretch(1)
        self.export_button = QPushButton(self.tr("Export report…"))
        self.export_button.setAccessibleName(self.tr("Export report"))
        self.export_button.setToolTip(self.tr("Save this take's coaching report (Ctrl+E)"))
        self.export_button.clicked.connect(self.export_requested)
        self.try_button = QPushButton(self.tr("Try again"))
        self.try_button.setObjectName("primary")
        self.try_button.setAccessibleName(self.tr("Try again"))
        self.try_button.setToolTip(self.tr("Back to the practice page for another take (Ctrl+R)"))
        self.try_button.clicked.connect(self.try_again)
        self._practise_skill = ""
        self.practise_button = QPushButton(self.tr("Practise this"))
        self.practise_button.setToolTip(self.tr("Start the drill for this take's costliest issue"))
        self.practise_button.clicked.connect(lambda: self.practise_requested.emit(self._practise_skill))
        self.practise_button.hide()
        head.addWidget(self.export_button)
        head.addWidget(self.try_button)
        col.addLayout(head)
        self.subtitle = label("", "muted", wrap=True)
        col.addWidget(self.subtitle)
        # A row of this take's own actions under the subtitle: "Practise this", then the Team menu that the
        # window adds (shown only to someone in a team). In the header they pushed Try again off the
        # screen at 800 px.
        self.team_slot = QHBoxLayout()
        self.team_slot.addWidget(self.practise_button)
        col.addLayout(self.team_slot)
        self.drill_card = DrillVerdictCard()
        col.addWidget(self.drill_card)
        # Which pass this is: the instant result (the full recording still being decoded) or the
        # refined one. Quiet on purpose: the score is what the person came for.
        self.pass_row = QWidget()
        pr = QHBoxLayout(self.pass_row)
        pr.setContentsMargins(0, 0, 0, 0)
        self.pass_busy = QProgressBar()
        self.pass_busy.setRange(0, 0)
        self.pass_busy.setTextVisible(False)
        self.pass_busy.setMaximumSize(90, 8)
        self.pass_busy.setAccessibleName(self.tr("Refining"))
        self.pass_note = label("", "muted", wrap=True)
        self.pass_note.setAccessibleName(self.tr("Result status"))
        self.pass_keep = QPushButton(self.tr("Keep quick result"))
        self.pass_keep.setAccessibleName(self.tr("Keep quick result"))
        self.pass_keep.setToolTip(
            self.tr("Stop refining and save this result now; the full recording is analysed next start")
        )
        self.pass_keep.clicked.connect(self.keep_requested)
        pr.addWidget(self.pass_busy)
        pr.addWidget(self.pass_note, 1)
        pr.addWidget(self.pass_keep)
        self.pass_row.hide()
        col.addWidget(self.pass_row)

        self.problem = label("", "banner", wrap=True)
        self.problem.setAccessibleName(self.tr("What happened during recording"))
        self.problem.hide()
        col.addWidget(self.problem)

        # --- gate panel (no score)
        self.gate_card = card()
        gl = QVBoxLayout(self.gate_card)
        gl.setContentsMargins(20, 16, 20, 16)
        gl.addWidget(label(self.tr("No score for this take"), "h2"))
        self.gate_message = label("", wrap=True)
        f = self.gate_message.font()
        f.setPointSizeF(f.pointSizeF() * 1.2)
        self.gate_message.setFont(f)
        self.gate_message.setAccessibleName(self.tr("Why there is no score"))
        gl.addWidget(self.gate_message)
        self.gate_saved = label("", "muted", wrap=True)  # what the history kept of it, if anything
        self.gate_saved.setAccessibleName(self.tr("What was kept of this take"))
        gl.addWidget(self.gate_saved)
        col.addWidget(self.gate_card)

        # --- scores row
        dial_card = card()
        dl = QVBoxLayout(dial_card)
        dl.setContentsMargins(18, 14, 18, 14)
        dl.addWidget(label(self.tr("Overall"), "h2"), 0, Qt.AlignmentFlag.AlignHCenter)
        self.dial = ScoreDial(colors)
        dl.addWidget(self.dial, 1, Qt.AlignmentFlag.AlignHCenter)
        self.clarity_card = CategoryCard(self.tr("Clarity"), colors)
        self.listener_card = CategoryCard(self.tr("Listener focus"), colors)
        self.timing_card = TimingCard(colors)
        # Four across when they fit, else two by two, else one under another: nothing is cut and the
        # page never needs a horizontal scrollbar (issue 21: cut at 1040x760 and at 800x600).
        self.scores_row = ReflowRow(
            [dial_card, self.clarity_card, self.listener_card, self.timing_card], (4, 2, 1), [0, 1, 1, 1]
        )
        col.addWidget(self.scores_row)

        # --- structure
        self.structure_card = card()
        stl = QVBoxLayout(self.structure_card)
        stl.setContentsMargins(18, 14, 18, 10)
        stl.addWidget(label(self.tr("Pitch structure"), "h2"))
        self.structure = StructureStrip(colors)
        stl.addWidget(self.structure)
        col.addWidget(self.structure_card)
        self.rehearsal_card = RehearsalCard()  # how the take held to the written pitch (issue 26)
        col.addWidget(self.rehearsal_card)

        # --- fix first + more detail
        self.fix_card = card()
        fl = QVBoxLayout(self.fix_card)
        fl.setContentsMargins(18, 14, 18, 14)
        fl.addWidget(label(self.tr("Fix first"), "h2"))
        self.fix_box = QVBoxLayout()
        fl.addLayout(self.fix_box)
        self.more_button = QToolButton()
        self.more_button.setCheckable(True)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setArrowType(Qt.ArrowType.RightArrow)
        self.more_button.setAccessibleName(self.tr("More detail"))
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
        gl2.addWidget(label(self.tr("What went well"), "h2"))
        self.good_box = QVBoxLayout()
        gl2.addLayout(self.good_box)
        col.addWidget(self.good_card)
        # Rows are reused from result to result (result_cards.RowPool), never built again.
        self._fix_rows = RowPool(self.fix_box, DeductionRow)
        self._more_rows = RowPool(self.more_box, DeductionRow)
        self._good_rows = RowPool(self.good_box, lambda: self._rich_label())

        # --- transcript + playback
        tcard = card()
        tl = QVBoxLayout(tcard)
        tl.setContentsMargins(18, 14, 18, 14)
        th = QHBoxLayout()
        th.addWidget(label(self.tr("Transcript"), "h2"))
        th.addStretch(1)
        self.play_button = QPushButton(self.tr("▶ Play take"))
        self.play_button.setAccessibleName(self.tr("Play take"))
        self.play_button.clicked.connect(self._toggle_play)
        self.play_pos = label("", "muted")
        self.play_pos.setAccessibleName(self.tr("Playback position"))
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
        self._note_rows = RowPool(self.notes_box, lambda: label("", "muted", wrap=True))
        col.addWidget(tcard)
        self.voice = VoiceCard(colors)
        self.voice.seek.connect(self.play_from)
        self._after_paint = PaintWatch(self)
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
        shown = self.outcome
        if shown is not None:
            self._keeping_scroll(lambda: self._fill(shown))

    def show_outcome(self, outcome: TakeOutcome) -> None:
        """A new result: opens at the top, where the score is (not at the last result's scroll position)."""
        self.stop_playback()
        self._after_instant = False
        self._fill(outcome)
        self.scroll_area.verticalScrollBar().setValue(0)

    def refine(self, outcome: TakeOutcome) -> bool:
        """The whole-file result of the take shown now: update in place, keeping the scroll position
        and playback, and emit ``refined``. False (nothing changes) when the page shows another take by now."""
        shown = self.outcome
        if shown is None or shown.stage not in ("instant", "quick") or shown.audio_path != outcome.audio_path:
            return False
        self._after_instant = True
        self._keeping_scroll(lambda: self._fill(outcome))
        self.refined.emit(outcome)
        return True

    def _keeping_scroll(self, fill: Callable[[], None]) -> None:
        bar = self.scroll_area.verticalScrollBar()
        pos = bar.value()
        fill()
        body_layout = self.body.layout()
        if body_layout is not None:
            body_layout.activate()  # the new content's height, so the old position still exists
        bar.setValue(pos)
        QTimer.singleShot(0, lambda: bar.setValue(pos))  # again once Qt has laid out what is left

    def _show_pass(self, outcome: TakeOutcome) -> None:
        note = ""
        if outcome.stage == "instant":
            note = self.tr("Quick result from the live transcript · refining with the full recording…")
            if outcome.provisional:
                note += self.tr(" Provisional: the live transcript repeated itself, and the repeat was left out.")
        elif outcome.stage == "quick":
            note = self.tr(
                "Quick result from the live transcript: it is refined with the full recording at the next start."
            )
        elif self._after_instant:
            note = (
                self.tr("Refined with the full recording")
                if outcome.refined
                else self.tr("Checked against the full recording")
            )
        self.pass_note.setText(note)
        self.pass_busy.setRange(0, 0)  # indeterminate until the whole-file decode reports (set_pass_progress)
        self.pass_busy.setVisible(outcome.stage == "instant")
        self.pass_keep.setVisible(outcome.stage == "instant")
        self.pass_row.setVisible(bool(note))

    def show_drill_note(self, take_id: int, note: str) -> None:
        """The note read for drill take ``take_id``; dropped if another take is on the page by now."""
        if self.outcome is not None and self.outcome.take_id == take_id and self.outcome.verdict is not None:
            self.drill_card.show_note(note)

    def set_pass_progress(self, fraction: float) -> None:
        """How much of the full recording the refining pass has decoded, while the instant result shows."""
        if self.outcome is None or self.outcome.stage != "instant":
            return  # a late report, or another analysis (an opened file has its own progress)
        pct = int(round(100 * fraction))
        self.pass_busy.setRange(0, 100)
        self.pass_busy.setValue(pct)
        self.pass_note.setText(
            self.tr("Quick result from the live transcript · refining with the full recording… {pct} %").format(pct=pct)
        )

    def _fill(self, outcome: TakeOutcome) -> None:
        self.outcome = outcome
        self._show_pass(outcome)
        self.drill_card.show_verdict(outcome.drill, outcome.verdict)  # its note, if any, comes from a worker
        if outcome.verdict is not None and outcome.take_id is not None:
            self.drill_verdict_shown.emit(outcome)
        self._show_practise(outcome)
        a = outcome.analysis
        r = a.result
        t = a.transcript
        name = outcome.audio_path.name if outcome.audio_path else self.tr("this take")
        profile = scoring_profile(a.language)  # words per minute, or 字/分钟 for Mandarin
        pace = f"{r.metrics.pace:.0f} {pace_label(profile.pace_label)} · " if r.scored and r.metrics.pace else ""
        self.subtitle.setText(
            # The Practice page shows the same count after the take.
            self.tr(
                "{name} · {language} · {speech} s of speech against a {target} s target · {pace}{count} {units}"
            ).format(
                name=name,
                language=take_language(a.language),
                speech=f"{t.speech_seconds:.1f}",
                target=f"{r.target_seconds:.0f}",
                pace=pace,
                count=a.word_count,
                units=unit_name(profile.unit_name),
            )
        )
        problems = outcome.problem_texts(feedback_catalog())  # in the interface language
        self.problem.setText("\n".join(problems))
        self.problem.setVisible(bool(problems))

        scored = r.scored
        self.gate_card.setVisible(not scored)
        self.scores_row.setVisible(scored)
        self.structure_card.setVisible(scored)
        self.rehearsal_card.show_rehearsal(r.rehearsal)
        self.fix_card.setVisible(scored and bool(r.deductions))
        self.good_card.setVisible(scored and bool(r.positives))
        if r.gate is not None:  # not scored
            self.gate_message.setText(r.gate.text(feedback_catalog()))
            kept = (
                self.tr("Your recording is kept in History, without a transcript.")
                if outcome.take_id is not None
                else ""
            )
            not_saved = outcome.not_saved or ""
            if not_saved == NOT_SAVED_UNSCORED:  # core's English; the same words in the interface language
                not_saved = feedback_catalog().text("cli.not_saved_unscored")
            self.gate_saved.setText(not_saved or kept)
            self.gate_saved.setVisible(bool(not_saved or kept))
            self.title.setText(self.tr("We couldn't score this take"))
        else:
            self.title.setText(self.tr("{band}: {score} out of 100").format(band=band_name(r.band), score=r.overall))
            self.title.setStyleSheet(f"color: {band_color(self._colors, r.band).name()};")
            self.dial.set_score(r.overall, r.band)
            self.clarity_card.set_data(r.clarity, [s for s in r.subscores if s.category == "clarity"])
            self.listener_card.set_data(r.listener_focus, [s for s in r.subscores if s.category == "listener_focus"])
            # Takes stored before issue 13 have no timing verdict: the card stays, showing "–".
            verdict = r.metrics.timing_verdict
            # The verdict in the interface language; a take stored without one keeps its stored label.
            shown = feedback_catalog().text(f"timing_verdict.{verdict}") if verdict else r.metrics.timing_label
            self.timing_card.set_data(r.timing, shown or "", t.speech_seconds, r.target_seconds)
            self.structure.set_parts(r.structure)
            self.scores_row.reflow()  # this take's sub-score rows may need more width than the last's
            self._fill_deductions(r)
            self._fill_positives(r)
        if not scored:
            self.title.setStyleSheet("")
        self._fill_notes(r)
        body, tips = transcript_html(t.words, r.highlights if scored else [], self._colors)
        if not t.words:
            body = (
                f"<i style='color:{self._colors.muted.name()}'>{html.escape(self.tr('No words were recognised.'))}</i>"
            )
        self.transcript.set_content(body, tips, self._colors)
        # An instant result's Voice strip is drawn just after the page's first paint: the strip is below the
        # fold, and drawing it cost as much GUI-thread time as the rest of the page (~36 ms a take).
        if self.voice.show_take(t.voice, t.words, r.metrics.cpm_windows, defer=outcome.stage == "instant"):
            self._after_paint.arm(None, "voice", self.voice.draw_deferred)
        self.legend.setVisible(scored)
        self._sync_play(self._player is not None and self._player.playing)

    # ---- filling --------------------------------------------------------------------------
    def _show_practise(self, outcome: TakeOutcome) -> None:
        """ "Practise this" names the drill for the costliest issue that has one (not on a drill take)."""
        skill = costliest_skill(outcome.analysis.result.deductions) if outcome.verdict is None else None
        self._practise_skill = skill or ""
        drill = drill_for(skill) if skill else None
        if drill is not None:
            text = self.tr("Practise this: {drill}").format(drill=drill.title_in(current_ui_language()))
            self.practise_button.setText(text)
            self.practise_button.setAccessibleName(text)
        self.practise_button.setVisible(drill is not None)

    def _fill_deductions(self, r: Any) -> None:
        for i, (row, d) in enumerate(zip(self._fix_rows.take(len(r.fix_first)), r.fix_first, strict=True), 1):
            row.set_data(d, i, self._colors)
        rest = r.deductions[3:]
        self.more_button.setVisible(bool(rest))
        self.more_button.setText(self.tr("More detail ({n} more)").format(n=len(rest)))
        self.more_button.setChecked(False)
        for row, d in zip(self._more_rows.take(len(rest)), rest, strict=True):
            row.set_data(d, None, self._colors)

    @staticmethod
    def _rich_label() -> QLabel:
        lab = label("", wrap=True)
        lab.setTextFormat(Qt.TextFormat.RichText)
        return lab

    def _fill_positives(self, r: Any) -> None:
        for lab, p in zip(self._good_rows.take(len(r.positives)), r.positive_texts(feedback_catalog()), strict=True):
            lab.setText(f"<span style='color:{self._colors.good.name()}'>✔</span> {html.escape(p)}")

    def _fill_notes(self, r: Any) -> None:
        for lab, n in zip(self._note_rows.take(len(r.notes)), r.note_texts(feedback_catalog()), strict=True):
            lab.setText(self.tr("Note: {note}").format(note=n))

    def _build_legend(self) -> None:
        clear_layout(self.legend_layout)
        for kind, (name, desc) in highlight_info().items():
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
            chip.setAccessibleName(self.tr("Legend: {name}").format(name=name))
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
            self.play_pos.setText(error_text(e))
            self.play_pos.setWordWrap(True)
            self.play_button.setEnabled(False)
            self.play_button.setToolTip(error_text(e))
            return
        self._play_timer.start()
        self._sync_play(True)

    def stop_playback(self) -> None:
        self._play_timer.stop()
        if self._player is not None:
            self._player.stop()
        self.transcript.mark_word(None)
        self.transcript.playing_word = None
        self.voice.set_cursor(None)
        self._sync_play(False)

    def _poll_player(self) -> None:
        p = self._player
        if p is None or not p.playing:
            self.stop_playback()
            return
        pos = p.position_seconds
        self.play_pos.setText(f"{fmt_clock(pos)} / {fmt_clock(p.duration_seconds)}")
        self.voice.set_cursor(pos)
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
        self.play_button.setText(self.tr("■ Stop playback") if playing else self.tr("▶ Play take"))
        self.play_button.setAccessibleName(self.tr("Stop playback") if playing else self.tr("Play take"))
        if not playing and self.outcome is not None:
            dur = len(self.outcome.audio16k) / SAMPLE_RATE
            self.play_pos.setText(fmt_clock(dur))

    def hideEvent(self, e: QHideEvent) -> None:
        self.stop_playback()
        super().hideEvent(e)
