"""Voice delivery: how it was said, measured from the take's audio and its word timings (no Qt)."""

from pitchcoach.core.voice.analysis import VoiceAnalysis, analyze_voice

__all__ = ["VoiceAnalysis", "analyze_voice"]
