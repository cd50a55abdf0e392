"""Mandarin takes (issue 24) through the real multilingual model on the real Mandarin fixtures.

The model is loaded once for the run (conftest ``multilingual``), in the background as the app does;
each clip is analysed once per module and shared between the tests.
"""

from __future__ import annotations

import json
import re

import jiwer
import pytest

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.errors import friendly_message
from pitchcoach.core.messages import get_catalog
from pitchcoach.core.speech import LanguageError, check_language
from pitchcoach.core.transcribe_zh import clean_zh, is_stock_line, to_simplified
from pitchcoach.core.transcript import Segment, Word
from tests.speech import FIXTURES

pytestmark = pytest.mark.slow

ZH = FIXTURES / "zh"
REFS = {f["name"]: f["text"] for f in json.loads((ZH / "fixtures.json").read_text("utf-8"))["fixtures"]}
# Characters OpenCC's t2s would change: any of them in a transcript is a Traditional character.
TRADITIONAL_SAMPLE = "們這個說話點們會來與爲為國關學習業務體驗讓讀過還"


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def cer(name: str, text: str) -> float:
    return float(jiwer.cer(_letters(REFS[name]), _letters(text)))


@pytest.fixture(scope="module")
def zh_takes(zh_fixture_analysis):
    # Shared with the scoring tests (tests/conftest.py), so each clip is decoded once per run.
    return {n: zh_fixture_analysis(n) for n in ("good_pitch", "silence", "too_short")}


def test_good_pitch_is_transcribed_in_simplified_within_its_cer_and_scored(zh_takes) -> None:
    a = zh_takes["good_pitch"]
    t = a.transcript
    # Measured 0.04 (fixtures.json: base heard it at 0.04-0.05 when the clip was made).
    assert cer("good_pitch", t.text) < 0.10, t.text
    assert t.language == "zh" and a.model.startswith("base")
    assert to_simplified(t.text) == t.text, t.text
    assert not set(t.text) & set(TRADITIONAL_SAMPLE)
    assert all(to_simplified(w.text) == w.text for w in t.words)
    assert a.result.gate is None, a.result.gate
    # Mandarin is joined without spaces inside a line: the transcript's Han characters are the words'.
    assert _letters("".join(w.text for w in t.words)) == _letters(t.text)


def test_mandarin_windows_are_encoded_cut_to_their_audio_and_english_ones_are_not(
    zh_analyzer, transcriber, monkeypatch
) -> None:
    import faster_whisper.transcribe as fwt

    from pitchcoach.core.model import fit_frames

    widths: list[int] = []
    encode = fwt.WhisperModel.encode

    def spy(self, features):  # what the encoder is given, after any cut
        widths.append(int(features.shape[-1]))
        return encode(self, features)

    monkeypatch.setattr(fwt.WhisperModel, "encode", spy)
    # 19.6 s of speech: one window of about 19.4 s after VAD, encoded as that plus a 1-s margin, not 30 s.
    t = zh_analyzer.zh_transcriber().transcribe(decode_audio(ZH / "no_question.wav"))
    assert widths and 1900 < widths[0] <= 2100 and all(w < 3000 for w in widths), widths
    assert cer("no_question", t.text) < 0.10, t.text
    # A short first window keeps the full 30 s (cut, a 3.5-s clip was misheard); later ones are cut.
    assert fit_frames(400, first=True) is None and fit_frames(400, first=False) == 1000
    widths.clear()
    transcriber.transcribe(decode_audio(FIXTURES / "too_short.wav"))  # English: tiny.en exactly as before
    assert widths == [3000]


def test_silence_gives_no_text_and_is_no_speech(zh_takes) -> None:
    a = zh_takes["silence"]
    assert a.transcript.words == [] and a.transcript.text == ""
    assert a.result.gate is not None and a.result.gate.id == "no_speech"


def test_too_short_is_gated_counting_characters(zh_takes) -> None:
    a = zh_takes["too_short"]
    assert cer("too_short", a.transcript.text) < 0.2, a.transcript.text
    assert a.result.gate is not None and a.result.gate.id == "too_short", a.result.gate
    assert "character" in a.result.gate.message and "字" in a.result.gate.message


