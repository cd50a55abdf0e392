"""A take from Stop (or an opened file) to its saved result: the take pipeline in one place.

The UI drives it (``ui/take_controller.py`` runs each step on a worker thread); nothing here
knows about Qt. The steps, in order:

1. :meth:`TakeSession.start_live` while recording: live transcription fed by the recorder.
2. :func:`stop_recording` at Stop: the recorder's WAV is finalised; the result is a
   :class:`PendingTake`. An opened file becomes one through :meth:`PendingTake.from_file`.
3. A recorded take with live transcription goes the two-pass way (``core/twopass.py``: the
   instant result from the live transcript, then this whole-file analysis, saved). Any other
   take: :meth:`TakeSession.analyze_and_save`, the whole audio decoded and scored, and the save
   to the history. It returns the :class:`TakeOutcome` the results page shows. Saving can fail
   without hiding the result: the reason is on the outcome.
4. :meth:`TakeSession.reopen`: a saved take back as an outcome, for the results page.

A PendingTake is plain data, so a take recorded before the model has loaded simply waits
(the UI keeps it) and is finished once a session exists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from pitchcoach.core.errors import UserFacingError, friendly_message
from pitchcoach.core.messages import Catalog, Message, english, msg
from pitchcoach.core.rehearsal import Script, attach_rehearsal, parse_script
from pitchcoach.core.scenarios import DEFAULT_SCENARIO

if TYPE_CHECKING:  # imported where used: the GUI imports this module before its first paint
    from pitchcoach.core.analysis import Analysis, Analyzer
    from pitchcoach.core.audio import Samples
    from pitchcoach.core.drills import Drill, DrillVerdict
    from pitchcoach.core.jobs import Job
    from pitchcoach.core.live import LiveTranscriber
    from pitchcoach.core.recorder import Recorder, RecordingResult
    from pitchcoach.core.storage import Take, TakeStore
    from pitchcoach.core.timeline import Timeline
    from pitchcoach.core.transcribe import Transcriber

log = logging.getLogger(__name__)


@dataclass
class TakeOutcome:
    """What the results page shows: the analysis plus what is needed to play the take back."""

    analysis: Analysis
    audio16k: Samples
    audio_path: Path | None
    problem: str | None = None  # e.g. "the microphone stopped after 7.4 s": shown above the score (English)
    take_id: int | None = None  # set once saved to the history
    saved_error: str | None = None  # why saving to the history failed, if it did (English)
    # "instant": the live path's result, shown at Stop while the whole-file pass runs (not saved);
    # "final": the whole-file (or only) pass, the one saved to the history and used in reports;
    # "quick": a saved instant result whose whole-file pass runs at the next start (the app quit).
    stage: str = "final"
    provisional: bool = False  # the live path had to drop repeated or invented words
    refined: bool = False  # a final result that differs from the instant one shown before it
    recorded_at: datetime | None = None  # when it was recorded, if not now (a recovered recording)
    # Why a finished take was deliberately left out of the history (an opened file that was not scored).
    not_saved: str | None = None
    # A drill take (issue 27): the drill it was recorded for and its verdict on this analysis.
    drill: Drill | None = None
    verdict: DrillVerdict | None = None
    # A recorded take's stages from Stop to its results on screen (core/timeline.py), logged once shown.
    timeline: Timeline | None = None
    # ``problem`` and ``saved_error`` as catalog messages, shown in the interface language (issue 25).
    problem_msg: Message | None = None
    saved_error_msg: Message | None = None

    def problem_texts(self, catalog: Catalog) -> list[str]:
        """What went wrong recording or saving this take, in ``catalog``'s language."""
        pairs = ((self.problem_msg, self.problem), (self.saved_error_msg, self.saved_error))
        return [catalog.render(m, text) for m, text in pairs if text]

    def judge_drill(self, drill: Drill | None) -> TakeOutcome:
        """Judge this outcome as the given drill (None: a full pitch). Returns self."""
        from pitchcoach.core.drills import judge

        self.drill = drill
        self.verdict = judge(drill, self.analysis) if drill is not None else None
        return self


