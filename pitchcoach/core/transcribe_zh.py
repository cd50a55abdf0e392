"""What Mandarin transcription adds to the decode (issue 24): Simplified output, and no invented captions.

* The decode is told ``language="zh"`` and given a Simplified initial prompt, which makes Whisper
  write Simplified most of the time; OpenCC's t2s conversion of every word and segment is the
  guarantee (a Traditional character in the transcript would miss every Simplified lexicon).
* Whisper base writes video-caption lines (谢谢观看, 字幕由…提供, 请不吝点赞…) on silence and in the
  pause after the last word, and now and then repeats its own prompt. Such a line is dropped when
  VAD heard no speech under it; the same words over real speech are kept.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import replace
from importlib import resources

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.transcript import Segment, Word

log = logging.getLogger(__name__)

# Simplified, and written the way a spoken introduction is: Whisper continues in the prompt's script.
# Fillers are in it so that the decoder keeps more of the 嗯/呃 it is trained to drop (as the English
# prompt does with "Um, uh").
ZH_PROMPT = "嗯，以下是普通话的自我介绍。"
# A dropped line must have less than this share of its span under VAD speech.
MAX_SPEECH_SHARE = 0.2
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


@functools.cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters (OpenCC t2s); anything else is left as it is."""
    if not text:
        return text
    return str(_converter().convert(text))  # type: ignore[attr-defined]


def _key(text: str) -> str:
    return _PUNCT.sub("", to_simplified(text))


@functools.cache
def hallucination_patterns() -> tuple[re.Pattern[str], ...]:
    """The packaged lines (lexicons/zh/hallucinations.txt) as whole-line patterns, plus the prompt."""
    raw = resources.files("pitchcoach.core.lexicons").joinpath("zh").joinpath("hallucinations.txt").read_text("utf-8")
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    lines.append(ZH_PROMPT)
    pats = []
    for ln in lines:
        parts = [re.escape(_key(p)) for p in ln.split("…")]
        pats.append(re.compile(".*?".join(parts)))
    return tuple(pats)


def is_stock_line(text: str) -> bool:
    """Whether a decoded line is one of the captions Whisper invents (or its prompt), as written."""
    key = _key(text)
    return bool(key) and any(p.fullmatch(key) for p in hallucination_patterns())


def speech_share(start: float, end: float, regions: list[tuple[int, int]]) -> float:
    """The share of [start, end] (seconds) that lies under VAD speech ``regions`` (samples)."""
    if end <= start:
        return 0.0
    a, b = start * SAMPLE_RATE, end * SAMPLE_RATE
    covered = sum(max(0.0, min(b, e) - max(a, s)) for s, e in regions)
    return covered / (b - a)


def clean_zh(
    words: list[Word], segments: list[Segment], regions: list[tuple[int, int]]
) -> tuple[list[Word], list[Segment]]:
    """Words and segments of one decoded span in Simplified, with invented caption lines dropped.

    ``regions`` are the VAD speech regions of the whole audio, in samples; times are in audio time.
    """
    kept: list[Segment] = []
    dropped: list[Segment] = []
    for seg in segments:
        if is_stock_line(seg.text) and speech_share(seg.start, seg.end, regions) < MAX_SPEECH_SHARE:
            dropped.append(seg)
            log.info("dropped %r: a caption line Whisper writes where no speech was heard", seg.text)
            continue
        kept.append(replace(seg, text=to_simplified(seg.text)))
    out: list[Word] = []
    for w in words:
        mid = (w.start + w.end) / 2
        if any(s.start - 0.01 <= mid <= s.end + 0.01 for s in dropped) and not any(
            s.start <= mid <= s.end for s in kept
        ):
            continue
        out.append(replace(w, text=to_simplified(w.text)))
    return out, kept
