"""A 16-bit mono WAV written while recording, valid on disk after every flush (used by the recorder)."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

from pitchcoach.core.fileio import fsync_dir
from pitchcoach.core.paths import open_private


class WavStream:
    """A 16-bit mono WAV that is valid on disk after every flush.

    The stdlib ``wave`` module only patches the size fields on close, so a crash would leave a
    header claiming zero samples; here the sizes are rewritten before each fsync.
    """

    def __init__(self, path: Path, samplerate: int) -> None:
        self.path = path
        self.samplerate = samplerate
        self.frames = 0
        self.flushed_frames = 0
        # Owner-only (0600): a voice recording is private. O_EXCL: never reuse an existing take's file.
        fd = open_private(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        self._f = open(fd, "wb")  # noqa: SIM115 - kept open for the whole take
        self._f.write(self._header(0))
        self.flush()
        self._fsync_dir()

    def _header(self, nframes: int) -> bytes:
        data_bytes = nframes * 2
        return b"".join(
            [
                b"RIFF",
                struct.pack("<I", 36 + data_bytes),
                b"WAVE",
                b"fmt ",
                struct.pack("<IHHIIHH", 16, 1, 1, self.samplerate, self.samplerate * 2, 2, 16),
                b"data",
                struct.pack("<I", data_bytes),
            ]
        )

    def _fsync_dir(self) -> None:
        # The directory entry must reach the disk too, or a crash could orphan the data.
        fsync_dir(self.path.parent)

    def write(self, pcm: np.ndarray) -> None:
        self._f.write(pcm.astype("<i2", copy=False).tobytes())
        self.frames += len(pcm)

    def flush(self) -> None:
        end = self._f.tell()
        self._f.seek(4)
        self._f.write(struct.pack("<I", 36 + self.frames * 2))
        self._f.seek(40)
        self._f.write(struct.pack("<I", self.frames * 2))
        self._f.seek(end)
        self._f.flush()
        os.fsync(self._f.fileno())
        self.flushed_frames = self.frames

    def close(self) -> None:
        if self._f.closed:
            return
        try:
            self.flush()
        finally:
            self._f.close()
