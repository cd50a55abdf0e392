"""Mandarin transcription (issue 24): our final transcript against plain faster-whisper on the same model.

Run: .venv/bin/python benchmarks/zh_transcribe.py [--repeat R] [--no-dev-speech]
Prints figures; asserts nothing.

* CER: for every Mandarin speech clip (tests/fixtures/zh, and the zh_* clips of ../shared/data/dev-speech
  with the README's reference), the final transcript of ``Analyzer.analyze_file(path, language="zh")``
  (what ``pitchcoach analyze --language zh`` saves) and plain faster-whisper on the same Whisper base
  folder (int8, ``language="zh"``, beam 5, VAD, the Simplified prompt 以下是普通话的自我介绍。, nothing
  else: no OpenCC), side by side. jiwer.cer on letters and digits (punctuation and spaces removed),
  per clip and over all clips (corpus-level).
* Whole-file time of the 20-s take (good_pitch.wav, 20.9 s): our analysis, everything included (decode,
  voice analysis, scoring) against plain faster-whisper (int8, ``language="zh"``, VAD) at beam 1 and
  beam 5, interleaved in one run, ``--repeat`` times each (median and min), in wall time and in the process's
  CPU time (all threads; on a shared machine the load inflates wall time far more than CPU time). The load
  average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jiwer  # noqa: E402

from pitchcoach.core.analysis import Analyzer  # noqa: E402
from pitchcoach.core.audio import decode_audio  # noqa: E402
from pitchcoach.core.lexicon import load_lexicons  # noqa: E402
from pitchcoach.core.model import load_model  # noqa: E402
from pitchcoach.core.multilingual import load_multilingual, prepare_model  # noqa: E402
from pitchcoach.core.speech import LazyModel, LazyTranscriber  # noqa: E402
from pitchcoach.core.transcribe import Transcriber, zh_options  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
DEV_SPEECH = ROOT.parent / "shared" / "data" / "dev-speech"
PLAIN_PROMPT = "以下是普通话的自我介绍。"
TAKE_20S = FIXTURES / "zh" / "good_pitch.wav"


def letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def zh_clips(dev_speech: bool) -> list[tuple[str, Path, str]]:
    meta = json.loads((FIXTURES / "zh" / "fixtures.json").read_text("utf-8"))["fixtures"]
    out = [(f["name"], ROOT / f["file"], f["text"]) for f in meta if f.get("text")]
    readme = DEV_SPEECH / "README.md"
    if dev_speech and readme.is_file():
        for line in readme.read_text("utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 5 and cells[0].startswith("zh_") and (DEV_SPEECH / cells[0]).is_file():
                out.append((Path(cells[0]).stem, DEV_SPEECH / cells[0], cells[-1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed runs of the 20-s take per set-up (default 5)")
    ap.add_argument("--no-dev-speech", action="store_true", help="fixtures only, not ../shared/data/dev-speech")
    ap.add_argument("--ours-beam", type=int, default=None, help="our whole-file beam (default: the app's)")
    args = ap.parse_args()
    from faster_whisper import WhisperModel

    with tempfile.TemporaryDirectory(prefix="pc-models-") as models:
        folder = prepare_model(Path(models))
        lazy = LazyModel(lambda: load_multilingual(Path(models)), "base (multilingual, bundled)")
        analyzer = Analyzer(Transcriber(load_model(None)), load_lexicons(None), lazy)
        if args.ours_beam is not None:  # what the app would do with another beam
            analyzer._zh = LazyTranscriber(lazy, replace(zh_options(), beam_size=args.ours_beam))
        lazy.get()
        print(f"ours: {analyzer.zh_transcriber().options}")
        plain = WhisperModel(str(folder), device="cpu", compute_type="int8")
        print(f"cpus={os.cpu_count()} load_average_at_start={os.getloadavg()[0]:.2f}")

        def run_plain(path: Path, beam: int) -> str:
            segs, _ = plain.transcribe(
                str(path), language="zh", beam_size=beam, vad_filter=True, initial_prompt=PLAIN_PROMPT
            )
            return "".join(s.text for s in segs)

        print(f"\n{'clip':32s} {'ours_cer':>8s} {'plain5_cer':>10s}  ours / plain beam 5")
        refs, ours, plains = [], [], []
        for name, path, ref in zh_clips(not args.no_dev_speech):
            mine = analyzer.analyze_file(path, language="zh").transcript.text
            other = run_plain(path, 5)
            refs.append(letters(ref))
            ours.append(letters(mine))
            plains.append(letters(other))
            print(
                f"{name:32s} {jiwer.cer(refs[-1], ours[-1]) * 100:7.1f}% {jiwer.cer(refs[-1], plains[-1]) * 100:9.1f}%"
                f"  {mine} / {other}"
            )
        print(
            f"corpus cer over {len(refs)} clips: ours={jiwer.cer(refs, ours) * 100:.2f}% "
            f"plain_beam5={jiwer.cer(refs, plains) * 100:.2f}%"
        )

        audio_s = len(decode_audio(TAKE_20S)) / 16000
        times: dict[str, list[float]] = {"ours (analyze, all included)": [], "plain beam 1": [], "plain beam 5": []}
        cpu: dict[str, list[float]] = {label: [] for label in times}
        analyzer.analyze_file(TAKE_20S, language="zh")  # warm-up for both
        run_plain(TAKE_20S, 1)
        loads = []
        for _ in range(args.repeat):
            for label in times:
                t0, c0 = time.perf_counter(), time.process_time()
                if label.startswith("ours"):
                    analyzer.analyze_file(TAKE_20S, language="zh")
                else:
                    run_plain(TAKE_20S, int(label[-1]))
                times[label].append(time.perf_counter() - t0)
                cpu[label].append(time.process_time() - c0)
            loads.append(os.getloadavg()[0])
        print(f"\nwhole-file time, {TAKE_20S.name} ({audio_s:.1f} s), {args.repeat} runs each, interleaved:")
        for label, xs in times.items():
            print(
                f"  {label:30s} median={statistics.median(xs):.2f}s min={min(xs):.2f}s "
                f"cpu_median={statistics.median(cpu[label]):.2f}s"
            )
        ours_m = statistics.median(times["ours (analyze, all included)"])
        print(
            f"ours / plain: {ours_m / statistics.median(times['plain beam 1']):.2f}x beam 1, "
            f"{ours_m / statistics.median(times['plain beam 5']):.2f}x beam 5 "
            f"(load average {min(loads):.1f}-{max(loads):.1f} while timing)"
        )
        ours_c = statistics.median(cpu["ours (analyze, all included)"])
        print(
            f"cpu time ours / plain: {ours_c / statistics.median(cpu['plain beam 1']):.2f}x beam 1, "
            f"{ours_c / statistics.median(cpu['plain beam 5']):.2f}x beam 5"
        )


if __name__ == "__main__":
    main()
