"""What of a take goes into the team folder at each sharing level, and its audio as Opus.

Levels add to each other: "scores" is the headline scores and which rules cost points (rule ids and
points only: a rule's message and tip quote the speaker's words, so they travel with the transcript);
"transcript" adds the words, the messages and the tips; "audio" adds the recording, compressed to Opus
(PyAV, already a dependency for decoding). No level carries a path, a file name of the user's, the
model's folder or the machine's name: only facts about the take.
"""

from __future__ import annotations

import hashlib
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import av
import numpy as np

from pitchcoach.core.audio import SAMPLE_RATE, decode_audio
from pitchcoach.core.messages import msg
from pitchcoach.core.storage.records import Take
from pitchcoach.core.team import schema
from pitchcoach.core.team.folder import TeamError, TeamFolder, check_folder

OPUS_BITRATE = 24_000  # speech stays clear; 20 s is ~60 kB


def take_uid(take: Take) -> str:
    """The shared id of a local take: its time and local id, so the same take always maps to one file
    (sharing again replaces it, unsharing finds it) and nothing else about the user leaks."""
    return f"{take.created_at:%Y%m%d-%H%M%S}-{take.id}"


def model_label(model: str) -> str:
    # A model given as a folder is a local path: share only its last part.
    return Path(model.replace("\\", "/")).name[:40] if model else ""


def share_body(take: Take, member_id: str, level: str, now: datetime) -> dict[str, Any]:
    if level not in schema.SHARE_LEVELS[1:]:
        raise TeamError(msg=msg("team_error.bad_level", level=level, levels=", ".join(schema.SHARE_LEVELS[1:])))
    with_text = level in ("transcript", "audio")
    res = take.result
    issues = []
    for d in res.deductions[: schema.MAX_ISSUES]:
        item: dict[str, Any] = {"rule": d.rule, "points": round(float(d.points), 2)}
        if with_text:
            item["message"] = d.message[:2000]
            item["tip"] = d.tip[:2000]
            # The same as catalog messages, so a teammate reads them in their own interface language.
            for key, m in (("msg", d.msg), ("tip_msg", d.tip_msg)):
                if m is not None:
                    item[key] = m.to_dict()
        issues.append(item)
    body: dict[str, Any] = {
        "kind": "take",
        "member": member_id,
        "take": take_uid(take),
        "level": level,
        "created_at": schema.iso(take.created_at),
        "shared_at": schema.iso(now),
        "language": take.transcript.language or "en",
        "scenario": take.scenario,  # what it was practised for (core/scenarios.py): the coach filters by it
        "scores": {
            "overall": res.overall,
            "clarity": res.clarity,
            "listener_focus": res.listener_focus,
            "timing": res.timing,
        },
        "band": res.band,
        "gate": res.gate.id if res.gate else None,
        "audio_seconds": round(float(take.audio_seconds), 2),
        "speech_seconds": round(float(take.speech_seconds), 2),
        "target_seconds": float(take.target_seconds),
        "model": model_label(take.model),
        "app_version": take.app_version,
        "issues": issues,
    }
    if with_text:
        body["transcript"] = take.transcript.text[: schema.MAX_TEXT_CHARS]
        body["words"] = [[w.text[:100], round(w.start, 2), round(w.end, 2)] for w in take.transcript.words][
            : schema.MAX_WORDS
        ]
    return body


def encode_opus(path: Path) -> bytes:
    """The recording as mono Opus in Ogg, at the analysis sample rate."""
    samples = np.asarray(decode_audio(path), dtype=np.float32)
    buf = io.BytesIO()
    with av.open(buf, "w", format="ogg") as out:
        stream = out.add_stream("libopus", rate=SAMPLE_RATE, layout="mono")
        stream.bit_rate = OPUS_BITRATE
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buf.getvalue()


def share_take(folder: TeamFolder, take: Take, level: str, now: datetime) -> str | None:
    """Share ``take`` at ``level`` ("none" unshares it if it was shared). Returns the shared id, or None
    when nothing is shared. An unscored take is not shared: its words may be the recognizer's invention."""
    uid = take_uid(take)
    if level == "none":
        check_folder(folder.root)  # offline: TeamOffline, not "was never shared"
        if folder.shared_level(uid) != "none":
            folder.unshare(uid, now)
        return None
    if not take.result.scored:
        raise TeamError(msg=msg("team_error.not_scored"))
    if take.is_drill:
        # A shared file has no place for a drill's verdict: a 15 s one-skill drill would count as a pitch
        # in the coach's figures (takes, latest score, top issues), which the history never does.
        raise TeamError(msg=msg("team_error.drill"))
    body = share_body(take, folder.member_id, level, now)
    audio = None
    if level == "audio":
        if take.audio_path is None or not take.audio_path.exists():
            raise TeamError(msg=msg("team_error.no_recording"))
        audio = encode_opus(take.audio_path)
        if len(audio) > schema.MAX_AUDIO_BYTES:
            raise TeamError(msg=msg("team_error.recording_too_long"))
        body["audio"] = {"file": f"{uid}.opus", "sha256": hashlib.sha256(audio).hexdigest(), "codec": "opus"}
    folder.share(uid, body, audio)
    return uid
