"""One analysed take: the transcript plus its score, and the JSON shape the CLI prints."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pitchcoach.core.audio import AudioError, Samples, decode_audio_with_notes
from pitchcoach.core.language import scoring_profile
from pitchcoach.core.lexicon import Lexicons, load_lexicons
from pitchcoach.core.messages import msg
from pitchcoach.core.model import load_model
from pitchcoach.core.paths import AppPaths
from pitchcoach.core.scenarios import DEFAULT_SCENARIO, ScenarioCatalog, load_scenarios
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.scoring.result import ScoreResult
from pitchcoach.core.scoring.targets import DEFAULT_TARGET_SECONDS
from pitchcoach.core.speech import AutoTranscriber, LazyModel, LazyTranscriber, SpeechTranscriber, check_language
from pitchcoach.core.transcribe import Transcriber, zh_options
from pitchcoach.core.transcript import Transcript
from pitchcoach.core.voice import VoiceSignals, analyze_voice, voice_signals

if TYPE_CHECKING:
    from pitchcoach.core.live import LiveTranscriber
    from pitchcoach.core.timeline import Timeline
    from pitchcoach.core.voice.pitch import IncrementalTrack

log = logging.getLogger(__name__)

_T = TypeVar("_T")


@dataclass
class Analysis:
    transcript: Transcript
    result: ScoreResult
    model: str
    file: str | None = None

    @property
    def status(self) -> str:
        return "scored" if self.result.scored else "gated"

    @property
    def word_count(self) -> int:
        """The take's word count wherever the app shows one: the scored count (filled pauses are not
        words; pace is worked out from it), or every word recognised when the take was not scored."""
        return self.result.metrics.word_count if self.result.scored else len(self.transcript.words)

    @property
    def language(self) -> str:
        """The language the take was heard in: "en" or "zh" (what an "auto" take was detected as)."""
        return (self.transcript.language or "en").strip().lower() or "en"

    def to_record(self) -> dict[str, Any]:
        """The object `pitchcoach analyze --json` prints for one file."""
        r = self.result.to_dict()
        return {
            "file": self.file,
            "language": self.language,
            "status": self.status,
            "gate": r["gate"],
            "error": None,
            "audio_seconds": round(self.transcript.audio_seconds, 3),
            "speech_seconds": round(self.transcript.speech_seconds, 3),
            "target_seconds": self.result.target_seconds,
            "scenario": self.result.scenario,
            "transcript": self.transcript.text,
            "words": [
                {"text": w.text, "start": w.start, "end": w.end, "probability": round(w.probability, 4)}
                for w in self.transcript.words
            ],
            "scores": r["scores"],
            "band": r["band"],
            "deductions": r["deductions"],
            "fix_first": r["fix_first"],
            "positives": r["positives"],
            "notes": r["notes"],
            "subscores": r["subscores"],
            "structure": r["structure"],
            "required": r["required"],
            "rehearsal": r["rehearsal"],
            "highlights": r["highlights"],
            # The pace keeps its key ("wpm" for English, as before; "cpm", characters per minute, for
            # Mandarin), and pace_unit names it, so a script need not know the language.
            "metrics": {**r["metrics"], "pace_unit": pace_unit(self.language), "voice": self.voice_metrics()},
            "model": self.model,
        }

    def voice_metrics(self) -> dict[str, Any] | None:
        """The voice figures `analyze --json` prints under metrics.voice; None without voice data."""
        if self.transcript.voice is None:
            return None
        return self.transcript.voice.metrics(self.transcript.words)


def pace_unit(language: str) -> str:
    """The unit a take's pace is counted in: "cpm" (characters per minute) for Mandarin, else "wpm"."""
    return scoring_profile(language).pace_unit


