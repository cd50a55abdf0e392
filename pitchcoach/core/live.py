"""Transcription while the person speaks, so that Stop has only the last few words left to do.

The recorder's ``on_chunk`` hook calls :meth:`LiveTranscriber.feed` from its writer thread with
new 16 kHz audio; ``feed`` only appends and wakes our own worker thread (never the audio callback,
never the GUI thread). The worker, every ``step_seconds`` of new audio (0.25 s):

1. runs Silero VAD (shipped in faster-whisper) over the uncommitted tail;
2. when a pause closes a stretch of speech at least ``min_commit_seconds`` long, decodes the
   audio up to the middle of that pause once and for all ("commits" it): those words never
   change again, and their timestamps are shifted by the tail's offset;
3. re-decodes only what is left after the last commit, as a tentative live hypothesis: at once
   when a sentence has just ended, at most every ``live_interval_seconds`` while it goes on, and
   never when the last decode already heard all of the tail's speech;
4. a tail longer than ``max_tail_seconds`` without a 300 ms pause is cut at its longest shorter
   pause, so that fast talkers do not leave everything for Stop.

At Stop, :meth:`finish_instant` gives the worker's current decode a short grace and then uses
what the live path has: the last live decode itself when it heard all of the tail's speech, else
that decode's words up to a pause it heard well plus only the audio after that pause, decoded now
("stitching"). A decode still running after the grace is waited for only when it was given all of
the take's speech (it is then the very decode Stop needs, not a stale one). Otherwise Stop gives up
(returns None, and the take goes straight to the whole-file pass): a stale decode still running,
or more than ``MAX_BACKLOG_SECONDS`` of speech the live path has not heard. A decode that ends
after that is discarded, never merged. (:meth:`finish` is the older blocking form: it waits for
the worker whatever happens, and decodes the whole tail.) If the live work failed for any reason,
``finish`` falls back to transcribing the whole take, so a take is never lost to it.

Every live decode is screened (core/live_guard.py): words timed outside the decoded audio, running
backwards, or repeating a span already heard are dropped, and a take where that happened is
counted in ``stats.loops``; the instant result is shown as provisional when words of such a
decode are in it (a live guess that a later decode replaced does not count). When decodes fall behind
real time the worker decodes less often (``Pacer``) rather than queue work for Stop.

Every decode goes through :class:`pitchcoach.core.transcribe.Transcriber` with the app's prompt,
word timestamps and VAD, plus the live options (``LIVE_DECODE_OPTIONS``): a 10 s encoder window
instead of 30 s, greedy with no temperature retries, a token cap, and an unsure stock "Thank you."
dropped from a chunk's end, and one window per decode (the model wrapper does not re-decode the pause
after the last word). Each decode then costs ~80-180 ms instead of ~400 ms, so Stop never waits
long for the decode in flight (evidence: docs/calibration.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE, Samples
from pitchcoach.core.live_guard import Pacer, clamp_words, screen_words, segments_following
from pitchcoach.core.transcript import Segment, Transcript, Word
from pitchcoach.core.voice.pitch import IncrementalTrack

if TYPE_CHECKING:
    from pitchcoach.core.transcribe import DecodeOptions, Transcriber

log = logging.getLogger(__name__)

CLIP_LEVEL = 0.999
# A tentative decode is reused only if it heard this much audio after the (padded) end of speech.
REUSE_MARGIN = int(0.1 * SAMPLE_RATE)
# At Stop: how long a live decode already running may take to end before the take goes straight
# to the whole-file pass, and how much unheard speech the instant result may decode at Stop.
STOP_GRACE_SECONDS = 0.15
MAX_BACKLOG_SECONDS = 2.0
# A decode still running at Stop that has heard all of the take's speech is not stale: it is the
# very decode Stop needs. Stop waits for it this much longer (it began at most one decode ago).
COVERING_WAIT_SECONDS = 0.5
# At Stop, the last live guess's words are kept up to a pause it heard at least this long before
# its end; only the audio after that pause is decoded again (the words near the end of a window
# cut mid-speech are the unsure ones). Measured in docs/calibration.md, "Two passes".
STITCH_MARGIN_SECONDS = 1.0


@dataclass
class LiveStats:
    """What the worker did, for the latency benchmark and the log."""

    commits: int = 0
    tentative_decodes: int = 0
    decode_seconds: float = 0.0  # worker time spent decoding while recording
    finish_tail_seconds: float = 0.0  # audio left to decode at Stop
    finish_decoded: bool = False
    finish_reused: bool = False  # the tail's last live decode already held all of its speech
    reused: int = 0  # commits that reused the live decode instead of decoding again
    fallback: bool = False
    commit_points: list[float] = field(default_factory=list)
    loops: int = 0  # decodes that repeated or invented text (dropped; the instant result is provisional)
    dropped_words: int = 0
    backoffs: int = 0  # times the worker fell behind real time and decoded less often
    max_backoff_level: int = 0
    abandoned: str | None = None  # why Stop skipped the instant result: "in_flight", "backlog", "failed"
    backlog_seconds: float = 0.0  # speech the live path had not heard at Stop
    discarded: int = 0  # decodes that ended after Stop gave up on them: thrown away, not merged
    waited_for_covering: bool = False  # Stop waited for a running decode that had heard all the speech
    stitched_seconds: float | None = None  # audio decoded at Stop after the last live guess's kept words
    # Words of the instant result come from a decode that had to recover (words dropped, or redone
    # after a loop): its words are the best the live path had, not all it heard. A guess that was
    # replaced later does not count: none of its words are in the result.
    provisional: bool = False


@dataclass
class _Decoded:
    """One decode of audio[start:end] (take samples), already shifted to take time."""

    start: int
    end: int
    words: list[Word]
    segments: list[Segment]
    transcript: Transcript
    recovered: bool = False  # words were dropped from it, or it was redone after a loop


def _shift_segments(t: Transcript, offset_s: float, lo: float, hi: float) -> list[Segment]:
    """Segments of a chunk transcript moved to take time, clamped to the chunk's span."""

    def clamp(x: float) -> float:
        return round(min(max(x + offset_s, lo), hi), 3)

    return [replace(s, start=clamp(s.start), end=max(clamp(s.start), clamp(s.end))) for s in t.segments]


