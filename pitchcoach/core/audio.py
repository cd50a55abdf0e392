"""Audio at 16 kHz mono float32, the rate the model wants: reading files, resampling, levels.

Decoding goes through faster-whisper's PyAV decoder, so every container FFmpeg
knows (wav, flac, mp3, ogg, m4a, aiff...) works at any rate and channel count.
Every failure becomes an AudioError whose message names the problem and the fix.

Two kinds of damage the decoder hides are checked on the side (``_inspect``): NaN or infinite
samples in a float file, which the decoder's conversion to 16-bit turns into full-scale -1.0 (a
take "with no speech"), are refused; and a file cut short (a WAV whose data stops before its
header says, or mid-frame; a FLAC or other file shorter than its declared length) is still
scored, with a note that it ended early.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.messages import Message, msg

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
# Mono float32 samples in [-1, 1]: what passes from the recorder or a file to transcription and
# playback. At SAMPLE_RATE unless the name or an argument says another rate.
Samples = npt.NDArray[np.float32]
# dBFS reported for digital silence, so levels (and the meter) have a finite floor.
SILENCE_DB = -120.0
# A sample this close to full scale counts as clipped (the take's clipped_fraction).
CLIP_LEVEL = 0.999
# Anything shorter cannot hold a word; treat it as empty rather than scoring noise.
MIN_SECONDS = 0.1
SUPPORTED_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".aiff", ".aif", ".webm")


class AudioError(UserFacingError):
    """An audio file could not be used. The message is one line, for the user; ``msg`` is the same in the
    catalog (audio.* in messages/<lang>/errors.toml), for an interface in another language."""


def decode_audio(path: str | os.PathLike[str]) -> Samples:
    """The file's samples (16 kHz mono float32), or AudioError. Damage notes go to the log only."""
    return decode_audio_with_notes(path)[0]


def decode_audio_with_notes(path: str | os.PathLike[str]) -> tuple[Samples, list[str]]:
    """The samples plus notes about damage the take was still scored despite (e.g. it ended early).

    A file longer than MAX_FILE_SECONDS is refused before decoding when its header says so, and the
    decode stops as soon as it passes the limit when the header is missing or lies (issue 23: a
    3-hour FLAC used 4.3 GB), so memory stays bounded for any input.
    """
    p = check_audio_file(path)
    facts = _inspect(p)
    if facts.length_seconds is not None and facts.length_seconds > MAX_FILE_SECONDS + _LIMIT_SLACK_S:
        raise AudioError(msg=too_long_message(p, facts.length_seconds))
    if facts.nonfinite:
        raise AudioError(
            f"{p.name} contains invalid samples (NaN or infinite values, which no recorder writes): the file is "
            "damaged or was made by a faulty program. Export or record it again.",
            msg("audio.nonfinite", name=p.name),
        )
    try:
        audio = _decode_capped(p, int((MAX_FILE_SECONDS + _LIMIT_SLACK_S) * SAMPLE_RATE))
    except AudioError:  # longer than the limit
        raise
    except Exception as exc:  # PyAV raises its own error tree (InvalidDataError, EOFError...)
        # The decoder's own words (ffmpeg's "Invalid data found when processing input") help us,
        # not the user: they go to the log, and the user is told what the file is in plain words.
        log.info("decode failed for %s: %s", p, _reason(exc))
        raise AudioError(*_unreadable_message(p)) from exc
    if audio.size < MIN_SECONDS * SAMPLE_RATE:
        raise AudioError(
            f"{p.name} contains no usable audio (it may be truncated). Record again or choose another file.",
            msg("audio.no_audio", name=p.name),
        )
    if not np.all(np.isfinite(audio)):
        raise AudioError(
            f"{p.name} contains invalid samples (it may be corrupt). Choose another file.",
            msg("audio.corrupt_samples", name=p.name),
        )
    notes = _damage_notes(p, facts, audio.size / SAMPLE_RATE)
    for note in notes:
        log.info("%s: %s", p, note)
    return audio, notes


