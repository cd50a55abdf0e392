"""What the live worker and its Stop did, for the latency benchmark and the log."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LiveStats:
    commits: int = 0
    tentative_decodes: int = 0
    decode_seconds: float = 0.0  # worker time spent decoding while recording
    finish_tail_seconds: float = 0.0  # audio after the last commit at Stop
    finish_decoded: bool = False  # Stop decoded audio itself (the tail, or what followed a stitch)
    finish_reused: bool = False  # the tail's last live decode already held all of its speech
    reused: int = 0  # commits that reused the live decode instead of decoding again
    commit_points: list[float] = field(default_factory=list)
    loops: int = 0  # decodes that repeated or invented text (dropped; the instant result is provisional)
    dropped_words: int = 0
    backoffs: int = 0  # times the worker fell behind real time and stepped down
    max_backoff_level: int = 0
    abandoned: str | None = None  # why there is no instant result: "backlog", "failed", "quit"
    # A live decode was running at Stop. It is never waited for: it is cancelled, or, when it was
    # given all the speech, Stop decodes beside it and takes whichever ends first (won_by_live).
    dropped_in_flight: bool = False
    won_by_live: bool = False
    race_wait_seconds: float = 0.0  # the most Stop would wait for that decode before racing it (Mandarin)
    stop_decode_seconds: float = 0.0  # audio Stop decoded for the instant result
    discarded: int = 0  # live decodes that ended after Stop: thrown away, not merged
    stitched_seconds: float | None = None  # audio decoded at Stop after the last live guess's kept words
    # Words of the instant result come from a decode that had to recover (words dropped, or redone
    # after a loop): its words are the best the live path had, not all it heard. A guess that was
    # replaced later does not count: none of its words are in the result.
    provisional: bool = False

    def stop_summary(self) -> str:
        """How Stop made the instant words, in a few words (the take timeline, core/timeline.py)."""
        if self.abandoned:
            how = f"none: {self.abandoned}"
        elif self.won_by_live:
            how = "live decode won the race"
        elif self.finish_decoded:
            kind = "stitch" if self.stitched_seconds is not None else "tail"
            how = f"{kind}, {self.stop_decode_seconds:.1f} s decoded"
        elif self.finish_reused:
            how = "reused the last live decode"
        else:
            how = "nothing left to decode"
        running = "; a live decode was running" if self.dropped_in_flight else ""
        return f"{how} of {self.finish_tail_seconds:.1f} s after the last commit{running}"
