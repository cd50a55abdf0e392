"""Analyse the Mandarin fixtures and the real Mandarin dev clips through the app's Mandarin path (Whisper
base, language="zh", OpenCC t2s) and print what the Chinese rubric makes of each: the evidence in
docs/calibration.md ("Mandarin").

Not a test (pytest does not collect it). Run: PITCHCOACH_HOME=$(mktemp -d) python tests/core/scoring/calibrate_zh.py
[--dev DIR]  (DIR: the real clips, default ../shared/data/dev-speech; they are read there, never copied).

A take the Mandarin gate would refuse (too short, for the 3.5-5.6 s dev clips) is still scored here, rule by
rule, so that its pace, pitch spread and confidence can be read: only the figures matter for those.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pitchcoach.core.analysis import Analyzer
from pitchcoach.core.language import get_profile
from pitchcoach.core.lexicon import packaged_lexicons
from pitchcoach.core.model import load_model
from pitchcoach.core.multilingual import MODEL_NAME, load_multilingual
from pitchcoach.core.paths import app_paths
from pitchcoach.core.scoring import engine
from pitchcoach.core.scoring.tokens import tokenize
from pitchcoach.core.speech import LazyModel
from pitchcoach.core.transcribe import Transcriber

REPO = Path(__file__).resolve().parents[3]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", type=Path, default=REPO.parent / "shared" / "data" / "dev-speech")
    args = ap.parse_args()
    gates = engine.check_gates
    engine.check_gates = lambda t, *a: None if t.words else gates(t, *a)  # figures for every clip
    root = app_paths().ensure().models
    analyzer = Analyzer(Transcriber(load_model(None)), None, LazyModel(lambda: load_multilingual(root), MODEL_NAME))
    clips = sorted((REPO / "tests" / "fixtures" / "zh").glob("*.wav")) + sorted(args.dev.glob("zh_*.wav"))
    zh = get_profile("zh")
    print("| clip | gate | overall | clarity | listener | 字 | 字/分钟 | spread st | unsure | fillers | deductions |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for path in clips:
        t = analyzer.analyze_file(path, language="zh").transcript
        r = engine.score(t)
        m = r.metrics
        doc = tokenize(t, zh)
        gate = gates(t, doc, packaged_lexicons("zh"), m.word_count, engine.understanding(t, doc))
        spread = t.voice.f0_spread_semitones if t.voice else None
        deds = ", ".join(f"{d.rule} −{d.points:.0f}" for d in r.deductions)
        sp = "—" if spread is None else round(spread, 2)
        print(
            f"| {path.stem} | {gate.id if gate else '—'} | {r.overall} | {r.clarity} | {r.listener_focus} | "
            f"{m.word_count} | {m.cpm if m.cpm is not None else '—'} | {sp} | "
            f"{m.low_confidence_share} | {m.fillers or {}} | {deds} |"
        )
        print(f"|  | {''.join(w.text for w in t.words)} |||||||||")


if __name__ == "__main__":
    main()
