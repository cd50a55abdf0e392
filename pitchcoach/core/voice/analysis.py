"""analyze_voice(): audio + word timings in, a VoiceAnalysis (figures, flags and evidence) out.

Everything here is language-free: it reads the samples, the word timings and sentence-final
punctuation, never the words themselves. The numbers marked [design choice] are explained, with
their evidence, in docs/calibration.md ("Voice delivery").
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.scoring.targets import PACE_MAX_WPM
from pitchcoach.core.voice import hesitation, level, pitch
from pitchcoach.core.voice.hesitation import HeardSpan, Prolongation
from pitchcoach.core.words import FALLBACK_SENTENCE_GAP_S, SENTENCE_END, Word

# --- pitch ---
# [design choice] SD of F0 in semitones (Hincks & Edlund 2009). Hincks (2004) measured speaker
# means of 0.11-0.235 as SD/mean F0 (about 1.9-3.9 st) over 10 s of presentation speech, with the
# flattest 10 s stretches at 0.06 (1.0 st). A take under 1.5 st is flatter than the flattest
# student speaker's average there.
MONOTONE_ST = 1.5
FLAT_SENTENCE_ST = 1.0  # a sentence flatter than Hincks' flattest 10 s stretches
MIN_VOICED_S_SENTENCE = 0.6  # below this a sentence's spread is noise
MIN_VOICED_S_TAKE = 2.0

# --- loudness ---
# [design choice] Active speech level under -40 dBFS is a gain or distance problem: typical
# speech into a laptop or headset mic sits at -30 to -20 dBFS (fixtures: -22 to -31).
QUIET_DBFS = -40.0
# [design choice] Trailing off: the sentence's last word 10 dB or more (half the loudness) under
# the rest of that sentence. Declination makes final words a few dB quieter in fluent speech.
TRAIL_DB = 10.0
TRAIL_MIN_WORDS = 3
# One quiet sentence end is a single slip (and piper's own voice drops the take's very last word
# by up to 12.8 dB); a habit is at least two sentences and 40 % of them.
TRAIL_MIN_SENTENCES = 2
TRAIL_MIN_SHARE = 0.4
# Pitch collapse into creak: the last word sounds (above the pause level) but the tracker finds
# almost no regular voicing, while the rest of the sentence was voiced.
CREAK_MAX_VOICED_SHARE = 0.2
CREAK_MIN_SENTENCE_VOICED_SHARE = 0.45
CREAK_MIN_SOUNDING_S = 0.1

# --- pace ---
WPM_WINDOW_S = 5.0
# [design choice] The final window at least 25 % faster than the median of the earlier ones and
# faster than the pace band's top (170 wpm). Listeners notice tempo changes of about 5-8 %
# (Quené 2007); 25 % is a full step from "conversational" to "fast" in the rubric's bands.
RUSH_RATIO = 1.25
RUSH_MIN_WPM = PACE_MAX_WPM
RUSH_MIN_WINDOWS = 3
# A silent pause is 250 ms or more (Goldman-Eisler 1968; De Jong & Bosker 2013 found ~250 ms the
# best cut-off for fluency measures).
PAUSE_MIN_S = 0.25
NO_PAUSE_MIN_SPEECH_S = 10.0

CONTOUR_STEP_S = 0.02  # what the UI and reports draw: 50 points a second is plenty on screen


@dataclass
class SentenceVoice:
    first_word: int
    last_word: int
    start: float
    end: float
    spread_st: float | None  # None: too little voicing to say
    voiced_seconds: float
    level_dbfs: float | None


@dataclass
class TrailingOff:
    words: list[int]  # the trailed-off words (the sentence's last one or two)
    sentence_first_word: int
    drop_db: float  # how far under the rest of the sentence
    kind: str  # "quieter" or "creak"


@dataclass
class WpmWindow:
    start: float
    end: float
    words: int
    wpm: float


@dataclass
class VoiceAnalysis:
    f0_median_hz: float | None
    f0_spread_semitones: float | None
    level_dbfs: float | None
    level_spread_db: float | None
    sentences: list[SentenceVoice] = field(default_factory=list)
    flat_sentences: list[int] = field(default_factory=list)  # indices into sentences
    monotone: bool = False
    quiet: bool = False
    trails_off: bool = False  # enough sentences trail off to call it a habit
    trailing_off: list[TrailingOff] = field(default_factory=list)
    wpm_windows: list[WpmWindow] = field(default_factory=list)
    rushed_ending: bool = False
    pauses: int = 0  # silent pauses >= 250 ms between the first and the last word
    longest_pause_s: float = 0.0
    no_pause: bool = False
    unvoiced_hesitations: list[HeardSpan] = field(default_factory=list)
    prolongations: list[Prolongation] = field(default_factory=list)
    # For drawing: semitones around the median (None where unvoiced) and dBFS, every CONTOUR_STEP_S.
    contour_step_s: float = CONTOUR_STEP_S
    pitch_st: list[float | None] = field(default_factory=list)
    level_db: list[float] = field(default_factory=list)
    analysis_ms: float = 0.0
    # A stored analysis is written back as it was read (a take exported again must not change):
    # its own keys, in its order, including any this version does not know.
    source_keys: tuple[str, ...] | None = field(default=None, repr=False, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Equal to ``dataclasses.asdict(self)``, which deep-copies the two contours float by float: that took
        ~150 ms of a 20 s take's whole-file analysis, more than the pitch tracker."""
        d: dict[str, Any] = {}
        for f in fields(self):
            if f.name in ("source_keys", "extra"):
                continue
            v = getattr(self, f.name)
            if f.name in ("pitch_st", "level_db"):
                v = list(v)  # floats and None only
            elif isinstance(v, list):
                v = [asdict(x) if is_dataclass(x) and not isinstance(x, type) else x for x in v]
            d[f.name] = v
        if self.source_keys is None:
            return d
        return {k: self.extra[k] if k in self.extra else d[k] for k in self.source_keys}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> VoiceAnalysis:
        keys = tuple(d)
        d = dict(d)
        d["sentences"] = [SentenceVoice(**s) for s in d.get("sentences", [])]
        d["trailing_off"] = [TrailingOff(**t) for t in d.get("trailing_off", [])]
        d["wpm_windows"] = [WpmWindow(**w) for w in d.get("wpm_windows", [])]
        d["unvoiced_hesitations"] = [HeardSpan(**h) for h in d.get("unvoiced_hesitations", [])]
        d["prolongations"] = [Prolongation(**p) for p in d.get("prolongations", [])]
        known = set(cls.__dataclass_fields__) - {"source_keys", "extra"}
        extra = {k: v for k, v in d.items() if k not in known}
        return cls(**{k: v for k, v in d.items() if k in known}, source_keys=keys, extra=extra)

    def metrics(self, words: Sequence[Word] = ()) -> dict[str, Any]:
        """The summary `analyze --json` prints under metrics.voice."""

        def word_text(i: int) -> str:
            return words[i].text.strip() if 0 <= i < len(words) else ""

        return {
            "f0_median_hz": _r(self.f0_median_hz, 1),
            "f0_spread_semitones": _r(self.f0_spread_semitones, 2),
            "flat_sentences": len(self.flat_sentences),
            "level_dbfs": _r(self.level_dbfs, 1),
            "level_spread_db": _r(self.level_spread_db, 1),
            "trailing_off": {
                "count": len(self.trailing_off),
                "words": [" ".join(word_text(i) for i in t.words) for t in self.trailing_off],
            },
            "wpm_windows": [
                {"start": round(w.start, 2), "end": round(w.end, 2), "wpm": round(w.wpm, 1)} for w in self.wpm_windows
            ],
            "rushed_ending": self.rushed_ending,
            "pauses": self.pauses,
            "unvoiced_hesitations": len(self.unvoiced_hesitations),
            "prolongations": len(self.prolongations),
            "analysis_ms": round(self.analysis_ms, 1),
        }


