"""The takes' audio files: written durably under ``recordings/``, moved to the trash on delete.

Durability order matters more than anything else in storage: the audio file is
written and fsynced *before* the row that points at it is inserted, so a crash can
leave an audio file without a row (found again by ``TakeStore.orphan_recordings``)
but never a row without its audio. Deleting a take moves its audio to
``AppPaths.trash`` rather than removing it, so Undo can put it back.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import stat
import uuid
import wave
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.fileio import fsync_dir, write_fully
from pitchcoach.core.paths import make_private_dirs, open_private

log = logging.getLogger(__name__)

AUDIO_EXTENSIONS = (".wav", ".flac", ".ogg", ".mp3", ".m4a")


# A file being written under recordings/ is named ".<final name>.part" until it is whole, so a kill
# mid-copy leaves only such a file (issue 23: it left 0-byte and half-copied take-….wav files, never
# offered and never cleaned up). ``remove_leftovers`` deletes them once nobody can still be writing.
PART_SUFFIX = ".part"


def part_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{PART_SUFFIX}")


def _write_new_file(path: Path, chunks: Iterable[bytes]) -> None:
    """Create ``path`` (0600, must not exist) from ``chunks``, fsync it and its folder.

    The bytes go to a hidden ``.part`` file first, which is linked in under the final name only once
    it is whole and on disk; on any failure the partial file is removed: a half-written recording
    left behind would look like a take to recovery and hold space on a disk that is already full.
    """
    make_private_dirs(path.parent)
    part = part_path(path)
    fd = open_private(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        try:
            write_fully(fd, chunks)
        finally:
            os.close(fd)
        _link_new(part, path)
        # Strict: a recording whose directory entry may not survive a crash is not saved.
        fsync_dir(path.parent, strict=True)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise


def _link_new(part: Path, path: Path) -> None:
    """Give the whole ``part`` its final name, never replacing a file already there (as O_EXCL did)."""
    try:
        os.link(part, path)  # fails with EEXIST instead of replacing
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise
        # A filesystem without hard links (FAT, some network shares): a rename, after checking.
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from exc
        os.rename(part, path)
        return
    part.unlink()


def write_wav(path: Path, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> None:
    """Write float samples in [-1, 1] as 16-bit mono PCM, then fsync file and folder."""
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    pcm = (np.clip(np.nan_to_num(x), -1.0, 1.0) * 32767.0).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm.tobytes())
    _write_new_file(path, [buf.getvalue()])


def copy_durably(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` and make both the data and the new directory entry durable."""

    def chunks() -> Iterator[bytes]:
        with open(src, "rb") as fh:
            while block := fh.read(1 << 20):
                yield block

    _write_new_file(dst, chunks())


def new_recording_path(recordings: Path, when: datetime, suffix: str = ".wav") -> Path:
    """A fresh, unique file name in ``recordings`` stamped with the (UTC) time of the take."""
    stamp = when.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    return recordings / f"take-{stamp}-{uuid.uuid4().hex[:8]}{suffix}"


def _move(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``; across filesystems (a recordings folder linked to another disk),
    copy durably and only then remove the original, so a failure at any point leaves a whole file."""
    try:
        os.replace(src, dst)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        copy_durably(src, dst)
        src.unlink()
        fsync_dir(src.parent)


def move_to_trash(path: Path, trash: Path) -> Path:
    """Move ``path`` into ``trash`` and return where it went."""
    make_private_dirs(trash)  # the data folder is private (core/paths)
    trashed = trash / path.name
    _move(path, trashed)
    # The file keeps its recording time; stamp the deletion time so that
    # purge_trash(older_than=...) measures how long it has been in the trash.
    os.utime(trashed)
    return trashed


def restore_from_trash(trashed: Path, original: Path) -> None:
    make_private_dirs(original.parent)
    _move(trashed, original)


def purge_trash(trash: Path, cutoff: float | None = None) -> int:
    """Delete trashed files for good, keeping those trashed after ``cutoff`` (unix seconds).

    Returns how many files were removed; a file that cannot be removed is logged and kept. Only
    regular files directly in the app's own trash folder are removed: a trash that is a symlink
    (to anywhere) is left alone, and the folder is opened once with O_NOFOLLOW and its entries
    checked and removed relative to it, so a link swapped in meanwhile is never followed (issue 23).
    """
    try:
        fd = os.open(trash, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return 0
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            log.warning("%s is not a folder of PitchCoach's (a symlink?); nothing in it is deleted", trash)
        else:
            log.warning("cannot open the trash %s", trash, exc_info=True)
        return 0
    removed = 0
    try:
        for name in os.listdir(fd):
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                if not stat.S_ISREG(st.st_mode) or (cutoff is not None and st.st_mtime > cutoff):
                    continue
                os.unlink(name, dir_fd=fd)
                removed += 1
            except OSError:
                log.warning("could not remove %s from the trash", trash / name, exc_info=True)
    finally:
        os.close(fd)
    return removed


# A leftover is removed only once untouched this long: a copy in progress writes all the time, and
# the recorder writes its header at once and flushes twice a second.
LEFTOVER_AGE_SECONDS = 3600.0
_WAV_HEADER_BYTES = 44


def remove_leftovers(recordings: Path, keep: set[Path], now: float) -> list[str]:
    """Delete what an interrupted write left in ``recordings``: ``.take-….part`` files, and ``take-…``
    files with no audio at all (0 bytes, or a bare WAV header), untouched for LEFTOVER_AGE_SECONDS and
    not in ``keep`` (the files takes point at). Returns the names removed.

    Only regular files directly in the folder, named as the app names them, are ever removed; the
    folder is opened once with O_NOFOLLOW and entries are checked without following links, like
    ``purge_trash``, so nothing outside it or not made by the app is touched.
    """
    try:
        fd = os.open(recordings, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return []  # missing, or a link to another disk: leftovers there are left alone
    removed: list[str] = []
    try:
        for name in os.listdir(fd):
            partial = name.startswith(".take-") and name.endswith(PART_SUFFIX)
            if not (partial or name.startswith("take-")):
                continue
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                if not stat.S_ISREG(st.st_mode) or st.st_mtime > now - LEFTOVER_AGE_SECONDS:
                    continue
                empty = st.st_size == 0 or (name.lower().endswith(".wav") and st.st_size <= _WAV_HEADER_BYTES)
                if not (partial or empty) or (recordings / name).resolve() in keep:
                    continue
                os.unlink(name, dir_fd=fd)
                removed.append(name)
            except OSError:
                log.warning("could not remove the leftover %s", recordings / name, exc_info=True)
    finally:
        os.close(fd)
    if removed:
        log.info("removed %d leftover file(s) of interrupted writes from %s: %s", len(removed), recordings, removed)
    return removed


def audio_files(folder: Path) -> list[Path]:
    """The audio files directly in ``folder`` (none if it does not exist)."""
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in AUDIO_EXTENSIONS]
