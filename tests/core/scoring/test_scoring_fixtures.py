"""The engine on real speech: every fixture transcribed by the real bundled model.

Each fixture was written to break (or pass) particular rules (tests/fixtures/fixtures.json);
this checks the rubric's predicted outcome survives real transcription, timings and confidences.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.scoring.result import ScoreResult
from pitchcoach.core.transcript import Transcript

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = json.loads((ROOT / "tests/fixtures/fixtures.json").read_text(encoding="utf-8"))
FIXTURES = {f["name"]: ROOT / f["file"] for f in MANIFEST["fixtures"]}
ENGLISH = [
    "great_pitch", "sample_pitch", "hard_sell", "filler_heavy", "jargon_heavy", "too_short", "too_long",
    "too_fast", "too_slow",
]  # fmt: skip


@pytest.fixture(scope="module")
def heard(transcriber) -> dict[str, Transcript]:
    cache: dict[str, Transcript] = {}

    def get(name: str) -> Transcript:
        if name not in cache:
            cache[name] = transcriber.transcribe(decode_audio(FIXTURES[name]))
        return cache[name]

    return get


def lost(r: ScoreResult, rule: str) -> float:
    return next(s.lost for s in r.subscores if s.rule == rule)


@pytest.mark.parametrize("name", ENGLISH)
def test_english_fixtures_are_scored(name: str, heard, lex) -> None:
    r = score(heard(name), lexicons=lex)
    assert r.gate is None, (name, r.gate, r.metrics)
    assert 0 <= r.overall <= 100


def test_great_pitch(heard, lex) -> None:
    for name in ("great_pitch", "sample_pitch"):
        r = score(heard(name), lexicons=lex)
        assert r.band in ("Great", "Good"), (name, [d.message for d in r.deductions])
        assert r.listener_focus >= 85
        assert r.structure["what_you_do"] and r.structure["question"] and r.structure["offer_help"]


def test_hard_sell(heard, lex) -> None:
    r = score(heard("hard_sell"), lexicons=lex)
    assert r.listener_focus <= 30
    assert lost(r, "hard_sell") == 20
    assert lost(r, "question") == 30
    assert "hard_sell" in [d.rule for d in r.deductions]


def test_filler_heavy(heard, lex) -> None:
    r = score(heard("filler_heavy"), lexicons=lex)
    assert r.metrics.filler_count >= 6
    assert lost(r, "fillers") >= 20
    assert r.fix_first[0].rule == "fillers"


def test_jargon_heavy(heard, lex) -> None:
    r = score(heard("jargon_heavy"), lexicons=lex)
    assert lost(r, "plain_language") >= 15
    assert r.metrics.buzzwords >= 4


def test_pace_fixtures(heard, lex) -> None:
    fast = score(heard("too_fast"), lexicons=lex)
    assert fast.metrics.wpm > 170 and lost(fast, "pace") > 0
    slow = score(heard("too_slow"), lexicons=lex)
    assert slow.metrics.wpm < 120 and lost(slow, "pace") > 0
    assert lost(score(heard("great_pitch"), lexicons=lex), "pace") == 0


def test_timing_fixtures(heard, lex) -> None:
    # too_long is a ~59 s ramble (3x the target): not an elevator pitch, and timing is fixed first.
    long = score(heard("too_long"), lexicons=lex)
    assert long.timing <= 45 and long.overall <= long.timing and long.band == "Rework"
    assert long.fix_first[0].rule == "timing" and "not an elevator pitch yet" in long.fix_first[0].message
    assert long.metrics.words_over_target > 0
    # too_short is a complete 5 s pitch: far under half the target.
    short = score(heard("too_short"), lexicons=lex)
    assert short.timing <= 30 and short.band == "Rework" and short.fix_first[0].rule == "timing"
    # too_fast is a good pitch rushed through in ~13 s: outside the window, so not "Great".
    fast = score(heard("too_fast"), lexicons=lex)
    assert 60 < fast.timing < 85 and fast.band != "Great"
    assert score(heard("great_pitch"), lexicons=lex).timing == 100


def test_too_few_words_is_gated(heard, lex) -> None:
    r = score(heard("too_few_words"), lexicons=lex)
    assert r.gate is not None and r.gate.id == "too_short"


@pytest.mark.parametrize("name", ["silence", "noise", "non_english"])
def test_no_speech_or_not_understood(name: str, heard, lex) -> None:
    r = score(heard(name), lexicons=lex)
    assert r.gate is not None and r.gate.id in ("no_speech", "not_understood"), (name, r.metrics)
    assert r.overall is None


def _espeak(tmp_path: Path, voice: str, text: str) -> Path:
    import shutil
    import subprocess

    exe = shutil.which("espeak-ng")
    # `make test` installs espeak-ng (scripts/system-deps.sh), so its absence is a setup failure.
    assert exe is not None, "espeak-ng is not installed: run scripts/system-deps.sh test"
    out = tmp_path / f"{voice}.wav"
    subprocess.run([exe, "-v", voice, "-w", str(out), text], check=True, capture_output=True)
    return out


@pytest.mark.parametrize(
    ("voice", "text"),
    [
        ("fr", "Bonjour, je m'appelle Claire. Je travaille comme architecte à Lyon et j'aide les familles "
               "à rénover leurs maisons. Et vous, qu'est-ce que vous faites dans la vie?"),
        ("es", "Hola, me llamo Carlos. Soy profesor de matemáticas en Madrid y ayudo a los estudiantes a "
               "preparar sus exámenes. ¿Y tú, a qué te dedicas?"),
    ],
)  # fmt: skip
def test_other_languages_are_not_scored(voice: str, text: str, tmp_path: Path, transcriber, lex) -> None:
    t = transcriber.transcribe(decode_audio(_espeak(tmp_path, voice, text)))
    r = score(t, lexicons=lex)
    assert r.gate is not None and r.gate.id in ("no_speech", "not_understood"), (t.text, r.metrics)


def test_a_robotic_english_voice_is_still_scored(tmp_path: Path, transcriber, lex) -> None:
    text = (
        "Hi, I'm Sam. I help small bakeries set up online ordering, so that they can spend less time on "
        "the phone and more time baking. What brings you here tonight? I'd be happy to introduce you."
    )
    t = transcriber.transcribe(decode_audio(_espeak(tmp_path, "en-us", text)))
    # espeak says this in ~12 s: judged against a 15 s target, so that timing (a verdict of its own,
    # tested elsewhere) does not hide whether the voice itself is scored well.
    r = score(t, target_seconds=15, lexicons=lex)
    assert r.gate is None, (t.text, r.metrics)
    assert r.timing == 100, r.metrics.speech_seconds
    assert r.band in ("Great", "Good")


def test_a_decoder_loop_of_short_sentences_is_not_scored(lex) -> None:
    """What tiny.en once wrote for the French clip above, whose segments compress too little for the
    compression-ratio test: the same sentence over and over is a loop, not a pitch."""
    from pitchcoach.core.transcript import Transcript

    looped = Transcript.from_text("I'm a P.R.D. I'm a C.R.M. I'm a P.R.D. I'm a P.R.D. I'm a P.R.D. I'm a P.R.D.")
    r = score(looped, lexicons=lex)
    assert r.gate is not None and r.gate.id == "not_understood", r.metrics
    # A real pitch that says one short sentence twice is still scored.
    said_twice = Transcript.from_text(
        "Hi, I'm Dana. I help small bakeries sell online. Thank you all. Last month one shop doubled its "
        "orders. What brings you here tonight? Thank you all."
    )
    assert score(said_twice, lexicons=lex).gate is None
