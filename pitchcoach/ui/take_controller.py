"""Moves takes from Stop (or an opened file) to a shown result, off the GUI thread.

The controller owns the take session (one per loaded model), the takes waiting for a model,
and the worker jobs; the pipeline itself is ``core/session.py``. A recorded take with live
transcription gets two passes (``core/twopass.py``): its instant result is shown at once
(``outcome_ready``) while the whole-file pass runs on a second worker; that one is saved and
replaces the shown result in place (``outcome_refined``). It talks to the window only
through signals, so the window keeps layout and navigation.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from pitchcoach.core.jobs import Job
from pitchcoach.core.messages import msg
from pitchcoach.core.session import PendingTake, TakeOutcome, TakeSession, stop_recording
from pitchcoach.core.timeline import Timeline
from pitchcoach.core.twopass import TwoPassTake, reanalyse_quick_takes
from pitchcoach.ui.pitch_card import SAVE_TASK

if TYPE_CHECKING:
    from pitchcoach.core.analysis import Analyzer
    from pitchcoach.core.drills import Drill
    from pitchcoach.core.live import LiveTranscriber
    from pitchcoach.core.recorder import Recorder
    from pitchcoach.core.storage import Take
    from pitchcoach.ui.services import Services
    from pitchcoach.ui.workers import TaskRunner

log = logging.getLogger(__name__)


class TakeController(QObject):
    model_loading = Signal()
    model_loaded = Signal(str)  # the model's name
    model_failed = Signal(str)  # why, in words for the user
    busy = Signal(str)  # what is being done for a take; "" when nothing is
    status = Signal(str)  # a line for the status bar
    outcome_ready = Signal(object)  # TakeOutcome of a take just finished: its instant result, or its saved one
    outcome_refined = Signal(object)  # the saved whole-file TakeOutcome of a take whose instant result was shown
    final_ready = Signal(object)  # every saved whole-file TakeOutcome (after outcome_ready or outcome_refined)
    reopened = Signal(object)  # TakeOutcome of a saved take, opened again
    kept_quick = Signal(object)  # the instant TakeOutcome the person kept (saved as a quick result)
    failed = Signal(str, str)  # (title, message) for the user
    # 0..1 of the audio decoded so far (from the decoder's segments): an opened file, or the
    # whole-file pass of a recorded take
    progress = Signal(float)
    cancellable = Signal(bool)  # whether the running analysis can be cancelled (an opened file)

    def __init__(self, services: Services, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.session: TakeSession | None = None
        self.model_error: str | None = None
        self.loading = False
        self.pending: list[PendingTake] = []  # takes waiting for the model
        self.two_pass: list[TwoPassTake] = []  # takes between Stop and their saved whole-file result
        self._shown: set[int] = set()  # id() of those whose instant result is on screen
        self._quit = threading.Event()
        self._finished_quick: dict[int, TakeOutcome] = {}  # quick takes finished this run, by take id
        # Set by the window to the pitch card's: the newest kept version of the written pitch.
        self.script_text: Callable[[], str] = lambda: ""
        self.queued: list[PendingTake] = []  # takes waiting for the one being analysed ("Analyse all")
        self.job: Job | None = None  # the single-pass analysis running (an opened file): Cancel stops it
        self.analysing: PendingTake | None = None
        self.drill: Drill | None = None  # the drill being practised (issue 27): recorded takes are judged as it

    def idle_status(self) -> str:
        if self.session is not None:
            return self.tr("Ready")
        return self.tr("Speech model not loaded") if self.model_error else self.tr("Loading speech model…")

    # ---- model ----------------------------------------------------------------------------
    def load_model(self) -> None:
        """Load (or reload, after a settings change) the speech model on a worker thread."""
        if self.loading:
            return
        self.loading = True
        self.session = None
        self.model_error = None
        self.status.emit(self.tr("Loading speech model…"))
        self.model_loading.emit()
        self.runner.start(self.services.build_analyzer, self.use_analyzer, self._model_load_failed, "model")

    def use_analyzer(self, analyzer: Analyzer) -> None:
        """Start a session around a loaded analyzer, then finish the takes that waited for it."""
        self.loading = False
        self.session = TakeSession(analyzer, self.services.store)
        self.status.emit(self.tr("Ready"))
        self.model_loaded.emit(self.session.model_name)
        pending, self.pending = self.pending, []
        for take in pending:
            self._submit(take)
        session = self.session
        # Takes saved as quick results when the app quit between the two passes: finish them now.
        self.runner.start(lambda: reanalyse_quick_takes(session, self._quit), self._on_quick_finished, None, "quick")

    def _model_load_failed(self, message: str) -> None:
        self.loading = False
        self.model_error = message
        self.status.emit(self.tr("Speech model not loaded"))
        self.failed.emit(
            self.tr("The speech model could not be loaded"),
            message
            + "\n\n"
            + self.tr(
                "You can still record: takes are saved and analysed once a model loads (Settings ▸ Speech model)."
            ),
        )
        self.model_failed.emit(message)

    def start_live(self) -> LiveTranscriber | None:
        """Live transcription for a take about to be recorded; None while no model is loaded."""
        if self.session is None:
            return None
        # The pitch language chosen now (Settings or the Practice page) is the take's, for both passes.
        return self.session.start_live(self.services.settings.value.pitch_language)

    # ---- takes ----------------------------------------------------------------------------
    def take_stopped(self, recorder: Recorder, live: LiveTranscriber | None = None) -> None:
        """Stop was pressed (or the recorder ended the take): finalise it, then finish it."""
        timeline = Timeline()  # the Stop click: the page emitted take_finished from its click handler
        self.busy.emit(self.tr("Saving your take…"))

        def failed(message: str) -> None:
            self.busy.emit("")
            self.failed.emit(QCoreApplication.translate("take_controller", "The take could not be finished"), message)

        drill = self.drill  # the drill the take was recorded for, even if another is chosen meanwhile

        def stopped(take: PendingTake) -> None:
            timeline.mark("stop_delivered")
            if drill is not None:
                take.drill, take.target_seconds = drill, drill.target_seconds
            self._submit(take)

        self.runner.start(lambda: stop_recording(recorder, live, timeline=timeline), stopped, failed, "stop")
        timeline.mark("stop_worker_asked")

    def open_file(self, path: Path) -> None:
        """Analyse a file; one of our own recordings (offered by recovery) keeps its time and target."""
        path = Path(path)
        ours = self.services.paths.holds_recording(path)
        language = self.services.settings.value.pitch_language
        self._submit(PendingTake.recovered(path, language) if ours else PendingTake.from_file(path, language))

    def _submit(self, take: PendingTake) -> None:
        # Scored for the scenario picked when it stopped (or was opened), even if it waits in a queue.
        if take.scenario is None:
            take.scenario = self.services.settings.value.scenario
        # A recovered recording says whether it was rehearsed (rehearsal_mode set): not today's setting.
        rehearsing = self.services.settings.value.rehearsal_mode != "off"
        if take.script is None and take.rehearsal_mode is None and take.drill is None and rehearsing:
            from pitchcoach.core.rehearsal import parse_script

            text = self.script_text()  # kept in memory by the pitch card: no file read on the GUI thread
            take.script = parse_script(text) if text.strip() else None
            take.rehearsal_mode = self.services.settings.value.rehearsal_mode
        if self.analysing is not None:
            self.queued.append(take)  # one at a time: the progress figure follows one decode
        else:
            self._finish(take)

    def cancel(self) -> None:
        """Cancel the file being analysed (and files queued after it); nothing of it is saved."""
        self.queued = [t for t in self.queued if t.recording is not None]
        if self.job is not None:
            self.job.cancel()

    def _finish(self, take: PendingTake) -> None:
        session = self.session
        if session is None:
            take.drop_live()  # the model that will analyse it may not be the one the live decode used
            self.pending.append(take)
            if self.model_error:
                self.busy.emit("")
                self.failed.emit(
                    self.tr("Saved, not analysed yet"),
                    self.tr("Your take is saved in {path}. It will be analysed once the speech model loads.").format(
                        path=take.path
                    )
                    + f"\n\n{self.model_error}",
                )
            else:
                self.busy.emit(self.tr("Waiting for the speech model to finish loading…"))
                self.load_model()
            return
        if take.recording is not None and take.live is not None:
            target = take.target_seconds or self.services.target_seconds()
            self._two_passes(TwoPassTake(session, take, target))
            return
        # A recording with a live transcription took the two-pass path above.
        text = (
            self.tr("Analysing {file}…").format(file=take.path.name)
            if take.recording is None
            else self.tr("Transcribing and scoring your take…")
        )
        self.busy.emit(text)
        self.status.emit(text)
        target = self.services.target_seconds()
        # Every single-pass take has a job, so quitting can cancel it (recovery offers it next time);
        # only a file shows its progress and a Cancel button. progress.emit from the worker thread
        # reaches the page queued (the page lives in this thread).
        is_file = take.recording is None
        job = Job(self.progress.emit if is_file else None)
        self.job, self.analysing = job, take
        self.cancellable.emit(is_file)
        self.runner.start(
            lambda: session.analyze_and_save(take, target, job), self._on_outcome, self._on_failed, "analyse", job
        )

    def _done(self) -> bool:
        """A single-pass analysis ended: start the next queued take; True when none is left."""
        self.job, self.analysing = None, None
        self.cancellable.emit(False)
        if self.queued:
            self._submit(self.queued.pop(0))
            return False
        return True

    def _on_outcome(self, outcome: TakeOutcome) -> None:
        if self._done():
            self.busy.emit("")
            self.status.emit(self.tr("Ready"))
        self.outcome_ready.emit(outcome)
        self.final_ready.emit(outcome)

    # ---- two passes -------------------------------------------------------------------------
    def _two_passes(self, tp: TwoPassTake) -> None:
        """Start the instant result and the whole-file pass at the same moment, on two workers."""
        self.two_pass.append(tp)
        tp.hold_until_shown = True  # the whole-file pass starts once the instant result is painted
        tp.progress = self.progress.emit  # from the worker thread; reaches the pages queued
        text = self.tr("Finishing the transcript and scoring your take…")
        self.busy.emit(text)
        self.status.emit(text)
        self.runner.start(
            tp.instant, lambda o: self._on_instant(tp, o), lambda m: self._on_instant(tp, None), "instant"
        )
        self.runner.start(tp.final, lambda o: self._on_final(tp, o), lambda m: self._on_final_failed(tp, m), "final")
        if tp.take.timeline is not None:
            tp.take.timeline.mark("passes_started")

    def _on_instant(self, tp: TwoPassTake, outcome: TakeOutcome | None) -> None:
        if tp not in self.two_pass:
            return  # the whole-file result came first (or the app is closing): nothing to show
        if outcome is None:
            # The live path was behind at Stop: no instant result; the whole-file pass is the first.
            tp.instant_shown()
            text = self.tr("Transcribing the full recording…")
            self.busy.emit(text)
            self.status.emit(text)
            return
        self._shown.add(id(tp))
        if outcome.timeline is not None:
            outcome.timeline.mark("instant_delivered")
        self.busy.emit("")
        self.status.emit(self.tr("Refining with the full recording…"))
        self.outcome_ready.emit(outcome)
        if outcome.timeline is not None:
            outcome.timeline.mark("instant_filled")

    def instant_painted(self, outcome: TakeOutcome) -> None:
        """The window painted this instant result: its take's whole-file pass may start (TwoPassTake.final)."""
        for tp in self.two_pass:
            if tp.instant_outcome is outcome:
                tp.instant_shown()

    def keep_instant(self) -> None:
        """The person keeps the instant result shown and goes on: the whole-file pass stops, the
        instant result is saved as a quick result (the next start refines it), and the page shows that."""
        shown = [tp for tp in self.two_pass if id(tp) in self._shown]
        if not shown:
            return  # the refined result has just arrived
        tp = shown[-1]
        self.two_pass.remove(tp)
        self._shown.discard(id(tp))
        kept = tp.keep_quick()
        self.status.emit(self.tr("Ready"))
        if kept is None:
            self.failed.emit(
                self.tr("The quick result could not be saved"), "Your recording is kept; it is offered next start."
            )
            return
        self.outcome_refined.emit(kept)  # in place: the page now says it is a quick result
        self.kept_quick.emit(kept)

    def _on_final(self, tp: TwoPassTake, outcome: TakeOutcome | None) -> None:
        if outcome is None:  # cancelled at quit
            return
        if outcome.timeline is not None:
            outcome.timeline.mark("final_delivered")
        if tp in self.two_pass:
            self.two_pass.remove(tp)
        self.status.emit(self.tr("Ready"))
        if id(tp) in self._shown:
            self._shown.discard(id(tp))
            self.outcome_refined.emit(outcome)
        else:
            self.busy.emit("")
            self.outcome_ready.emit(outcome)
        if outcome.timeline is not None:
            outcome.timeline.mark("final_filled")
        self.final_ready.emit(outcome)
        if outcome.timeline is not None:
            outcome.timeline.mark("final_handled")  # the history, drills and team sharing refreshed too

    def _on_final_failed(self, tp: TwoPassTake, message: str) -> None:
        if tp not in self.two_pass:
            return
        self.two_pass.remove(tp)
        shown = id(tp) in self._shown
        self._shown.discard(id(tp))
        if self._quit.is_set():
            return
        tp.keep_quick()  # the instant result is kept, marked quick; the next start tries again
        self.busy.emit("")
        self.status.emit(self.tr("Ready"))
        if not shown:
            self.failed.emit(self.tr("That recording could not be analysed"), message)

    def _on_quick_finished(self, outcomes: list[TakeOutcome]) -> None:
        for outcome in outcomes:
            if outcome.take_id is not None:
                self._finished_quick[outcome.take_id] = outcome
            self.outcome_refined.emit(outcome)  # in place, if the Results page shows that quick take
            self.final_ready.emit(outcome)

    def current(self, outcome: TakeOutcome) -> TakeOutcome:
        """The outcome to show: a quick take read before its whole-file pass finished gives the finished one."""
        if outcome.stage == "quick" and outcome.take_id is not None:
            return self._finished_quick.get(outcome.take_id, outcome)
        return outcome

    def quit(self) -> None:
        """The app is closing: stop whole-file passes nobody will see; their instant results are saved as quick."""
        self._quit.set()
        for tp in self.two_pass:
            tp.keep_quick()
        self.two_pass.clear()

    def shutdown(self) -> None:
        """At quit: :meth:`quit`, note why each recording of ours is left unanalysed (the next start offers
        it, saying so), then stop the workers without waiting for a decode nobody needs."""
        from pitchcoach.core.recovery import note_unsaved

        two_pass = list(self.two_pass)
        self.quit()  # saves each instant result that is ready as a quick result (take_id set)
        unsaved = [t.recording.path for t in two_pass if t.take_id is None]
        left = [*self.pending, *self.queued, *([self.analysing] if self.analysing else [])]
        for path in [*unsaved, *(t.path for t in left)]:
            if self.services.paths.holds_recording(path):
                note_unsaved(path, "PitchCoach was closed before it was analysed", msg("recovery.closed_early"))
        self.queued.clear()
        # A take being finalised ("stop") is waited for; a cancelled decode is not (ui.app.run_gui exits
        # without joining it), nor an instant result still decoding: its recording is recovered.
        self.runner.shutdown(must_finish=("stop", SAVE_TASK))  # a take being finalised; the pitch being saved

    def _on_failed(self, message: str) -> None:
        cancelled = self.job is not None and self.job.cancelled
        if self._done():
            self.busy.emit("")
            self.status.emit(
                (self.tr("Cancelled") if cancelled else self.tr("Ready")) if self.session is not None else ""
            )
        if not cancelled:
            self.failed.emit(self.tr("That recording could not be analysed"), message)

    def reopen(self, take: Take) -> None:
        """Open a saved take on the results page (its audio is decoded on a worker; no model needed)."""
        self.runner.start(lambda: TakeSession.reopen(take), self.reopened.emit, self._on_failed, "open")

    def keep_unanalysed(self, recorder: Recorder, live: LiveTranscriber | None) -> None:
        """At quit, mid-take: finalise the file now, on this thread; start-up recovery offers it next time."""
        try:
            take = stop_recording(recorder, live)
            take.drop_live()
            self.pending.append(take)  # shutdown() notes why it is left unanalysed
        except Exception:  # quitting must go on
            log.exception("stopping the recorder at quit failed")

    def pending_paths(self) -> list[Path]:
        return [t.path for t in (*self.pending, *self.queued, *([self.analysing] if self.analysing else []))]
