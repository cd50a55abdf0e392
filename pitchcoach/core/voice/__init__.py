"""Voice delivery: how it was said, measured from the take's audio and its word timings (no Qt)."""

from pitchcoach.core.voice.analysis import VoiceAnalysis, VoiceSignals, analyze_voice, voice_signals

__all__ = ["VoiceAnalysis", "VoiceSignals", "analyze_voice", "voice_signals"]