def error_record(
    file: str,
    reason: str,
    target_seconds: float,
    model: str,
    language: str | None = None,
    scenario: str = DEFAULT_SCENARIO,
) -> dict[str, Any]:
    """The record for a file that could not be read: same keys, so JSON consumers need no special case.
    ``language``: the one asked for ("en", "zh"), or None when it was to be detected (or is unknown)."""
    return {
        "file": file,
        "language": language,
        "status": "error",
        "gate": None,
        "error": reason,
        "audio_seconds": None,
        "speech_seconds": None,
        "target_seconds": target_seconds,
        "scenario": scenario,
        "transcript": None,
        "words": [],
        "scores": None,
        "band": None,
        "deductions": [],
        "fix_first": [],
        "positives": [],
        "notes": [],
        "subscores": [],
        "structure": {},
        "required": {},
        "rehearsal": None,
        "highlights": [],
        "metrics": {},
        "model": model,
    }


class Analyzer:
    """Audio in, scored Analysis out. Built once per process with the loaded model (see build_analyzer).

    ``transcriber`` is the English one (tiny.en, loaded). ``multilingual`` is Whisper base for Mandarin
    and "auto" takes, loaded in the background the first time one needs it (core/speech.py); without
    it, such takes get a ModelError saying so.
    """

    def __init__(
        self,
        transcriber: Transcriber,
        lexicons: Lexicons | None = None,
        multilingual: LazyModel | None = None,
        scenarios: ScenarioCatalog | None = None,
    ) -> None:
        self.transcriber = transcriber
        self.lexicons = lexicons if lexicons is not None else load_lexicons()
        self.multilingual = multilingual
        self.scenarios = scenarios if scenarios is not None else load_scenarios()
        self._zh: LazyTranscriber | None = None
        if multilingual is not None:
            # The segmenter's dictionary is read on the loading thread right after the model, not by the
            # first Mandarin take's instant result (~400 ms at Stop otherwise).
            multilingual.add_listener(_warm_segmenter)

    @property
    def model_name(self) -> str:
        return self.transcriber.model_name

    def prepare_language(self, language: str) -> None:
        """Start loading what takes in ``language`` ("en", "zh", "auto") need, in the background.

        Never blocks: call it from the GUI thread when the pitch language is chosen or a take starts.
        """
        if check_language(language) != "en" and self.multilingual is not None:
            self.multilingual.start()

    def zh_transcriber(self) -> LazyTranscriber:
        if self.multilingual is None:
            from pitchcoach.core.model import ModelError

            raise ModelError(msg=msg("model_error.zh_needed"))
        if self._zh is None:
            self._zh = LazyTranscriber(self.multilingual, zh_options())
        return self._zh

    def transcriber_for(self, language: str, *, sticky: bool = False) -> SpeechTranscriber:
        """The transcriber for takes in ``language``: "en" (tiny.en), "zh" (base), or "auto" (detects it
        on base first; ``sticky``: once for the whole take, as the live path needs)."""
        code = check_language(language)
        if code == "en":
            return self.transcriber
        if code == "zh":
            return self.zh_transcriber()
        return AutoTranscriber(self.transcriber, self.zh_transcriber(), sticky=sticky)

    def score(
        self,
        transcript: Transcript,
        target_seconds: float = DEFAULT_TARGET_SECONDS,
        file: str | None = None,
        notes: Sequence[str] = (),
        scenario: str = DEFAULT_SCENARIO,
    ) -> Analysis:
        """``notes`` (e.g. "the file ended early") come first in the result's notes. ``scenario`` names
        the room (core/scenarios.py), looked up in the take's language; the target is the caller's."""
        found = self.scenarios.find(scenario, transcript.language)
        if found is None:  # a user's scenario file removed since the take was recorded
            log.warning("scenario %r not found; scoring as %s", scenario, DEFAULT_SCENARIO)
            notes = [
                *notes,
                f"The scenario '{scenario}' is no longer there, so this take was scored as a networking pitch.",
            ]
            found = self.scenarios.default
        result = score(transcript, target_seconds=target_seconds, lexicons=self.lexicons, scenario=found)
        if notes:
            result.notes[:0] = list(notes)
        return Analysis(transcript=transcript, result=result, model=transcript.model or self.model_name, file=file)

    def analyze_audio(
        self,
        audio: Samples,
        target_seconds: float = DEFAULT_TARGET_SECONDS,
        file: str | None = None,
        notes: Sequence[str] = (),
        *,
        signals: VoiceSignals | None = None,
        cancel: threading.Event | None = None,
        progress: Callable[[float], None] | None = None,
        language: str = "en",
        scenario: str = DEFAULT_SCENARIO,
    ) -> Analysis:
        """The whole-file analysis (what ``pitchcoach analyze`` does).

        ``language``: "en", "zh" or "auto" (see :meth:`transcriber_for`). A Mandarin or "auto" take waits
        here for the multilingual model if it is still loading (this runs on a worker thread).

        ``signals``: the take's voice signals when already computed (they do not depend on the
        words, so the whole-file pass reuses the ones its instant result computed). ``cancel``
        ends the decode early with DecodeCancelled (the app is quitting, or Cancel was pressed).
        ``progress`` follows the decode (see Transcriber.transcribe).
        """
        transcriber = self.transcriber_for(language)
        if signals is not None:
            transcript = transcriber.transcribe(audio, cancel=cancel, progress=progress)
        else:
            # The pitch track and levels need no words: they are computed while the model decodes (its
            # encoder and decoder run without Python's lock), instead of after it. That took `analyze`
            # from 1.10x the time of plain faster-whisper to under it (benchmarks/batch.py).
            transcript, signals = _beside_voice(
                audio, lambda a: transcriber.transcribe(a, cancel=cancel, progress=progress)
            )
        attach_voice(transcript, audio, signals)
        return self.score(transcript, target_seconds, file, notes, scenario)

    def instant_result(
        self,
        live: LiveTranscriber,
        audio: Samples,
        target_seconds: float = DEFAULT_TARGET_SECONDS,
        file: str | None = None,
        scenario: str = DEFAULT_SCENARIO,
        timeline: Timeline | None = None,
    ) -> tuple[Analysis | None, VoiceSignals | None]:
        """The instant result at Stop (None when the live path is behind), and the voice signals.

        The pitch track was built block by block while recording; what is left of it (the last
        block) and the levels need no words, so they are computed on a second thread while the live
        transcriber decodes the last words: the voice figures are ready with the instant result
        (benchmarks/voice_live.py). They are returned either way, so the whole-file pass need not
        compute them again.
        """

        def words(samples: Samples) -> Transcript | None:
            transcript = live.instant_transcript(samples)
            if timeline is not None:
                timeline.mark("instant_words", live.stats.stop_summary())
            return transcript

        transcript, ready = _beside_voice(audio, words, live.voice_track)
        if timeline is not None:
            timeline.mark("instant_voice", "" if ready is None else f"voice {ready.ms:.0f} ms")
        if transcript is None:
            return None, ready
        if ready is not None:
            attach_voice(transcript, audio, ready)
        analysis = self.score(transcript, target_seconds, file, scenario=scenario)
        if timeline is not None:
            timeline.mark("instant_scored")
        return analysis, ready

    def analyze_file(
        self,
        path: str | os.PathLike[str],
        target_seconds: float = DEFAULT_TARGET_SECONDS,
        language: str = "en",
        scenario: str = DEFAULT_SCENARIO,
    ) -> Analysis:
        """Raises AudioError for unreadable files (ModelError when the language's model cannot load, and
        LanguageError for an unknown language); everything else is a scored or gated Analysis."""
        audio, notes = decode_audio_with_notes(path)
        return self.analyze_audio(
            audio, target_seconds, file=str(path), notes=notes, language=language, scenario=scenario
        )

    def analyze_files(
        self,
        paths: Sequence[str],
        target_seconds: float = DEFAULT_TARGET_SECONDS,
        language: str = "en",
        scenario: str = DEFAULT_SCENARIO,
    ) -> Iterator[tuple[str, Analysis | AudioError]]:
        """:meth:`analyze_file` over many files, in order: each file's Analysis, or the AudioError that
        says why it could not be read. The next file is read and decoded to samples while the model
        works on this one (PyAV decodes without Python's lock), not after it."""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead") as pool:
            ahead = pool.submit(decode_audio_with_notes, paths[0]) if paths else None
            for i, path in enumerate(paths):
                assert ahead is not None
                reading, ahead = (
                    ahead,
                    pool.submit(decode_audio_with_notes, paths[i + 1]) if i + 1 < len(paths) else None,
                )
                try:
                    audio, notes = reading.result()
                except AudioError as exc:
                    yield path, exc
                    continue
                yield (
                    path,
                    self.analyze_audio(
                        audio, target_seconds, file=str(path), notes=notes, language=language, scenario=scenario
                    ),
                )