class LiveTranscriber:
    """Incremental transcription of one take. Create one per take; thread-safe ``feed``."""

    def __init__(
        self,
        transcriber: Transcriber,
        *,
        step_seconds: float = 0.25,
        live_interval_seconds: float = 1.0,
        max_tail_seconds: float = 6.0,
        min_silence_ms: int = 300,
        min_commit_seconds: float = 3.0,
        on_update: Callable[[list[Word]], None] | None = None,
        context_prompt: bool = False,
        stop_grace_seconds: float = STOP_GRACE_SECONDS,
        max_backlog_seconds: float = MAX_BACKLOG_SECONDS,
    ) -> None:
        self.transcriber = transcriber
        self.step = int(step_seconds * SAMPLE_RATE)
        self.pacer = Pacer(live_interval_seconds, min_commit_seconds, max_tail_seconds)
        self.stop_grace_seconds = stop_grace_seconds
        self.covering_wait_seconds = COVERING_WAIT_SECONDS
        self.max_backlog_seconds = max_backlog_seconds
        # While someone is mid-sentence, the live guess is refreshed at most this often: each
        # decode costs ~0.3-0.5 s of CPU, and the GUI shares the 2 cores.
        self.live_interval = int(live_interval_seconds * SAMPLE_RATE)
        # Someone who never pauses for 300 ms: cut at a shorter pause rather than leave it all for Stop.
        self.max_tail = int(max_tail_seconds * SAMPLE_RATE)
        self.min_silence_ms = int(min_silence_ms)
        self.min_commit = int(min_commit_seconds * SAMPLE_RATE)
        self.on_update = on_update
        self.context_prompt = context_prompt
        # The app's prompt and beam, with the live path's window, temperature and token cap.
        self.live_options = transcriber.options.for_live()
        self.stats = LiveStats()
        # The take's pitch track, built block by block while recording (see finish_live).
        self.voice_track = IncrementalTrack()

        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()  # set while the worker has nothing left to do
        self._pending: list[np.ndarray] = []
        self._buf = np.zeros(0, dtype=np.float32)
        self._fed = 0  # samples received through feed()

        # Owned by the worker until it has been joined.
        self._commit = 0  # samples before this point are final
        self._committed_words: list[Word] = []
        self._committed_segments: list[Segment] = []
        self._committed_vad = 0.0
        self._committed_recovered = False  # a committed decode had to recover (see LiveStats.provisional)
        self._tentative: list[Word] = []
        self._tent: _Decoded | None = None
        self._last_step_at = 0
        self._last_live_at = -(10**9)  # take sample count at the last open-sentence decode

        self._closing = False
        self._failed = False
        self._cancel = threading.Event()  # set when nobody will use a running decode's result
        self._in_flight = False
        self._flight: tuple[int, int] = (0, 0)  # take samples the running (or last) decode was given
        self._abandoned = False
        self._final_fallback_audio: np.ndarray = np.zeros(0, dtype=np.float32)
        self._thread: threading.Thread | None = None
        self._finished: Transcript | None = None

    # ---- called from the recorder's writer thread --------------------------------------------
    def feed(self, samples16k: Samples) -> None:
        with self._lock:
            if self._closing:
                return
            self._pending.append(np.asarray(samples16k, dtype=np.float32).reshape(-1))
            self._fed += len(samples16k)
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
            return list(self._committed_words) + list(self._tentative)

    @property
    def word_count(self) -> int:
        with self._lock:
            return len(self._committed_words) + len(self._tentative)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def committed_seconds(self) -> float:
        return self._commit / SAMPLE_RATE

    # ---- worker ------------------------------------------------------------------------------
    def _audio(self) -> np.ndarray:
        with self._lock:
            if self._pending:
                self._buf = np.concatenate([self._buf, *self._pending])
                self._pending.clear()
            return self._buf

    def _run(self) -> None:
        try:
            while True:
                with self._lock:
                    if self._fed - self._last_step_at < self.step:
                        self._idle.set()
                self._wake.wait()
                self._wake.clear()
                if self._closing:
                    return
                if self._fed - self._last_step_at < self.step:
                    continue
                self._step()
                self._advance_voice()
        except Exception as e:  # noqa: BLE001 - live feedback must never take the recording down
            from pitchcoach.core.transcribe import DecodeCancelled

            if isinstance(e, DecodeCancelled) and self._abandoned:
                self.stats.discarded += 1  # cancelled at Stop: nobody waits for it
            else:
                log.exception("live transcription failed; the take will be transcribed whole at Stop")
                self._failed = True
        finally:
            self._idle.set()

    def _advance_voice(self) -> None:
        try:
            self.voice_track.advance(self._audio())
        except Exception:  # noqa: BLE001 - the voice figures are then computed whole at Stop
            log.exception("live pitch tracking failed")

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the worker has processed everything fed so far.

        For deterministic replays (tests, benchmarks): feed a step, wait, feed the next.
        """
        return self._idle.wait(timeout)

    def _options_for(self, context: str) -> DecodeOptions:
        """The live decoding options, and optionally the committed text as prompt.

        Every live decode (commits, the live guess, the tail at Stop) uses a short encoder window,
        greedy decoding with no temperature retries and a token cap (LIVE_DECODE_OPTIONS): Stop
        has to wait for whichever decode is running, so none may take long. The prompt option
        stays off by default: with it, short chunks drifted further from the whole-file text.
        """
        opts = self.live_options
        if context and self.context_prompt:
            opts = replace(opts, initial_prompt=f"{opts.initial_prompt} {context}" if opts.initial_prompt else context)
        return opts

    def _decode(self, audio: np.ndarray, start: int, before: list[Word] | None = None) -> _Decoded:
        from pitchcoach.core.transcribe import DecodeStats

        with self._lock:
            context = " ".join(s.text for s in self._committed_segments[-8:])
            if before is None:
                before = list(self._committed_words[-60:])
        ds = DecodeStats()
        t0 = time.perf_counter()
        self._flight = (start, start + len(audio))
        self._in_flight = True
        try:
            # Through the transcriber we were given (tests stall or loop it there, at the model's edge).
            t = self.transcriber.transcribe(audio, options=self._options_for(context), cancel=self._cancel, stats=ds)
        finally:
            self._in_flight = False
            self.stats.decode_seconds += time.perf_counter() - t0
        lo = start / SAMPLE_RATE
        hi = lo + len(audio) / SAMPLE_RATE
        # Screen in take time before clamping: clamping would hide words timed past the audio.
        moved = [Word(w.text, round(w.start + lo, 3), round(w.end + lo, 3), w.probability, w.rms_db) for w in t.words]
        screened = screen_words(moved, lo, hi, before)
        if screened.dropped or ds.loop_retries:
            self.stats.dropped_words += screened.dropped
            if screened.loop or ds.loop_retries:
                self.stats.loops += 1
            log.info(
                "live decode at %.1f-%.1f s: dropped %d invented or repeated words%s",
                lo,
                hi,
                screened.dropped,
                " (it looped)" if screened.loop or ds.loop_retries else "",
            )
        segments = _shift_segments(t, lo, lo, hi)
        words = clamp_words(screened.words, lo, hi)
        if screened.dropped:  # the segment texts still hold the dropped words
            segments = segments_following(words, segments)
        recovered = bool(screened.dropped or ds.loop_retries)
        return _Decoded(start, start + len(audio), words, segments, t, recovered)

    def _covering_decode(self, start: int, speech_end: int) -> _Decoded | None:
        """The last tentative decode, if it began at ``start`` and heard all speech up to ``speech_end``.

        Decoding the same speech again with only more silence after it gives the same words, so
        the decode is reused instead of repeated (a decode costs ~0.5 s on 2 busy cores).
        """
        d = self._tent
        if d is None or d.start != start:
            return None
        return d if d.end >= speech_end + REUSE_MARGIN else None

    def _step(self) -> None:
        from pitchcoach.core.transcribe import speech_regions

        audio = self._audio()
        # Audio that piled up while the worker was busy: the pacer backs off when it is too much.
        new = len(audio) - self._last_step_at
        self.pacer.observe(max(0, new - self.step) / SAMPLE_RATE, new / SAMPLE_RATE)
        self.stats.backoffs, self.stats.max_backoff_level = self.pacer.backoffs, self.pacer.max_seen
        self.live_interval = int(self.pacer.live_interval_s * SAMPLE_RATE)
        self.min_commit = int(self.pacer.min_commit_s * SAMPLE_RATE)
        self.max_tail = int(self.pacer.max_tail_s * SAMPLE_RATE)
        self._last_step_at = len(audio)
        tail = audio[self._commit :]
        regions = speech_regions(tail, self.min_silence_ms)
        if self._closing:
            return
        if not regions:
            if len(tail) > SAMPLE_RATE:
                # Only silence so far (before the first word, or a long pause): nothing to decode;
                # keep a little before "now" in case a word is just starting.
                with self._lock:
                    self._commit += len(tail) - int(0.3 * SAMPLE_RATE)
                    self._tentative = []
                self._tent = None
            return
        cut = self._commit_cut(regions, len(tail))
        forced = False
        if cut is None and len(tail) > self.max_tail:
            cut = self._short_pause_cut(tail)
            forced = cut is not None
        if cut is not None:
            closed = [(s0, e0) for s0, e0 in regions if e0 <= cut]
            # A cut inside a 300 ms-VAD region (forced) has speech the reuse check cannot see.
            d = None if forced or not closed else self._covering_decode(self._commit, self._commit + closed[-1][1])
            if d is not None and d.end <= self._commit + cut:
                self.stats.reused += 1
            else:
                d = self._decode(tail[:cut], self._commit)
            if self._abandoned:  # Stop gave up on this decode: discard it, never merge it
                self.stats.discarded += 1
                return
            with self._lock:
                self._committed_words.extend(d.words)
                self._committed_segments.extend(d.segments)
                self._committed_vad += d.transcript.vad_speech_seconds or 0.0
                self._committed_recovered |= d.recovered
                self._commit += cut
                self._tentative = []
            self._tent = None
            self.stats.commits += 1
            self.stats.commit_points.append(self._commit / SAMPLE_RATE)
            tail = audio[self._commit :]
            regions = [(s0 - cut, e0 - cut) for s0, e0 in regions if s0 >= cut]
        # Re-decode the unfinished tail only when it holds speech the last guess did not hear:
        # at once when the sentence has just ended (that decode is what Stop will reuse), and
        # at most every live_interval while it is still going.
        still_speaking = bool(regions) and len(tail) - regions[-1][1] < int(0.15 * SAMPLE_RATE)
        due = not still_speaking or len(audio) - self._last_live_at >= self.live_interval
        if (
            regions
            and due
            and not self._closing
            and self._covering_decode(self._commit, self._commit + regions[-1][1]) is None
        ):
            self._last_live_at = len(audio)
            d = self._decode(tail, self._commit)
            if self._abandoned:
                self.stats.discarded += 1
                return
            self._tent = d
            self.stats.tentative_decodes += 1
            with self._lock:
                self._tentative = d.words
        if self.on_update is not None and not self._abandoned:
            try:
                self.on_update(self.words)
            except Exception:  # noqa: BLE001 - a display problem must not stop transcription
                log.exception("live on_update hook failed")

    def _short_pause_cut(self, tail: np.ndarray) -> int | None:
        """For a long tail with no 300 ms pause: the middle of its longest shorter pause."""
        from pitchcoach.core.transcribe import speech_regions

        fine = speech_regions(tail, 100)
        best, best_gap = None, 0
        for (_, end), (nxt, _) in zip(fine, fine[1:], strict=False):
            cut = (end + nxt) // 2
            # Not too close to "now": the words there may still be changing.
            if self.min_commit <= cut <= len(tail) - SAMPLE_RATE and nxt - end >= best_gap:
                best, best_gap = cut, nxt - end
        return best

    def _commit_cut(self, regions: list[tuple[int, int]], n: int) -> int | None:
        """Where to cut the tail for good: the middle of the last pause that closes enough speech."""
        best = None
        for i, (_, end) in enumerate(regions):
            gap_end = regions[i + 1][0] if i + 1 < len(regions) else n
            # The last region is only closed if VAD saw real silence after it (its end is padded
            # by 100 ms, and an unfinished region simply runs to the end of the audio).
            if i + 1 == len(regions) and gap_end - end < int(0.15 * SAMPLE_RATE):
                break
            cut = (end + gap_end) // 2
            if cut >= self.min_commit:
                best = cut
        return best

    # ---- Stop --------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop the worker without producing a transcript (take discarded, app quitting)."""
        with self._lock:
            self._closing = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()

    def abandon(self, reason: str) -> None:
        """Give up on the live path without waiting for it (Stop found it behind, or the app quits).

        A decode still running is cancelled at its next model call; one that ends anyway is
        discarded, never merged. Returns at once.
        """
        with self._lock:
            self._closing = True
            self._abandoned = True
        if self.stats.abandoned is None:
            self.stats.abandoned = reason
        self._cancel.set()
        self._wake.set()

    @property
    def in_flight(self) -> bool:
        """A live decode is running right now."""
        return self._in_flight

    def finish_instant(self, audio16k: Samples | None = None) -> Transcript | None:
        """The instant transcript at Stop, or None when the live path is behind.

        Behind means: a stale live decode is still running ``stop_grace_seconds`` after Stop, the
        live work failed, or the speech after the last live decode is longer than
        ``max_backlog_seconds``. A decode still running that has heard all of the take's speech is
        not stale (it is the one Stop needs) and is waited for up to ``covering_wait_seconds`` more.
        The caller then goes straight to the whole-file pass; this never waits longer than the
        grace (plus that wait) and one short decode.
        """
        if self._finished is not None:
            return self._finished
        with self._lock:
            self._closing = True
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(self.stop_grace_seconds)
            if thread.is_alive() and self._in_flight and self._flight_covers(audio16k):
                self.stats.waited_for_covering = True
                thread.join(self.covering_wait_seconds)
            if thread.is_alive():
                log.info("Stop: a live decode is still running; going straight to the whole-file pass")
                self.abandon("in_flight")
                return None
        audio = self._final_audio(audio16k)
        if audio is None:
            self.abandon("failed")
            return None
        tail = audio[self._commit :]
        from pitchcoach.core.transcribe import speech_regions

        regions = speech_regions(tail) if len(tail) else []
        d = self._tent
        heard = (d.end - self._commit) if d is not None and d.start == self._commit else 0
        backlog = max(0, regions[-1][1] - heard) / SAMPLE_RATE if regions else 0.0
        self.stats.backlog_seconds = round(backlog, 3)
        if backlog > self.max_backlog_seconds:
            log.info("Stop: %.1f s of speech not heard live; going straight to the whole-file pass", backlog)
            self.abandon("backlog")
            return None
        return self._complete(audio, tail, regions, stitch=True)

    def _flight_covers(self, audio16k: Samples | None) -> bool:
        """Whether the decode running now was given all of the take's speech (and a little after it).

        Called at Stop while the worker is still inside that decode; ``_flight`` is set before it.
        """
        from pitchcoach.core.transcribe import speech_regions

        start, end = self._flight
        audio = self._audio() if audio16k is None else np.asarray(audio16k, dtype=np.float32).reshape(-1)
        if end <= start or start >= len(audio):
            return False
        regions = speech_regions(audio[start:])
        return not regions or start + regions[-1][1] + REUSE_MARGIN <= end

    def _stitch_cut(self, tail: np.ndarray, d: _Decoded) -> int | None:
        """Where the tail can be cut at Stop so that only what follows is decoded again.

        The middle of the last pause of at least 100 ms that the live guess ``d`` heard with
        ``STITCH_MARGIN_SECONDS`` of audio after it: its words before that pause are kept. None
        when there is no such pause (the whole tail is decoded).
        """
        from pitchcoach.core.transcribe import speech_regions

        heard = d.end - self._commit
        limit = heard - int(STITCH_MARGIN_SECONDS * SAMPLE_RATE)
        fine = speech_regions(tail[: max(0, heard)], 100)
        best = None
        for (_, end), (nxt, _) in zip(fine, fine[1:], strict=False):
            cut = (end + nxt) // 2
            if cut <= limit:
                best = cut
        return best

    def _final_audio(self, audio16k: Samples | None) -> np.ndarray | None:
        """The take's audio, or None when the live work cannot be used (it failed, or other audio)."""
        fed = self._audio()
        audio = fed if audio16k is None else np.ascontiguousarray(audio16k, dtype=np.float32).reshape(-1)
        consistent = len(audio) >= self._commit and (
            self._commit == 0 or np.array_equal(audio[: self._commit], fed[: self._commit])
        )
        if not consistent:
            log.warning("final audio does not match the live audio; the live words cannot be used")
        if self._failed or self._abandoned or not consistent:
            self._final_fallback_audio = audio
            return None
        return audio

    def finish(self, audio16k: Samples | None = None) -> Transcript:
        """The final transcript: committed words plus the tail decoded now.

        ``audio16k`` is the whole take (RecordingResult.audio16k); it must start with what was fed,
        and may hold a few more samples (the resampler's last output at Stop).
        """
        if self._finished is not None:
            return self._finished
        self.close()
        audio = self._final_audio(audio16k)
        if audio is None:
            self.stats.fallback = True
            self._finished = self.transcriber.transcribe(self._final_fallback_audio)
            return self._finished
        tail = audio[self._commit :]
        from pitchcoach.core.transcribe import speech_regions

        return self._complete(audio, tail, speech_regions(tail) if len(tail) else [])

    def _complete(
        self, audio: np.ndarray, tail: np.ndarray, regions: list[tuple[int, int]], *, stitch: bool = False
    ) -> Transcript:
        """Committed words plus the tail's words.

        The tail's words are the last live decode reused when it heard all of the tail's speech;
        with ``stitch``, the last live guess's words up to a pause it heard well (``_stitch_cut``)
        plus the audio after that pause decoded now; otherwise the whole tail decoded now.
        """
        words = list(self._committed_words)
        segments = list(self._committed_segments)
        vad = self._committed_vad
        recovered = self._committed_recovered
        language, language_p = "en", 1.0
        self.stats.finish_tail_seconds = len(tail) / SAMPLE_RATE
        if regions:
            d = self._covering_decode(self._commit, self._commit + regions[-1][1])
            tent = self._tent if stitch and self._tent is not None and self._tent.start == self._commit else None
            cut = self._stitch_cut(tail, tent) if d is None and tent is not None else None
            if d is not None:
                self.stats.finish_reused = True
                vad += d.transcript.vad_speech_seconds or 0.0
            elif tent is not None and cut is not None:
                cut_s = (self._commit + cut) / SAMPLE_RATE
                kept = [w for w in tent.words if (w.start + w.end) / 2 < cut_s]
                words.extend(kept)
                segments.extend(segments_following(kept, tent.segments))
                recovered |= tent.recovered
                d = self._decode(tail[cut:], self._commit + cut, before=words[-60:])
                self.stats.finish_decoded = True
                self.stats.stitched_seconds = round((len(tail) - cut) / SAMPLE_RATE, 3)
                # VAD over the two decodes would count the overlap twice: the tail's own regions instead.
                vad += sum(e - s for s, e in regions) / SAMPLE_RATE
            else:
                d = self._decode(tail, self._commit)
                self.stats.finish_decoded = True
                vad += d.transcript.vad_speech_seconds or 0.0
            words.extend(d.words)
            segments.extend(d.segments)
            recovered |= d.recovered
            language, language_p = d.transcript.language, d.transcript.language_probability
        if not (self.stats.finish_decoded or self.stats.finish_reused):
            language = getattr(self.transcriber, "_language", language)
            language_p = getattr(self.transcriber, "_language_probability", language_p)
        self.stats.provisional = recovered
        voiced = [w.rms_db for w in words if w.rms_db is not None]
        self._finished = Transcript(
            words=words,
            segments=segments,
            audio_seconds=len(audio) / SAMPLE_RATE,
            vad_speech_seconds=vad,
            language=language,
            language_probability=language_p,
            model=self.transcriber.model_name,
            median_rms_db=float(np.median(voiced)) if voiced else None,
            clipped_fraction=float(np.mean(np.abs(audio) >= CLIP_LEVEL)) if len(audio) else 0.0,
        )
        with self._lock:
            self._tentative = []
            self._committed_words = list(words)
        return self._finished
