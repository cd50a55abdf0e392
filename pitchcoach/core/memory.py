"""Giving freed memory back to the system between takes, and fewer malloc arenas to keep it in.

glibc keeps memory a thread freed in that thread's arena for reuse; after a take the decode
buffers of the two model replicas, the whole-file pass and the voice thread stay resident that way
(~100-120 MB after a 27-s take, measured in docs/calibration.md, "Two replicas"). ``malloc_trim``
returns it. Elsewhere (macOS, Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
# The app's threads (the GUI, the live worker, the Stop and whole-file passes, the voice thread, the
# recorder's writer, CTranslate2's) share two arenas instead of one each (glibc: 8 per core). Measured
# through the real window on 60-s takes (benchmarks/gui_latency.py --only too_long, two takes each):
# peak resident memory 619 and 697 MB with glibc's default, 547 and 606 MB with two arenas, 550 and
# 571 MB with two arenas and the freed live-path memory returned before the whole-file pass
# (twopass.py). CPU time of whole-file analyses was unchanged (4.94 s vs 5.02 s, three alternated runs).
APP_ARENAS = 2


def limit_malloc_arenas(arenas: int = APP_ARENAS) -> bool:
    """At most ``arenas`` malloc arenas for this process (what MALLOC_ARENA_MAX does, set from inside).

    Call it before the process starts threads: glibc stops reading the setting once it has made 8
    arenas. A MALLOC_ARENA_MAX already in the environment is left alone. Returns whether it was set;
    elsewhere than glibc it does nothing.
    """
    if not sys.platform.startswith("linux") or os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):  # not glibc
        log.debug("mallopt is not available")
        return False


def release_freed_memory() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        log.debug("malloc_trim is not available")
