"""On-device transcription with word timings, tuned for short spoken pitches.

Decode options follow §3 of the scoring rubric: word timestamps and VAD on, and a
short disfluency prompt (no "I'm", which seeds "I'm sorry" loops) so that Whisper
keeps more of the fillers it is trained to drop. The prompt only conditions the
first 30-second window, so longer takes are cut at VAD silences into chunks under
30 s and each chunk gets the prompt again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from pitchcoach.core.audio import CLIP_LEVEL, SAMPLE_RATE, Samples, rms_db
from pitchcoach.core.memory import release_freed_memory
from pitchcoach.core.model import DecodeCancelled, LoadedModel
from pitchcoach.core.transcript import Segment, Transcript, Word, normalize_word

log = logging.getLogger(__name__)

DISFLUENCY_PROMPT = "Um, uh, er, ah. So, like, you know."
# Whisper sees 30 s at a time; leave room for the padding around each chunk.
MAX_CHUNK_SECONDS = 28.0
CHUNK_PAD_SECONDS = 0.2
# Mel frames per second (10 ms hop) and the encoder's full window (30 s).
FRAMES_PER_SECOND = 100
FULL_WINDOW_FRAMES = 3000
# A short window still shows the encoder this much audio (zero-padded) after the chunk.
WINDOW_MARGIN_FRAMES = 100
# A short-window result that repeats itself like this is a loop, not speech (faster-whisper's
# own compression-ratio threshold for its temperature fallback).
LOOP_COMPRESSION_RATIO = 2.4
# Greedy only. faster-whisper's own fallback re-decodes a failing window at rising temperatures by
# sampling, and CTranslate2 seeds its sampler once per worker thread from the system's random device:
# the same recording then got different words, and so a different score or gate, from one analysis to
# the next (non_english.wav: gated here, scored on a CI machine; mean word probability 0.32-0.47 over
# 12 runs). The retry is a beam search instead (DecodeOptions.fallback_beam_size), which is deterministic.
DEFAULT_TEMPERATURES = (0.0,)
# faster-whisper's thresholds for "this window failed" (transcribe()'s defaults).
FALLBACK_LOGPROB = -1.0
FALLBACK_COMPRESSION_RATIO = 2.4
FALLBACK_NO_SPEECH_PROB = 0.6


@dataclass(frozen=True)
class DecodeOptions:
    # Greedy decoding: on 2 cores it is ~1.7x faster than beam 5 with the same
    # transcript on our fixtures (benchmarks/analyze.py prints both).
    beam_size: int = 1
    initial_prompt: str | None = DISFLUENCY_PROMPT
    # Pitches are short and independent; carrying text across windows mostly
    # spreads hallucinations, and chunks are re-prompted anyway.
    condition_on_previous_text: bool = False
    # Encode a window of only this many seconds (at least the chunk plus a margin) instead of
    # the full 30 s. For a 3 s tail on 2 cores the encoder drops from ~250 ms to ~75 ms at 10 s.
    # tiny.en invents words on windows much shorter than that (measured: docs/calibration.md).
    window_seconds: float | None = None
    # Decoding temperatures handed to faster-whisper. Anything above 0.0 samples, which is not
    # reproducible (see DEFAULT_TEMPERATURES); kept as an option for benchmarks that compare.
    temperatures: tuple[float, ...] = DEFAULT_TEMPERATURES
    # A chunk whose greedy result fails faster-whisper's checks (a loop, or a low average log
    # probability that is not silence) is decoded again with this beam, and the better of the two kept,
    # as faster-whisper picks among its retries. None: no retry (the live path, which redoes a looping
    # short window with the full window instead and must stay fast).
    fallback_beam_size: int | None = 5
    # Upper bound on tokens per second of audio (None: the model's 448). Fast talkers reach ~6.
    max_tokens_per_second: float | None = None
    # Drop a stock "Thank you." the model is unsure of from the end of each decoded window
    # (trim_edge_hallucination): every live chunk ends in a pause, which invites one.
    trim_edge_words: bool = False
    # The language to transcribe: "zh" (with transcribe_zh's clean-up), or None for the model's own
    # choice: English for tiny.en; a multilingual model the user picked for English takes detects it,
    # so that the gate can say which other language it heard. core/speech.py resolves "auto" first.
    language: str | None = None
    # The live path's beam when it differs from the whole-file one (Mandarin: see zh_options).
    live_beam_size: int | None = None
    # Encode each window of a whole-file decode cut to its audio instead of 30 s (model.fit_frames).
    # Mandarin only: English (tiny.en) decodes exactly as before.
    fit_window: bool = False

    def in_language_of(self, base: DecodeOptions) -> DecodeOptions:
        """These options (a live window, say) with ``base``'s language, prompt and beam (its live beam for
        live options)."""
        live = self.window_seconds is not None
        beam = base.live_beam_size or base.beam_size if live else base.beam_size
        return replace(self, language=base.language, initial_prompt=base.initial_prompt, beam_size=beam)

    def for_live(self) -> DecodeOptions:
        """These options (prompt, beam) as the live path uses them, while someone speaks and at Stop."""
        return replace(
            self,
            window_seconds=10.0,
            temperatures=(0.0,),
            fallback_beam_size=None,
            max_tokens_per_second=10.0,
            trim_edge_words=True,
            beam_size=self.live_beam_size or self.beam_size,
            # A looping short window is redone with the full 30 s, never a fitted one.
            fit_window=False,
        )


LIVE_DECODE_OPTIONS = DecodeOptions().for_live()


def zh_options() -> DecodeOptions:
    """Mandarin: language given, a Simplified prompt (transcribe_zh), greedy like English, fitted windows."""
    from pitchcoach.core.transcribe_zh import ZH_PROMPT

    return DecodeOptions(language="zh", initial_prompt=ZH_PROMPT, fit_window=True)


# Whisper's stock phrases for silence. A window that ends in a pause (every live chunk does) often
# gets one appended, its first word at a probability of 0.01-0.05 (measured on the fixtures); said
# for real, "thank you" scores far higher. A broader rule (any unsure words running into the
# trailing silence) was tried and dropped more real words than invented ones.
_EDGE_PHRASES = (
    ("thank", "you", "for", "your", "time"),
    ("thank", "you", "for", "watching"),
    ("thank", "you", "very", "much"),
    ("thanks", "for", "watching"),
    ("thank", "you"),
    ("thanks",),
)
EDGE_HALLUCINATION_P = 0.15


def trim_edge_hallucination(words: list[Word], segments: list[Segment]) -> tuple[list[Word], list[Segment]]:
    """Drop a stock "Thank you." from the end of a decoded window when the model is unsure of it.

    Only at the very end, only those phrases, and only when the phrase's first word has a
    probability under EDGE_HALLUCINATION_P. Segment texts and ends follow the words.
    """
    norm = [normalize_word(w.text) for w in words]
    for phrase in _EDGE_PHRASES:
        n = len(phrase)
        if len(words) < n or tuple(norm[-n:]) != phrase or words[-n].probability >= EDGE_HALLUCINATION_P:
            continue
        cut_at = words[-n].start
        log.debug("dropped %r invented at a window's edge", " ".join(w.text for w in words[-n:]))
        kept_segments: list[Segment] = []
        for seg in segments:
            if seg.start >= cut_at:
                continue  # the phrase was a segment of its own
            text = seg.text
            if seg.end > cut_at:
                tokens = text.split()
                if len(tokens) >= n and tuple(normalize_word(t) for t in tokens[-n:]) == phrase:
                    text = " ".join(tokens[:-n])
            if text:
                kept_segments.append(replace(seg, end=min(seg.end, cut_at), text=text))
        return words[:-n], kept_segments
    return words, segments


def speech_regions(audio: Samples, min_silence_ms: int = 300) -> list[tuple[int, int]]:
    """Sample ranges that Silero VAD (shipped inside faster-whisper) calls speech."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    from pitchcoach.core.vad import vad_model

    vad_model()  # faster-whisper's own VAD filter then reuses this pass over the same samples
    opts = VadOptions(min_silence_duration_ms=min_silence_ms, speech_pad_ms=100)
    return [(int(r["start"]), int(r["end"])) for r in get_speech_timestamps(audio, opts)]


