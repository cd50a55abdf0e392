"""The app's threads share two malloc arenas (glibc): the peak memory of a 60-s take stays lower."""

from __future__ import annotations

import subprocess
import sys

# Six threads each allocate while the others are alive; glibc gives a thread its own arena on its first
# allocation, up to its limit. malloc_stats() prints one "Arena N:" block per arena to stderr.
SCRIPT = """
import ctypes, sys, threading
from pitchcoach.core.memory import limit_malloc_arenas
if sys.argv[1] == "limit":
    assert limit_malloc_arenas()
gate = threading.Barrier(6)
def work():
    keep = [bytearray(4096) for _ in range(200)]
    gate.wait()
threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
ctypes.CDLL("libc.so.6").malloc_stats()
"""


def arenas(mode: str) -> int:
    env = {"PATH": "/usr/bin:/bin"}  # no MALLOC_ARENA_MAX from the caller's environment
    out = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, env=env, check=True)
    return sum(1 for line in out.stderr.splitlines() if line.startswith("Arena "))


def test_the_threads_share_two_arenas() -> None:
    assert arenas("limit") <= 2
    assert arenas("default") > 2  # the same threads without the limit: one arena each
