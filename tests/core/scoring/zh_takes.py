"""Mandarin takes for the scoring tests and the calibration script: a real clip transcribed by the
multilingual base model with language="zh" (as issue 24's Mandarin path decodes it: beam 5, VAD, word
timestamps, a Simplified-Chinese prompt), with its voice analysis, as a Transcript to score.

Built here until the Mandarin transcription path lands in core: the Transcript is the same data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pitchcoach.core.analysis import attach_voice
from pitchcoach.core.audio import decode_audio
from pitchcoach.core.transcript import Segment, Transcript, Word
from pitchcoach.core.voice import voice_signals

ZH_PROMPT = "以下是普通话的自我介绍。"


def transcribe_zh(whisper: Any, path: Path, beam_size: int = 1) -> Transcript:
    audio = decode_audio(path)
    segs, info = whisper.transcribe(
        audio,
        language="zh",
        beam_size=beam_size,
        vad_filter=True,
        word_timestamps=True,
        initial_prompt=ZH_PROMPT,
        condition_on_previous_text=False,
    )
    words: list[Word] = []
    segments: list[Segment] = []
    for s in segs:
        start, end = round(s.start, 3), round(s.end, 3)
        segments.append(Segment(start, end, s.text.strip(), s.avg_logprob, s.no_speech_prob, s.compression_ratio))
        for w in s.words or []:
            if w.word.strip():
                words.append(Word(w.word.strip(), round(w.start, 3), round(w.end, 3), float(w.probability)))
    vad = float(info.duration_after_vad) if getattr(info, "duration_after_vad", None) is not None else None
    t = Transcript(
        words=words,
        segments=segments,
        audio_seconds=len(audio) / 16000,
        vad_speech_seconds=vad,
        language="zh",
        language_probability=float(info.language_probability),
        model="base (multilingual, bundled)",
    )
    attach_voice(t, audio, voice_signals(audio))
    return t
