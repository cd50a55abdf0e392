"""Shared inputs for the report tests: a fixed start time and a hostile title (fixture texts: tests.speech)."""

from __future__ import annotations

from datetime import UTC, datetime

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SCRIPT = "<script>alert('x')</script>"