def check_audio_file(path: str | os.PathLike[str]) -> Path:
    """``path`` if it is a readable regular file with bytes in it, else AudioError saying what it is.

    Only stats the file, never opens it: opening a FIFO would wait for a writer that may never come.
    """
    p = Path(path)
    try:
        st = os.stat(p)  # follows links: a link to a recording is fine
    except OSError as exc:
        raise AudioError(*_stat_failure(p, exc)) from exc
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise AudioError(
            f"{p.name} is a folder, not an audio file. Choose a file inside it.", msg("audio.folder", name=p.name)
        )
    if stat.S_ISFIFO(mode):
        raise AudioError(
            f"{p.name} is a named pipe (FIFO), not a file: sound only flows through it while another program "
            "writes into it. Save the recording to a file and open that.",
            msg("audio.fifo", name=p.name),
        )
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise AudioError(f"{p} is a device, not a recording. {FORMATS_HINT}", msg("audio.device", name=str(p)))
    if not stat.S_ISREG(mode):
        raise AudioError(
            f"{p.name} is a special file (such as a socket), not a recording. {FORMATS_HINT}",
            msg("audio.special", name=p.name),
        )
    if st.st_size == 0:
        raise AudioError(
            f"{p.name} is empty (0 bytes). Record again or choose another file.", msg("audio.empty", name=p.name)
        )
    if not os.access(p, os.R_OK):
        raise AudioError(
            f"Permission denied reading {p.name}. Check the file's permissions.",
            msg("audio.no_permission", name=p.name),
        )
    return p


