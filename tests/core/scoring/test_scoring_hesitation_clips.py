"""Hesitation recall and precision on the hand-marked piper clips, with the real bundled model.

The clips and their marks come from tests/make_hesitation_clips.py; the matching is the one
calibrate_hesitations.py prints figures with (docs/calibration.md, "Hesitations"). The floors sit
just under the measured figures (recall 11/16, precision 11/12 when this was written): Whisper
drops some "uh"s and repeats whatever the rules do, so recall on audio stays under the unit tests'.
"""

from __future__ import annotations

import pytest

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.scoring.hesitations import detect_hesitations
from pitchcoach.core.scoring.tokens import tokenize
from tests.core.scoring.calibrate_hesitations import clip_marks, match

pytestmark = pytest.mark.slow


def test_hand_marked_clips(transcriber, lex) -> None:
    marked = found = detections = correct = 0
    fluent_false: list[str] = []
    for path, marks in clip_marks().items():
        t = transcriber.transcribe(decode_audio(path))
        r = match(detect_hesitations(tokenize(t), lex).hesitations, marks)
        marked, found = marked + r["marked"], found + r["found"]
        detections, correct = detections + r["detections"], correct + r["correct"]
        if path.stem == "fluent_markers":
            fluent_false = r["false"]
    assert marked >= 15
    assert found / marked >= 0.6, (found, marked)
    assert correct / detections >= 0.85, (correct, detections)
    # Nine fluent markers (So I started, Well, Yeah, Alright, like, actually...): at most one is
    # mistaken for a stall (piper leaves 0.34 s of silence after "Okay,").
    assert len(fluent_false) <= 1, fluent_false
