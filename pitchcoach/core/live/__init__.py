"""Transcription while the person speaks (live.worker), and what Stop makes of it (live.stop).

Split by job: buffer (the audio received), worker (the thread), commit (when to commit and when to
refresh the live guess, stepping down under load), decoding (one screened live decode), stitch
(putting words together), stop (the Stop policy: never wait), stats.
"""

from pitchcoach.core.live.stats import LiveStats
from pitchcoach.core.live.worker import LiveTranscriber

__all__ = ["LiveStats", "LiveTranscriber"]