def plan_chunks(
    regions: list[tuple[int, int]], total: int, max_seconds: float = MAX_CHUNK_SECONDS
) -> list[tuple[int, int]]:
    """Group speech regions into chunks no longer than max_seconds, cutting only in silence.

    A single region longer than the limit (someone who never pauses) is cut hard.
    """
    limit = int(max_seconds * SAMPLE_RATE)
    chunks: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for start, end in regions:
        while end - start > limit:  # no pause to cut at
            if cur is not None:
                chunks.append(cur)
                cur = None
            chunks.append((start, start + limit))
            start += limit
        if cur is None:
            cur = (start, end)
        elif end - cur[0] <= limit:
            cur = (cur[0], end)
        else:
            chunks.append(cur)
            cur = (start, end)
    if cur is not None:
        chunks.append(cur)
    return [(max(0, s), min(total, e)) for s, e in chunks]


__all__ = ["DecodeCancelled", "DecodeOptions", "DecodeStats", "Transcriber"]


@dataclass
class DecodeStats:
    """What one transcribe() call had to do, for callers that judge the result (the live path)."""

    loop_retries: int = 0  # short-window decodes that looped and were redone with the full window


class Transcriber:
    """Wraps one loaded model. Safe to call from any worker thread (calls are serialised)."""

    def __init__(self, model: LoadedModel, options: DecodeOptions | None = None) -> None:
        self.model = model
        self.options = options or DecodeOptions()

    @property
    def model_name(self) -> str:
        return self.model.name

    @property
    def language(self) -> str:
        return self.options.language or "en"

    def twin(self) -> Transcriber:
        """A transcriber on the model's second replica (the live path's), with these options."""
        return Transcriber(self.model.twin(), self.options)

    def transcribe(
        self,
        audio: Samples,
        *,
        progress: Callable[[float], None] | None = None,
        options: DecodeOptions | None = None,
        cancel: threading.Event | None = None,
        stats: DecodeStats | None = None,
    ) -> Transcript:
        """``options`` replaces this transcriber's options for one call (the live path's short window).

        ``progress`` gets the fraction of the audio decoded (each segment's end against the audio's
        length), once per decoded segment.

        ``cancel``, once set, ends the decode at the next model call with DecodeCancelled.
        """
        opts = options or self.options
        stats = stats if stats is not None else DecodeStats()
        if cancel is not None and cancel.is_set():
            raise DecodeCancelled()
        audio = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
        total = audio.size
        audio_seconds = total / SAMPLE_RATE
        regions = speech_regions(audio) if total else []
        vad_seconds = sum(e - s for s, e in regions) / SAMPLE_RATE

        words: list[Word] = []
        segments: list[Segment] = []
        language, language_p = opts.language or "en", 1.0
        if regions:
            if audio_seconds <= 30.0:
                spans = [(0, total)]
            else:
                pad = int(CHUNK_PAD_SECONDS * SAMPLE_RATE)
                spans = [(max(0, s - pad), min(total, e + pad)) for s, e in plan_chunks(regions, total)]
            for i, (s, e) in enumerate(spans):
                if i:
                    # The chunk before left its freed work buffers in the arenas; the next chunk's
                    # encoder would add its own on top (a 60-s take's whole-file pass grew ~30 MB a chunk).
                    release_freed_memory()
                offset = s / SAMPLE_RATE
                report = _segment_reporter(progress, offset, audio_seconds)
                w, seg, language, language_p = self._decode(audio[s:e], offset, opts, cancel, stats, report)
                if opts.trim_edge_words:
                    w, seg = trim_edge_hallucination(w, seg)
                if opts.language == "zh":
                    from pitchcoach.core.transcribe_zh import clean_zh

                    w, seg = clean_zh(w, seg, regions)
                words.extend(w)
                segments.extend(seg)
                if progress:
                    progress(e / total)
        elif progress:
            progress(1.0)

        _annotate_levels(words, audio)
        voiced = [w.rms_db for w in words if w.rms_db is not None]
        return Transcript(
            words=words,
            segments=segments,
            audio_seconds=audio_seconds,
            vad_speech_seconds=vad_seconds,
            language=language,
            language_probability=language_p,
            model=self.model.name,
            median_rms_db=float(np.median(voiced)) if voiced else None,
            clipped_fraction=float(np.mean(np.abs(audio) >= CLIP_LEVEL)) if total else 0.0,
        )

    def _decode(
        self,
        audio: np.ndarray,
        offset: float,
        o: DecodeOptions,
        cancel: threading.Event | None,
        stats: DecodeStats,
        on_segment: Callable[[float], None] | None = None,
    ) -> tuple[list[Word], list[Segment], str, float]:
        whisper = self.model.whisper
        seconds = len(audio) / SAMPLE_RATE
        window = None
        if o.window_seconds is not None and hasattr(whisper, "window_frames"):
            frames = max(int(o.window_seconds * FRAMES_PER_SECOND), -(-len(audio) // 160) + WINDOW_MARGIN_FRAMES)
            window = frames + frames % 2  # even: the encoder's first convolution has stride 2
            if window >= FULL_WINDOW_FRAMES:
                window = None
        kw = {}
        if o.max_tokens_per_second is not None:
            kw["max_new_tokens"] = int(16 + o.max_tokens_per_second * seconds)
        raw, info = self._run(audio, window, list(o.temperatures), kw, o, cancel, on_segment)
        if window is not None and any(s.compression_ratio > LOOP_COMPRESSION_RATIO for s in raw):
            log.info("short-window decode of %.1f s looped; decoding it with the full window", seconds)
            stats.loop_retries += 1
            raw, info = self._run(audio, None, list(o.temperatures), kw, o, cancel, on_segment)
        if o.fallback_beam_size and o.fallback_beam_size > o.beam_size and _failed(raw):
            log.info(
                "decode of %.1f s failed its checks; decoding it again with beam %d", seconds, o.fallback_beam_size
            )
            wide = replace(o, beam_size=o.fallback_beam_size)
            raw2, info2 = self._run(audio, window, list(o.temperatures), kw, wide, cancel, on_segment)
            if not _failed(raw2) or _mean_logprob(raw2) > _mean_logprob(raw):
                raw, info = raw2, info2
        # tiny.en always reports "en"; a multilingual model told the language reports it back.
        language, language_p = str(info.language), float(info.language_probability)
        words: list[Word] = []
        segments: list[Segment] = []
        for s in raw:
            segments.append(
                Segment(
                    start=round(s.start + offset, 3),
                    end=round(s.end + offset, 3),
                    text=s.text.strip(),
                    avg_logprob=float(s.avg_logprob),
                    no_speech_prob=float(s.no_speech_prob),
                    compression_ratio=float(s.compression_ratio),
                )
            )
            for w in s.words or []:
                text = w.word.strip()
                if not text:
                    continue
                words.append(
                    Word(
                        text=text,
                        start=round(w.start + offset, 3),
                        end=round(w.end + offset, 3),
                        probability=float(w.probability),
                    )
                )
        return words, segments, language, language_p

    def _run(
        self,
        audio: np.ndarray,
        window: int | None,
        temperatures: list[float],
        kw: Mapping[str, object],
        o: DecodeOptions,
        cancel: threading.Event | None,
        on_segment: Callable[[float], None] | None = None,
    ) -> tuple[list[Any], Any]:  # faster-whisper's segments and info (untyped)
        whisper = self.model.whisper
        with self.model.lock:
            if cancel is not None and cancel.is_set():
                raise DecodeCancelled()  # waited for the model, and nobody needs this any more
            if window is not None:
                whisper.window_frames = window
            whisper.fit_window = o.fit_window and window is None
            whisper.cancel_event = cancel
            try:
                seg_iter, info = whisper.transcribe(
                    audio,
                    beam_size=o.beam_size,
                    language=o.language,
                    word_timestamps=True,
                    vad_filter=True,
                    initial_prompt=o.initial_prompt,
                    condition_on_previous_text=o.condition_on_previous_text,
                    temperature=temperatures,
                    **kw,
                )
                # Decoding happens lazily while iterating: keep it inside the lock. Each segment is
                # reported as it is decoded, so a long file shows how far it is.
                raw = []
                for seg in seg_iter:
                    raw.append(seg)
                    if on_segment is not None:
                        on_segment(float(seg.end))
            finally:
                whisper.cancel_event = None
                whisper.fit_window = False
                if window is not None:
                    whisper.window_frames = None
        return raw, info


def _failed(raw: list[Any]) -> bool:
    """faster-whisper's test for a window to decode again: a loop, or an unsure decode that is not silence."""
    return any(
        s.compression_ratio > FALLBACK_COMPRESSION_RATIO
        or (s.avg_logprob < FALLBACK_LOGPROB and s.no_speech_prob <= FALLBACK_NO_SPEECH_PROB)
        for s in raw
    )


def _mean_logprob(raw: list[Any]) -> float:
    return sum(float(s.avg_logprob) for s in raw) / len(raw) if raw else float("-inf")


def _segment_reporter(
    progress: Callable[[float], None] | None, offset: float, audio_seconds: float
) -> Callable[[float], None] | None:
    """Turns a chunk's segment end (seconds into the chunk) into the fraction of the whole audio."""
    if progress is None or audio_seconds <= 0:
        return None
    return lambda end: progress(min(1.0, (offset + end) / audio_seconds))


def _annotate_levels(words: list[Word], audio: np.ndarray) -> None:
    for w in words:
        a = int(max(0.0, w.start) * SAMPLE_RATE)
        b = int(max(w.start, w.end) * SAMPLE_RATE)
        seg = audio[a:b]
        w.rms_db = round(rms_db(seg), 2) if seg.size >= 160 else None
