"""Storage under stress: several processes saving at once, and processes killed with SIGKILL mid-save.

    .venv/bin/python scripts/storage_stress.py [--procs 4] [--takes 15] [--kills 12] [--fsync-kills 7]

Prints figures and exits non-zero if any check fails (issue 14 asks for a fresh run of each in its
closing note). Everything runs in private temporary data folders (PITCHCOACH_HOME); the takes are
real scores of a fixture pitch text with a short tone as their audio, so no speech model is loaded.

1. Concurrency: ``--procs`` processes start together and each saves ``--takes`` takes (audio file
   first, then the row). Expected: every take saved exactly once, every row's audio on disk, no
   orphan recordings, and the database passes PRAGMA integrity_check.
2. kill -9: a process saves takes in a loop and is SIGKILLed at a random moment (``--kills`` trials),
   or right as it starts an fsync of a recording (``--fsync-kills`` trials). Expected each time:
   the database opens without being set aside and passes integrity_check, every take the process
   reported as saved is there, every row's audio file exists. Audio written without its row (the
   kill came between the two) is not lost: it is counted as an orphan, which the app offers to
   analyse and save at its next start.
3. Concurrent recovery (issue 23): ``--recovered`` recordings are left without rows, as a crash leaves
   them, and ``--procs`` processes save all of them at once, as several windows offering the same
   recovered recordings would (``--recovery-trials`` times). Expected: one row per recording, no two
   rows on one file, no extra copies, integrity_check ok. ``--only-recovery`` runs just this case.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURE_TEXT = json.loads((ROOT / "tests" / "fixtures" / "fixtures.json").read_text())["fixtures"][0]["text"]

CHILD = textwrap.dedent(
    """
    import json, os, sys, time
    import numpy as np
    from pitchcoach.core.analysis import Analysis
    from pitchcoach.core.lexicon import load_lexicons
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.scoring.engine import score
    from pitchcoach.core.storage import TakeStore
    from pitchcoach.core.transcript import Transcript

    tag, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    tr = Transcript.from_text(sys.argv[4])
    analysis = Analysis(tr, score(tr, 20.0, load_lexicons(None)), "tiny.en")
    if mode == "fsync":
        real_fsync = os.fsync

        def announced_fsync(fd):
            print("fsync", flush=True)
            time.sleep(0.02)  # the parent's SIGKILL lands inside this window
            real_fsync(fd)

        os.fsync = announced_fsync
    store = TakeStore(app_paths(), busy_timeout=60)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    audio = np.sin(np.arange(16000) / 8.0).astype(np.float32) * 0.2
    if mode == "recover":  # every window offers the same recovered recordings, and the user saves them all
        for p in sorted(app_paths().recordings.glob("take-*.wav")):
            take = store.save_take(analysis, p, note=f"{tag}-{p.name}")
            print(f"saved {take.id} {p.name}", flush=True)
        store.close()
        print("done", flush=True)
        sys.exit(0)
    i = 0
    while count == 0 or i < count:
        take = store.save_take(analysis, audio, note=f"{tag}-{i}")
        print(f"saved {take.id} {tag}-{i}", flush=True)
        i += 1
    store.close()
    print("done", flush=True)
    """
)


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PITCHCOACH_HOME": str(home), "PYTHONPATH": str(ROOT)}


def _spawn(home: Path, tag: str, count: int, mode: str = "plain") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, tag, str(count), mode, FIXTURE_TEXT],
        env=_env(home),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def _check(home: Path) -> dict[str, object]:
    """Open the history the way the app does and verify it."""
    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.storage import TakeStore

    store = TakeStore(app_paths(home))
    try:
        takes = store.list()
        missing_audio = [t.id for t in takes if t.audio_path is None or not t.audio_path.is_file()]
        orphans = store.orphan_recordings()
        recovered = store.recovered_from
    finally:
        store.close()
    conn = sqlite3.connect(app_paths(home).database)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    return {
        "rows": len(takes),
        "notes": [t.note for t in takes],
        "ids": {t.id for t in takes},
        "missing_audio": missing_audio,
        "orphans": len(orphans),
        "set_aside": recovered is not None,
        "integrity": integrity,
    }


def concurrency(procs: int, takes: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="pitchcoach-stress-") as tmp:
        home = Path(tmp)
        from pitchcoach.core.paths import app_paths
        from pitchcoach.core.storage import TakeStore

        TakeStore(app_paths(home)).close()  # the schema, as the first window would make it
        children = [_spawn(home, f"p{n}", takes) for n in range(procs)]
        for c in children:
            assert c.stdout is not None and c.stdout.readline().strip() == "ready"
        t0 = time.perf_counter()
        for c in children:
            assert c.stdin is not None
            c.stdin.write("go\n")
            c.stdin.flush()
        outs = [c.communicate(timeout=600)[0] for c in children]
        elapsed = time.perf_counter() - t0
        codes = [c.returncode for c in children]
        r = _check(home)
        notes = r["notes"]
        assert isinstance(notes, list)
        expected = {f"p{n}-{i}" for n in range(procs) for i in range(takes)}
        dupes = len(notes) - len(set(notes))
        ok = (
            codes == [0] * procs
            and all("done" in o for o in outs)
            and set(notes) == expected
            and dupes == 0
            and not r["missing_audio"]
            and r["orphans"] == 0
            and r["integrity"] == "ok"
            and not r["set_aside"]
        )
        print(
            f"concurrency: {procs} processes x {takes} takes at once: {r['rows']} of {len(expected)} rows saved, "
            f"{dupes} duplicates, {len(r['missing_audio'])} rows without audio, {r['orphans']} orphan recordings, "
            f"integrity_check {r['integrity']}, exit codes {codes}, {elapsed:.1f} s  -> {'OK' if ok else 'FAILED'}"
        )
        return ok


def concurrent_recovery(procs: int, recordings: int) -> bool:
    """Several windows save the same recovered recordings at once (issue 23, 6b): one take per recording."""
    import numpy as np

    from pitchcoach.core.paths import app_paths
    from pitchcoach.core.storage import TakeStore, write_wav

    with tempfile.TemporaryDirectory(prefix="pitchcoach-stress-") as tmp:
        home = Path(tmp)
        paths = app_paths(home)
        TakeStore(paths).close()
        tone = np.sin(np.arange(16000) / 8.0).astype(np.float32) * 0.2
        for n in range(recordings):  # what a crash leaves: recordings without their rows
            write_wav(paths.recordings / f"take-20261201-0900{n:02d}-{n:08x}.wav", tone)
        children = [_spawn(home, f"p{n}", 0, "recover") for n in range(procs)]
        for c in children:
            assert c.stdout is not None and c.stdout.readline().strip() == "ready"
        t0 = time.perf_counter()
        for c in children:
            assert c.stdin is not None
            c.stdin.write("go\n")
            c.stdin.flush()
        outs = [c.communicate(timeout=600)[0] for c in children]
        elapsed = time.perf_counter() - t0
        codes = [c.returncode for c in children]
        r = _check(home)
        conn = sqlite3.connect(paths.database)
        files = [row[0] for row in conn.execute("SELECT audio_path FROM takes")]
        conn.close()
        shared = len(files) - len(set(files))
        copies = len(list(paths.recordings.iterdir())) - recordings
        ok = (
            codes == [0] * procs
            and all("done" in o for o in outs)
            and r["rows"] == recordings
            and shared == 0
            and copies == 0
            and not r["missing_audio"]
            and r["orphans"] == 0
            and r["integrity"] == "ok"
        )
        print(
            f"concurrent recovery: {procs} processes saving the same {recordings} recovered recordings at once: "
            f"{r['rows']} rows, {shared} rows sharing a file, {copies} extra copies, {len(r['missing_audio'])} rows "
            f"without audio, {r['orphans']} orphans, integrity_check {r['integrity']}, exit codes {codes}, "
            f"{elapsed:.1f} s  -> {'OK' if ok else 'FAILED'}"
        )
        return ok


def kill_trial(rng: random.Random, mode: str) -> tuple[bool, str]:
    with tempfile.TemporaryDirectory(prefix="pitchcoach-kill-") as tmp:
        home = Path(tmp)
        child = _spawn(home, "k", 0, mode)
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "ready"
        child.stdin.write("go\n")
        child.stdin.flush()
        acknowledged: set[int] = set()
        if mode == "fsync":
            # Let a few takes through, then kill inside the fsync of a later one.
            skip = rng.randint(2, 12)
            seen = 0
            for line in child.stdout:
                if line.startswith("saved "):
                    acknowledged.add(int(line.split()[1]))
                elif line.strip() == "fsync":
                    seen += 1
                    if seen > skip:
                        break
        else:
            deadline = time.monotonic() + rng.uniform(0.3, 3.0)
            os.set_blocking(child.stdout.fileno(), False)
            while time.monotonic() < deadline:
                line = child.stdout.readline()
                if line.startswith("saved "):
                    acknowledged.add(int(line.split()[1]))
                elif not line:
                    time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        os.set_blocking(child.stdout.fileno(), True)
        for line in child.stdout.read().splitlines():  # anything printed before the kill landed
            if line.startswith("saved "):
                acknowledged.add(int(line.split()[1]))
        r = _check(home)
        ids = r["ids"]
        assert isinstance(ids, set)
        lost = acknowledged - ids
        ok = (
            child.returncode == -signal.SIGKILL
            and r["integrity"] == "ok"
            and not r["set_aside"]
            and not lost
            and not r["missing_audio"]
        )
        detail = (
            f"{len(acknowledged)} acknowledged, {r['rows']} rows, {len(lost)} lost, "
            f"{len(r['missing_audio'])} rows without audio, {r['orphans']} orphan recording(s) to offer, "
            f"integrity {r['integrity']}"
        )
        return ok, detail


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--procs", type=int, default=4)
    ap.add_argument("--takes", type=int, default=15)
    ap.add_argument("--kills", type=int, default=12)
    ap.add_argument("--fsync-kills", type=int, default=7)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--recovered", type=int, default=10, help="recordings in the concurrent-recovery case")
    ap.add_argument("--recovery-trials", type=int, default=10)
    ap.add_argument("--only-recovery", action="store_true", help="run only the concurrent-recovery case")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randint(0, 2**31)
    rng = random.Random(seed)
    print(f"seed {seed}; machine load average {os.getloadavg()[0]:.1f} at start")
    passed = sum(concurrent_recovery(max(2, args.procs), args.recovered) for _ in range(args.recovery_trials))
    print(f"concurrent recovery: {passed} of {args.recovery_trials} trials without a duplicate")
    if args.only_recovery:
        return 0 if passed == args.recovery_trials else 1
    all_ok = concurrency(args.procs, args.takes) and passed == args.recovery_trials
    for mode, n in (("plain", args.kills), ("fsync", args.fsync_kills)):
        passed = 0
        for trial in range(1, n + 1):
            ok, detail = kill_trial(rng, mode)
            passed += ok
            label = "random moment" if mode == "plain" else "during an fsync"
            print(f"kill -9 {label} #{trial}: {detail}  -> {'OK' if ok else 'FAILED'}")
        print(f"kill -9 {'at random moments' if mode == 'plain' else 'during fsync'}: {passed} of {n} consistent")
        all_ok = all_ok and passed == n
    print("ALL OK" if all_ok else "SOME CHECKS FAILED")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
