"""Which speech model a take's language needs, and "auto" (issue 24).

* English takes keep the bundled tiny.en, loaded at start-up as before: nothing here touches them.
* Mandarin takes need multilingual Whisper base. It is loaded only when a Mandarin or "auto" take (or
  the Settings page) asks for it, on a thread of its own (:class:`LazyModel`), never on the caller's:
  a :class:`LazyTranscriber` waits for it on the worker thread that decodes, and the live path
  simply falls behind while it loads (the take then goes straight to the whole-file pass).
* "auto" (:class:`AutoTranscriber`): tiny.en cannot tell languages apart, so base's own language
  detection is run once on the take's first ``DETECT_SECONDS`` of VAD speech (one encoder pass and one
  decoder step of base, the cheapest honest test: the decode that follows is the normal one of the
  language found). English is then transcribed by tiny.en exactly as an English take is; Mandarin by
  base; any other language by tiny.en with the detected language recorded, so the gate can name it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE, Samples
from pitchcoach.core.errors import UserFacingError
from pitchcoach.core.messages import msg
from pitchcoach.core.model import DecodeCancelled, LoadedModel, ModelError
from pitchcoach.core.transcribe import DecodeOptions, DecodeStats, Transcriber, speech_regions

if TYPE_CHECKING:
    from pitchcoach.core.transcript import Transcript

log = logging.getLogger(__name__)

LANGUAGE_CHOICES = ("en", "zh", "auto")
# Speech (VAD regions, joined) that language detection listens to, and the least it decides on for good
# in a live take (before that, each live decode detects again).
DETECT_SECONDS = 10.0
STICKY_DETECT_SECONDS = 2.0


class LanguageError(UserFacingError):
    """A language code the app does not know."""


def check_language(language: str) -> str:
    code = (language or "").strip().lower()
    if code not in LANGUAGE_CHOICES:
        raise LanguageError(msg=msg("language_error.unknown_pitch", language=language))
    return code


class SpeechTranscriber(Protocol):
    """What the analysis and the live path need of a transcriber (Transcriber and the two below)."""

    @property
    def options(self) -> DecodeOptions: ...

    @property
    def model_name(self) -> str: ...

    @property
    def language(self) -> str: ...

    def twin(self) -> SpeechTranscriber: ...

    def transcribe(
        self,
        audio: Samples,
        *,
        progress: Callable[[float], None] | None = None,
        options: DecodeOptions | None = None,
        cancel: threading.Event | None = None,
        stats: DecodeStats | None = None,
    ) -> Transcript: ...


class LazyModel:
    """A model loaded on first need, on a background thread. Thread-safe.

    ``start`` never blocks; ``get`` waits (on a worker thread). A failed load is reported by ``get``
    with its message for the user, and tried again on the next ``start``.
    """

    def __init__(self, load: Callable[[], LoadedModel], name: str) -> None:
        self._load = load
        self.name = name
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._model: LoadedModel | None = None
        self._twin: LoadedModel | None = None
        self._error: ModelError | None = None
        self._listeners: list[Callable[[ModelError | None], None]] = []

    @property
    def ready(self) -> bool:
        return self._model is not None

    @property
    def error(self) -> ModelError | None:
        return self._error

    def add_listener(self, callback: Callable[[ModelError | None], None]) -> None:
        """``callback(error)`` after each load attempt ends (None: loaded), on the loading thread."""
        self._listeners.append(callback)

    def start(self) -> None:
        with self._lock:
            if self._model is not None or (self._thread is not None and self._thread.is_alive()):
                return
            self._error = None
            self._done.clear()
            self._thread = threading.Thread(target=self._run, name=f"load-{self.name}", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        error: ModelError | None = None
        try:
            model = self._load()
        except ModelError as e:
            error = e
        except Exception as e:  # logged with its traceback; the user gets the fix, not the trace
            log.exception("loading %s failed", self.name)
            error = ModelError(
                f"The speech model '{self.name}' could not be loaded ({type(e).__name__}). Reinstall PitchCoach, "
                "then try again. English takes are not affected."
            )
        with self._lock:
            if error is None:
                self._model = model
            self._error = error
            self._done.set()
        for cb in list(self._listeners):
            try:
                cb(error)
            except Exception:  # a listener's failure must not hide the load's outcome
                log.exception("model-load listener failed")

    def get(self, cancel: threading.Event | None = None, *, twin: bool = False) -> LoadedModel:
        """The loaded model (``twin``: its second replica, for live decodes), waiting for it if needed.

        Raises ModelError with the message for the user, or DecodeCancelled once ``cancel`` is set.
        """
        self.start()
        while not self._done.wait(0.05):
            if cancel is not None and cancel.is_set():
                raise DecodeCancelled()
        with self._lock:
            if self._model is None:
                raise self._error or ModelError(f"The speech model '{self.name}' is not loaded.")
            if not twin:
                return self._model
            if self._twin is None:
                self._twin = self._model.twin()
            return self._twin


class LazyTranscriber:
    """A Transcriber on a :class:`LazyModel`: the model is waited for by the first decode, not before."""

    def __init__(self, model: LazyModel, options: DecodeOptions, *, twin: bool = False) -> None:
        self._model = model
        self._options = options
        self._is_twin = twin

    @property
    def options(self) -> DecodeOptions:
        return self._options

    @property
    def model_name(self) -> str:
        return self._model.name

    @property
    def language(self) -> str:
        return self._options.language or "en"

    def twin(self) -> LazyTranscriber:
        return LazyTranscriber(self._model, self._options, twin=True)

    def resolve(self, cancel: threading.Event | None = None) -> Transcriber:
        return Transcriber(self._model.get(cancel, twin=self._is_twin), self._options)

    def transcribe(
        self,
        audio: Samples,
        *,
        progress: Callable[[float], None] | None = None,
        options: DecodeOptions | None = None,
        cancel: threading.Event | None = None,
        stats: DecodeStats | None = None,
    ) -> Transcript:
        return self.resolve(cancel).transcribe(audio, progress=progress, options=options, cancel=cancel, stats=stats)


def detect_language(model: LoadedModel, audio: Samples, regions: list[tuple[int, int]]) -> tuple[str, float]:
    """Whisper's language (code, probability) for the first DETECT_SECONDS of speech in ``audio``."""
    if not regions:
        return "en", 0.0
    speech = np.concatenate([audio[s:e] for s, e in regions])[: int(DETECT_SECONDS * SAMPLE_RATE)]
    with model.lock:
        language, probability, _ = model.whisper.detect_language(audio=np.ascontiguousarray(speech, np.float32))
    return str(language), float(probability)


