"""Progress-report speed over 1,000 stored takes, for every format.

Run: .venv/bin/python benchmarks/report.py   (prints figures; asserts nothing)
Target (issue 5): a progress report over 1,000 takes is ready in 3 s or less,
counted from reading the history to the file being on disk.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pitchcoach.core import report as R  # noqa: E402
from pitchcoach.core.analysis import Analysis  # noqa: E402
from pitchcoach.core.lexicon import load_lexicons  # noqa: E402
from pitchcoach.core.paths import app_paths  # noqa: E402
from pitchcoach.core.scoring.engine import score  # noqa: E402
from pitchcoach.core.storage import TakeStore  # noqa: E402
from pitchcoach.core.transcript import Transcript  # noqa: E402

N_TAKES = 1000
TARGET_S = 3.0


def main() -> None:
    from pitchcoach.ui.pdf import ensure_gui_application, render_pdf

    ensure_gui_application()
    fixtures = json.loads((ROOT / "tests" / "fixtures" / "fixtures.json").read_text())["fixtures"]
    texts = [f["text"] for f in fixtures if f["text"] and f["name"] != "non_english"]
    lex = load_lexicons(None)
    analyses = [Analysis(tr, score(tr, 20.0, lex), "tiny.en") for tr in map(Transcript.from_text, texts)]

    with tempfile.TemporaryDirectory(prefix="pitchcoach-bench-") as home:
        os.environ["PITCHCOACH_HOME"] = home
        out_dir = Path(home) / "out"
        out_dir.mkdir()
        t0 = time.perf_counter()
        start = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
        with TakeStore(app_paths()) as store:
            for i in range(N_TAKES):
                store.save_take(analyses[i % len(analyses)], None, created_at=start + timedelta(hours=7 * i))
        print(f"setup: stored {N_TAKES} takes in {time.perf_counter() - t0:.2f} s")

        with TakeStore(app_paths()) as store:
            header = f"{'format':<6} {'load_s':>7} {'build_s':>8} {'render+write_s':>15} {'total_s':>8} {'size':>10}"
            print(header + "  target")
            for fmt in R.FORMATS:
                t_load = time.perf_counter()
                takes = store.list(newest_first=False)
                t_build = time.perf_counter()
                rep = R.build_progress_report(takes, recordings_dir=store.paths.recordings)
                t_render = time.perf_counter()
                path = R.export_report(rep, fmt, out_dir / f"progress.{fmt}", pdf_renderer=render_pdf)
                t_end = time.perf_counter()
                total = t_end - t_load
                verdict = "ok" if total <= TARGET_S else "SLOW"
                print(
                    f"{fmt:<6} {t_build - t_load:7.2f} {t_render - t_build:8.2f} {t_end - t_render:15.2f} "
                    f"{total:8.2f} {path.stat().st_size / 1024:8.0f} KB  {verdict} (<= {TARGET_S:g} s)"
                )
            assert len(takes) == N_TAKES


if __name__ == "__main__":
    main()
