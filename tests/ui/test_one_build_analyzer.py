"""The CLI, the self-test and the GUI get their analyzer from the same core function."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from pitchcoach import cli
from pitchcoach.core import analysis
from tests.speech import FIXTURES


def test_cli_self_test_and_gui_call_core_build_analyzer(make_app, mic_factory, analyzer, monkeypatch, qtbot):
    assert cli.build_analyzer is analysis.build_analyzer
    calls: list[tuple[Path, str | None]] = []

    def spy(paths, model_spec=None, scenarios=None):  # the CLI hands over the scenarios it checked
        calls.append((paths.root, model_spec))
        return analyzer  # the session's loaded model: what is tested here is who calls the function

    monkeypatch.setattr(analysis, "build_analyzer", spy)
    monkeypatch.setattr(cli, "build_analyzer", spy)

    assert cli.self_test(io.StringIO()) == cli.EXIT_OK
    args = argparse.Namespace(files=[str(FIXTURES / "too_short.wav")], json=True, target=20.0, model="x", save=False)
    assert cli.run_analyze(args, io.StringIO(), io.StringIO()) == cli.EXIT_OK
    pc = make_app(mic_factory(), real_model_load=True, start=False)
    with qtbot.waitSignals([pc.window.model_ready, pc.window.warmed_up], timeout=60000):
        pc.start()

    home = pc.services.paths.root
    assert calls == [(home, None), (home, "x"), (home, pc.services.settings.value.model_path)]
