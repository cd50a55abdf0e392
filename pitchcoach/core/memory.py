"""Giving freed memory back to the system between takes, fewer malloc arenas to keep it in, and
large buffers that go back as soon as they are freed.

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

M_ARENA_MAX = -8  # glibc's mallopt parameters (malloc.h)
M_MMAP_THRESHOLD = -3
# The app's threads (the GUI, the live worker, the Stop and whole-file passes, the voice thread, the
# recorder's writer, CTranslate2's) share two arenas instead of one each (glibc: 8 per core). Measured
# through the real window on 60-s takes (benchmarks/gui_latency.py --only too_long, two takes each):
# peak resident memory 619 and 697 MB with glibc's default, 547 and 606 MB with two arenas, 550 and
# 571 MB with two arenas and the freed live-path memory returned before the whole-file pass
# (twopass.py). CPU time of whole-file analyses was unchanged (4.94 s vs 5.02 s, three alternated runs).
APP_ARENAS = 2
# Blocks of at least this size get pages of their own (mmap), returned to the system when freed. glibc
# starts at 128 KiB but raises the threshold to the size of each such block freed, up to 32 MiB; after
# the first 30-s encoder window every buffer of the model's work (2-30 MiB) then came from the arenas,
# and what was freed stayed resident: the app grew by ~200 MB over a 60-s take (295 -> 499 MB from
# Record to Stop) and by ~100 MB more during the whole-file pass. A fixed threshold also ends glibc's
# dynamic adjustment. Measured (docs/calibration.md, "Resident memory of a 60-s take"): 1-2 MiB kept
# the app's peak lowest but tripled to sextupled the page faults of a live decode (~+20 % CPU). 4 MiB
# then made every 10-s window's work buffers (the Stop decode's, 4-16 MB) fresh pages each time: the
# Mandarin Stop decode took 721-922 ms against 567-827 ms, and whole-file decodes 12-16 % longer, in
# interleaved runs of the same decodes in fresh processes (2026-12-08, 3 pairs, quiet machine). 16 MiB
# keeps those in the arenas and still maps the 30-s window's attention scores (50-70 MB a layer), the
# blocks that made the 60-s take grow.
MMAP_THRESHOLD = 16 << 20


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


def fix_mmap_threshold(threshold: int = MMAP_THRESHOLD) -> bool:
    """Blocks of ``threshold`` bytes and more are mapped on their own and unmapped when freed (glibc).

    A MALLOC_MMAP_THRESHOLD_ already in the environment is left alone. Returns whether it was set.
    """
    if not sys.platform.startswith("linux") or os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, threshold))
    except (OSError, AttributeError):  # not glibc
        log.debug("mallopt is not available")
        return False


def tune_malloc() -> None:
    """The app's allocator settings: two arenas and a fixed mmap threshold. Call it before threads start."""
    limit_malloc_arenas()
    fix_mmap_threshold()


def release_freed_memory() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        log.debug("malloc_trim is not available")