def test_english_speech_on_a_mandarin_take_says_to_choose_english(zh_analyzer) -> None:
    # English (a short clip, to keep the test lean) on a take set to Mandarin.
    a = zh_analyzer.analyze_file(FIXTURES / "too_short.wav", language="zh")
    assert a.result.gate is not None and a.result.gate.id == "not_understood"
    assert "choose English" in a.result.gate.message


def test_auto_detects_mandarin_and_english_and_english_stays_on_tiny_en(zh_analyzer, fixture_transcript) -> None:
    # Mandarin: detection alone (the decode that follows is the "zh" one, tested above).
    zh, p = zh_analyzer.transcriber_for("auto").decide(decode_audio(ZH / "good_pitch.wav"))
    assert zh == "zh" and p > 0.5
    en = zh_analyzer.transcriber_for("auto").transcribe(decode_audio(FIXTURES / "great_pitch.wav"))
    # Exactly the English path's transcript: detection only chose the model.
    assert en.language == "en" and en.model == zh_analyzer.model_name
    assert en.text == fixture_transcript("great_pitch.wav").text


def test_an_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(LanguageError, match="en .*zh .*auto") as exc:
        check_language("fr")
    assert str(exc.value) == "Unknown pitch language 'fr'. Choose en (English), zh (Mandarin) or auto (detect it)."
    # Issue 25: in the interface language too.
    assert friendly_message(exc.value, get_catalog("zh_CN")).startswith("未知的演讲语言「fr」。")


def test_traditional_output_is_converted_and_stock_caption_lines_are_dropped_only_over_silence() -> None:
    speech = [(0, 3 * 16000)]  # VAD heard speech in the first 3 s only
    words = [
        Word("歡迎大家", 0.1, 1.0, 0.9),
        Word("來體驗。", 1.0, 2.0, 0.9),
        Word("谢谢观看", 3.5, 4.5, 0.2),
    ]
    segs = [
        Segment(0.1, 2.0, "歡迎大家來體驗。", -0.2, 0.01),
        Segment(3.5, 4.5, "谢谢观看", -0.9, 0.4),
    ]
    w, s = clean_zh(words, segs, speech)
    assert [x.text for x in w] == ["欢迎大家", "来体验。"]
    assert [x.text for x in s] == ["欢迎大家来体验。"]
    # The same line said over speech is kept.
    w, s = clean_zh(words, segs, [(0, 5 * 16000)])
    assert [x.text for x in s][-1] == "谢谢观看"
    assert is_stock_line("字幕由Amara.org社区提供") and is_stock_line("請不吝點贊 訂閱 轉發 打賞支持明鏡與點點欄目")
    assert not is_stock_line("谢谢你的时间，我是做餐饮软件的")


def test_a_recorded_mandarin_take_gets_an_instant_and_a_final_result(zh_analyzer, store) -> None:
    """The two passes for Mandarin through the real recorder (fake sound card only) and the live path."""
    from pitchcoach.core.recorder import Recorder
    from pitchcoach.core.session import TakeSession, stop_recording
    from pitchcoach.core.twopass import TwoPassTake
    from tests.fakes import FakeSoundDevice

    session = TakeSession(zh_analyzer, lambda: store)
    live = session.start_live("zh")
    # Fed at four times real time; the worker is waited for, so the live path is not behind at Stop.
    sd = FakeSoundDevice(ZH / "good_pitch.wav", samplerate=48000, speed=4)
    rec = Recorder(store.paths.recordings, sd=sd, on_chunk=live.feed)
    rec.start()
    assert sd.source_done.wait(120)
    take = stop_recording(rec, live)
    assert take.language == "zh"
    assert live.wait_idle(120)
    tp = TwoPassTake(session, take, target_seconds=20.0)
    instant = tp.instant()
    final = tp.final()
    assert instant is not None and final is not None
    for outcome in (instant, final):
        t = outcome.analysis.transcript
        assert t.language == "zh" and cer("good_pitch", t.text) < 0.15, t.text
        assert to_simplified(t.text) == t.text
    assert live.stats.commits >= 1  # words were committed while "speaking", not all decoded at Stop
    assert final.take_id is not None and store.get(final.take_id).transcript.language == "zh"


