"""Small widgets of the History page: a statistic card, and the bar that offers unsaved recordings.

The bar is also shown by the main window at start-up (crash recovery), outside the page.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pitchcoach.core.progress import BestTake
from pitchcoach.core.recovery import describe, discard_recording, find_unsaved_recordings, recording_context
from pitchcoach.core.scenarios import ScenarioCatalog
from pitchcoach.core.settings import PITCH_LANGUAGES, language_name
from pitchcoach.core.storage import StorageError, TakeStore
from pitchcoach.ui.i18n import current_ui_language, feedback_catalog, fmt_day, fmt_day_time
from pitchcoach.ui.widgets import label

log = logging.getLogger(__name__)


def narrow_combo(combo: QComboBox) -> None:
    """Let a table filter menu shrink, when the window is narrow, to the width of its first entry ("All …"):
    sized to its longest entry, the bar above the table needed ~720 px and cut the page at 800 px."""
    text = combo.itemText(0)
    combo.setMinimumWidth(combo.fontMetrics().horizontalAdvance(text) + 40)  # + the arrow and the frame


class LanguageFilter(QComboBox):
    """The History table's language menu: every language, or the takes of one ("en", "zh")."""

    chosen = Signal(object)  # the language code, or None for every language

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Show takes in"))
        self.setToolTip(self.tr("Show the takes of one pitch language"))
        self.addItem(self.tr("All languages"), None)
        narrow_combo(self)
        for code in PITCH_LANGUAGES:
            if code != "auto":  # a take is stored under the language it was heard in, never "auto"
                self.addItem(language_name(code), code)
        self.currentIndexChanged.connect(lambda _i: self.chosen.emit(self.currentData()))


class ScenarioFilter(QComboBox):
    """The History table's scenario menu (issue 26): every take, or those practised for one scenario."""

    chosen = Signal(object)  # the scenario's name, or None for every scenario

    def __init__(self, catalog: ScenarioCatalog, parent: QWidget | None = None) -> None:
        """``catalog``: the app's one scenario catalog (Services.scenarios), as the Practice page lists it."""
        super().__init__(parent)
        self.setAccessibleName(self.tr("Show takes practised for"))
        self.setToolTip(self.tr("Show the takes practised for one scenario"))
        self.addItem(self.tr("All scenarios"), None)
        narrow_combo(self)
        # Takes of every pitch language are listed: the English names, then any a language alone has
        # (a user's Mandarin-only room), each named in the interface's words.
        names = dict.fromkeys(n for lang in ("en", *sorted(catalog.by_language)) for n in catalog.names(lang))
        for name in names:
            found = next(s for by in catalog.by_language.values() if (s := by.get(name)) is not None)
            self.addItem((catalog.find(name) or found).title_in(current_ui_language()), name)
        self.currentIndexChanged.connect(lambda _i: self.chosen.emit(self.currentData()))


class StatCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.box = v = QVBoxLayout(self)
        v.setContentsMargins(14, 10, 14, 12)
        v.setSpacing(2)
        # All three wrap: unwrapped, a long value ("No benefit named") set the card's minimum and, with
        # the other three cards, cut the History page at 800 px.
        self.title = label(title, "muted", wrap=True)
        self.value = label("—", "h2", wrap=True)
        self.detail = label("", "muted", wrap=True)
        self.value.setAccessibleName(title)
        v.addWidget(self.title)
        v.addWidget(self.value)
        v.addWidget(self.detail)
        v.addStretch(1)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))