def _warm_segmenter(error: object) -> None:
    if error is None:
        from pitchcoach.core.language import warm_segmenter

        warm_segmenter()


def _beside_voice(
    audio: Samples, decode: Callable[[Samples], _T], track: IncrementalTrack | None = None
) -> tuple[_T, VoiceSignals | None]:
    """Run ``decode(audio)`` (the whole file, or the live transcriber's last words) while a second
    thread computes the voice signals (what is left of ``track``, the live take's pitch track so far,
    and the levels): they need no words. A failure of the voice signals costs the voice figures
    (None), never the take."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice") as pool:
        pending = pool.submit(voice_signals, audio, incremental=track)
        decoded = decode(audio)
        try:
            ready = pending.result()
        except Exception:  # the take's score must not depend on the voice figures
            log.exception("voice signals failed; scoring without voice figures")
            ready = None
    return decoded, ready


def attach_voice(transcript: Transcript, audio: Samples, signals: VoiceSignals | None = None) -> None:
    """Store the voice analysis with the transcript. A failure costs the voice figures, never the take."""
    try:
        transcript.voice = analyze_voice(audio, transcript.words, signals=signals)
    except Exception:  # logged with its traceback; the take is scored without voice rules
        log.exception("voice analysis failed; scoring without voice figures")
        transcript.voice = None


def import_for_analysis() -> None:
    """Import what a take's first analysis would otherwise import, and build the VAD model.

    Those imports (pysptk brings pkg_resources, which scans every installed package; PyAV;
    onnxruntime's session for Silero) hold Python's lock in stretches of 30-110 ms, so run on a worker
    during the first take they froze the live window (benchmarks/gui.py). The app runs this before
    the window shows, beside the model load.
    """
    import av  # noqa: F401

    from pitchcoach.core.vad import vad_model
    from pitchcoach.core.voice.pitch import import_pysptk

    import_pysptk()
    vad_model()


def build_analyzer(
    paths: AppPaths, model_spec: str | None = None, scenarios: ScenarioCatalog | None = None
) -> Analyzer:
    """The one way to get an analyzer, for the CLI, the self-test and the GUI alike.

    ``model_spec`` is None (or "bundled") for the bundled model, a local model folder, or a
    faster-whisper model name (see ``load_model``). The bundled model is checked against its
    SHA-256, with a stamp in the user folder so the hash is recomputed only when the file
    changes. The lexicons and scenarios are the packaged ones plus the user's additions. Slow (a second or
    more): the GUI runs it on a worker thread. Raises ModelError with a message for the user.
    """
    from pitchcoach.core.multilingual import MODEL_NAME, load_multilingual

    model = load_model(model_spec, stamp_file=paths.model_stamp)
    # Not loaded here: only when a Mandarin or "auto" take (or prepare_language) first needs it.
    multilingual = LazyModel(lambda: load_multilingual(paths.models), f"{MODEL_NAME} (multilingual, bundled)")
    catalog = scenarios if scenarios is not None else load_scenarios(paths.scenarios)
    return Analyzer(Transcriber(model), load_lexicons(paths.lexicons), multilingual, catalog)
