"""Every common format decodes to 16 kHz mono; every bad file gets a one-line reason."""

from __future__ import annotations

import wave

import av
import numpy as np
import pytest

from pitchcoach.core.audio import SAMPLE_RATE, AudioError, decode_audio, resample, rms_db


def _read_wav(path):
    with wave.open(str(path)) as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float32) / 32768
        return data, w.getframerate()


def _encode(src_samples, sr, path, codec, channels, rate, fmt=None):
    """Write speech with PyAV into another container/codec/rate/channel layout."""
    layout = "stereo" if channels == 2 else "mono"
    x = resample(src_samples, sr, rate)
    planes = np.stack([x, x * 0.8]) if channels == 2 else x.reshape(1, -1)
    with av.open(str(path), "w", format=fmt) as out:
        st = out.add_stream(codec, rate=rate, layout=layout)
        sample_fmt = st.codec_context.format.name
        data = planes if sample_fmt.endswith("p") else planes.T.reshape(1, -1)
        if sample_fmt.startswith("s16"):
            data = (np.clip(data, -1, 1) * 32767).astype(np.int16)
        elif sample_fmt.startswith("s32"):
            data = (np.clip(data, -1, 1) * 2147483647).astype(np.int32)
        else:
            data = data.astype(np.float32)
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(data), format=sample_fmt, layout=layout)
        frame.sample_rate = rate
        for p in st.encode(frame):
            out.mux(p)
        for p in st.encode(None):
            out.mux(p)


def _best_envelope_correlation(a, b, max_lag=3200):
    """Loudness-envelope correlation, allowing for codec delay (AAC and MP3 add up to ~100 ms)."""
    env = lambda x: np.sqrt(np.convolve(x**2, np.ones(400) / 400, "valid"))[::80]  # noqa: E731
    ea, eb = env(a), env(b)
    best = -1.0
    for lag in range(-max_lag // 80, max_lag // 80 + 1):
        x, y = (ea[lag:], eb[: len(eb) - lag]) if lag >= 0 else (ea[:lag], eb[-lag:])
        best = max(best, float(np.corrcoef(x, y)[0, 1]))
    return best


@pytest.mark.parametrize(
    ("suffix", "codec", "channels", "rate", "fmt"),
    [
        (".flac", "flac", 2, 44100, None),
        (".mp3", "libmp3lame", 1, 22050, None),
        (".ogg", "libopus", 2, 48000, None),
        (".m4a", "aac", 1, 44100, "ipod"),
        (".aiff", "pcm_s16be", 2, 8000, None),
        (".wav", "pcm_s16le", 2, 48000, None),
    ],
)
def test_formats_decode_to_16k_mono(tmp_path, fixtures_dir, suffix, codec, channels, rate, fmt):
    src, sr = _read_wav(fixtures_dir / "great_pitch.wav")
    path = tmp_path / f"pitch{suffix}"
    _encode(src, sr, path, codec, channels, rate, fmt)
    audio = decode_audio(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    # Same length to within codec padding, and still the same speech.
    assert abs(audio.size / SAMPLE_RATE - src.size / sr) < 0.15
    n = min(audio.size, src.size) - 4000
    ref = resample(src, sr, SAMPLE_RATE)[:n]
    assert _best_envelope_correlation(audio[:n], ref) > 0.95


def test_missing_file(tmp_path):
    with pytest.raises(AudioError, match="File not found"):
        decode_audio(tmp_path / "nothere.wav")


def test_empty_file(tmp_path):
    p = tmp_path / "empty.wav"
    p.write_bytes(b"")
    with pytest.raises(AudioError, match="is empty"):
        decode_audio(p)


def test_not_audio(tmp_path):
    p = tmp_path / "notes.wav"
    p.write_text("These are my meeting notes, not a recording.\n" * 20)
    with pytest.raises(AudioError, match="notes.wav is a text file, not a recording"):
        decode_audio(p)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, "report.pdf is a PDF document, not a recording"),
        ("photo.wav", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.wav is a PNG image, not a recording"),
        ("take.wav", b"RIFF\x00\x00" + bytes(range(256)) * 8, "named like a WAV file, but its contents"),
        ("blob.bin", bytes(range(256)) * 8, "blob.bin is not an audio file PitchCoach can read"),
    ],
)
def test_unreadable_files_are_named_in_plain_words(tmp_path, name, data, expected):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(AudioError) as e:
        decode_audio(p)
    msg = str(e.value)
    assert expected in msg
    # No decoder jargon, and never the old "Use WAV, ..." advice, which a .wav file can't act on.
    assert "Invalid data" not in msg and "processing input" not in msg and "Use WAV" not in msg


def test_truncated_wav(tmp_path, fixtures_dir):
    p = tmp_path / "cut.wav"
    p.write_bytes((fixtures_dir / "great_pitch.wav").read_bytes()[:60])
    with pytest.raises(AudioError) as e:
        decode_audio(p)
    assert "\n" not in str(e.value)


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(AudioError, match="is a folder"):
        decode_audio(tmp_path)


