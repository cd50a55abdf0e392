"""What the bundled model's integrity check costs (a benchmark, not a test: it prints figures).

    .venv/bin/python benchmarks/model_hash.py [--runs 9]

The check (pitchcoach.core.model.verify_bundled_model) hashes the whole model.bin with SHA-256
when its stamp is first written and whenever the file's size, mtime, ctime or inode change
(issue 14, item 9). This prints the median and spread of a full hash over several runs with the
file in the page cache (the usual case: the model is read right after), and the cost of the
stamp check that replaces the hash when nothing changed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pitchcoach.core.model import bundled_model_dir, sha256_file, verify_bundled_model  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    model_bin = bundled_model_dir() / "model.bin"
    size_mb = model_bin.stat().st_size / 1e6
    sha256_file(model_bin)  # warm the page cache once
    full = []
    for _ in range(args.runs):
        t = time.perf_counter()
        sha256_file(model_bin)
        full.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as d:
        stamp = Path(d) / "model-verified.json"
        verify_bundled_model(model_bin.parent, stamp)
        stamped = []
        for _ in range(args.runs):
            t = time.perf_counter()
            verify_bundled_model(model_bin.parent, stamp)
            stamped.append(time.perf_counter() - t)
    ms = [x * 1000 for x in full]
    print(f"model.bin: {size_mb:.1f} MB")
    print(
        f"full SHA-256, {args.runs} runs: median {statistics.median(ms):.0f} ms "
        f"(min {min(ms):.0f}, max {max(ms):.0f}); {size_mb / statistics.median(full):.0f} MB/s"
    )
    print(f"stamp check when unchanged: median {statistics.median(stamped) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
