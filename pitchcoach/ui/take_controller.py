"""Moves takes from Stop (or an opened file) to a shown result, off the GUI thread.

The controller owns the take session (one per loaded model), the takes waiting for a model,
and the worker jobs; the pipeline itself is ``core/session.py``. It talks to the window only
through signals, so the window keeps layout and navigation.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from pitchcoach.core.session import PendingTake, TakeOutcome, TakeSession, stop_recording

if TYPE_CHECKING:
    from pitchcoach.core.analysis import Analyzer
    from pitchcoach.core.live import LiveTranscriber
    from pitchcoach.core.recorder import Recorder
    from pitchcoach.core.storage import Take
    from pitchcoach.ui.app import Services
    from pitchcoach.ui.workers import TaskRunner

log = logging.getLogger(__name__)


class TakeController(QObject):
    model_loading = Signal()
    model_loaded = Signal(str)  # the model's name
    model_failed = Signal(str)  # why, in words for the user
    busy = Signal(str)  # what is being done for a take; "" when nothing is
    status = Signal(str)  # a line for the status bar
    outcome_ready = Signal(object)  # TakeOutcome of a take just finished (and saved)
    reopened = Signal(object)  # TakeOutcome of a saved take, opened again
    failed = Signal(str, str)  # (title, message) for the user

    def __init__(self, services: Services, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.session: TakeSession | None = None
        self.model_error: str | None = None
        self.loading = False
        self.pending: list[PendingTake] = []  # takes waiting for the model

    def idle_status(self) -> str:
        if self.session is not None:
            return "Ready"
        return "Speech model not loaded" if self.model_error else "Loading speech model…"

    # ---- model ----------------------------------------------------------------------------
    def load_model(self) -> None:
        """Load (or reload, after a settings change) the speech model on a worker thread."""
        if self.loading:
            return
        self.loading = True
        self.session = None
        self.model_error = None
        self.status.emit("Loading speech model…")
        self.model_loading.emit()
        self.runner.start(self.services.build_analyzer, self.use_analyzer, self._model_load_failed, "model")

    def use_analyzer(self, analyzer: Analyzer) -> None:
        """Start a session around a loaded analyzer, then finish the takes that waited for it."""
        self.loading = False
        self.session = TakeSession(analyzer, self.services.store)
        self.status.emit("Ready")
        self.model_loaded.emit(self.session.model_name)
        pending, self.pending = self.pending, []
        for take in pending:
            self._finish(take)

    def _model_load_failed(self, message: str) -> None:
        self.loading = False
        self.model_error = message
        self.status.emit("Speech model not loaded")
        self.failed.emit(
            "The speech model could not be loaded",
            f"{message}\n\nYou can still record: takes are saved and analysed once a model loads "
            "(Settings ▸ Speech model).",
        )
        self.model_failed.emit(message)

    def start_live(self) -> LiveTranscriber | None:
        """Live transcription for a take about to be recorded; None while no model is loaded."""
        return self.session.start_live() if self.session is not None else None

    # ---- takes ----------------------------------------------------------------------------
    def take_stopped(self, recorder: Recorder, live: LiveTranscriber | None = None) -> None:
        """Stop was pressed (or the recorder ended the take): finalise it, then finish it."""
        self.busy.emit("Saving your take…")

        def failed(message: str) -> None:
            self.busy.emit("")
            self.failed.emit("The take could not be finished", message)

        self.runner.start(lambda: stop_recording(recorder, live), self._finish, failed, "stop")

    def open_file(self, path: Path) -> None:
        self._finish(PendingTake.from_file(path))

    def _finish(self, take: PendingTake) -> None:
        session = self.session
        if session is None:
            take.drop_live()  # the model that will analyse it may not be the one the live decode used
            self.pending.append(take)
            if self.model_error:
                self.busy.emit("")
                self.failed.emit(
                    "Saved, not analysed yet",
                    f"Your take is saved in {take.path}. It will be analysed once the speech model loads.\n\n"
                    f"{self.model_error}",
                )
            else:
                self.busy.emit("Waiting for the speech model to finish loading…")
                self.load_model()
            return
        if take.recording is None:
            text = f"Analysing {take.path.name}…"
        elif take.live is not None:
            text = "Finishing the transcript and scoring your take…"
        else:
            text = "Transcribing and scoring your take…"
        self.busy.emit(text)
        self.status.emit(text)
        target = self.services.settings.value.target_seconds
        self.runner.start(lambda: session.finish(take, target), self._on_outcome, self._on_failed, "analyse")

    def _on_outcome(self, outcome: TakeOutcome) -> None:
        self.busy.emit("")
        self.status.emit("Ready")
        self.outcome_ready.emit(outcome)

    def _on_failed(self, message: str) -> None:
        self.busy.emit("")
        self.status.emit("Ready" if self.session is not None else "")
        self.failed.emit("That recording could not be analysed", message)

    def reopen(self, take: Take) -> None:
        """Open a saved take on the results page (its audio is decoded on a worker; no model needed)."""
        self.runner.start(lambda: TakeSession.reopen(take), self.reopened.emit, self._on_failed, "open")

    def keep_unanalysed(self, recorder: Recorder, live: LiveTranscriber | None) -> None:
        """At quit, mid-take: finalise the file now, on this thread; start-up recovery offers it next time."""
        try:
            stop_recording(recorder, live).drop_live()
        except Exception:  # noqa: BLE001 - quitting must go on
            log.exception("stopping the recorder at quit failed")

    def pending_paths(self) -> list[Path]:
        return [t.path for t in self.pending]
