"""The voice picture is valid SVG and marks what the analysis found, where it found it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pitchcoach.core.transcript import Word
from pitchcoach.core.voice.analysis import SentenceVoice, TrailingOff, VoiceAnalysis
from pitchcoach.core.voice.figure import display_contour, marks, voice_strip_svg
from pitchcoach.core.voice.hesitation import HeardSpan

SVG = "{http://www.w3.org/2000/svg}"


def _take() -> tuple[VoiceAnalysis, list[Word]]:
    words = [
        Word(text=t, start=i * 0.5, end=i * 0.5 + 0.4, probability=1.0)
        for i, t in enumerate(["Hi", "I'm", "Sam", "&", "co."])
    ]
    va = VoiceAnalysis(f0_median_hz=110.0, f0_spread_semitones=0.4, level_dbfs=-25.0, level_spread_db=9.0)
    va.sentences = [SentenceVoice(0, 4, 0.0, 2.4, 0.4, 1.2, -25.0)]
    va.flat_sentences = [0]
    va.trailing_off = [TrailingOff(words=[4], sentence_first_word=0, drop_db=13.0, kind="quieter")]
    va.unvoiced_hesitations = [HeardSpan(start=2.5, end=2.8, after_word=4)]
    va.pitch_st = [0.0, 0.5, None, float("nan"), -0.5, 0.2] * 20
    va.level_db = [-25.0, -60.0] * 60
    return va, words


def test_svg_parses_and_escapes_the_words() -> None:
    va, words = _take()
    svg = voice_strip_svg(va, words)
    root = ET.fromstring(svg)  # raises on broken markup, e.g. an unescaped "&"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "&" in texts and "co." in texts
    assert "110 Hz" in texts
    assert root.findall(f"{SVG}polyline") and root.findall(f"{SVG}polygon")


def test_marks_cover_flat_trailing_and_heard_spans() -> None:
    va, words = _take()
    kinds = {(k, round(s, 2), round(e, 2)) for k, s, e, _ in marks(va, words)}
    assert ("flat", 0.0, 2.4) in kinds
    assert ("trailing_off", 2.0, 2.4) in kinds
    assert ("hesitation", 2.5, 2.8) in kinds


def test_an_empty_take_still_draws() -> None:
    va = VoiceAnalysis(f0_median_hz=None, f0_spread_semitones=None, level_dbfs=None, level_spread_db=None)
    ET.fromstring(voice_strip_svg(va, []))


def test_display_contour_bins_medians_and_leaves_gaps() -> None:
    track = [1.0, 2.0, 9.0, 3.0] + [None] * 4 + [None, None, None, 5.0] + [-1.0] * 4
    bins = display_contour(track, 0.02, 0.08)  # four frames a bin
    assert bins == [(0.0, 0.08, 2.5), (0.24, 0.32, -1.0)]  # median, not the 9 st spike; no stray 5
    assert len(display_contour([0.5, None, 0.7], 0.02, 0.005)) == 2  # never less than a frame
