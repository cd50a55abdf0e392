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


# After glibc has freed one large mapped block, blocks up to that size come from the arenas, and
# freeing them does not give their pages back while later blocks sit between and above them.
RETAINED = """
import ctypes, sys
from pitchcoach.core.memory import fix_mmap_threshold
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
if sys.argv[1] == "fixed":
    assert fix_mmap_threshold()
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
MB = 2**20
big = libc.malloc(30 * MB); libc.memset(big, 1, 30 * MB); libc.free(big)
before = rss_mb()
blocks, kept = [], []
for _ in range(5):
    blocks.append(libc.malloc(20 * MB))
    libc.memset(blocks[-1], 1, 20 * MB)
    kept.append(libc.malloc(MB // 4))  # stays: the freed blocks cannot merge into the heap's top
before += 1.25
for b in blocks:
    libc.free(b)
print(rss_mb() - before)
"""


def retained_mb(mode: str) -> float:
    env = {"PATH": "/usr/bin:/bin"}  # no MALLOC_* settings from the caller's environment
    out = subprocess.run([sys.executable, "-c", RETAINED, mode], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout)


def test_freed_work_buffers_go_back_to_the_system() -> None:
    # 100 MB of 20-MB buffers (an encoder layer's attention scores on a 30-s window are 50-70 MB), written
    # and freed: with the fixed threshold none of it stays resident.
    assert retained_mb("fixed") < 10
    assert retained_mb("default") > 60  # glibc's own rule keeps them all
