"""Transcribe every speech fixture with the real bundled model and print what the engine makes of it.

Not a test (pytest does not collect it): the figures it prints are the evidence in
docs/calibration.md. Run: python tests/core/scoring/calibrate.py [--brief-prompt] [--save DIR]

--brief-prompt decodes with beam 5 and the longer noScribe-style prompt instead of the app's
own Transcriber settings, to check the thresholds do not depend on one decoding setup.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.lexicon import load_lexicons
from pitchcoach.core.model import load_model
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.transcribe import DecodeOptions, Transcriber
from pitchcoach.core.transcript import Transcript

REPO = Path(__file__).resolve().parents[3]
BRIEF_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."


def summarise(name: str, t: Transcript) -> dict:
    r = score(t, lexicons=load_lexicons(None))
    probs = [w.probability for w in t.words]
    out = {
        "name": name,
        "gate": r.gate.id if r.gate else None,
        "overall": r.overall,
        "clarity": r.clarity,
        "listener_focus": r.listener_focus,
        "timing": r.timing,
        "caps": [c.rule for c in r.caps],
        "band": r.band,
        "deductions": {d.rule: round(d.points, 1) for d in r.deductions},
        "words": len(t.words),
        "mean_word_prob": round(statistics.fmean(probs), 3) if probs else None,
        "min_seg_logprob": min((s.avg_logprob for s in t.segments), default=None),
        "max_compression": max((s.compression_ratio for s in t.segments), default=None),
        "max_no_speech": max((s.no_speech_prob for s in t.segments), default=None),
        "vad_s": t.vad_speech_seconds,
        "metrics": {
            k: getattr(r.metrics, k)
            for k in (
                "speech_seconds",
                "wpm",
                "filler_count",
                "fillers",
                "low_confidence_share",
                "low_logprob_share",
                "you_ratio",
                "flesch_reading_ease",
                "mean_sentence_words",
                "longest_pause_s",
                "trailing_off_sentences",
            )
        },
        "text": t.text,
    }
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--brief-prompt", action="store_true")
    ap.add_argument("--save", type=Path)
    args = ap.parse_args()
    opts = DecodeOptions(beam_size=5, initial_prompt=BRIEF_PROMPT) if args.brief_prompt else DecodeOptions()
    tr = Transcriber(load_model(None), opts)
    meta = json.loads((REPO / "tests/fixtures/fixtures.json").read_text())
    for f in meta["fixtures"]:
        t = tr.transcribe(decode_audio(REPO / f["file"]))
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{f['name']}.json").write_text(json.dumps(t.to_dict()))
        print(json.dumps(summarise(f["name"], t)), flush=True)


if __name__ == "__main__":
    main()
