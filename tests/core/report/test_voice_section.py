"""A take with voice figures gets a Voice section (picture + summary) in HTML, PDF-HTML and Markdown."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pitchcoach.core.report as R
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.transcript import Transcript
from pitchcoach.core.voice.analysis import TrailingOff, VoiceAnalysis, WpmWindow
from pitchcoach.core.voice.hesitation import HeardSpan
from tests.core.report.helpers import T0
from tests.speech import TEXTS


def _take_with_voice(store, lexicons):
    tr = Transcript.from_text(TEXTS["great_pitch"])
    va = VoiceAnalysis(f0_median_hz=118.0, f0_spread_semitones=2.6, level_dbfs=-27.0, level_spread_db=10.0)
    va.trailing_off = [TrailingOff(words=[len(tr.words) - 1], sentence_first_word=40, drop_db=12.0, kind="quieter")]
    va.unvoiced_hesitations = [HeardSpan(start=3.0, end=3.3, after_word=6)]
    va.wpm_windows = [WpmWindow(0.0, 5.0, 12, 144.0), WpmWindow(5.0, 10.0, 13, 156.0)]
    va.pitch_st = [0.0, 1.0, None] * 100
    va.level_db = [-27.0] * 300
    tr.voice = va
    return store.save_take(Analysis(tr, score(tr, 20.0, lexicons), "tiny.en"), None, created_at=T0)


def test_voice_section_in_every_take_format(store, lexicons) -> None:
    rep = R.build_take_report(store.get(_take_with_voice(store, lexicons).id))
    assert "118 Hz" in rep.voice_summary and "1 hesitation heard but not transcribed" in rep.voice_summary
    html = R.render_html(rep)
    assert "<h2>Voice</h2>" in html and 'aria-label="Voice: pitch, loudness and words over time"' in html
    pdf_html, images = R.render_pdf_html(rep)
    voice_images = [svg for name, svg in images.items() if "voice" in name]
    assert len(voice_images) == 1 and "Voice" in pdf_html
    ET.fromstring(voice_images[0])
    assert "## Voice" in R.render_markdown(rep)


def test_takes_without_voice_figures_have_no_voice_section(add) -> None:
    rep = R.build_take_report(add(TEXTS["great_pitch"], T0))
    assert rep.voice_svg == "" and "<h2>Voice</h2>" not in R.render_html(rep)
    assert "## Voice" not in R.render_markdown(rep)


def test_a_mandarin_takes_pace_every_5_s_is_in_characters(store, lexicons) -> None:
    """Issue 24: the voice analysis counts Whisper's words, which in Chinese are not words; a Mandarin take
    gives its pace every 5 s in 字/分钟, from the scoring's character counts."""
    from pitchcoach.core.voice.figure import voice_summary

    take = store.get(_take_with_voice(store, lexicons).id)
    va = take.transcript.voice
    assert "144, 156 words per minute" in voice_summary(va, take.transcript.words)
    text = voice_summary(va, take.transcript.words, [212.0, 230.4])
    assert "Pace every 5 s: 212, 230 字/分钟." in text and "words per minute" not in text