def _stat_failure(p: Path, exc: OSError) -> tuple[str, Message | None]:
    """(the English message, the same as a catalog message)."""
    if exc.errno == errno.ELOOP:
        return (
            f"{p.name} is a symbolic link that leads round in a loop (it ends up pointing back at itself), so there "
            "is no file behind it. Fix or remove the link, or choose the recording itself.",
            msg("audio.link_loop", name=p.name),
        )
    if exc.errno == errno.ENOENT and os.path.islink(p):
        target = os.readlink(p)
        return (
            f"{p.name} is a link to {target}, which no longer exists. Choose the recording itself, or fix the link.",
            msg("audio.link_broken", name=p.name, target=str(target)),
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"File not found: {p}. Check the path and try again.", msg("audio.not_found", path=str(p))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (
            f"Permission denied reading {p.name}. Check the permissions of the file and its folder.",
            msg("audio.no_permission_folder", name=p.name),
        )
    if exc.errno == errno.ENAMETOOLONG:
        return (
            f"The file name {p.name[:40]}… is too long to open ({len(str(p))} characters). Rename it shorter.",
            msg("audio.name_too_long", start=p.name[:40], length=len(str(p))),
        )
    return f"Cannot read {p.name}: {exc.strerror}. Check the file's permissions.", None


# The longest file analysed, and the recorder's cap (core.recorder.MAX_TAKE_SECONDS): past 3 minutes a
# take is no longer an introduction. Memory grows with length (issue 23: a 3-hour FLAC took 4.3 GB):
# importing 3 minutes of speech in the app peaks at 573-578 MB, just inside the 600 MB budget
# (docs/reliability.md has the figures), so a longer limit needs the analysis to use less first.
MAX_FILE_SECONDS = 180.0
# Encoders pad a few frames, and a 3:00 export may say 3:00.2: not worth refusing.
_LIMIT_SLACK_S = 1.0


def too_long_message(p: Path, seconds: float | None) -> Message:
    """A file past the longest take, with its length as people say it (3 h 0 min, 12 min 5 s, 42 s)."""
    limit = f"{MAX_FILE_SECONDS / 60:g}"
    if seconds is None:
        return msg("audio.too_long.unknown", name=p.name, limit=limit)
    s = int(round(seconds))
    if s >= 3600:
        return msg("audio.too_long.hours", name=p.name, h=s // 3600, m=s % 3600 // 60, limit=limit)
    if s >= 60:
        return msg("audio.too_long.minutes", name=p.name, m=s // 60, s=s % 60, limit=limit)
    return msg("audio.too_long.seconds", name=p.name, s=s, limit=limit)


def _decode_capped(p: Path, max_samples: int) -> Samples:
    """faster-whisper's decode (``faster_whisper.audio.decode_audio``: PyAV frames in groups of 500,000
    samples, resampled to 16 kHz mono s16, then scaled to float32), step for step so the samples are
    the same, except that it stops with AudioError once more than ``max_samples`` came out (the header
    did not say how long the file is, or lied)."""
    import io

    import av
    from faster_whisper.audio import _group_frames, _ignore_invalid_frames, _resample_frames

    resampler = av.audio.resampler.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    raw = io.BytesIO()
    count = 0
    try:
        with av.open(str(p), mode="r", metadata_errors="ignore") as container:
            frames = _resample_frames(
                _group_frames(_ignore_invalid_frames(container.decode(audio=0)), 500000), resampler
            )
            for frame in frames:
                array = frame.to_ndarray()
                count += array.size
                if count > max_samples:
                    raise AudioError(msg=too_long_message(p, None))
                raw.write(array.astype("<i2", copy=False).tobytes())
    finally:
        # PyAV's resampler is freed only by a collection (PyAV issue 390), which faster-whisper forces
        # here with gc.collect(). Not here: this runs on worker threads, and a collection there also
        # destroys whatever cyclic Qt garbage the window left, off the GUI thread (a segfault in the UI
        # tests). The app runs its collections on the GUI thread (pitchcoach/ui/gc_policy.py); they free
        # the resampler (a few kB) soon enough.
        del resampler
    return np.frombuffer(raw.getbuffer(), dtype="<i2").astype(np.float32) / np.float32(32768.0)


@dataclass
class _Facts:
    nonfinite: bool = False
    declared_seconds: float | None = None  # the length the container's header promises
    wav_short_by: int = 0  # bytes a WAV's data chunk is missing against its header
    wav_partial_frame: bool = False  # the WAV data stops inside a sample frame
    # The longest the file says it is, by any account (stream, container estimate, a WAV's bytes):
    # checked against the length limit before anything is decoded.
    length_seconds: float | None = None

    def longest(self, seconds: float | None) -> None:
        if seconds is not None and seconds > 0:
            self.length_seconds = max(self.length_seconds or 0.0, seconds)


# Tolerance before "ended early" is claimed: encoder padding and header rounding are a few ms.
_EARLY_END_SLACK_S = 0.05


def _inspect(p: Path) -> _Facts:
    """What the decoder will not tell: non-finite float samples, and a length shorter than declared.

    Never raises: anything it cannot work out is left for the decoder to judge.
    """
    facts = _Facts()
    _inspect_wav_header(p, facts)
    try:
        import av

        with av.open(str(p), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                return facts
            stream = container.streams.audio[0]
            if stream.duration and stream.time_base:
                facts.declared_seconds = float(stream.duration * stream.time_base)
            facts.longest(facts.declared_seconds)
            if container.duration:  # microseconds; estimated from the bit rate when nothing says
                facts.longest(container.duration / 1e6)
            if facts.length_seconds is not None and facts.length_seconds > MAX_FILE_SECONDS + _LIMIT_SLACK_S:
                return facts  # refused for its length: nothing more to read
            # Only raw float PCM can carry NaN/inf to the decoder's output; compressed codecs decode
            # to finite values. Raw PCM decodes at memory speed, so this pass is cheap; it stops at the
            # length limit, past which the decode refuses the file anyway.
            if stream.codec_context.name.startswith("pcm_f"):
                seen, most = 0.0, MAX_FILE_SECONDS + _LIMIT_SLACK_S
                for frame in container.decode(stream):
                    if not np.all(np.isfinite(frame.to_ndarray())):
                        facts.nonfinite = True
                        break
                    seen += frame.samples / (frame.sample_rate or SAMPLE_RATE)
                    if seen > most:
                        break
    except Exception:  # the decoder proper reports unreadable files
        log.debug("inspecting %s failed", p, exc_info=True)
    return facts


def _inspect_wav_header(p: Path, facts: _Facts) -> None:
    """ffmpeg trims a WAV's length to what is on disk, so a cut-short WAV looks whole to it: read the
    RIFF header ourselves and compare the data chunk's declared size with the bytes present."""
    try:
        with p.open("rb") as f:
            head = f.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return
            size = p.stat().st_size
            block_align = byte_rate = 0
            while True:
                hdr = f.read(8)
                if len(hdr) < 8:
                    return
                cid, clen = hdr[:4], struct.unpack("<I", hdr[4:])[0]
                if cid == b"fmt ":
                    fmt = f.read(min(clen, 16))
                    if len(fmt) >= 14:
                        byte_rate, block_align = struct.unpack("<IH", fmt[8:14])
                    f.seek(clen - len(fmt) + (clen & 1), os.SEEK_CUR)
                elif cid == b"data":
                    available = size - f.tell()
                    if clen not in (0, 0xFFFFFFFF) and available < clen:
                        facts.wav_short_by = clen - available
                    present = min(available, clen) if clen not in (0, 0xFFFFFFFF) else available
                    if block_align and present % block_align:
                        facts.wav_partial_frame = True
                    if byte_rate:  # ffmpeg reads to the end of a file whose header gives no size
                        facts.longest(present / byte_rate)
                    return
                else:
                    f.seek(clen + (clen & 1), os.SEEK_CUR)
    except (OSError, struct.error):
        return


def _damage_notes(p: Path, facts: _Facts, decoded_seconds: float) -> list[str]:
    declared = facts.declared_seconds
    if facts.wav_short_by or facts.wav_partial_frame:
        missing = " mid-sample" if not facts.wav_short_by else ""
        return [
            f"{p.name} ended early{missing}: the file is shorter than its header says, so it was probably cut "
            f"off while being copied or recorded. Only the {decoded_seconds:.1f} s that are there were scored."
        ]
    if declared is not None and decoded_seconds < declared - max(_EARLY_END_SLACK_S, 0.01 * declared):
        return [
            f"{p.name} ended early: it should be {declared:.1f} s long, but only {decoded_seconds:.1f} s could be "
            "read, so it was probably cut off while being copied. Only that part was scored."
        ]
    return []


AUDIO_SUFFIXES = frozenset({".wav", ".wave", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".aac", ".aif", ".aiff"})
FORMATS_HINT = "Choose a recording in WAV, FLAC, MP3, OGG, M4A or AIFF."
# Leading bytes of files people drop by mistake, so the message can say what the file is.
# The third field names the kind in the catalog (audio.kind.*).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF document", "pdf"),
    (b"\x89PNG", "a PNG image", "png"),
    (b"\xff\xd8\xff", "a JPEG image", "jpeg"),
    (b"GIF8", "a GIF image", "gif"),
    (b"PK\x03\x04", "a ZIP archive or office document", "zip"),
    (b"SQLite format 3\x00", "a database file", "database"),
)


def _what_it_is(p: Path) -> tuple[str, str] | None:
    """(what the file is, in English; its catalog key), from its first bytes."""
    try:
        with p.open("rb") as f:
            head = f.read(512)
    except OSError:
        return None
    for magic, name, key in _SIGNATURES:
        if head.startswith(magic):
            return name, key
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text and sum(ch.isprintable() or ch.isspace() for ch in text) >= 0.95 * len(text):
        return "a text file", "text"
    return None


def _unreadable_message(p: Path) -> tuple[str, Message]:
    """Why a file that exists and has bytes still isn't audio, in words a user can act on (in English, and
    as a catalog message)."""
    kind = _what_it_is(p)
    if kind is not None:
        return (
            f"{p.name} is {kind[0]}, not a recording. {FORMATS_HINT}",
            msg("audio.not_a_recording", name=p.name, kind=msg(f"audio.kind.{kind[1]}")),
        )
    if p.suffix.lower() in AUDIO_SUFFIXES:
        label = p.suffix.lstrip(".").upper()
        return (
            f"{p.name} is named like a {label} file, but its contents can't be read as audio: it may be damaged "
            "or only partly copied. Copy or export it again from where it came from, or record the take again.",
            msg("audio.damaged", name=p.name, label=label),
        )
    return (
        f"{p.name} is not an audio file PitchCoach can read. {FORMATS_HINT}",
        msg("audio.not_audio", name=p.name),
    )


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    # PyAV messages carry errno prefixes and the full path; keep them short.
    text = text.replace("[Errno 1094995529] ", "")
    return text[:120]


class StreamResampler:
    """Stateful resampler to 16 kHz float32 mono (libswresample via PyAV).

    Streaming keeps the filter state between blocks, so the concatenated output equals a
    one-shot resample; ``flush`` returns the samples still held in the filter.
    """

    def __init__(self, sr_from: int, sr_to: int = SAMPLE_RATE) -> None:
        self.sr_from = int(sr_from)
        self.sr_to = int(sr_to)
        self._passthrough = self.sr_from == self.sr_to
        self._r = None
        if not self._passthrough:
            from av.audio.resampler import AudioResampler

            self._r = AudioResampler(format="flt", layout="mono", rate=self.sr_to)

    def _run(self, frame: Any) -> Samples:
        assert self._r is not None
        outs = [o.to_ndarray().reshape(-1) for o in self._r.resample(frame)]
        if not outs:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(outs).astype(np.float32, copy=False)

    def process(self, x: npt.ArrayLike) -> Samples:
        x = np.ascontiguousarray(x, dtype=np.float32).reshape(-1)
        if self._passthrough or len(x) == 0:
            return x.copy()
        import av

        frame = av.AudioFrame.from_ndarray(x[None, :], format="flt", layout="mono")
        frame.sample_rate = self.sr_from
        return self._run(frame)

    def flush(self) -> Samples:
        if self._passthrough:
            return np.zeros(0, dtype=np.float32)
        return self._run(None)


def resample(x: npt.ArrayLike, sr_from: int, sr_to: int = SAMPLE_RATE) -> Samples:
    """One-shot band-limited resampling of a whole signal (the streaming resampler, flushed at the end)."""
    x = np.asarray(x, dtype=np.float32).reshape(-1)
    if sr_from == sr_to or x.size == 0:
        return x.copy()
    r = StreamResampler(sr_from, sr_to)
    return np.concatenate([r.process(x), r.flush()])


def rms_db(x: np.ndarray) -> float:
    """RMS level in dBFS; SILENCE_DB for digital silence so callers never see -inf."""
    if x.size == 0:
        return SILENCE_DB
    r = float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))
    return 20.0 * np.log10(r) if r > 1e-6 else SILENCE_DB
