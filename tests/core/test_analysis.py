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
