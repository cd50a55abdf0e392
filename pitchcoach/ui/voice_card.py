"""The Results page's "Voice" card: a heading, the voice strip and its figures in words.

The strip (:mod:`pitchcoach.ui.voice_strip`) is a pyqtgraph widget. It is not built with the
window: importing pyqtgraph costs about a second on a busy laptop, and the window's first paint
must not wait for a chart nobody sees yet. The app builds it once start-up work is done
(:meth:`VoiceCard.prepare`, after the warm-up has imported pyqtgraph off the GUI thread), so that
the first result does not pay for it either (~80 ms of GUI-thread time here).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from pitchcoach.core.voice.analysis import VoiceAnalysis
from pitchcoach.core.voice.figure import voice_summary
from pitchcoach.ui.i18n import current_ui_language
from pitchcoach.ui.theme import Colors
from pitchcoach.ui.widgets import label

if TYPE_CHECKING:
    from pitchcoach.ui.voice_strip import VoiceStrip


class VoiceCard(QFrame):
    """Hidden for takes without voice figures (typed text, takes stored before voice analysis)."""

    seek = Signal(float)  # a click on the strip: play from this many seconds

    def __init__(self, colors: Colors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._colors = colors
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(18, 14, 18, 14)
        self._lay.addWidget(label(self.tr("Voice"), "h2"))
        self.strip: VoiceStrip | None = None
        self._deferred: tuple[VoiceAnalysis, Sequence[Any]] | None = None  # what draw_deferred draws
        self.summary = label("", "muted", wrap=True)
        self._lay.addWidget(self.summary)
        self.setVisible(False)

    def prepare(self) -> None:
        """Build the strip now, at an idle moment, if it is not built yet."""
        if self.strip is None:
            from pitchcoach.ui.voice_strip import VoiceStrip

            self.strip = VoiceStrip(self._colors)
            self.strip.seek.connect(self.seek)
            policy = self.strip.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # hidden until drawn (show_take's defer): the page keeps its height
            self.strip.setSizePolicy(policy)
            self._lay.insertWidget(1, self.strip)

    def show_take(
        self,
        va: VoiceAnalysis | None,
        words: Sequence[Any],
        cpm_windows: Sequence[float] | None = None,
        defer: bool = False,
    ) -> bool:
        """``cpm_windows``: a Mandarin take's pace every 5 s, in characters per minute (see voice_summary).

        ``defer``: the strip is hidden (it keeps its place) and drawn by :meth:`draw_deferred`; returns
        whether that is pending. The figures in words are shown at once either way."""
        self.setVisible(va is not None)
        if va is not None:
            self.prepare()
        self._deferred = None
        if self.strip is not None:
            if defer and va is not None:
                self._deferred = (va, words)
                self.strip.setVisible(False)  # never the take before's strip, not even for one paint
            else:
                self.strip.set_take(va, words)
                self.strip.setVisible(True)
        text = voice_summary(va, words, cpm_windows, ui_language=current_ui_language()) if va is not None else ""
        if va is not None and va.f0_median_hz is None and not words:
            # A muted mic or a silent file: say so under the flat plot, rather than leave it blank.
            text = self.tr("No voice was heard in this take.")
        self.summary.setText(text)
        return self._deferred is not None

    def draw_deferred(self) -> None:
        """Draw the strip show_take deferred (nothing if another take has been shown since)."""
        if self._deferred is not None and self.strip is not None:
            (va, words), self._deferred = self._deferred, None
            self.strip.set_take(va, words)
            self.strip.setVisible(True)

    def set_cursor(self, seconds: float | None) -> None:
        """The playback cursor on the strip (None hides it)."""
        if self.strip is not None:
            self.strip.set_cursor(seconds)

    def set_colors(self, c: Colors) -> None:
        self._colors = c
        if self.strip is not None:
            self.strip.set_colors(c)