@dataclass
class PendingTake:
    """A take waiting for its result: a finished recording, or an audio file the user opened.

    ``live`` is the recording's live transcription, when the model was ready as it started; it
    is dropped (:meth:`drop_live`) when the take has to wait for a model, which then decodes
    the whole recording instead.
    """

    recording: RecordingResult | None = None
    file: Path | None = None
    live: LiveTranscriber | None = None
    # A recovered recording keeps its own time and the target in force when it was recorded.
    recorded_at: datetime | None = None
    target_seconds: float | None = None
    # The pitch language chosen for it: "en", "zh" or "auto" (detected from the audio when analysed).
    language: str = "en"
    drill: Drill | None = None  # recorded as a drill (issue 27): judged and stored as one
    # What it was practised for (core/scenarios.py): the Practice page's scenario when it stopped or was
    # opened; None until then (networking when analysed without one).
    scenario: str | None = None
    # The written pitch it is rehearsed against (core/rehearsal.py), when the user rehearses.
    script: Script | None = None
    rehearsal_mode: str | None = None  # "read_along" or "from_memory" with a script
    timeline: Timeline | None = None  # a recorded take's stages from the Stop click (core/timeline.py)

    @classmethod
    def from_file(cls, path: Path, language: str = "en") -> PendingTake:
        return cls(file=Path(path), language=language)

    @classmethod
    def recovered(cls, path: Path, language: str = "en") -> PendingTake:
        """A recording a crash or a quit left unanalysed, with the context kept beside it. ``language``: the
        pitch language to hear it in when the context does not say (a recording made before it did)."""
        from pitchcoach.core.recovery import recording_context

        ctx = recording_context(Path(path))
        # Rehearsed against the script on screen as it was said; "off" keeps today's script off it too.
        return cls(
            file=Path(path),
            recorded_at=ctx.recorded_at,
            target_seconds=ctx.target_seconds,
            language=ctx.language or language,
            scenario=ctx.scenario,
            script=parse_script(ctx.script) if ctx.script else None,
            rehearsal_mode=ctx.rehearsal_mode,
        )

    @property
    def path(self) -> Path:
        """Where the take's audio is on disk."""
        if self.recording is not None:
            return self.recording.path
        assert self.file is not None, "a PendingTake holds a recording or a file"
        return self.file

    def drop_live(self) -> None:
        """Stop the live transcription without using it (no model, a new model, or quitting)."""
        if self.live is not None:
            self.live.close()
            self.live = None


def stop_recording(
    recorder: Recorder,
    live: LiveTranscriber | None = None,
    language: str | None = None,
    timeline: Timeline | None = None,
) -> PendingTake:
    """Stop the recorder: joins its writer and finalises the WAV (tens of ms, so not on the GUI thread).

    ``language``: the take's pitch language; by default the one its live transcription was started
    with (TakeSession.start_live), else English.
    Raises RecorderError when nothing was recorded; the live transcription is closed then.
    """
    if timeline is not None:
        timeline.begin()
        timeline.mark("stop_worker")
    try:
        recording = recorder.stop()
    except BaseException:
        if live is not None:
            live.close()
        raise
    log.info("take recorded: %s (%.1f s)", recording.path, recording.seconds)
    if timeline is not None:
        timeline.mark("recorder_stopped")
    if language is None:
        language = live.language_choice if live is not None else "en"
    return PendingTake(recording=recording, live=live, language=language, timeline=timeline)


NOT_SAVED_UNSCORED = "Not saved to your history: only scored takes are kept."


def _no_store() -> TakeStore | None:
    return None


