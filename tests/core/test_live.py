"""Live (incremental) transcription with the real bundled model on the real fixtures."""

from __future__ import annotations

import json
import threading

import jiwer
import numpy as np
import pytest

from pitchcoach.core.audio import decode_audio
from pitchcoach.core.live import LiveTranscriber
from pitchcoach.core.paths import app_paths
from pitchcoach.core.recorder import Recorder
from pitchcoach.core.transcript import Transcript, Word
from pitchcoach.core.transcript import normalize_phrase as words_of
from tests.fakes import FakeSoundDevice
from tests.speech import FIXTURES

pytestmark = pytest.mark.slow

META = {f["name"]: f for f in json.loads((FIXTURES / "fixtures.json").read_text())["fixtures"]}
SPEECH = ["great_pitch", "filler_heavy", "hard_sell", "too_slow", "too_short"]
STEP = 0.5


def replay(transcriber, audio: np.ndarray, step_seconds: float = 1.5) -> tuple[Transcript, LiveTranscriber]:
    """Feed the take in recorder-sized pieces, letting the worker catch up after each one.

    Waiting for the worker makes the replay deterministic and faster than real time; a coarser
    step than the app's keeps the number of live decodes (and the test's run time) down.
    """
    # Stop may decode all that is left itself: the replay measures the live path, not Stop's limit.
    live = LiveTranscriber(transcriber, step_seconds=step_seconds, max_stop_decode_seconds=60.0)
    piece = int(STEP * 16000)
    for i in range(0, len(audio), piece):
        live.feed(audio[i : i + piece])
        assert live.wait_idle(120)
    final = live.instant_transcript(audio)
    assert final is not None, live.stats
    return final, live


@pytest.fixture(scope="module")
def replays(transcriber, fixture_transcript) -> dict[str, tuple[Transcript, Transcript, LiveTranscriber]]:
    out = {}
    for name in SPEECH:
        audio = decode_audio(FIXTURES / f"{name}.wav")
        final, live = replay(transcriber, audio)
        out[name] = (final, fixture_transcript(f"{name}.wav"), live)
    return out


def test_incremental_wer_within_one_point_of_whole_file(replays) -> None:
    refs = [words_of(META[n]["text"]) for n in SPEECH]
    live = [words_of(replays[n][0].text) for n in SPEECH]
    whole = [words_of(replays[n][1].text) for n in SPEECH]
    wer_live = jiwer.wer(refs, live) * 100
    wer_whole = jiwer.wer(refs, whole) * 100
    assert wer_live - wer_whole <= 1.0, f"live {wer_live:.2f}% vs whole-file {wer_whole:.2f}%"
    # It really was incremental: pieces of the 20-second takes were committed during the take.
    for n in SPEECH[:4]:
        assert replays[n][2].stats.commits >= 2, n
        assert replays[n][2].stats.finish_tail_seconds < 10.0, n


def test_timestamps_are_monotonic_and_match_the_whole_file(replays) -> None:
    for name in SPEECH:
        final, whole, live = replays[name]
        assert final.words, name
        prev_start = 0.0
        for w in final.words:
            assert 0.0 <= w.start <= w.end <= final.audio_seconds, (name, w)
            assert w.start >= prev_start, (name, w)
            prev_start = w.start
        # Words committed before a cut end before it; words after it start after it.
        for cut in live.stats.commit_points:
            before = [w for w in final.words if w.start < cut]
            after = [w for w in final.words if w.start >= cut]
            assert all(w.end <= cut + 1e-3 for w in before), (name, cut)
            assert all(w.start >= cut - 1e-3 for w in after), (name, cut)
        # Same timeline as the whole-file decode.
        assert final.words[0].start == pytest.approx(whole.words[0].start, abs=0.3), name
        assert final.words[-1].end == pytest.approx(whole.words[-1].end, abs=0.3), name
        assert final.speech_seconds == pytest.approx(whole.speech_seconds, abs=0.5), name
        assert final.audio_seconds == pytest.approx(whole.audio_seconds, abs=1e-3), name
        # Word levels are measured, as in the whole-file path (the "trailing off" rule needs them).
        assert all(w.rms_db is not None for w in final.words if w.end - w.start >= 0.01), name
        assert final.median_rms_db == pytest.approx(whole.median_rms_db, abs=1.5), name


