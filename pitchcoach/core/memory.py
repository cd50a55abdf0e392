"""Giving freed memory back to the system between takes.

glibc keeps memory a thread freed in that thread's arena for reuse; after a take the decode
buffers of the two model replicas, the whole-file pass and the voice thread stay resident that way
(~100-120 MB after a 27-s take, measured in docs/calibration.md, "Two replicas"). ``malloc_trim``
returns it. Elsewhere (macOS, Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)


def release_freed_memory() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        log.debug("malloc_trim is not available")