class TakeSession:
    """The take pipeline around one loaded analyzer. Built once per loaded model; thread-safe.

    ``store`` returns the history, or None when there is none (it is opened lazily by the app,
    so it is asked for at save time). Every method except :meth:`start_live` is slow and runs
    on a worker thread.
    """

    def __init__(self, analyzer: Analyzer, store: Callable[[], TakeStore | None] = _no_store) -> None:
        self.analyzer = analyzer
        self._store = store

    @property
    def model_name(self) -> str:
        return self.analyzer.model_name

    def store(self) -> TakeStore | None:
        return self._store()

    # What live decodes go through; None = the model's second replica (Transcriber.twin). Tests put
    # a wrapper here (a decode that stalls or loops) at the model's edge. English takes only.
    live_transcriber: Transcriber | None = None
    # The most audio Stop may decode itself for the instant result (LiveTranscriber); None: its default.
    max_stop_decode_seconds: float | None = None
    _twin: Transcriber | None = None

    def start_live(self, language: str = "en") -> LiveTranscriber:
        """Live transcription for one take: words while speaking, only the last ones left at Stop.

        Live decodes run on the model's second replica, so the whole-file pass at Stop never waits
        for one; the decode Stop itself makes runs on the main one (core/live/stop.py).

        ``language`` "zh" or "auto" decodes on the multilingual model; this never waits for it: it is
        loaded in the background and the live worker waits for it (falling behind meanwhile). "auto"
        detects the language once for the take, from its first seconds of speech.
        """
        from pitchcoach.core.audio import SAMPLE_RATE
        from pitchcoach.core.live import LiveTranscriber
        from pitchcoach.core.speech import SpeechTranscriber, check_language

        code = check_language(language)
        main: SpeechTranscriber
        live_tr: SpeechTranscriber
        if code == "en":
            main = self.analyzer.transcriber
            if self.live_transcriber is not None:
                live_tr = self.live_transcriber
            else:
                if self._twin is None:
                    self._twin = self.analyzer.transcriber.twin()
                live_tr = self._twin
        else:
            self.analyzer.prepare_language(code)
            main = self.analyzer.transcriber_for(code, sticky=True)
            live_tr = main.twin()
        live = LiveTranscriber(live_tr, stop_transcriber=main)
        live.language_choice = code
        if code == "zh":
            from pitchcoach.core.live.stop import ZH_RACE_WAIT_FACTOR

            live.race_wait_factor = ZH_RACE_WAIT_FACTOR
        if self.max_stop_decode_seconds is not None:
            live.max_stop_decode = int(self.max_stop_decode_seconds * SAMPLE_RATE)
        return live

    def analyze_and_save(self, take: PendingTake, target_seconds: float, job: Job | None = None) -> TakeOutcome:
        """The take's result: the whole recording or file decoded and scored, then saved to the history.

        Raises AudioError for an unreadable file;
        a failed save is reported on the outcome (``saved_error``) instead. A ``job`` reports the
        decode's progress and may be cancelled (core.jobs.Cancelled) until the save begins.
        """
        outcome = self.analyze(take, target_seconds, job)
        if job is not None:
            job.commit()  # raises Cancelled if cancelled: then nothing is saved, nothing copied
        return self.save(outcome)

    def analyze(self, take: PendingTake, target_seconds: float, job: Job | None = None) -> TakeOutcome:
        """The final transcript and score, without saving."""
        if take.target_seconds is not None:
            target_seconds = take.target_seconds
        if take.recording is not None:
            rec = take.recording
            # The saved take is always the whole-file analysis; a live transcription (two passes
            # took its instant result already, if any) is not needed for it.
            take.drop_live()
            audio, notes = recording_audio(rec)
            analysis = self.analyzer.analyze_audio(
                audio,
                target_seconds,
                file=str(rec.path),
                notes=notes,
                language=take.language,
                scenario=take.scenario or DEFAULT_SCENARIO,
            )
            attach_rehearsal(analysis, take.script, take.rehearsal_mode)
            return TakeOutcome(analysis, audio, rec.path, rec.problem, problem_msg=rec.problem_msg).judge_drill(
                take.drill
            )
        outcome = analyze_file_keeping_audio(
            self.analyzer, take.path, target_seconds, job, take.language, take.scenario or DEFAULT_SCENARIO
        )
        outcome.recorded_at = take.recorded_at
        attach_rehearsal(outcome.analysis, take.script, take.rehearsal_mode)
        return outcome.judge_drill(take.drill)

    def save(self, outcome: TakeOutcome) -> TakeOutcome:
        """Record the take in the history; the audio is stored before the row (the store's rule).

        A failure here must not hide the result the user just earned, so it is reported on the
        outcome instead of raised; the recording itself is already on disk either way.
        """
        store = self._store()
        if store is None:
            return outcome
        # Notes are kept beside our own recordings only, never beside a file the user opened.
        ours = outcome.audio_path if store.paths.holds_recording(outcome.audio_path) else None
        if not outcome.analysis.result.scored and ours is None:
            # The history keeps scored takes. A recording made here is kept even unscored (without its
            # words: storage.records.kept_transcript), so a take is never lost; a file the user opened
            # is still where it was.
            outcome.not_saved = NOT_SAVED_UNSCORED
            return outcome
        try:
            take = store.save_take(
                outcome.analysis,
                outcome.audio_path if outcome.audio_path else outcome.audio16k,
                created_at=outcome.recorded_at,
                drill=outcome.verdict,
            )
        except Exception as e:  # reported to the user on the results page
            log.exception("saving the take failed")
            outcome.saved_error = friendly_message(e)
            outcome.saved_error_msg = e.msg if isinstance(e, UserFacingError) else None
            if ours is not None:  # the next start offers it again, and says why
                from pitchcoach.core.recovery import note_unsaved

                # The error as its own catalog message where it has one (a full disk), else its English words.
                error = e.msg if isinstance(e, UserFacingError) and e.msg is not None else outcome.saved_error
                note_unsaved(
                    ours,
                    f"it could not be saved to your history ({outcome.saved_error})",
                    msg("recovery.not_saved", error=error),
                )
        else:
            outcome.take_id = take.id
            if ours is not None:
                from pitchcoach.core.recovery import forget_context

                forget_context(ours)
        return outcome

    @staticmethod
    def reopen(take: Take) -> TakeOutcome:
        """A saved take as an outcome, for the results page. Needs no model, so it works before one loads.

        Missing or unreadable audio is reported on the outcome, not raised: the scores are still
        worth showing without the audio.
        """
        from pitchcoach.core.audio import decode_audio

        audio = np.zeros(0, np.float32)
        problem_msg = None
        if take.audio_path is not None:
            try:
                audio = decode_audio(take.audio_path)
            except Exception as e:  # noqa: BLE001 - the scores are still worth showing without audio
                log.warning("could not load audio of take %s: %s", take.id, e)
                problem_msg = msg("recording.audio_unreadable", error=str(e))
        stage = "quick" if take.quick else "final"  # quick: saved at quit between the two passes
        problem = english().render(problem_msg) if problem_msg is not None else None
        outcome = TakeOutcome(
            take.analysis, audio, take.audio_path, problem, take_id=take.id, stage=stage, problem_msg=problem_msg
        )
        if take.drill is not None:
            from pitchcoach.core.drills import DrillError, load_drill

            try:
                outcome.drill = load_drill(take.drill.skill, take.language)
            except DrillError:
                log.warning("take %s: its drill %r is not known to this version", take.id, take.drill.skill)
            outcome.verdict = take.drill  # as judged when it was recorded
        return outcome