def test_live_words_grow_during_the_take(transcriber) -> None:
    audio = decode_audio(FIXTURES / "too_short.wav")
    seen: list[int] = []
    live = LiveTranscriber(transcriber, step_seconds=1.0, on_update=lambda ws: seen.append(len(ws)))
    piece = 8000
    for i in range(0, len(audio), piece):
        live.feed(audio[i : i + piece])
        assert live.wait_idle(120)
    assert seen and max(seen) >= 8
    assert live.word_count == len(live.words) >= 8
    final = live.instant_transcript(audio)
    assert final is not None
    assert jiwer.wer(words_of(META["too_short"]["text"]), words_of(final.text)) < 0.2
    assert live.instant_transcript(audio) is final  # asking twice is harmless


def test_recorder_feeds_live_transcription(transcriber) -> None:
    """The real wiring: fake device -> Recorder (48 kHz -> 16 kHz) -> on_chunk -> LiveTranscriber."""
    # At 4x real time, not as fast as possible: a device with no pace keeps delivering silence after
    # the clip until Stop, and on a busy machine (the other xdist worker) that grew the 4.7-s take to
    # 16 s, more than Stop may decode itself, so there was rightly no instant result.
    sd = FakeSoundDevice(FIXTURES / "too_short.wav", samplerate=48000, speed=4.0)
    live = LiveTranscriber(transcriber)
    rec = Recorder(app_paths().recordings, sd=sd, on_chunk=live.feed)
    rec.start()
    assert sd.source_done.wait(60)
    result = rec.stop()
    final = live.instant_transcript(result.audio16k)
    assert final is not None and live.stats.abandoned is None
    assert final.audio_seconds == pytest.approx(len(result.audio16k) / 16000)
    assert jiwer.wer(words_of(META["too_short"]["text"]), words_of(final.text)) < 0.2
    assert final.model == transcriber.model_name


def test_silence_gives_no_words_and_no_decode(transcriber) -> None:
    audio = decode_audio(FIXTURES / "silence.wav")
    final, live = replay(transcriber, audio, step_seconds=0.5)
    assert final.words == [] and final.segments == []
    assert live.stats.tentative_decodes == 0 and live.stats.commits == 0
    assert not live.stats.finish_decoded
    assert final.audio_seconds == pytest.approx(len(audio) / 16000)


def test_audio_that_does_not_match_what_was_fed_gets_no_live_transcript(transcriber) -> None:
    fed = decode_audio(FIXTURES / "great_pitch.wav")[: 9 * 16000]
    live = LiveTranscriber(transcriber, step_seconds=1.0)
    for i in range(0, len(fed), 8000):
        live.feed(fed[i : i + 8000])
        assert live.wait_idle(120)
    assert live.committed_seconds > 2.0
    other = decode_audio(FIXTURES / "too_short.wav")
    # Not the take that was fed: the committed words cannot be trusted, so there is no instant
    # result and the take goes straight to the whole-file pass (core/twopass.py).
    assert live.instant_transcript(other) is None
    assert live.stats.abandoned == "failed"


def test_fast_talker_without_pauses_is_still_cut(transcriber, fixture_transcript) -> None:
    """too_fast has no 300 ms pause in 13 s: the tail is cut at a shorter pause instead of left for Stop."""
    audio = decode_audio(FIXTURES / "too_fast.wav")
    final, live = replay(transcriber, audio)
    assert live.stats.commits >= 1
    assert live.stats.finish_tail_seconds < 10.0
    ref = words_of(META["too_fast"]["text"])
    whole = fixture_transcript("too_fast.wav")
    n_ref = len(ref.split())
    # At most one more word wrong than the whole-file decode of the same take.
    assert jiwer.wer(ref, words_of(final.text)) * n_ref <= jiwer.wer(ref, words_of(whole.text)) * n_ref + 1.0


