"""Shared inputs for the report tests: the committed fixture pitch texts and a fixed start time."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TEXTS = {f["name"]: f["text"] for f in json.loads((FIXTURES / "fixtures.json").read_text())["fixtures"]}
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SCRIPT = "<script>alert('x')</script>"
