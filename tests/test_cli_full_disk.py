"""Issue 23: at 0 bytes free, `history` and `report` said "input/output error" (SQLite cannot create the
WAL index file it needs even to read). They now say the disk is full, and with room again all is there.

The full disk is real: a 4 MB tmpfs filled to the last byte, mounted in a private mount namespace
(``unshare -m``), so nothing outside the test sees it."""

from __future__ import annotations

import json
import os
import sys

from pitchcoach.cli_history import save_analyses
from pitchcoach.core.paths import app_paths
from pitchcoach.core.storage import TakeStore
from tests.mounts import run_in_private_mounts

SCRIPT = """
mount -t tmpfs -o size=4m none "$MNT" || exit 90
cp -a "$SRC" "$MNT/home" || exit 91
export PITCHCOACH_HOME="$MNT/home"
dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null
stat -f -c %a "$MNT" > "$OUT/free.txt"
"$PY" -m pitchcoach history > "$OUT/history.out" 2> "$OUT/history.err"; echo $? > "$OUT/history.rc"
"$PY" -m pitchcoach report --last --format html --out "$OUT/report.html" 2> "$OUT/report.err"
echo $? > "$OUT/report.rc"
rm "$MNT/filler"
"$PY" -m pitchcoach history --json > "$OUT/after.jsonl" 2> "$OUT/after.err"; echo $? > "$OUT/after.rc"
"""


def test_history_and_report_on_a_full_disk_say_so(analyzer, fixtures_dir, tmp_path, pitchcoach_home) -> None:
    names = ["great_pitch", "filler_heavy"]
    with TakeStore(app_paths()) as store:
        files = [fixtures_dir / f"{n}.wav" for n in names]
        saved = save_analyses(store, [(analyzer.analyze_file(f), f) for f in files])
    assert all(s.take is not None for s in saved)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "MNT": str(mnt), "SRC": str(pitchcoach_home), "OUT": str(out), "PY": sys.executable}
    p = run_in_private_mounts(SCRIPT, env, timeout=600)
    assert p.returncode == 0, p.stderr
    assert (out / "free.txt").read_text().strip() == "0"  # really full

    for command in ("history", "report"):
        err = (out / f"{command}.err").read_text()
        assert (out / f"{command}.rc").read_text().strip() == "1", err
        assert "the disk is full" in err and "Free some space" in err, err
        assert "input/output" not in err and "unexpected problem" not in err
    assert not (out / "report.html").exists()

    # With room again, nothing was lost or set aside.
    assert (out / "after.rc").read_text().strip() == "0", (out / "after.err").read_text()
    takes = [json.loads(line) for line in (out / "after.jsonl").read_text().splitlines()]
    assert sorted(t["id"] for t in takes) == sorted(s.take.id for s in saved if s.take is not None)
