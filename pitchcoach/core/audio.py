"""Reading audio files into the 16 kHz mono float32 the model wants.

Decoding goes through faster-whisper's PyAV decoder, so every container FFmpeg
knows (wav, flac, mp3, ogg, m4a, aiff...) works at any rate and channel count.
Every failure becomes an AudioError whose message names the problem and the fix.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

from pitchcoach.core.errors import UserFacingError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
# Anything shorter cannot hold a word; treat it as empty rather than scoring noise.
MIN_SECONDS = 0.1
SUPPORTED_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".aiff", ".aif", ".webm")


class AudioError(UserFacingError):
    """An audio file could not be used. The message is one line, for the user."""


def decode_audio(path: str | os.PathLike[str]) -> np.ndarray:
    p = Path(path)
    if not p.exists():
        raise AudioError(f"File not found: {p}. Check the path and try again.")
    if p.is_dir():
        raise AudioError(f"{p} is a folder, not an audio file. Choose a file inside it.")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise AudioError(f"Cannot read {p.name}: {exc.strerror}. Check the file's permissions.") from exc
    if size == 0:
        raise AudioError(f"{p.name} is empty (0 bytes). Record again or choose another file.")
    if not os.access(p, os.R_OK):
        raise AudioError(f"Permission denied reading {p.name}. Check the file's permissions.")

    from faster_whisper.audio import decode_audio as fw_decode

    try:
        audio = fw_decode(str(p), sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # PyAV raises its own error tree (InvalidDataError, EOFError...)
        # The decoder's own words (ffmpeg's "Invalid data found when processing input") help us,
        # not the user: they go to the log, and the user is told what the file is in plain words.
        log.info("decode failed for %s: %s", p, _reason(exc))
        raise AudioError(_unreadable_message(p)) from exc
    audio = np.asarray(audio, dtype=np.float32)
    if audio.ndim != 1:
        audio = audio.reshape(-1)
    if audio.size < MIN_SECONDS * SAMPLE_RATE:
        raise AudioError(
            f"{p.name} contains no usable audio (it may be truncated). Record again or choose another file."
        )
    if not np.all(np.isfinite(audio)):
        raise AudioError(f"{p.name} contains invalid samples (it may be corrupt). Choose another file.")
    return audio


AUDIO_SUFFIXES = frozenset({".wav", ".wave", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".aif", ".aiff"})
FORMATS_HINT = "Choose a recording in WAV, FLAC, MP3, OGG, M4A or AIFF."
# Leading bytes of files people drop by mistake, so the message can say what the file is.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"SQLite format 3\x00", "a database file"),
)


def _what_it_is(p: Path) -> str | None:
    try:
        with p.open("rb") as f:
            head = f.read(512)
    except OSError:
        return None
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text and sum(ch.isprintable() or ch.isspace() for ch in text) >= 0.95 * len(text):
        return "a text file"
    return None


def _unreadable_message(p: Path) -> str:
    """Why a file that exists and has bytes still isn't audio, in words a user can act on."""
    kind = _what_it_is(p)
    if kind is not None:
        return f"{p.name} is {kind}, not a recording. {FORMATS_HINT}"
    if p.suffix.lower() in AUDIO_SUFFIXES:
        label = p.suffix.lstrip(".").upper()
        return (
            f"{p.name} is named like a {label} file, but its contents can't be read as audio: it may be damaged "
            "or only partly copied. Copy or export it again from where it came from, or record the take again."
        )
    return f"{p.name} is not an audio file PitchCoach can read. {FORMATS_HINT}"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    # PyAV messages carry errno prefixes and the full path; keep them short.
    text = text.replace("[Errno 1094995529] ", "")
    return text[:120]


def resample(x: np.ndarray, sr_from: int, sr_to: int = SAMPLE_RATE) -> np.ndarray:
    """Band-limited resampling via PyAV's libswresample (already a dependency)."""
    x = np.asarray(x, dtype=np.float32).reshape(-1)
    if sr_from == sr_to or x.size == 0:
        return x.copy()
    import av

    frame = av.AudioFrame.from_ndarray(x.reshape(1, -1), format="flt", layout="mono")
    frame.sample_rate = int(sr_from)
    rs = av.AudioResampler(format="flt", layout="mono", rate=int(sr_to))
    out = [f.to_ndarray().reshape(-1) for f in rs.resample(frame)]
    out += [f.to_ndarray().reshape(-1) for f in rs.resample(None)]
    return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)


def rms_db(x: np.ndarray) -> float:
    """RMS level in dBFS; -120 for digital silence so callers never see -inf."""
    if x.size == 0:
        return -120.0
    r = float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))
    return 20.0 * np.log10(r) if r > 1e-6 else -120.0