def test_stop_skips_the_instant_result_when_it_would_have_to_decode_too_much(transcriber) -> None:
    """A worker that never got to the speech (its step is longer than the take) leaves all of it
    undecoded at Stop: more than Stop may decode itself, so there is no instant result, and nothing
    is decoded for one."""
    audio = decode_audio(FIXTURES / "too_short.wav")
    live = LiveTranscriber(transcriber, step_seconds=600.0, max_stop_decode_seconds=2.0)
    for i in range(0, len(audio), 8000):
        live.feed(audio[i : i + 8000])
    assert live.instant_transcript(audio) is None
    assert live.stats.abandoned == "backlog" and live.stats.finish_tail_seconds > 2.0
    assert not live.stats.finish_decoded and live.stats.tentative_decodes == 0

    # The same take with the default limit (a short take): the whole tail is decoded at Stop instead.
    live = LiveTranscriber(transcriber, step_seconds=600.0)
    for i in range(0, len(audio), 8000):
        live.feed(audio[i : i + 8000])
    final = live.instant_transcript(audio)
    assert final is not None and live.stats.finish_decoded and live.stats.abandoned is None
    assert jiwer.wer(words_of(META["too_short"]["text"]), words_of(final.text)) < 0.2


class HeldAtTheEnd:
    """The real transcriber; a decode of audio that ends where ``end_at`` ends is held until
    ``release`` is set, inside its replica's model lock: a live decode stuck in a long model call
    when Stop is pressed (the model's edge, not a fake)."""

    def __init__(self, real, end_at: np.ndarray) -> None:
        self.real = real
        self.end = np.asarray(end_at[-1600:], dtype=np.float32)
        self.entered = threading.Event()
        self.release = threading.Event()

    def __getattr__(self, name):
        return getattr(self.real, name)

    def transcribe(self, audio, **kw):
        a = np.asarray(audio, dtype=np.float32)
        if len(a) >= len(self.end) and np.array_equal(a[-len(self.end) :], self.end):
            with self.real.model.lock:
                self.entered.set()
                self.release.wait(120)
        return self.real.transcribe(audio, **kw)


@pytest.mark.parametrize("heard_all", [True, False])
def test_stop_never_waits_for_a_running_live_decode(transcriber, heard_all) -> None:
    """Stop comes while a live decode is stuck in the live replica, one that heard all the speech
    (the person paused) or one that began 2.5 s of speech before Stop: either way Stop does not
    wait for it. The instant result is made at once from what the worker had finished plus the tail
    decoded on the main replica; the stuck decode is thrown away when it ends, never merged."""
    speech = decode_audio(FIXTURES / "too_short.wav")
    audio = np.concatenate([speech, np.zeros(int(0.6 * 16000), np.float32)])
    fed = audio if heard_all else audio[: 3 * 16000]
    held = HeldAtTheEnd(transcriber.twin(), fed)
    live = LiveTranscriber(held, stop_transcriber=transcriber)
    live.feed(fed)  # all at once: the worker's one step decodes all that was fed
    assert held.entered.wait(120)
    try:
        final = live.instant_transcript(audio)
        assert not held.release.is_set()  # returned while the live decode was still stuck
    finally:
        held.release.set()
    st = live.stats
    assert final is not None and st.dropped_in_flight and st.abandoned is None
    assert st.finish_decoded and not st.finish_reused
    assert jiwer.wer(words_of(META["too_short"]["text"]), words_of(final.text)) < 0.2
    live._thread.join(120)
    assert st.discarded == 1 and st.tentative_decodes == 0 and st.commits == 0  # dropped, not merged
    assert live.instant_transcript(audio) is final


