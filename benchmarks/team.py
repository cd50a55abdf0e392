"""Team folder at scale: a generated team of 200 members x 500 takes (100,000 take files).

Run: .venv/bin/python benchmarks/team.py [--members 200] [--takes 500] [--keep DIR]
Prints (asserts nothing):
- the first index (no cache): wall time, files read, and the peak memory of the process doing it;
- a warm open, as the Team page does it in a fresh app: a new index object on the existing cache and the
  figures it shows (core/team/figures.py: member rows, frequent issues, menus, the first member's takes),
  from the cache alone ("page_open"); then the rescan the page runs behind them, which finds nothing
  changed ("scan"), and the full view that `team summary` and the report build ("full_view");
- a rescan after 10 files changed (5 shared again, 3 new, 2 unshared);
- with each, the page opened again in the same process with nothing changed (the app's case once running);
Goals (issue 28): warm open <= 1 s, first index <= 60 s. Each measurement runs in its own process, so the
peak memory (VmHWM) is that step's alone. The machine is shared: run twice and note the load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pitchcoach.core.team import schema, summary  # noqa: E402
from pitchcoach.core.team.index import TeamIndex  # noqa: E402

RULES = ("fillers", "question", "hard_sell", "plain_language", "jargon", "pace", "hedges", "self_focus")
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def take_body(member: str, n: int, rng: random.Random) -> dict[str, object]:
    created = T0 + timedelta(hours=n * 7 + rng.randrange(6))
    overall = rng.randrange(40, 100)
    words = [["word", i * 0.4, i * 0.4 + 0.3] for i in range(50)]
    return {
        "kind": "take",
        "member": member,
        "take": f"{created:%Y%m%d-%H%M%S}-{n + 1}",
        "level": "transcript",
        "created_at": schema.iso(created),
        "shared_at": schema.iso(created + timedelta(minutes=1)),
        "language": rng.choice(("en", "en", "zh")),
        "scenario": rng.choice(("networking", "networking", "sales_call")),
        "scores": {"overall": overall, "clarity": overall, "listener_focus": overall, "timing": 100},
        "audio_seconds": 20.0,
        "issues": [
            {"rule": r, "points": float(rng.randrange(1, 10)), "message": "A message.", "tip": "A tip."}
            for r in rng.sample(RULES, 3)
        ],
        "transcript": " ".join(w[0] for w in words),  # type: ignore[misc]
        "words": words,
    }


def generate(folder: Path, members: int, takes: int) -> float:
    rng = random.Random(28)
    t = time.perf_counter()
    for m in range(members):
        mid = f"{m:016x}"
        mdir = folder / "members" / mid
        (mdir / "takes").mkdir(parents=True)
        body = {"kind": "member", "member": mid, "name": f"Member {m:03d}", "joined_at": schema.iso(T0)}
        (mdir / "member.json").write_bytes(schema.sealed(body))
        for n in range(takes):
            tb = take_body(mid, n, rng)
            (mdir / "takes" / f"{tb['take']}.json").write_bytes(schema.sealed(tb))
    return time.perf_counter() - t


def change_ten(folder: Path) -> None:
    rng = random.Random(10)
    members = sorted((folder / "members").iterdir())
    for k in range(5):  # shared again (replaced whole, as the app does)
        f = sorted((members[k] / "takes").iterdir())[k]
        body = json.loads(f.read_bytes())
        body["level"] = "scores"
        body.pop("transcript", None), body.pop("words", None)  # gone already if --keep reran on this folder
        body["shared_at"] = schema.iso(datetime.now(UTC))
        f.write_bytes(schema.sealed(body))
    for k in range(3):  # new takes
        tb = take_body(members[10 + k].name, 10_000 + k, rng)
        (members[10 + k] / "takes" / f"{tb['take']}.json").write_bytes(schema.sealed(tb))
    for k in range(2):  # unshared: tombstone written, file removed
        f = sorted((members[20 + k] / "takes").iterdir())[0]
        body = json.loads(f.read_bytes())
        (members[20 + k] / "tombstones").mkdir(exist_ok=True)
        tomb = {"kind": "tombstone", "member": body["member"], "take": body["take"], "removed_at": schema.iso(T0)}
        (members[20 + k] / "tombstones" / f.name).write_bytes(schema.sealed(tomb))
        f.unlink()


def measure(step: str, folder: Path, cache: Path) -> dict[str, object]:
    """One step, in this (fresh) process."""
    page: dict[str, object] = {}
    if step != "first index":
        # What the Team page shows first: the figures of the last scan, from the cache alone.
        t, cpu = time.perf_counter(), time.process_time()
        index = TeamIndex(folder, cache)
        fig = index.figures(summary.Filters(), datetime.now(UTC))
        index.member_takes(fig.rows[0].member, summary.Filters())
        page = {
            "page_open_seconds": round(time.perf_counter() - t, 3),
            "page_open_cpu_seconds": round(time.process_time() - cpu, 3),
        }
        t, cpu = time.perf_counter(), time.process_time()
        index.scan()
        page["scan_seconds_behind_it"] = round(time.perf_counter() - t, 3)
        page["scan_cpu_seconds"] = round(time.process_time() - cpu, 3)
        index.close()
    t = time.perf_counter()
    cpu = time.process_time()
    index = TeamIndex(folder, cache)
    view = index.refresh()
    scanned = time.perf_counter() - t
    now = datetime.now(UTC)
    takes = summary.filtered(view, summary.Filters(since=(now - timedelta(days=3650)).date()))
    rows = summary.member_rows(view, takes, now)
    issues = summary.top_issues(takes)
    total = time.perf_counter() - t
    # The page opened again in the same app (nothing changed): the stat pass, and the view built before.
    t2 = time.perf_counter()
    again = index.refresh()
    summary.member_rows(again, summary.filtered(again, summary.Filters()), now)
    reopen = time.perf_counter() - t2
    index.close()
    return {
        "step": step,
        **page,
        "reopen_same_process_seconds": round(reopen, 3),
        "full_view_seconds": round(total, 3),
        "full_view_scan_seconds": round(scanned, 3),
        "full_view_cpu_seconds": round(time.process_time() - cpu, 3),
        "files_read": view.files_read,
        "takes": len(view.takes),
        "members": len(rows),
        "top_issue": issues[0][0] if issues else None,
        "peak_rss_mb": round(_peak_kb() / 1024, 1),
    }


def _peak_kb() -> int:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over exec from the
    parent that forked this step, so it would report the generator's size."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


def run_step(step: str, folder: Path, cache: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--measure", step, str(folder), str(cache)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--members", type=int, default=200)
    p.add_argument("--takes", type=int, default=500)
    p.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    p.add_argument("--measure", nargs=3, metavar=("STEP", "FOLDER", "CACHE"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.measure:
        step, folder, cache = args.measure
        print(json.dumps(measure(step, Path(folder), Path(cache))))
        return
    work = Path(tempfile.mkdtemp(prefix="pc-team-bench-"))
    folder = args.keep or work / "team"
    try:
        if not (folder / "members").exists():
            folder.mkdir(parents=True, exist_ok=True)
            secs = generate(folder, args.members, args.takes)
            print(f"generated {args.members} x {args.takes} takes in {secs:.1f} s", flush=True)
        size = sum(e.stat().st_size for e in os.scandir(next((folder / "members").iterdir()) / "takes"))
        print(f"one member's takes: {size / 1e6:.1f} MB on disk; load average {os.getloadavg()[0]:.1f}")
        cache = work / "cache"
        for step in ("first index", "warm open", "warm open"):
            print(json.dumps(run_step(step, folder, cache)), flush=True)
        change_ten(folder)
        print(json.dumps(run_step("rescan after 10 changes", folder, cache)), flush=True)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
