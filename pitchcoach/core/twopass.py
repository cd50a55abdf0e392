"""Two passes for a recorded take: the instant result from the live path, then the whole-file one.

At Stop the UI starts both at once (``ui/take_controller.py``, one worker each):

* :meth:`TwoPassTake.instant`: the live transcript completed at Stop (only the last words are
  decoded now) and scored: shown at once, never saved. It never waits for the live worker
  (core/live/stop.py); None when the live path fell too far behind, and the take then goes
  straight to the whole-file pass.
* :meth:`TwoPassTake.final`: ``pitchcoach analyze`` on the saved WAV: the file is read back and
  analysed whole, voice figures included, so the saved take has the same words and scores as
  ``analyze`` gives on that file, however busy the machine was while recording. Only this result is
  saved to the history and used in reports. It starts once the instant result is on screen (the
  person is waiting for that one): with ``hold_until_shown`` (the app) it waits for
  :meth:`TwoPassTake.instant_shown`, at most ``SHOWN_WAIT_SECONDS`` after the instant result is ready,
  so that reading the file and decoding it take neither the CPU from the instant decode nor Python's
  lock from the GUI thread while it fills and paints the Results page (the page's fill took 3-10 times
  its own CPU time in wall time beside the whole-file pass: the take timeline, core/timeline.py). It
  never waits for a live decode (those run on the model's other replica). ``progress`` follows its
  decode.

If the app quits between the two, or the person keeps the instant result
(:meth:`TwoPassTake.keep_quick`), the whole-file pass is cancelled and the instant result is saved
marked "quick result"; :func:`reanalyse_quick_takes` runs the whole-file pass for such takes at the
next start.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from pitchcoach.core.errors import UserFacingError, friendly_message
from pitchcoach.core.memory import release_freed_memory
from pitchcoach.core.model import DecodeCancelled
from pitchcoach.core.rehearsal import attach_rehearsal
from pitchcoach.core.scenarios import DEFAULT_SCENARIO
from pitchcoach.core.scoring.result import fmt_points
from pitchcoach.core.session import PendingTake, TakeOutcome, TakeSession

if TYPE_CHECKING:
    from pitchcoach.core.analysis import Analysis
    from pitchcoach.core.voice import VoiceSignals

log = logging.getLogger(__name__)

# The longest the whole-file pass waits for the instant result to be painted once it is ready (a window
# that is minimised or covered never paints it): the refined result is then at most this much later.
SHOWN_WAIT_SECONDS = 1.0


def shown(a: Analysis) -> tuple[object, ...]:
    """What the Results page shows of an analysis, as shown: words, scores, the speech time to a tenth,
    which words are marked, and every message with its points as printed."""
    r = a.result
    return (
        a.transcript.text,
        f"{a.transcript.speech_seconds:.1f}",
        (r.overall, r.clarity, r.listener_focus, r.timing, r.band),
        None if r.gate is None else r.gate.message,
        [(h.kind, h.first_word, h.last_word, h.label) for h in r.highlights],
        [(d.rule, fmt_points(d.points), d.message, d.tip) for d in r.deductions],
        list(r.positives),
        list(r.notes),
    )


def differs(a: Analysis, b: Analysis) -> bool:
    """Whether the Results page would show anything different ("Refined with the full recording").

    Not the raw results: the two decodes time the same words a few hundredths of a second apart, and
    every deduction's evidence carries those times, so "Refined" was shown when nothing on screen changed.
    """
    return shown(a) != shown(b)


class TwoPassTake:
    """One recorded take with live transcription, between Stop and its saved result. Thread-safe."""

    def __init__(self, session: TakeSession, take: PendingTake, target_seconds: float) -> None:
        if take.recording is None or take.live is None:
            raise ValueError("two passes need a recording with live transcription")
        self.session = session
        self.take = take
        self.recording = take.recording
        self.live = take.live
        self.target_seconds = target_seconds
        self.cancel = threading.Event()  # set at quit: the whole-file pass stops at its next model call
        self._lock = threading.Lock()
        self._instant_done = threading.Event()
        # Set by the UI once the instant result is painted (or will not be): the whole-file pass may start.
        self._shown = threading.Event()
        self.hold_until_shown = False
        self._instant: TakeOutcome | None = None
        self._signals: VoiceSignals | None = None
        self._saved: str | None = None  # "final" or "quick"
        self._quitting = False
        self.take_id: int | None = None
        self.progress: Callable[[float], None] | None = None  # the whole-file decode's fraction done

    @property
    def path(self) -> str:
        return str(self.recording.path)

    def instant(self) -> TakeOutcome | None:
        """The live path's result, or None when it was behind at Stop. Not saved."""
        rec = self.recording
        outcome = None
        timeline = self.take.timeline
        if timeline is not None:
            timeline.begin()
            timeline.mark("instant_worker")
        try:
            analysis, self._signals = self.session.analyzer.instant_result(
                self.live,
                rec.audio16k,
                target_seconds=self.target_seconds,
                file=self.path,
                scenario=self.take.scenario or DEFAULT_SCENARIO,
                timeline=timeline,
            )
            if analysis is not None:
                attach_rehearsal(analysis, self.take.script, self.take.rehearsal_mode)
                provisional = self.live.stats.provisional
                outcome = TakeOutcome(
                    analysis,
                    rec.audio16k,
                    rec.path,
                    rec.problem,
                    stage="instant",
                    problem_msg=rec.problem_msg,
                    provisional=provisional,
                    timeline=timeline,
                ).judge_drill(self.take.drill)
            if timeline is not None:
                timeline.mark("instant_ready")
        finally:
            with self._lock:
                self._instant = outcome
                self._instant_done.set()
                if self._quitting and self._saved is None and outcome is not None:
                    self._save_quick(outcome)
        return outcome

    @property
    def instant_outcome(self) -> TakeOutcome | None:
        """The instant result, once :meth:`instant` has made it."""
        return self._instant

    def instant_shown(self) -> None:
        """The instant result is on screen (or will not be shown): the whole-file pass may start."""
        self._shown.set()

    def _wait_for_instant(self) -> bool:
        """Until the instant result is ready and, with ``hold_until_shown``, painted; False when cancelled."""
        while not self._instant_done.wait(0.05):
            if self.cancel.is_set():
                return False
        if self.hold_until_shown and self._instant is not None:
            waited = 0.0
            while waited < SHOWN_WAIT_SECONDS and not self._shown.wait(0.05):
                waited += 0.05
                if self.cancel.is_set():
                    return False
        return not self.cancel.is_set()

    def final(self) -> TakeOutcome | None:
        """The whole-file result, saved to the history. None when cancelled first (see keep_quick)."""
        from pitchcoach.core.session import recording_audio

        rec = self.recording
        timeline = self.take.timeline
        if timeline is not None:
            timeline.begin()
        if not self._wait_for_instant():
            return None
        # What the live path and the Stop decode freed goes back before this pass's decode peaks.
        release_freed_memory()
        if timeline is not None:
            timeline.mark("final_start")
        audio, notes = recording_audio(rec)
        if timeline is not None:
            timeline.mark("final_audio_read")
        try:
            analysis = self.session.analyzer.analyze_audio(
                audio,
                self.target_seconds,
                file=self.path,
                notes=notes,
                cancel=self.cancel,
                progress=self.progress,
                language=self.take.language,  # "auto" detects again, on the whole file
                scenario=self.take.scenario or DEFAULT_SCENARIO,
            )
        except DecodeCancelled:
            log.info("whole-file pass of %s cancelled: quitting, or the quick result was kept", rec.path)
            return None
        finally:
            release_freed_memory()  # the take's decode buffers, kept by the allocator otherwise
        attach_rehearsal(analysis, self.take.script, self.take.rehearsal_mode)
        outcome = TakeOutcome(
            analysis, audio, rec.path, rec.problem, timeline=timeline, problem_msg=rec.problem_msg
        ).judge_drill(self.take.drill)
        if timeline is not None:
            timeline.mark("final_analysed")
        with self._lock:
            if self._saved == "quick" and self.take_id is not None:
                self._replace(outcome)  # the cancel came too late to stop this pass: finish the take now
            else:
                self.session.save(outcome)
                self._saved = "final"
                self.take_id = outcome.take_id
        instant = self._instant
        outcome.refined = instant is not None and differs(instant.analysis, analysis)
        if timeline is not None:
            timeline.mark("final_saved")
        return outcome

    def keep_quick(self) -> TakeOutcome | None:
        """The app is quitting, or the person keeps the instant result and goes on: stop the
        whole-file pass and save the instant result marked quick. Returns it as saved (stage
        "quick"), or None when it is not ready yet or could not be saved.

        If the instant result is not ready yet, it is saved as soon as it is. With no instant result
        at all (the live path was behind), the recording stays as it is and start-up recovery offers it.
        """
        with self._lock:
            self._quitting = True
            self.cancel.set()
            if self._saved is None and self._instant is not None:
                self._save_quick(self._instant)
            kept = self._instant if self._saved == "quick" else None
        self.live.abandon("quit")
        if kept is None:
            return None
        return TakeOutcome(
            kept.analysis,
            kept.audio16k,
            kept.audio_path,
            kept.problem,
            take_id=self.take_id,
            stage="quick",
            problem_msg=kept.problem_msg,
        )

    def _save_quick(self, instant: TakeOutcome) -> None:
        store = self.session.store()
        if store is None:
            return
        try:
            take = store.save_take(instant.analysis, self.recording.path, quick=True, drill=instant.verdict)
        except Exception:  # quitting goes on; the recording is on disk and will be offered again
            log.exception("saving the quick result at quit failed")
            return
        self._saved, self.take_id = "quick", take.id
        log.info("quit between the two passes: take %s saved as a quick result", take.id)
        if store.paths.holds_recording(self.recording.path):
            from pitchcoach.core.recovery import forget_context

            forget_context(self.recording.path)  # the row holds the time and target now (issue 23)

    def _replace(self, outcome: TakeOutcome) -> None:
        store = self.session.store()
        if store is None or self.take_id is None:
            return
        try:
            store.replace_analysis(self.take_id, outcome.analysis)
        except Exception as e:  # the take stays a quick result and is finished next start
            log.exception("replacing the quick result failed")
            outcome.saved_error = friendly_message(e)
            outcome.saved_error_msg = e.msg if isinstance(e, UserFacingError) else None
        else:
            outcome.take_id = self.take_id
            self._saved = "final"


