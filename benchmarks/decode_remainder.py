"""Word error rate and decode time with and without decoding the short window after the last word.

Run: .venv/bin/python benchmarks/decode_remainder.py
Prints figures; asserts nothing. For every English speech fixture with reference text and every
English clip in ../shared/data/dev-speech/ (when present), it decodes the whole file twice, as
`pitchcoach analyze` does and with the live path's options: once with faster-whisper's own
behaviour (a last window holding only what follows the last word is decoded too) and once as the
app does (such a window under 1 s is skipped: core/model.py, ``min_remainder_frames``). It prints
corpus WER (jiwer, words normalised as the app does), total decode time, and every transcript that
differs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import jiwer  # noqa: E402
from latency import clips  # noqa: E402

from pitchcoach.core.audio import decode_audio  # noqa: E402
from pitchcoach.core.model import load_model  # noqa: E402
from pitchcoach.core.transcribe import LIVE_DECODE_OPTIONS, Transcriber  # noqa: E402
from pitchcoach.core.transcript import normalize_phrase as words_of  # noqa: E402


def main() -> None:
    model = load_model(None)
    cls = type(model.whisper)
    app_value = cls.min_remainder_frames
    items = clips(None, dev_speech=True)
    print(f"model={model.name} clips={len(items)}")
    for label, tr in (("whole-file", Transcriber(model)), ("live options", Transcriber(model, LIVE_DECODE_OPTIONS))):
        texts: dict[int, list[str]] = {}
        for frames in (0, app_value):
            cls.min_remainder_frames = frames
            refs, hyps, spent = [], [], 0.0
            for _, path, ref in items:
                audio = decode_audio(path)
                t0 = time.perf_counter()
                text = tr.transcribe(audio).text
                spent += time.perf_counter() - t0
                refs.append(words_of(ref))
                hyps.append(words_of(text))
                texts.setdefault(frames, []).append(text)
            how = "all windows decoded" if frames == 0 else f"last window under {frames} frames skipped"
            print(f"{label:12s} {how:38s} WER {jiwer.wer(refs, hyps) * 100:.2f} %  decode {spent:.1f} s")
        for (name, _, _), a, b in zip(items, texts[0], texts[app_value], strict=True):
            if a != b:
                print(f"  {name}:\n    all:  {a}\n    skip: {b}")
    cls.min_remainder_frames = app_value


if __name__ == "__main__":
    main()
