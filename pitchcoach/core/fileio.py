"""Durable file writes: the one place that knows how to make a write survive a crash.

An atomic write goes to a temporary file in the target folder (``os.replace`` is only
atomic within one filesystem), is flushed and fsynced, replaces the target, and then the
folder is fsynced so the new directory entry is on disk too. A reader therefore sees
either the old file or the complete new one, never half a file, and a failed write
leaves no temporary file behind.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["atomic_write_bytes", "atomic_write_text", "fsync_dir", "fsync_file"]


def _read_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# mkstemp creates files 0600; a plain open() would honour the umask, so by default we do
# too. Read once at import: os.umask is process-wide and racy to toggle later.
_UMASK = _read_umask()


def fsync_dir(folder: Path | str, *, strict: bool = False) -> None:
    """Make the directory entries in ``folder`` (a new or renamed file) durable.

    Windows cannot open folders, and there the file's own fsync is what counts, so this
    is a no-op on Windows. Elsewhere a failure is ignored unless ``strict``: for most
    callers the data itself is already safe, and a filesystem that cannot fsync a folder
    should not turn a good write into an error.
    """
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        if strict:
            raise
        log.debug("Could not open %s to fsync it", folder, exc_info=True)
        return
    try:
        os.fsync(fd)
    except OSError:
        if strict:
            raise
        log.debug("Could not fsync folder %s", folder, exc_info=True)
    finally:
        os.close(fd)


def fsync_file(path: Path | str) -> None:
    """Fsync an existing file (e.g. one written by a library that does not fsync)."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def write_fully(fd: int, chunks: Iterable[bytes]) -> None:
    """Write every byte of ``chunks`` to ``fd``, then fsync it. os.write may write only part of a
    buffer (a signal, a nearly full disk), so each chunk is written until none of it is left."""
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    os.fsync(fd)


def atomic_write_bytes(path: Path | str, data: bytes, *, mode: int | None = None) -> Path:
    """Write ``data`` to ``path`` so that the file is either complete or untouched.

    ``mode`` sets the permission bits; by default they follow the umask like a file made
    with ``open()``. Raises ``OSError`` on failure (callers turn it into a message for
    the user); the temporary file is removed first.
    """
    target = Path(path)
    folder = target.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    tmp: str | None = tmp_name
    try:
        try:
            write_fully(fd, (data,))
        finally:
            os.close(fd)
        os.chmod(tmp_name, mode if mode is not None else 0o666 & ~_UMASK)
        os.replace(tmp_name, target)
        tmp = None
        fsync_dir(folder)
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                log.warning("Could not remove temporary file %s", tmp)
    return target


def atomic_write_text(path: Path | str, text: str, *, encoding: str = "utf-8", mode: int | None = None) -> Path:
    """Text variant of :func:`atomic_write_bytes` (no newline translation)."""
    return atomic_write_bytes(path, text.encode(encoding), mode=mode)