class BestCard(StatCard):
    """The "Personal best" card: the best overall score and that same take's clarity and listener focus, a
    row each under it; every score has a tooltip saying what it measures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Personal best"), parent)
        tips = {
            "Overall": self.tr(
                "The mean of clarity and listener focus, held down by timing when the take was far off "
                "its target. This is your highest so far."
            ),
            "Clarity": self.tr(
                "How easy that take was to follow: pace, fillers and hesitations, pauses, plain words, "
                "saying what you do, and how clearly it was heard."
            ),
            "Listener focus": self.tr(
                "How much that take was about the listener: a question for them, you/I balance, "
                "who it helps, an offer of help, and no hard sell."
            ),
        }
        names = {"Clarity": self.tr("Personal best clarity"), "Listener focus": self.tr("Personal best listener focus")}
        self.detail.hide()
        self.rows: dict[str, QLabel] = {}
        lay = self.box
        self.value.setToolTip(tips["Overall"])
        self.value.setAccessibleDescription(tips["Overall"])
        for name in ("Clarity", "Listener focus"):
            tip = tips[name]
            row = label("", "muted")
            row.setToolTip(tip)
            row.setAccessibleName(names[name])
            row.setAccessibleDescription(tip)
            lay.insertWidget(lay.count() - 1, row)  # above the closing stretch
            self.rows[name] = row
        self.when = label("", "muted", wrap=True)
        lay.insertWidget(lay.count() - 1, self.when)

    def show_best(self, best: BestTake | None) -> None:
        for row in self.rows.values():
            row.setVisible(best is not None)
        if best is None:
            self.set("—", "")
            self.when.setText(self.tr("No scored takes yet"))
            return
        self.set(f"{best.overall:.0f}", "")
        self.rows["Clarity"].setText(self.tr("Clarity {score}").format(score=f"{best.clarity:.0f}"))
        self.rows["Listener focus"].setText(
            self.tr("Listener focus {score}").format(score=f"{best.listener_focus:.0f}")
        )
        self.when.setText(self.tr("Overall, on {day} (one take)").format(day=fmt_day(best.created_at.astimezone())))


class UnsavedRecordingsBar(QFrame):
    """Start-up recovery prompt: recordings a crash left without a saved take, offered one at a time.

    The main window puts it above its pages, connects ``analyse_requested`` to its normal
    "analyse this file" path (saving adopts the file in place, so it is no longer offered) and
    calls :meth:`refresh` at start-up with the take being recorded, if any, in ``exclude``.
    """

    analyse_requested = Signal(object)  # pathlib.Path

    def __init__(self, store: TakeStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.store = store
        self.pending: list[Path] = []
        h = QHBoxLayout(self)
        h.setContentsMargins(12, 8, 8, 8)
        self.message = label("", wrap=True)
        self.analyse_button = QPushButton(self.tr("Analyse it"))
        self.analyse_button.setObjectName("primary")
        self.analyse_all_button = QPushButton(self.tr("Analyse all"))
        self.analyse_all_button.setToolTip(self.tr("Analyse every unsaved recording, one after another"))
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setToolTip(self.tr("Moves the recording to PitchCoach's trash (kept for a day)"))
        self.later_button = QPushButton(self.tr("Later"))
        h.addWidget(self.message, 1)
        for b in (self.analyse_button, self.analyse_all_button, self.discard_button, self.later_button):
            h.addWidget(b)
        self.analyse_button.clicked.connect(self._analyse)
        self.analyse_all_button.clicked.connect(self._analyse_all)
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.hide)
        self.hide()

    def refresh(self, exclude: list[Path] | tuple[Path, ...] = ()) -> int:
        try:
            self.pending = find_unsaved_recordings(self.store, exclude)
        except (StorageError, OSError) as exc:
            log.warning("could not look for unsaved recordings: %s", exc)
            self.pending = []
        self._show_next()
        return len(self.pending)

    def _show_next(self) -> None:
        if not self.pending:
            self.hide()
            return
        info = describe(self.pending[0])
        ctx = recording_context(self.pending[0])
        when = fmt_day_time((ctx.recorded_at or info.modified).astimezone())
        what = (
            self.tr("A {s}-second recording").format(s=f"{info.seconds:.1f}")
            if info.seconds is not None
            else self.tr("A recording")
        )
        # The reason kept beside the recording (a failed save, a quit before analysis); none = a crash.
        why = feedback_catalog().render(ctx.reason_msg, ctx.reason or "") or self.tr(
            "probably because PitchCoach closed unexpectedly"
        )
        more = self.tr(" ({n} more after this one)").format(n=len(self.pending) - 1) if len(self.pending) > 1 else ""
        self.message.setText(
            self.tr(
                "{what} from {when} was not saved: {why}. Analyse it to add it to your history, "
                "dated when it was recorded?{more}"
            ).format(what=what, when=when, why=why, more=more)
        )
        self.analyse_all_button.setVisible(len(self.pending) > 1)
        self.show()

    def _analyse(self) -> None:
        if self.pending:
            self.analyse_requested.emit(self.pending.pop(0))
        self._show_next()

    def _analyse_all(self) -> None:
        pending, self.pending = self.pending, []
        for path in pending:
            self.analyse_requested.emit(path)
        self._show_next()

    def _discard(self) -> None:
        if not self.pending:
            return
        path = self.pending.pop(0)
        try:
            discard_recording(self.store, path)
        except OSError as exc:
            log.warning("could not discard %s: %s", path, exc)
            self.message.setText(
                self.tr("Could not move {file} to the trash ({reason}).").format(
                    file=path.name, reason=exc.strerror or exc
                )
            )
            return
        self._show_next()
