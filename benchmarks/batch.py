"""Batch speed: `pitchcoach analyze` over many files against plain faster-whisper, side by side in one run.

Run: .venv/bin/python benchmarks/batch.py [--repeat R] [--rounds N]   (prints figures; asserts nothing)
Target (issue 22): `pitchcoach analyze` <= 1.0 x the plain faster-whisper time on the same files.

Both sides are fresh processes given the same file list (every audio file under tests/fixtures, the
English clips in ../shared/data/dev-speech, each ``--repeat`` times), and both times include starting
the process and loading the model:
* plain: faster-whisper's WhisperModel on the bundled tiny.en folder (int8, CPU, default threads),
  ``transcribe(file)`` with the app's decode options: the same beam, word timestamps, VAD filter,
  disfluency prompt, no conditioning on previous text; every segment is consumed;
* app: ``pitchcoach analyze --json FILES`` (decode, VAD, voice analysis, scoring, one JSON line a file).
The two alternate ``--rounds`` times (plain, app, plain, app, ...) so that a change in machine load
hits both; the ratio is the app's total over plain's total.
Last line: ``batch_app_s=A batch_plain_s=B batch_ratio=R files=N``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEV_SPEECH = ROOT.parent / "shared" / "data" / "dev-speech"
BIN = Path(sys.executable).parent

PLAIN = r"""
import sys
from faster_whisper import WhisperModel
from pitchcoach.core.model import bundled_model_dir
from pitchcoach.core.transcribe import DecodeOptions

o = DecodeOptions()
model = WhisperModel(str(bundled_model_dir()), device="cpu", compute_type="int8")
for f in sys.argv[1:]:
    segments, _info = model.transcribe(
        f,
        beam_size=o.beam_size,
        word_timestamps=True,
        vad_filter=True,
        initial_prompt=o.initial_prompt,
        condition_on_previous_text=o.condition_on_previous_text,
        temperature=list(o.temperatures),
    )
    n = sum(len(s.words or []) for s in segments)
    print(f, n, flush=True)
"""


def audio_files() -> list[Path]:
    files = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".wav", ".flac", ".mp3"))
    if DEV_SPEECH.is_dir():
        files += sorted(DEV_SPEECH.glob("en_*"))
    return files


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    dt = time.perf_counter() - t
    # analyze exits 1 when a file is unreadable (or has no speech?): only a crash is a failed run.
    if r.returncode not in (0, 1) or "Traceback" in r.stderr:
        sys.exit(f"{cmd[:3]} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=2, help="times each file is in the list (default 2)")
    ap.add_argument("--rounds", type=int, default=2, help="plain/app pairs, alternated (default 2)")
    args = ap.parse_args()
    files = [str(f) for f in audio_files()] * args.repeat
    env = dict(os.environ, PITCHCOACH_HOME=tempfile.mkdtemp(prefix="pc-batch-"))
    # The model's hash stamp is written on the first start; do it now, so no round pays for it.
    subprocess.run([str(BIN / "pitchcoach"), "analyze", str(FIXTURES / "too_short.wav")], env=env, capture_output=True)
    print(f"{len(files)} files, {args.rounds} rounds; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    plain, app = [], []
    for i in range(args.rounds):
        plain.append(timed([sys.executable, "-c", PLAIN, *files], env))
        app.append(timed([str(BIN / "pitchcoach"), "analyze", "--json", *files], env))
        print(
            f"  round {i + 1}: plain faster-whisper {plain[-1]:7.1f} s   pitchcoach analyze {app[-1]:7.1f} s   "
            f"({app[-1] / plain[-1]:.3f}x; load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    ratio = sum(app) / sum(plain)
    print(f"batch_app_s={sum(app):.1f} batch_plain_s={sum(plain):.1f} batch_ratio={ratio:.3f} files={len(files)}")


if __name__ == "__main__":
    main()