def recording_audio(rec: RecordingResult) -> tuple[Samples, list[str]]:
    """A recording's audio as ``pitchcoach analyze`` reads it: the saved WAV decoded again.

    The recorder's own 16 kHz copy (resampled block by block as it recorded, in float before the
    WAV's 16-bit rounding) is close to it but not equal, and the saved take must be exactly what
    ``analyze`` gives on its file. If the file cannot be read back, that copy is used (logged).
    """
    from pitchcoach.core.audio import AudioError, decode_audio_with_notes

    try:
        return decode_audio_with_notes(rec.path)
    except AudioError as e:
        log.warning("reading back %s failed (%s); analysing the recorder's copy", rec.path, e)
        return rec.audio16k, []


def analyze_file_keeping_audio(
    analyzer: Analyzer,
    path: Path,
    target_seconds: float,
    job: Job | None = None,
    language: str = "en",
    scenario: str = DEFAULT_SCENARIO,
) -> TakeOutcome:
    """What ``Analyzer.analyze_file`` does, keeping the decoded samples for playback: a TakeOutcome
    for the results page, not just the Analysis. Raises AudioError with a user-facing reason.

    ``job`` shows the decode's progress and cancels it (DecodeCancelled).
    """
    from pitchcoach.core.audio import decode_audio_with_notes

    audio, notes = decode_audio_with_notes(path)  # notes: e.g. "the file ended early"
    if job is not None:
        job.check()  # cancelled while the file was being read
    analysis = analyzer.analyze_audio(
        audio,
        target_seconds=target_seconds,
        file=str(path),
        notes=notes,
        cancel=job.event if job else None,
        progress=job.report if job else None,
        language=language,
        scenario=scenario,
    )
    return TakeOutcome(analysis, audio, Path(path))