def _r(x: float | None, nd: int) -> float | None:
    return None if x is None else round(x, nd)


def split_sentences(texts: Sequence[str], spans: Sequence[tuple[float, float]]) -> list[tuple[int, int]]:
    """(first, last) word indices per sentence, from sentence-final punctuation or long gaps."""
    n = len(texts)
    if n == 0:
        return []
    ends = [t.rstrip().rstrip("\"'”’)]") for t in texts]
    marked = [bool(e) and e[-1] in SENTENCE_END and not e.endswith("...") for e in ends]
    use_gaps = not any(marked)
    out, first = [], 0
    for i in range(n):
        boundary = marked[i] or (use_gaps and i + 1 < n and spans[i + 1][0] - spans[i][1] >= FALLBACK_SENTENCE_GAP_S)
        if boundary or i == n - 1:
            out.append((first, i))
            first = i + 1
    return out


@dataclass
class VoiceSignals:
    """What the voice analysis reads from the samples alone. It needs no words, so on the live path
    it is computed while the last words are still being decoded."""

    track: pitch.PitchTrack
    levels: level.Levels
    ms: float


def voice_signals(
    audio: np.ndarray, sr: int = SAMPLE_RATE, incremental: pitch.IncrementalTrack | None = None
) -> VoiceSignals:
    """incremental: the live take's track so far (only what it has not tracked yet is tracked now)."""
    t0 = time.perf_counter()
    audio = np.asarray(audio, dtype=np.float32).reshape(-1)
    if incremental is None:
        # In the same 4 s blocks as a live take's track: RAPT holds Python's lock for a whole call, and
        # one call over a long file froze the window (a worker analysing a file) for that long; the
        # blocks also make a whole-file track match the live take's block for block.
        incremental = pitch.IncrementalTrack(sr)
        incremental.advance(audio)
    track = incremental.finish(audio)
    levels = level.frame_levels(audio, sr)
    return VoiceSignals(track, levels, (time.perf_counter() - t0) * 1000.0)