def test_truncated_but_partly_readable_file_still_decodes(tmp_path, fixtures_dir):
    # A recording cut off mid-write (e.g. a crash) keeps what was written.
    data = (fixtures_dir / "great_pitch.wav").read_bytes()
    p = tmp_path / "half.wav"
    p.write_bytes(data[: len(data) // 2])
    audio = decode_audio(p)
    assert audio.size > 5 * SAMPLE_RATE


def test_resample_keeps_a_sine():
    t = np.arange(48000) / 48000
    x = np.sin(2 * np.pi * 440 * t).astype(np.float32)
    y = resample(x, 48000, 16000)
    assert y.size == 16000
    spec = np.abs(np.fft.rfft(y))
    assert abs(int(np.argmax(spec)) - 440) <= 1
    assert abs(rms_db(y) - rms_db(x)) < 0.1


def _float_wav(path, x, sr, bits=32):
    import soundfile as sf

    sf.write(str(path), x, sr, subtype="FLOAT" if bits == 32 else "DOUBLE")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("bits", [32, 64])
def test_nan_or_inf_samples_are_refused_not_read_as_silence(tmp_path, fixtures_dir, bad, bits):
    x, sr = _read_wav(fixtures_dir / "great_pitch.wav")
    x = x.copy()
    x[8000:8400] = bad  # 25 ms of damage in a real recording
    p = tmp_path / "damaged.wav"
    _float_wav(p, x, sr, bits)
    with pytest.raises(AudioError, match="NaN or infinite") as e:
        decode_audio(p)
    assert "\n" not in str(e.value) and "damaged.wav" in str(e.value)


def test_a_clean_float_wav_still_decodes(tmp_path, fixtures_dir):
    from pitchcoach.core.audio import decode_audio_with_notes

    x, sr = _read_wav(fixtures_dir / "great_pitch.wav")
    p = tmp_path / "float.wav"
    _float_wav(p, x, sr)
    audio, notes = decode_audio_with_notes(p)
    assert audio.size == x.size and notes == []


def test_a_wav_cut_mid_frame_is_scored_with_a_note(tmp_path, fixtures_dir):
    from pitchcoach.core.audio import decode_audio_with_notes

    x, sr = _read_wav(fixtures_dir / "great_pitch.wav")
    whole = tmp_path / "stereo.wav"
    _encode(x, sr, whole, "pcm_s16le", 2, 16000, fmt="wav")
    data = whole.read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[: len(data) // 2 + 3])  # stops inside a 4-byte stereo frame
    audio, notes = decode_audio_with_notes(cut)
    assert audio.size > 5 * SAMPLE_RATE
    [note] = notes
    assert note.startswith("cut.wav ended early") and "were scored" in note
    assert decode_audio_with_notes(whole)[1] == []


def test_a_flac_cut_short_is_scored_with_a_note(tmp_path, fixtures_dir):
    from pitchcoach.core.audio import decode_audio_with_notes

    x, sr = _read_wav(fixtures_dir / "great_pitch.wav")
    whole = tmp_path / "take.flac"
    _encode(x, sr, whole, "flac", 1, 16000)
    data = whole.read_bytes()
    cut = tmp_path / "cut.flac"
    cut.write_bytes(data[: len(data) // 2])
    audio, notes = decode_audio_with_notes(cut)
    [note] = notes
    assert "ended early: it should be 21.6 s long" in note
    assert decode_audio_with_notes(whole)[1] == []


def test_the_ended_early_note_reaches_the_result(analyzer, tmp_path, fixtures_dir):
    data = (fixtures_dir / "great_pitch.wav").read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[: int(len(data) * 0.8) | 1])  # odd length: mid-sample in 16-bit mono
    analysis = analyzer.analyze_file(cut)
    assert analysis.result.notes[0].startswith("cut.wav ended early")
    assert analysis.to_record()["notes"][0].startswith("cut.wav ended early")


def test_decoding_on_a_worker_thread_starts_no_garbage_collection() -> None:
    """A collection on a worker thread destroys the window's cyclic Qt garbage off the GUI thread; the
    UI tests segfaulted while a decode ran gc.collect() on its worker. Automatic collections are off
    here, so any collection seen was started by the decode itself."""
    import gc
    import threading

    from tests.speech import FIXTURES

    started: list[int] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(info["generation"])

    out: list[np.ndarray] = []
    was_enabled = gc.isenabled()
    gc.disable()
    gc.callbacks.append(watch)
    try:
        t = threading.Thread(target=lambda: out.append(decode_audio(FIXTURES / "great_pitch.wav")))
        t.start()
        t.join(60)
    finally:
        gc.callbacks.remove(watch)
        if was_enabled:
            gc.enable()
    assert out and out[0].size > 10 * SAMPLE_RATE
    assert started == []