def test_a_running_live_decode_that_heard_all_the_speech_races_stops_own_decode(transcriber) -> None:
    """Stop comes while the worker decodes all of the take's speech (the person paused). Stop does not
    wait for it: it starts its own decode on the main replica beside it. Here the main replica is busy
    (the test holds it, as a previous take's whole-file pass would), so the live decode ends first:
    its words are the instant result, and Stop's own decode stops at its first model call."""
    speech = decode_audio(FIXTURES / "too_short.wav")
    audio = np.concatenate([speech, np.zeros(int(0.6 * 16000), np.float32)])
    live = LiveTranscriber(transcriber.twin(), stop_transcriber=transcriber)
    entered, release = threading.Event(), threading.Event()

    def slow() -> None:  # the worker's edge: this decode starts late
        entered.set()
        release.wait(120)

    live.decode_hook = slow
    live.feed(audio)
    assert entered.wait(120)
    got: list = []
    with transcriber.model.lock:  # the main replica is busy
        stopper = threading.Thread(target=lambda: got.append(live.instant_transcript(audio)))
        stopper.start()
        release.set()
        live._thread.join(120)  # the live decode ends while Stop's own decode waits for the model
        assert not got
    stopper.join(120)
    final, st = got[0], live.stats
    assert final is not None and st.won_by_live and st.finish_reused and not st.finish_decoded
    assert jiwer.wer(words_of(META["too_short"]["text"]), words_of(final.text)) < 0.2


def test_stop_decodes_only_what_the_last_guess_did_not_hear_well(transcriber, fixture_transcript) -> None:
    """The last live guess heard all but the last 1.5 s: its words are kept up to a pause it heard
    well, and only the audio after that pause is decoded at Stop."""
    audio = decode_audio(FIXTURES / "great_pitch.wav")
    fed = audio[: len(audio) - int(1.5 * 16000)]
    live = LiveTranscriber(transcriber, step_seconds=1.5)
    piece = int(STEP * 16000)
    for i in range(0, len(fed), piece):
        live.feed(fed[i : i + piece])
        assert live.wait_idle(120)
    # The take at Stop holds more than was fed (the resampler's last output, here 1.5 s of it).
    final = live.instant_transcript(audio)
    st = live.stats
    assert final is not None and st.stitched_seconds is not None
    assert 1.5 <= st.stitched_seconds < st.finish_tail_seconds
    starts = [w.start for w in final.words]
    assert starts == sorted(starts)
    ref = words_of(META["great_pitch"]["text"])
    n_ref = len(ref.split())
    whole = fixture_transcript("great_pitch.wav")
    assert jiwer.wer(ref, words_of(final.text)) * n_ref <= jiwer.wer(ref, words_of(whole.text)) * n_ref + 1.0
    assert final.text == " ".join(w.text for w in final.words)  # the segment texts follow the words


class LoopsFirst:
    """The real transcriber, whose first decode with words comes back with them said twice."""

    def __init__(self, real, every: bool = False) -> None:
        self.real = real
        self.every = every
        self.loops = 0

    def __getattr__(self, name):
        return getattr(self.real, name)

    def transcribe(self, audio, **kw):
        t = self.real.transcribe(audio, **kw)
        if len(t.words) >= 3 and (self.every or self.loops == 0):
            self.loops += 1
            t.words = t.words + [Word(w.text, w.start, w.end, w.probability, w.rms_db) for w in t.words]
        return t


@pytest.mark.parametrize("every", [False, True])
def test_provisional_only_when_words_of_a_recovered_decode_are_in_the_result(transcriber, every) -> None:
    """A loop in a live guess that a later decode replaced leaves nothing of it in the result, so the
    result is not marked provisional; loops in the decodes it is made of do mark it."""
    audio = decode_audio(FIXTURES / "great_pitch.wav")
    looper = LoopsFirst(transcriber, every=every)
    final, live = replay(looper, audio)
    assert looper.loops >= 1 and live.stats.dropped_words > 0
    assert live.stats.provisional is every
    keys = [tuple(words_of(w.text) for w in final.words[i : i + 4]) for i in range(len(final.words) - 3)]
    assert len(keys) == len(set(keys)), final.text