def analyze_voice(
    audio: np.ndarray, words: Sequence[Word], sr: int = SAMPLE_RATE, signals: VoiceSignals | None = None
) -> VoiceAnalysis:
    """Words are anything with .text, .start and .end (transcript Words). analysis_ms counts the
    signals too, wherever they were computed."""
    t0 = time.perf_counter()
    audio = np.asarray(audio, dtype=np.float32).reshape(-1)
    texts = [w.text for w in words]
    spans = [(float(w.start), float(max(w.start, w.end))) for w in words]

    given = signals is not None
    if signals is None:
        signals = voice_signals(audio, sr)
    track, levels = signals.track, signals.levels
    speech_db = level.speech_level(levels, spans)
    median_hz = track.median_hz()
    st = track.semitones(median_hz) if median_hz else np.full(track.f0.shape, np.nan)

    va = VoiceAnalysis(f0_median_hz=median_hz, f0_spread_semitones=None, level_dbfs=speech_db, level_spread_db=None)
    sentences = split_sentences(texts, spans)
    pause_db = level.pause_threshold(levels, speech_db) if speech_db is not None else level.FLOOR_DB

    word_levels = [levels.word_level(s, e) for s, e in spans]
    _pitch_figures(va, track, st, sentences, spans, word_levels)
    if speech_db is not None:
        known = [x for x in word_levels if x is not None]
        if len(known) >= 2:
            va.level_spread_db = float(np.percentile(known, 90) - np.percentile(known, 10))
        va.quiet = speech_db < QUIET_DBFS
        va.trailing_off = _trailing_off(sentences, spans, word_levels, levels, track, pause_db)
        long_enough = sum(1 for a, b in sentences if b - a + 1 >= TRAIL_MIN_WORDS)
        va.trails_off = len(va.trailing_off) >= max(TRAIL_MIN_SENTENCES, TRAIL_MIN_SHARE * long_enough)
        if spans:
            runs = level.silent_runs(levels, pause_db, spans[0][0], spans[-1][1], PAUSE_MIN_S)
            va.pauses = len(runs)
            va.longest_pause_s = max((e - s for s, e in runs), default=0.0)
            va.no_pause = not runs and spans[-1][1] - spans[0][0] >= NO_PAUSE_MIN_SPEECH_S
        va.prolongations = hesitation.find_prolongations(texts, spans, levels, pause_db)
        va.unvoiced_hesitations = hesitation.find_unvoiced(audio, texts, spans, track, levels, pause_db, sr)
    va.wpm_windows = wpm_windows(spans)
    va.rushed_ending = speech_db is not None and is_rushed(va.wpm_windows, texts, spans, levels, pause_db)
    _contours(va, track, st, levels)
    va.analysis_ms = (time.perf_counter() - t0) * 1000.0 + (signals.ms if given else 0.0)
    return va


