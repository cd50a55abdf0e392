"""Hesitations the speech model did not write down.

Whisper is trained to leave out "uh" and "um" (rubric §3), so two audio checks find them:

* voiced audio of 150 ms or more that no transcribed word covers, found with the Silero VAD that
  faster-whisper ships, run at fine settings on the gaps between words only (faster-whisper's own
  settings merge everything into one region, and running it on the gaps alone keeps the cost low);
* a word that lasts far longer than its letters warrant ("sooo"), where Whisper stretched a word
  over a drawn-out sound.

Both are reported as heard, not transcribed. A transcribed filler covers its own audio, so it is
never found again here; the scoring rule also drops anything right next to a transcribed filler.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.voice.level import FRAME_S, Levels, runs
from pitchcoach.core.voice.pitch import PitchTrack

VAD_WINDOW = 512  # samples per Silero decision (32 ms)
# [design choice] The issue's ~150 ms: shorter voiced bits in a gap are breaths, lip noise or the
# tail of a word whose timestamp ended early. Filled pauses run 200-600 ms (Shriberg 1994).
MIN_HESITATION_S = 0.15
VAD_THRESHOLD = 0.5  # Silero's own default speech probability
# Whisper's word edges are loose by 100-200 ms, so sound that runs on from a word without a
# silence in between is taken to be that word (rescript ignores ~150 ms of VAD hangover for the
# same reason); only sounds with silence on both sides count.
EDGE_S = 0.05
# A silence must last this long to set a sound apart from a word: stop closures inside words
# last 50-100 ms.
SEPARATION_S = 0.12
LOOK_PAST_FRAMES = 30
CONTEXT_S = 0.3  # audio before a sound that primes the VAD's recurrent state
# The VAD decides in 32 ms windows and lags onsets; most of the sound's length must be speech to it.
VAD_SPEECH_SHARE = 0.6
# A word window shorter than a third of what its letters need at the speaker's rate is an
# alignment failure (Whisper gives some words 0 s), not a fast word.
COLLAPSED_SHARE = 0.33
# Short words take proportionally longer than long ones (every word has a vowel nucleus), so
# durations are compared per (letters + 2), not per letter.
LETTER_OFFSET = 2
# Hesitation sounds (uh, um, er, mm) are voiced; a breath or a rustle is not.
MIN_VOICED_SHARE = 0.5
# [design choice] Prolongation: 3x the duration the speaker's own rate gives a word with that
# many letters, and at least 300 ms longer. Switchboard words are ~1.7x longer before a silent
# pause and ~2.2x before "um"/"uh" (Liberman, Language Log 2014), so 3x is past normal
# phrase-final lengthening (piper's drawn-out "Hi," at length scale 2.0 measured 2.5x).
PROLONG_FACTOR = 3.0
PROLONG_MIN_EXTRA_S = 0.35
PROLONG_MIN_WORDS = 6  # the speaker's rate needs a few words to estimate


@dataclass
class HeardSpan:
    start: float
    end: float
    after_word: int  # index of the word before it, -1 at the start of the take

    def to_dict(self) -> dict:
        return {"start": round(self.start, 3), "end": round(self.end, 3), "after_word": self.after_word}


@dataclass
class Prolongation:
    word: int
    seconds: float
    expected_seconds: float

    def to_dict(self) -> dict:
        return {
            "word": self.word,
            "seconds": round(self.seconds, 3),
            "expected_seconds": round(self.expected_seconds, 3),
        }


def _vad_probs(audio: np.ndarray) -> np.ndarray:
    from faster_whisper.vad import get_vad_model

    pad = (-audio.size) % VAD_WINDOW
    x = np.pad(np.asarray(audio, dtype=np.float32), (0, pad))
    return np.asarray(get_vad_model()(x)).reshape(-1)


def uncovered_gaps(spans: list[tuple[float, float]], total_s: float) -> list[tuple[float, float, int]]:
    """(start, end, index of the word before) for each stretch no word covers."""
    gaps = []
    t, before = 0.0, -1
    for i, (s, e) in enumerate(spans):
        if s > t:
            gaps.append((t, s, before))
        if e >= t:
            t, before = e, i
    if total_s > t:
        gaps.append((t, total_s, before))
    return gaps


def find_unvoiced(
    audio: np.ndarray,
    texts: list[str],
    spans: list[tuple[float, float]],
    pitch: PitchTrack,
    levels: Levels,
    pause_db: float,
    sr: int = SAMPLE_RATE,
) -> list[HeardSpan]:
    """Sounds in the gaps between words, set apart from both neighbours by silence, that the VAD calls speech."""
    total = audio.size / sr
    unreliable = _collapsed_words(texts, spans)
    candidates: list[HeardSpan] = []
    for g0, g1, before in uncovered_gaps(spans, total):
        after = before + 1 if before + 1 < len(spans) else -1
        if g1 - g0 < MIN_HESITATION_S or before in unreliable or after in unreliable:
            continue
        # Look a little past the gap: sound that crosses its edge runs on into a word.
        ga, gb = levels.index(g0), min(levels.db.size, levels.index(g1))
        a, b = max(0, ga - LOOK_PAST_FRAMES), min(levels.db.size, gb + LOOK_PAST_FRAMES)
        sounding = levels.db[a:b] >= pause_db
        # Silences under SEPARATION_S are stop closures or breaths inside speech, not pauses.
        sounding = ~_fill_short(~sounding, int(round(SEPARATION_S / FRAME_S)))
        for r0, r1 in runs(sounding):
            # Only sound wholly inside the gap, with a real pause on both sides, is not a word.
            if a + r0 <= ga and before >= 0 or a + r1 >= gb and after >= 0:
                continue
            s, e = (a + r0) * FRAME_S, (a + r1) * FRAME_S
            if e - s < MIN_HESITATION_S:
                continue
            frames = pitch.window(s, e)
            if frames.sum() == 0 or pitch.voiced[frames].mean() < MIN_VOICED_SHARE:
                continue
            candidates.append(HeardSpan(start=s, end=e, after_word=before))
    return [c for c, speech in zip(candidates, _vad_says_speech(audio, candidates, sr), strict=True) if speech]


def _fill_short(mask: np.ndarray, max_len: int) -> np.ndarray:
    """mask with its True runs shorter than max_len turned False (except runs at either edge)."""
    out = mask.copy()
    for r0, r1 in runs(mask):
        if r1 - r0 < max_len and r0 > 0 and r1 < mask.size:
            out[r0:r1] = False
    return out


def _vad_says_speech(audio: np.ndarray, spans: list[HeardSpan], sr: int) -> list[bool]:
    """One VAD run over all the candidate sounds, each with CONTEXT_S of audio before it: every call
    into the model has a fixed cost, so they are joined (the context re-primes its recurrent state)."""
    if not spans:
        return []
    pieces, where = [], []
    pos = 0
    for h in spans:
        a = max(0, int((h.start - CONTEXT_S) * sr))
        b = min(audio.size, int((h.end + EDGE_S) * sr))
        a = max(0, a - (b - a) % VAD_WINDOW)  # whole windows, so pieces start on window boundaries
        pieces.append(audio[a:b])
        where.append((pos, a))
        pos += b - a
    probs = _vad_probs(np.concatenate(pieces))
    out = []
    for h, (offset, a) in zip(spans, where, strict=True):
        t = a / sr + (np.arange(probs.size) * VAD_WINDOW + VAD_WINDOW / 2 - offset) / sr
        inside = (t >= h.start) & (t < h.end + EDGE_S)
        speech = probs[inside] >= VAD_THRESHOLD
        out.append(bool(speech.size) and float(speech.sum()) * VAD_WINDOW / sr >= MIN_HESITATION_S * VAD_SPEECH_SHARE)
    return out


def _collapsed_words(texts: list[str], spans: list[tuple[float, float]]) -> set[int]:
    """Words whose timestamps are far too short for their letters (Whisper sometimes gives 0 s):
    their sound is somewhere in the gaps next to them, so those gaps prove nothing."""
    durs = [(e - s) / (letters(t) + LETTER_OFFSET) for t, (s, e) in zip(texts, spans, strict=True) if letters(t)]
    if not durs:
        return set()
    per_letter = float(np.median(durs))
    return {
        i
        for i, (t, (s, e)) in enumerate(zip(texts, spans, strict=True))
        if e - s < COLLAPSED_SHARE * per_letter * (letters(t) + LETTER_OFFSET)
    }


def letters(text: str) -> int:
    return sum(map(str.isalnum, text))


def find_prolongations(
    texts: list[str], spans: list[tuple[float, float]], levels: Levels, pause_db: float
) -> list[Prolongation]:
    """Words whose sounding time (pause frames inside the window left out) is far past their letters."""
    sounding = []
    for s, e in spans:
        seg = levels.span(s, e)
        sounding.append(float(np.sum(seg >= pause_db)) * 0.01 if seg.size else 0.0)
    # Digits say nothing about length ("200" is three syllables in English, more in others).
    n_letters = [0 if any(c.isdigit() for c in t) else letters(t) for t in texts]
    rates = [d / (n + LETTER_OFFSET) for d, n in zip(sounding, n_letters, strict=True) if n > 0 and d > 0]
    if len(rates) < PROLONG_MIN_WORDS:
        return []
    per_letter = float(np.median(rates))
    collapsed = _collapsed_words(texts, spans)
    out = []
    for i, (d, n) in enumerate(zip(sounding, n_letters, strict=True)):
        # Next to a word Whisper gave (almost) no time, a long window holds that word's sound too.
        if n == 0 or {i - 1, i + 1} & collapsed:
            continue
        expected = (n + LETTER_OFFSET) * per_letter
        if d >= PROLONG_FACTOR * expected and d - expected >= PROLONG_MIN_EXTRA_S:
            out.append(Prolongation(word=i, seconds=d, expected_seconds=expected))
    return out