def reanalyse_quick_takes(session: TakeSession, cancel: threading.Event | None = None) -> list[TakeOutcome]:
    """Run the whole-file pass for every take saved as a quick result (at start-up, once a model is loaded).

    A take whose audio cannot be read stays a quick result (logged); it is tried again next start.
    """
    from pitchcoach.core.audio import decode_audio

    store = session.store()
    if store is None:
        return []
    done: list[TakeOutcome] = []
    # A take whose stored result is damaged (issue 23) is analysed again from its audio the same way.
    for take in [*store.quick_takes(), *store.damaged_takes()]:
        if cancel is not None and cancel.is_set():
            break
        if take.audio_path is None:
            continue
        try:
            audio = decode_audio(take.audio_path)
            # The language the take is stored under ("en" for takes from before languages): a damaged
            # take's transcript is gone, but the column still says which model to hear it with.
            analysis = session.analyzer.analyze_audio(
                audio,
                take.target_seconds,
                file=str(take.audio_path),
                cancel=cancel,
                language="zh" if take.language == "zh" else "en",
                scenario=take.scenario,
            )
            stored = store.replace_analysis(take.id, analysis)
        except DecodeCancelled:
            break
        except Exception:  # one bad take must not stop the others
            log.exception("finishing quick take %s failed", take.id)
            continue
        log.info("take %s: quick result replaced by the whole-file pass", take.id)
        outcome = TakeOutcome(stored.analysis, audio, take.audio_path, take_id=take.id, stage="final")
        outcome.refined = differs(take.analysis, stored.analysis)
        done.append(outcome)
    return done
