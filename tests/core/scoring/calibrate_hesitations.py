"""Recall and precision of the hesitation rules, on hand-marked speech (docs/calibration.md).

Not a test (pytest does not collect it). Two sets:

* the piper clips in tests/fixtures/hesitations/ (tests/make_hesitation_clips.py): every chunk's
  hesitations are marked by hand, every other marker word is a non-hesitation;
* the real English clips in ../shared/data/dev-speech/ when present (read from there, never
  copied), marked by hand below from their reference transcripts and the audio.

A detection counts as correct when it falls on a marked hesitation (any kind: the kind it was
given is reported separately); a marked hesitation counts as found when a detection falls on it.

    PYTHONPATH=. python tests/core/scoring/calibrate_hesitations.py [--json]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.lexicon import load_lexicons
from pitchcoach.core.model import load_model
from pitchcoach.core.scoring.hesitations import Hesitation, detect_hesitations
from pitchcoach.core.scoring.tokens import tokenize
from pitchcoach.core.transcribe import Transcriber

REPO = Path(__file__).resolve().parents[3]
CLIPS = REPO / "tests" / "fixtures" / "hesitations"
DEV_SPEECH = REPO.parent / "shared" / "data" / "dev-speech"
SLACK_S = 0.3  # Whisper's word times drift around a disfluency (rubric §3)


@dataclass
class Mark:
    kind: str
    term: str
    start: float
    end: float
    note: str = ""


# Hand marks on the real clips: (kind, term, start, end, note). Times are where the event is in
# the audio (checked against the waveform's voicing), with room for the repeat that follows.
REAL_MARKS: dict[str, list[Mark]] = {
    "en_batchalign_test.mp3": [
        Mark("filled_pause", "um", 18.0, 18.6, "reference: 'but um here's some retracing'"),
        Mark("filled_pause", "um", 21.2, 21.6, "reference: 'um i like i like i like beans'"),
        Mark("repetition", "i like", 22.2, 22.9, "second 'I like' (retracing)"),
        Mark("repetition", "i like", 22.9, 23.7, "third 'I like' (retracing)"),
    ],
    "en_mooncast_prompt0.wav": [],
    "en_mooncast_prompt1.wav": [],
}
# Events the reference transcripts leave out but the audio may hold: scored both ways.
UNSURE_MARKS: dict[str, list[Mark]] = {
    "en_mooncast_prompt0.wav": [
        Mark("filled_pause", "um", 4.2, 4.45, "Whisper 'um' at p=0.07; the audio has an 80 ms voiced blip only")
    ],
    "en_mooncast_prompt1.wav": [
        Mark("filled_pause", "um", 4.1, 4.6, "Whisper 'um' at p=0.45; 0.2 s voiced after a 0.44 s silence")
    ],
}
# The marker words in the real clips that are NOT hesitations (for the record; any detection on
# them is a false positive anyway).
REAL_NON_HESITATIONS = {
    "en_batchalign_test.mp3": "'so just for fun'; 'I like' (verb, x3); 'test test' (a mic check, deliberate); "
    "'beans. beans are fun' (a new sentence)",
    "en_mooncast_prompt0.wav": "'Yeah, no,'; 'So, ...'; 'So social distancing'; 'the way I like it' (verb)",
    "en_mooncast_prompt1.wav": "'and look,' (not in the marker list either)",
}


def clip_marks() -> dict[Path, list[Mark]]:
    manifest = json.loads((CLIPS / "hesitations.json").read_text(encoding="utf-8"))
    out: dict[Path, list[Mark]] = {}
    for clip in manifest["clips"]:
        chunks = clip["chunks"]
        marks = []
        for i, c in enumerate(chunks):
            # A repeat or restart shows on the words that follow the broken chunk.
            until = chunks[i + 1]["start"] + 0.5 if i + 1 < len(chunks) else c["end"]
            for kind, term in c["hesitations"]:
                marks.append(Mark(kind, term, c["start"], until, c["text"]))
        out[REPO / clip["file"]] = marks
    return out


def overlaps(h: Hesitation, m: Mark) -> bool:
    return h.start < m.end + SLACK_S and m.start - SLACK_S < h.end


def match(found: list[Hesitation], marks: list[Mark]) -> dict:
    hits = [h for h in found if any(overlaps(h, m) for m in marks)]
    false = [h for h in found if h not in hits]
    missed = [m for m in marks if not any(overlaps(h, m) for h in found)]
    wrong_kind = [h for h in hits if not any(overlaps(h, m) and m.kind == h.kind for m in marks)]
    return {
        "marked": len(marks),
        "found": len(marks) - len(missed),
        "detections": len(found),
        "correct": len(hits),
        "false": [f"{h.kind} '{h.text}' at {h.start:.2f} ({h.why})" for h in false],
        "missed": [f"{m.kind} '{m.term}' at {m.start:.2f}" for m in missed],
        "wrong_kind": [f"{h.kind} '{h.text}' at {h.start:.2f}" for h in wrong_kind],
    }


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {100 * a / b:.0f} %" if b else f"{a}/{b}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tr = Transcriber(load_model(None))
    lex = load_lexicons(None)
    sets: dict[str, list[tuple[str, dict, str]]] = {"piper": [], "real": [], "real+unsure": []}

    def run(path: Path) -> tuple[list[Hesitation], str]:
        t = tr.transcribe(decode_audio(path))
        return detect_hesitations(tokenize(t), lex).hesitations, t.text

    for path, marks in clip_marks().items():
        found, text = run(path)
        sets["piper"].append((path.name, match(found, marks), text))
    if DEV_SPEECH.is_dir():
        for name, marks in REAL_MARKS.items():
            path = DEV_SPEECH / name
            if not path.exists():
                continue
            found, text = run(path)
            sets["real"].append((name, match(found, marks), text))
            sets["real+unsure"].append((name, match(found, marks + UNSURE_MARKS.get(name, [])), text))

    summary = {}
    for set_name, rows in sets.items():
        marked = sum(r["marked"] for _, r, _ in rows)
        found = sum(r["found"] for _, r, _ in rows)
        det = sum(r["detections"] for _, r, _ in rows)
        correct = sum(r["correct"] for _, r, _ in rows)
        summary[set_name] = {"recall": ratio(found, marked), "precision": ratio(correct, det)}
        if not args.json:
            print(f"== {set_name}: recall {ratio(found, marked)}, precision {ratio(correct, det)}")
            for name, r, text in rows:
                print(f"  {name}: marked {r['marked']}, found {r['found']}, detections {r['detections']}")
                print(f"    heard: {text}")
                for key in ("missed", "false", "wrong_kind"):
                    for line in r[key]:
                        print(f"    {key}: {line}")
    if args.json:
        print(json.dumps({"summary": summary, "sets": {k: [(n, r) for n, r, _ in v] for k, v in sets.items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
