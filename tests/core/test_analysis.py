"""build_analyzer: the one construction of the analyzer (checked model, packaged plus user lexicons)."""

from __future__ import annotations

import json

import pytest

from pitchcoach.core import model as model_mod
from pitchcoach.core.analysis import build_analyzer
from pitchcoach.core.model import ModelError
from pitchcoach.core.paths import app_paths


@pytest.mark.slow
def test_build_analyzer_checks_the_bundled_model_once_and_adds_user_lexicons(pitchcoach_home, monkeypatch):
    paths = app_paths(pitchcoach_home).ensure()
    (paths.lexicons / "buzzwords.tsv").write_text("omnipresence\tbeing everywhere\n", encoding="utf-8")

    analyzer = build_analyzer(paths, None)

    assert analyzer.model_name == "tiny.en (bundled)"
    assert analyzer.lexicons.buzzwords["omnipresence"] == "being everywhere"
    assert analyzer.lexicons.buzzwords["leverage"] == "use"  # the packaged entries are kept
    stamp = json.loads(paths.model_stamp.read_text("utf-8"))
    assert stamp["sha256"] == model_mod.BUNDLED_MODEL_SHA256
    # The next start trusts the stamp: no second hash of the 75 MB file.
    hashed = []
    monkeypatch.setattr(model_mod, "sha256_file", lambda p: hashed.append(p) or "")
    build_analyzer(paths, "bundled")
    assert hashed == []


def test_build_analyzer_names_a_bad_model_folder(pitchcoach_home, tmp_path):
    with pytest.raises(ModelError, match="model.bin"):
        build_analyzer(app_paths(pitchcoach_home), str(tmp_path / "no-such-model"))


def test_analyze_files_reads_the_next_file_while_this_one_is_analysed(analyzer, fixtures_dir, tmp_path, monkeypatch):
    """`pitchcoach analyze` over many files: reading (PyAV decoding) the next file overlaps the model's
    work on this one (issue 22, batch speed). Results come in order; an unreadable file is its error."""
    import threading

    import pitchcoach.core.analysis as analysis

    bad = tmp_path / "not_audio.wav"
    bad.write_text("this is not audio")
    files = [str(fixtures_dir / "too_short.wav"), str(bad), str(fixtures_dir / "great_pitch.wav")]
    events: list[tuple[str, str]] = []
    read, analyse = analysis.decode_audio_with_notes, analysis.Analyzer.analyze_audio

    def reading(path):
        events.append(("read " + path, threading.current_thread().name))
        return read(path)

    def analysing(self, audio, *a, **k):
        result = analyse(self, audio, *a, **k)
        events.append(("analysed " + k["file"], threading.current_thread().name))
        return result

    monkeypatch.setattr(analysis, "decode_audio_with_notes", reading)
    monkeypatch.setattr(analysis.Analyzer, "analyze_audio", analysing)
    got = list(analyzer.analyze_files(files))

    assert [f for f, _ in got] == files
    assert isinstance(got[1][1], analysis.AudioError) and "not_audio.wav" in str(got[1][1])
    assert got[0][1].result.scored is not None and got[2][1].result.scored
    assert {t for e, t in events if e.startswith("read")} == {"read-ahead_0"}
    # The next file was being read while this one was analysed (its read began before this analysis ended).
    order = [e for e, _ in events]
    assert order.index("read " + files[1]) < order.index("analysed " + files[0])
    assert order.index("read " + files[2]) < order.index("analysed " + files[2])