class _Decision:
    """The language an "auto" take was heard in, shared by its transcribers (main and live replicas)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.language: str | None = None
        self.probability = 0.0


class AutoTranscriber:
    """Detects the language (on base), then transcribes with the English or the Mandarin transcriber.

    ``sticky``: the first detection over at least STICKY_DETECT_SECONDS of speech holds for every later
    call (one take's live decodes and its Stop decode); otherwise each call detects on its own audio.
    """

    def __init__(
        self, en: SpeechTranscriber, zh: LazyTranscriber, *, sticky: bool = False, decision: _Decision | None = None
    ) -> None:
        self.en = en
        self.zh = zh
        self.sticky = sticky
        self._decision = decision or _Decision()
        self.detect_seconds = 0.0  # time spent detecting, for the benchmarks

    @property
    def options(self) -> DecodeOptions:
        return self.en.options

    @property
    def model_name(self) -> str:
        return self.zh.model_name if self.language == "zh" else self.en.model_name

    @property
    def language(self) -> str:
        return self._decision.language or "en"

    def twin(self) -> AutoTranscriber:
        return AutoTranscriber(self.en.twin(), self.zh.twin(), sticky=self.sticky, decision=self._decision)

    def decide(self, audio: Samples, cancel: threading.Event | None = None) -> tuple[str, float]:
        import time

        d = self._decision
        if self.sticky and d.language is not None:
            return d.language, d.probability
        audio = np.ascontiguousarray(audio, dtype=np.float32).reshape(-1)
        regions = speech_regions(audio) if audio.size else []
        t0 = time.perf_counter()
        language, p = detect_language(self.zh.resolve(cancel).model, audio, regions)
        self.detect_seconds += time.perf_counter() - t0
        heard = sum(e - s for s, e in regions) / SAMPLE_RATE
        log.info("auto: heard %s (p=%.2f) in %.1f s of speech", language, p, min(heard, DETECT_SECONDS))
        with d.lock:
            if not self.sticky or heard >= STICKY_DETECT_SECONDS:
                d.language, d.probability = language, p
        return language, p

    def transcribe(
        self,
        audio: Samples,
        *,
        progress: Callable[[float], None] | None = None,
        options: DecodeOptions | None = None,
        cancel: threading.Event | None = None,
        stats: DecodeStats | None = None,
    ) -> Transcript:
        language, p = self.decide(audio, cancel)
        target: SpeechTranscriber = self.zh if language == "zh" else self.en
        opts = options.in_language_of(target.options) if options is not None else None
        t = target.transcribe(audio, progress=progress, options=opts, cancel=cancel, stats=stats)
        if language not in ("en", "zh"):
            # tiny.en wrote what it could of another language: the gate names the language instead.
            t.language, t.language_probability = language, p
        return t