def test_the_multilingual_model_loads_in_the_background_and_a_damaged_one_says_how_to_fix_it(
    transcriber, tmp_path
) -> None:
    import threading

    from pitchcoach.core.analysis import Analyzer
    from pitchcoach.core.lexicon import load_lexicons
    from pitchcoach.core.model import ModelError
    from pitchcoach.core.multilingual import load_multilingual
    from pitchcoach.core.speech import LazyModel

    # Installed parts whose bytes are not the model's (a damaged install).
    parts = []
    for i in (1, 2):
        p = tmp_path / f"part{i}" / f"model.bin.part{i}"
        p.parent.mkdir()
        p.write_bytes(b"\0" * 4096)
        for side in ("config.json", "tokenizer.json", "vocabulary.txt"):
            (p.parent / side).write_text("{}")
        parts.append(p)
    release = threading.Event()
    seen: list[ModelError | None] = []

    def load():
        release.wait()  # the load cannot finish until the test says so
        return load_multilingual(tmp_path / "models", parts=parts)

    lazy = LazyModel(load, "base (multilingual, bundled)")
    lazy.add_listener(seen.append)
    analyzer = Analyzer(transcriber, load_lexicons(None), lazy)
    analyzer.prepare_language("zh")  # returns while the load is still held: it runs on its own thread
    assert not lazy.ready and lazy.error is None and seen == []
    analyzer.prepare_language("en")  # English never touches it
    release.set()
    with pytest.raises(ModelError, match="integrity check.*Reinstall PitchCoach"):
        analyzer.analyze_file(ZH / "too_short.wav", language="zh")
    assert seen and isinstance(seen[0], ModelError)
    # English takes still work.
    assert analyzer.analyze_file(FIXTURES / "too_short.wav").transcript.language == "en"


class _Recorded:
    """The real transcriber; remembers that a decode was asked of it (the model's edge, not a fake)."""

    def __init__(self, real) -> None:
        self.real = real
        self.calls = 0

    def __getattr__(self, name):
        return getattr(self.real, name)

    def transcribe(self, audio, **kw):
        self.calls += 1
        return self.real.transcribe(audio, **kw)


def test_stop_lets_a_running_mandarin_live_decode_that_heard_everything_finish_instead_of_racing_it(
    zh_analyzer, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Whisper base decodes side by side on two cores each take about twice as long, and a generate call
    cannot be stopped: at Stop a Mandarin take gives the running live decode that heard all the speech a
    bounded head start, and uses its words, instead of starting its own decode beside it (English races)."""
    import threading

    import numpy as np

    from pitchcoach.core.live import worker
    from pitchcoach.core.session import TakeSession

    session = TakeSession(zh_analyzer, lambda: store)
    assert session.start_live("en").race_wait_factor == 0
    live = session.start_live("zh")
    assert live.race_wait_factor > 0
    # The bound is made wide so that the outcome does not depend on how busy the machine is.
    live.race_wait_factor = 1000.0
    monkeypatch.setattr(worker, "MAX_RACE_WAIT_SECONDS", 600.0)
    stop_side = _Recorded(live.stop_transcriber)
    live.stop_transcriber = stop_side

    speech = decode_audio(ZH / "too_short.wav")
    audio = np.concatenate([speech, np.zeros(int(0.6 * 16000), np.float32)])
    first = int(3.2 * 16000)  # the last words are still to come
    live.feed(audio[:first])
    assert live.wait_idle(120)
    entered, release = threading.Event(), threading.Event()

    def held() -> None:  # the worker's edge: the decode of everything starts, Stop comes meanwhile
        entered.set()
        release.wait(120)

    live.decode_hook = held
    live.feed(audio[first:])
    assert entered.wait(120)
    got: list = []
    stopper = threading.Thread(target=lambda: got.append(live.instant_transcript(audio)))
    stopper.start()
    release.set()
    stopper.join(300)
    final, st = got[0], live.stats
    assert final is not None and st.won_by_live and not st.finish_decoded, st
    assert stop_side.calls == 0  # Stop decoded nothing itself
    assert cer("too_short", final.text) < 0.2, final.text
