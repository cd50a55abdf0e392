"""What Stop does with the live path: never wait for it.

At Stop the worker's state is frozen: a decode still running is never waited for and never merged.
The instant result is made from what the live path had *finished*:

* ``"nothing"``: no speech after the last commit; the committed words are the result;
* ``"reuse"``: the last live guess began at the last commit and heard all the speech after it;
* ``"stitch"``: that guess's words up to a pause it heard well, plus the audio after the pause
  decoded now;
* ``"tail"``: everything after the last commit decoded now;
* ``"backlog"``: that would mean decoding more than ``max_decode`` samples at Stop (the live path
  fell far behind): no instant result, the whole-file pass is the first one.

The decode Stop makes runs on the main model replica, before the whole-file pass starts there
(core/model.py: two replicas, one copy of the weights). A live decode still running at Stop is
cancelled, unless it was given all the speech: then Stop decodes beside it and takes whichever ends
first (``LiveStats.won_by_live``; on a quiet machine Stop often lands during the decode that began
when the last sentence ended). Neither way does Stop wait for it, except for a Mandarin take: there
Stop gives such a decode (one that heard all the speech) a bounded head start before racing it
(``ZH_RACE_WAIT_FACTOR``), since two base decodes side by side on two cores each take about twice as long.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.live.commit import covering
from pitchcoach.core.live.decoding import Decoded
from pitchcoach.core.live.stitch import stitch_cut

# The most audio Stop decodes itself for the instant result: one short-window decode (the live
# path's tail is cut by commit.MAX_TAIL_CAP_SECONDS, so a worker that kept up never gets near it).
MAX_STOP_DECODE_SECONDS = 12.0
# Mandarin (Whisper base, ~2.5 times tiny.en's decode): when the running live decode heard all the speech,
# Stop first gives it up to this many times the take's mean live decode before decoding beside it. On two
# cores the two decodes share the CPU, and a generate call cannot be interrupted, so a race ends about when
# the live decode alone would have ended twice over (measured: the live decode's generate took 1.3 s beside
# Stop's decode where it takes ~0.4-0.6 s alone). A live decode that is stuck (a loop redone with the full
# window) still loses to Stop's own decode after at most MAX_RACE_WAIT_SECONDS. English races at once.
ZH_RACE_WAIT_FACTOR = 2.0
MAX_RACE_WAIT_SECONDS = 1.5


@dataclass
class StopPlan:
    kind: str  # "nothing", "reuse", "stitch", "tail" or "backlog" (see the module docstring)
    reuse: Decoded | None = None  # the live guess whose words are kept (all of them, or up to cut)
    cut: int = 0  # tail samples before this come from ``reuse``; the rest is decoded at Stop

    @property
    def decodes(self) -> bool:
        return self.kind in ("stitch", "tail")


def plan_stop(
    tail: np.ndarray, regions: list[tuple[int, int]], tent: Decoded | None, commit: int, max_decode: int
) -> StopPlan:
    """The plan for the tail (take audio from ``commit``) given the last finished live guess ``tent``."""
    if not regions:
        return StopPlan("nothing")
    d = covering(tent, commit, commit + regions[-1][1])
    if d is not None:
        return StopPlan("reuse", d)
    plan = StopPlan("tail")
    if tent is not None and tent.start == commit:
        cut = stitch_cut(tail, tent, commit)
        if cut is not None:
            plan = StopPlan("stitch", tent, cut)
    if len(tail) - plan.cut > max_decode:
        return StopPlan("backlog")
    return plan


def seconds(samples: int) -> float:
    return round(samples / SAMPLE_RATE, 3)
