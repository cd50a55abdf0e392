"""Scoring of a transcript against the rubric (docs: scoring-rubric.md §7)."""