def _pitch_figures(
    va: VoiceAnalysis,
    track: pitch.PitchTrack,
    st: np.ndarray,
    sentences: list[tuple[int, int]],
    spans: list[tuple[float, float]],
    word_levels: list[float | None],
) -> None:
    if spans:
        take = track.window(spans[0][0], spans[-1][1])
        if np.sum(~np.isnan(st[take])) * pitch.HOP_S >= MIN_VOICED_S_TAKE:
            va.f0_spread_semitones = pitch.spread_st(st[take])
    for si, (a, b) in enumerate(sentences):
        s, e = spans[a][0], spans[b][1]
        m = track.window(s, e)
        voiced_s = float(np.sum(~np.isnan(st[m]))) * pitch.HOP_S
        spread = pitch.spread_st(st[m]) if voiced_s >= MIN_VOICED_S_SENTENCE else None
        lv = [x for x in word_levels[a : b + 1] if x is not None]
        va.sentences.append(SentenceVoice(a, b, s, e, spread, voiced_s, float(statistics.median(lv)) if lv else None))
        if spread is not None and spread < FLAT_SENTENCE_ST:
            va.flat_sentences.append(si)
    va.monotone = va.f0_spread_semitones is not None and va.f0_spread_semitones < MONOTONE_ST


def _trailing_off(
    sentences: list[tuple[int, int]],
    spans: list[tuple[float, float]],
    word_levels: list[float | None],
    levels: level.Levels,
    track: pitch.PitchTrack,
    pause_db: float,
) -> list[TrailingOff]:
    out = []
    for a, b in sentences:
        if b - a + 1 < TRAIL_MIN_WORDS:
            continue
        body = [x for x in word_levels[a : b - 1] if x is not None]  # all but the last two words
        last = word_levels[b]
        if not body or last is None:
            continue
        ref = float(statistics.median(body))
        if last <= ref - TRAIL_DB:
            marked = [b]
            before = word_levels[b - 1]
            if before is not None and before <= ref - TRAIL_DB:
                marked.insert(0, b - 1)
            out.append(TrailingOff(words=marked, sentence_first_word=a, drop_db=ref - last, kind="quieter"))
            continue
        # Creak: the word still sounds, but regular voicing is gone.
        s, e = spans[b]
        frames = track.window(s, e)
        lv = levels.db[np.clip((track.times[frames] / level.FRAME_S).astype(int), 0, max(0, levels.db.size - 1))]
        sounding = lv >= pause_db
        if sounding.sum() * pitch.HOP_S < CREAK_MIN_SOUNDING_S:
            continue
        share = float(track.voiced[frames][sounding].mean())
        body_frames = track.window(spans[a][0], spans[b - 1][1])
        blv = levels.db[np.clip((track.times[body_frames] / level.FRAME_S).astype(int), 0, max(0, levels.db.size - 1))]
        bsound = blv >= pause_db
        body_share = float(track.voiced[body_frames][bsound].mean()) if bsound.any() else 0.0
        if share <= CREAK_MAX_VOICED_SHARE and body_share >= CREAK_MIN_SENTENCE_VOICED_SHARE:
            out.append(TrailingOff(words=[b], sentence_first_word=a, drop_db=ref - last, kind="creak"))
    return out


