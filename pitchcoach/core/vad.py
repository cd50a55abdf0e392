"""One Silero VAD pass per piece of audio.

A whole-file analysis asked Silero (shipped inside faster-whisper) about the same samples twice: the
transcriber's speech regions (where to cut a long take, how long the speech is), then faster-whisper's
own VAD filter inside ``WhisperModel.transcribe``, with other thresholds, on the same array (a take of
up to 30 s is decoded whole). Both derive their answer from the same per-window speech probabilities,
and running the model over the audio is the costly part (0.14-0.36 s for the 21.6-s great pitch on
2 cores, against a 4.4-4.7 s decode, at load average 10). The model here remembers its last few
answers, keyed by the samples themselves, so the second question about the same audio costs a hash.

faster-whisper's filter reaches the model through ``faster_whisper.vad.get_vad_model``; that function
is pointed at this one model the first time :func:`vad_model` runs, so the filter shares it too.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from typing import Any

import numpy as np

# Answers kept: the live path and the whole-file pass each ask about their own audio at the same time.
_KEEP = 4


class _RememberingVad:
    """Silero's speech probabilities for an audio array, computed once per distinct array."""

    def __init__(self, model: Any, keep: int = _KEEP) -> None:
        self._model = model
        self._keep = keep
        self._lock = threading.Lock()
        self._seen: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self.runs = 0  # model runs, for tests and benchmarks

    def __call__(self, audio: np.ndarray, *args: Any, **kw: Any) -> np.ndarray:
        if args or kw:  # a call with other window sizes is not what was remembered
            return np.asarray(self._model(audio, *args, **kw))
        x = np.ascontiguousarray(audio)
        key = hashlib.blake2b(x.tobytes(), digest_size=16).digest() + f"{x.dtype}{x.shape}".encode()
        with self._lock:
            probs = self._seen.get(key)
            if probs is not None:
                self._seen.move_to_end(key)
                return probs
        probs = np.asarray(self._model(x))
        probs.setflags(write=False)  # shared between callers
        with self._lock:
            self.runs += 1
            self._seen[key] = probs
            while len(self._seen) > self._keep:
                self._seen.popitem(last=False)
        return probs


@functools.cache
def vad_model() -> _RememberingVad:
    """The process's one Silero model, remembering its answers; faster-whisper's VAD filter uses it too."""
    import faster_whisper.vad as fw_vad

    model = _RememberingVad(fw_vad.get_vad_model())
    fw_vad.get_vad_model = lambda: model  # get_speech_timestamps looks it up at each call
    return model
