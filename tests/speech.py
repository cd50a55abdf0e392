"""What the fixtures say, and word error rate as the UI tests measure it."""

from __future__ import annotations

from pathlib import Path

import jiwer

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_text(name: str) -> str:
    import json

    data = json.loads((FIXTURES / "fixtures.json").read_text())
    return next(f["text"] for f in data["fixtures"] if f["name"] == name)


def wer(ref: str, hyp: str) -> float:
    norm = jiwer.Compose(
        [
            jiwer.ToLowerCase(),
            jiwer.RemovePunctuation(),
            jiwer.RemoveMultipleSpaces(),
            jiwer.Strip(),
            jiwer.ReduceToListOfListOfWords(),
        ]
    )
    return jiwer.wer(ref, hyp, reference_transform=norm, hypothesis_transform=norm)