def wpm_windows(spans: Sequence[tuple[float, float]]) -> list[WpmWindow]:
    """Words per minute in consecutive 5 s windows from the first word; a short last window joins the one before."""
    if not spans:
        return []
    t0, t_end = spans[0][0], spans[-1][1]
    edges = [t0]
    while edges[-1] + WPM_WINDOW_S < t_end:
        edges.append(edges[-1] + WPM_WINDOW_S)
    edges.append(t_end)
    if len(edges) > 2 and edges[-1] - edges[-2] < WPM_WINDOW_S / 2:
        del edges[-2]
    mids = [(s + e) / 2 for s, e in spans]
    out = []
    for i in range(len(edges) - 1):
        lo, hi = edges[i], edges[i + 1]
        last = i == len(edges) - 2
        n = sum(1 for m in mids if lo <= m < hi or (last and m == hi))
        dur = hi - lo
        out.append(WpmWindow(lo, hi, n, 60.0 * n / dur if dur > 0 else 0.0))
    return out


def window_rates(windows: Sequence[WpmWindow], words: Sequence[Word], count: Callable[[str], int]) -> list[float]:
    """The pace in each 5 s window counted in a language's own units (``LanguageProfile.count_units``):
    Mandarin's characters per minute, since Whisper's Chinese "words" are tokens of one to a few characters
    and their count is no pace. A word belongs to the window its midpoint falls in, as in wpm_windows."""
    mids = [((float(w.start) + float(w.end)) / 2, count(w.text)) for w in words]
    rates = []
    for k, win in enumerate(windows):
        last = k == len(windows) - 1
        n = sum(c for m, c in mids if win.start <= m < win.end or (last and m == win.end))
        dur = win.end - win.start
        rates.append(60.0 * n / dur if dur > 0 else 0.0)
    return rates


def is_rushed(
    windows: Sequence[WpmWindow],
    texts: Sequence[str],
    spans: Sequence[tuple[float, float]],
    levels: level.Levels,
    pause_db: float,
) -> bool:
    """The last window is fast, and its articulation is faster than the rest of the take's.

    Letters per second of sound (silent pauses left out), not words per minute, for the
    comparison: five short words ("call me now for a") are not faster speech than three long ones
    ("analytics, dashboards, reporting"), and a long take's sentence breaks would otherwise make
    any pause-free last 5 s look rushed.
    """
    if len(windows) < RUSH_MIN_WINDOWS or windows[-1].wpm <= RUSH_MIN_WPM:
        return False
    cut = windows[-1].start
    mids = [(s + e) / 2 for s, e in spans]
    n = [hesitation.letters(t) for t in texts]
    early = sum(k for k, m in zip(n, mids, strict=True) if m < cut)
    late = sum(k for k, m in zip(n, mids, strict=True) if m >= cut)
    t_early = _sounding_seconds(levels, pause_db, spans[0][0], cut)
    t_late = _sounding_seconds(levels, pause_db, cut, spans[-1][1])
    if t_early <= 0 or t_late <= 0 or early == 0:
        return False
    return (late / t_late) >= RUSH_RATIO * (early / t_early)


def _sounding_seconds(levels: level.Levels, pause_db: float, start: float, end: float) -> float:
    quiet = sum(e - s for s, e in level.silent_runs(levels, pause_db, start, end, PAUSE_MIN_S))
    return max(0.0, end - start - quiet)


def _contours(va: VoiceAnalysis, track: pitch.PitchTrack, st: np.ndarray, levels: level.Levels) -> None:
    step = max(1, int(round(CONTOUR_STEP_S / pitch.HOP_S)))
    p = np.round(st[::step], 2)
    va.pitch_st = [None if x != x else x for x in p.tolist()]  # x != x: NaN, an unvoiced frame
    lstep = max(1, int(round(CONTOUR_STEP_S / level.FRAME_S)))
    va.level_db = np.round(levels.db[::lstep], 1).tolist()
