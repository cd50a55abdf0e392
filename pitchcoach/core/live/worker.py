"""The live worker: transcription while the person speaks, so that Stop has only the last words left.

The recorder's ``on_chunk`` hook calls :meth:`LiveTranscriber.feed` from its writer thread with new
16 kHz audio; ``feed`` only appends (buffer.py) and wakes our own worker thread (never the audio
callback, never the GUI thread). The worker, every ``step_seconds`` of new audio (0.25 s):

1. runs Silero VAD (shipped in faster-whisper) over the uncommitted tail;
2. commits audio up to the middle of a pause that closes enough speech (commit.py): those words
   never change again, and their timestamps are shifted by the tail's offset;
3. re-decodes only what is left after the last commit, as a tentative live guess, when it is due
   and the last guess did not already hear all of the tail's speech;
4. steps down when decodes fall behind real time (commit.py, live_guard.Pacer).

Live decodes run on the model's second replica (``Transcriber.twin``), so the whole-file pass at
Stop never queues behind one. Stop (:meth:`LiveTranscriber.instant_transcript`, policy in stop.py)
never waits for the worker: a decode still running is cancelled and thrown away, and the instant
result is made from what the worker had finished, plus at most one short decode on the main
replica. If the live work failed for any reason there is no instant transcript (None), and the
take goes straight to the whole-file pass, so a take is never lost to it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE, Samples
from pitchcoach.core.live.buffer import LiveBuffer
from pitchcoach.core.live.commit import REUSE_MARGIN, CommitPolicy, covering
from pitchcoach.core.live.decoding import Decoded, decode_span, options_with_context
from pitchcoach.core.live.stats import LiveStats
from pitchcoach.core.live.stitch import Words
from pitchcoach.core.live.stop import MAX_RACE_WAIT_SECONDS, MAX_STOP_DECODE_SECONDS, plan_stop, seconds
from pitchcoach.core.memory import release_freed_memory
from pitchcoach.core.transcript import Transcript, Word
from pitchcoach.core.voice.pitch import IncrementalTrack

if TYPE_CHECKING:
    from pitchcoach.core.speech import SpeechTranscriber

log = logging.getLogger(__name__)

# How often (seconds of audio) the worker hands freed memory back to the system (_release_memory).
RELEASE_EVERY_SECONDS = 10.0


class LiveTranscriber:
    """Incremental transcription of one take. Create one per take; thread-safe ``feed``.

    ``transcriber`` runs the live decodes (the app gives it the model's second replica);
    ``stop_transcriber`` runs the decode Stop makes itself (the main replica; default: the same).
    """

    def __init__(
        self,
        transcriber: SpeechTranscriber,
        *,
        stop_transcriber: SpeechTranscriber | None = None,
        step_seconds: float = 0.25,
        live_interval_seconds: float = 1.0,
        max_tail_seconds: float = 6.0,
        min_silence_ms: int = 300,
        min_commit_seconds: float = 3.0,
        on_update: Callable[[list[Word]], None] | None = None,
        context_prompt: bool = False,
        max_stop_decode_seconds: float = MAX_STOP_DECODE_SECONDS,
    ) -> None:
        self.transcriber = transcriber
        self.stop_transcriber = stop_transcriber or transcriber
        # The pitch language the take was started with ("en", "zh" or "auto"; TakeSession.start_live).
        self.language_choice = "en"
        self.step = int(step_seconds * SAMPLE_RATE)
        self.policy = CommitPolicy(
            live_interval_s=live_interval_seconds,
            min_commit_s=min_commit_seconds,
            max_tail_s=max_tail_seconds,
            min_silence_ms=min_silence_ms,
        )
        self.max_stop_decode = int(max_stop_decode_seconds * SAMPLE_RATE)
        self.on_update = on_update
        self.context_prompt = context_prompt
        # The app's prompt and beam, with the live path's window, temperature and token cap.
        self.live_options = transcriber.options.for_live()
        self.stats = LiveStats()
        # The take's pitch track, built block by block while recording (see Analyzer.instant_result).
        self.voice_track = IncrementalTrack()
        self.buffer = LiveBuffer()

        # _lock guards what Stop reads while the worker may still run: the merged words, the commit
        # point, the last live guess, and _discard (after which the worker merges nothing).
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()  # set while the worker has nothing left to do
        self._done = Words()  # committed words
        self._commit = 0  # samples before this point are final
        self._tent: Decoded | None = None  # the last live guess of the tail
        self._tentative: list[Word] = []
        self._last_step_at = 0
        self._released_at = 0  # samples fed when the allocator last gave freed memory back
        self._last_live_at = -(10**9)  # take sample count at the last open-sentence decode
        self._closing = False  # the worker stops after its current step
        self._discard = False  # ... and merges nothing more (Stop took what it had)
        self._failed = False
        self._in_flight = False
        self._flight: tuple[int, int] = (0, 0)  # take samples the running (or last) decode was given
        # Stop races a running decode that was given all the speech (stop.py): the worker hands its
        # result over here instead of merging it, and cuts Stop's own decode short when it covers
        # _race_need (commit, end of speech).
        self._late: Decoded | None = None
        self._race_need: tuple[int, int] | None = None
        self._cancel = threading.Event()  # the worker's decodes: nobody will use their result
        self._stop_cancel = threading.Event()  # the decode Stop makes: the app is quitting
        self._thread: threading.Thread | None = None
        self._finished: Transcript | None = None
        # 0: Stop races a running decode that heard all the speech at once (English). Above 0 (Mandarin,
        # stop.ZH_RACE_WAIT_FACTOR): Stop first waits up to this many mean live decodes for it.
        self.race_wait_factor = 0.0
        self._worker_decodes = 0  # live decodes the worker made (their time is stats.decode_seconds)
        # Called by the worker as each live decode starts, inside it (Stop sees the decode running).
        # Tests slow the live path here, at the worker's edge, with the real model behind it.
        self.decode_hook: Callable[[], None] | None = None

    # ---- called from the recorder's writer thread --------------------------------------------
    def feed(self, samples16k: Samples) -> None:
        if not self.buffer.append(samples16k):
            return
        self._idle.clear()
        if self._thread is None:
            self.start()
        self._wake.set()

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="live-transcriber", daemon=True)
        self._thread.start()

    # ---- read by the UI (through its worker's signals) ---------------------------------------
    @property
    def words(self) -> list[Word]:
        """Committed words plus the current guess for the unfinished tail."""
        with self._lock:
            return list(self._done.words) + list(self._tentative)

    @property
    def word_count(self) -> int:
        with self._lock:
            return len(self._done.words) + len(self._tentative)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def committed_seconds(self) -> float:
        return self._commit / SAMPLE_RATE

    @property
    def in_flight(self) -> bool:
        """A live decode is running right now."""
        return self._in_flight

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the worker has processed everything fed so far.

        For deterministic replays (tests, benchmarks): feed a step, wait, feed the next.
        """
        return self._idle.wait(timeout)

    # ---- worker ------------------------------------------------------------------------------
    def _run(self) -> None:
        from pitchcoach.core.model import DecodeCancelled

        try:
            while True:
                if self.buffer.fed - self._last_step_at < self.step:
                    self._idle.set()
                self._wake.wait()
                self._wake.clear()
                if self._closing:
                    return
                if self.buffer.fed - self._last_step_at < self.step:
                    continue
                self._step()
                if not self._closing:
                    self._advance_voice()
                    self._release_memory()
        except DecodeCancelled:
            self.stats.discarded += 1  # cancelled at Stop: nobody waits for it
        except Exception:  # live feedback must never take the recording down
            log.exception("live transcription failed; the take will be transcribed whole at Stop")
            self._failed = True
        finally:
            self._in_flight = False
            self._idle.set()

    def _release_memory(self) -> None:
        """Every RELEASE_EVERY_SECONDS of audio, what the decodes freed goes back to the system.

        The allocator keeps freed blocks under its mmap threshold (core/memory.py) in its arenas: over a
        60-s take that held ~60 MB more at Stop than after a release. Returning them after each decode
        made the next decode fault its ~40 MB of work buffers in again (~10,000 page faults); every 10 s
        that costs little and bounds what can pile up.
        """
        if self.buffer.fed - self._released_at >= RELEASE_EVERY_SECONDS * SAMPLE_RATE:
            self._released_at = self.buffer.fed
            release_freed_memory()

    def _advance_voice(self) -> None:
        try:
            self.voice_track.advance(self.buffer.audio())
        except Exception:  # the voice figures are then computed whole at Stop
            log.exception("live pitch tracking failed")

    def _decode(self, audio: np.ndarray, start: int) -> Decoded:
        from pitchcoach.core.model import DecodeCancelled

        context = " ".join(s.text for s in self._done.segments[-8:])
        opts = options_with_context(self.live_options, context, self.context_prompt)
        with self._lock:
            if self._discard:
                raise DecodeCancelled()  # Stop came between two decodes: start no more
            self._flight = (start, start + len(audio))
            self._in_flight = True
        try:
            if self.decode_hook is not None:
                self.decode_hook()
            return decode_span(self.transcriber, audio, start, opts, self._done.words[-60:], self._cancel, self.stats)
        finally:
            self._worker_decodes += 1
            self._in_flight = False

    def _step(self) -> None:
        from pitchcoach.core.transcribe import speech_regions

        audio = self.buffer.audio()
        # Audio that piled up while the worker was busy: the policy steps down when it is too much.
        self.policy.observe(len(audio) - self._last_step_at, self.step)
        self.stats.backoffs, self.stats.max_backoff_level = self.policy.pacer.backoffs, self.policy.pacer.max_seen
        self._last_step_at = len(audio)
        tail = audio[self._commit :]
        regions = speech_regions(tail, self.policy.min_silence_ms)
        if not regions:
            if len(tail) > SAMPLE_RATE:
                # Only silence so far (before the first word, or a long pause): nothing to decode;
                # keep a little before "now" in case a word is just starting.
                with self._lock:
                    if self._discard:
                        return
                    self._commit += len(tail) - int(0.3 * SAMPLE_RATE)
                    self._tentative, self._tent = [], None
            return
        cut, forced = self.policy.cut(tail, regions)
        if cut is not None:
            closed = [(s0, e0) for s0, e0 in regions if e0 <= cut]
            # A cut inside a 300 ms-VAD region (forced) has speech the reuse check cannot see.
            d = None if forced or not closed else covering(self._tent, self._commit, self._commit + closed[-1][1])
            if d is not None and d.end <= self._commit + cut:
                self.stats.reused += 1
            else:
                d = self._decode(tail[:cut], self._commit)
            with self._lock:
                if self._discard:  # Stop came first: never merged (it may still win Stop's race)
                    self._hand_over(d)
                    return
                self._done.add(d)
                self._commit += cut
                self._tentative, self._tent = [], None
            self.stats.commits += 1
            self.stats.commit_points.append(self._commit / SAMPLE_RATE)
            tail = audio[self._commit :]
            regions = [(s0 - cut, e0 - cut) for s0, e0 in regions if s0 >= cut]
        # Re-decode the unfinished tail only when it holds speech the last guess did not hear.
        if (
            self.policy.live_due(regions, len(tail), len(audio), self._last_live_at)
            and not self._closing
            and covering(self._tent, self._commit, self._commit + regions[-1][1]) is None
        ):
            self._last_live_at = len(audio)
            d = self._decode(tail, self._commit)
            with self._lock:
                if self._discard:
                    self._hand_over(d)
                    return
                self._tent, self._tentative = d, d.words
            self.stats.tentative_decodes += 1
        if self.on_update is not None and not self._closing:
            try:
                self.on_update(self.words)
            except Exception:  # a display problem must not stop transcription
                log.exception("live on_update hook failed")

    def _hand_over(self, d: Decoded) -> None:
        """A decode that ended after Stop (called under the lock): offered to Stop's race, never merged."""
        self.stats.discarded += 1
        self._late = d
        need = self._race_need
        if need is not None and covering(d, *need) is not None:
            self._stop_cancel.set()  # it won: Stop's own decode ends at its next model call

    # ---- Stop --------------------------------------------------------------------------------
    def _freeze(self, *, cancel: bool = True) -> tuple[Words, int, Decoded | None]:
        """Stop the worker from merging anything more and take what it finished; ``cancel`` its decode."""
        with self._lock:
            self._closing = self._discard = True
            frozen = (self._done.copy(), self._commit, self._tent)
            if self._in_flight:
                self.stats.dropped_in_flight = True
        self.buffer.close()
        if cancel:
            self._cancel.set()  # a running decode ends at its next model call; never waited for
        self._wake.set()
        return frozen

    def close(self) -> None:
        """Stop the worker without producing a transcript (take discarded, app quitting); waits for it."""
        self._freeze()
        if self._thread is not None:
            self._thread.join()

    def abandon(self, reason: str) -> None:
        """Give up on the live path without waiting (the app quits): the worker's decode and a decode
        Stop is making are both cancelled at their next model call. Returns at once."""
        self._freeze()
        self._stop_cancel.set()
        if self.stats.abandoned is None:
            self.stats.abandoned = reason

    def instant_transcript(self, audio16k: Samples | None = None) -> Transcript | None:
        """The instant transcript at Stop, or None when there is none to give at once.

        Never waits for the worker (stop.py). None when the live work failed, the audio is not the
        one fed, Stop would have to decode more than ``max_stop_decode_seconds`` itself, or the app
        quit meanwhile.
        """
        from pitchcoach.core.model import DecodeCancelled
        from pitchcoach.core.transcribe import speech_regions

        if self._finished is not None:
            return self._finished
        done, commit, tent = self._freeze(cancel=False)
        audio = self._final_audio(audio16k, commit)
        if audio is None:
            self._cancel.set()
            self.stats.abandoned = self.stats.abandoned or "failed"
            return None
        tail = audio[commit:]
        regions = speech_regions(tail) if len(tail) else []
        plan = plan_stop(tail, regions, tent, commit, self.max_stop_decode)
        self.stats.finish_tail_seconds = seconds(len(tail))
        if plan.kind == "backlog":
            self._cancel.set()
            log.info("Stop: %.1f s left to decode; going straight to the whole-file pass", len(tail) / SAMPLE_RATE)
            self.stats.abandoned = "backlog"
            return None
        if plan.decodes and self._race(commit, commit + regions[-1][1]):
            late = self._late
            assert late is not None
            return self._won_by_live(audio, done, commit, tail, late)
        try:
            result = self._complete(audio, done.copy(), commit, tail, plan.kind, plan.reuse, plan.cut)
        except DecodeCancelled:
            late = covering(self._late, commit, commit + regions[-1][1]) if regions else None
            if late is None:
                return None  # the app is quitting
            return self._won_by_live(audio, done, commit, tail, late)
        with self._lock:
            self._race_need = None
        self._cancel.set()  # Stop's decode won: the running live decode is no longer needed
        return result

    def _race(self, commit: int, speech_end: int) -> bool:
        """Whether a decode given all the speech has already ended after Stop (True: use it). If one is
        still running, Stop decodes beside it and takes whichever ends first; otherwise it is cancelled."""
        with self._lock:
            if covering(self._late, commit, speech_end) is not None:
                return True
            start, end = self._flight
            racing = self._in_flight and start == commit and end >= speech_end + REUSE_MARGIN
            if racing:
                self._race_need = (commit, speech_end)
        if not racing:
            self._cancel.set()
            return False
        if self.race_wait_factor > 0 and self._worker_decodes:
            grace = min(MAX_RACE_WAIT_SECONDS, self.race_wait_factor * self.stats.decode_seconds / self._worker_decodes)
            self.stats.race_wait_seconds = round(grace, 3)
            # _hand_over sets _stop_cancel when that decode ends (and abandon, when the app quits).
            if self._stop_cancel.wait(grace):
                with self._lock:
                    if covering(self._late, commit, speech_end) is not None:
                        return True
        log.info("Stop: a live decode that heard all the speech is running; decoding beside it, first one wins")
        return False

    def _won_by_live(self, audio: np.ndarray, done: Words, commit: int, tail: np.ndarray, late: Decoded) -> Transcript:
        """The live decode running at Stop ended first: its words, as if it had ended before Stop."""
        self.stats.won_by_live = True
        self.stats.finish_decoded = False
        self.stats.stitched_seconds = None
        return self._complete(audio, done, commit, tail, "reuse", late, 0)

    def _final_audio(self, audio16k: Samples | None, commit: int) -> np.ndarray | None:
        """The take's audio, or None when the live work cannot be used (it failed, or other audio)."""
        fed = self.buffer.audio()
        audio = fed if audio16k is None else np.ascontiguousarray(audio16k, dtype=np.float32).reshape(-1)
        consistent = len(audio) >= commit and (commit == 0 or np.array_equal(audio[:commit], fed[:commit]))
        if not consistent:
            log.warning("final audio does not match the live audio; the live words cannot be used")
        return audio if consistent and not self._failed else None

    def _complete(
        self, audio: np.ndarray, words: Words, commit: int, tail: np.ndarray, kind: str, reuse: Decoded | None, cut: int
    ) -> Transcript:
        """``words`` (the committed ones) plus the tail's, made as ``kind`` says (stop.StopPlan)."""
        # The transcriber's language ("zh", or what an "auto" take was heard as); a decode made at Stop
        # reports its own below.
        language, language_p = str(getattr(self.transcriber, "language", "en")), 1.0
        if kind == "reuse" and reuse is not None:
            self.stats.finish_reused = True
            words.add(reuse)
        elif kind in ("stitch", "tail"):
            if kind == "stitch" and reuse is not None:
                words.add_before(reuse, (commit + cut) / SAMPLE_RATE)
                self.stats.stitched_seconds = seconds(len(tail) - cut)
            opts = options_with_context(self.live_options, "", False)
            d = decode_span(
                self.stop_transcriber, tail[cut:], commit + cut, opts, words.words[-60:], self._stop_cancel, self.stats
            )
            self.stats.finish_decoded = True
            self.stats.stop_decode_seconds = seconds(len(tail) - cut)
            if kind == "stitch":
                # VAD over the two decodes would count the overlap twice: the tail's own regions instead.
                from pitchcoach.core.transcribe import speech_regions

                words.add(d, count_vad=False)
                words.vad_seconds += sum(e - s for s, e in speech_regions(tail)) / SAMPLE_RATE
            else:
                words.add(d)
            language, language_p = d.transcript.language, d.transcript.language_probability
        self.stats.provisional = words.recovered
        self._finished = words.transcript(audio, self.transcriber.model_name, language, language_p)
        with self._lock:
            self._tentative = []
            self._done = words
        return self._finished
