"""The SVG charts drawn from real reports."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pitchcoach.core import report as R


def test_trend_chart_is_valid_svg_and_follows_the_scores(week):
    rep = R.build_progress_report(week)
    root = ET.fromstring(R.trend_chart_svg(rep.trend))
    lines = list(root.iter("{http://www.w3.org/2000/svg}polyline"))
    assert len(lines) == 3  # clarity, listener focus, overall
    overall = [tuple(map(float, p.split(","))) for p in lines[-1].get("points").split()]
    assert len(overall) == len(rep.trend)
    ys = [y for _, y in overall]
    scores = [p.overall for p in rep.trend]
    assert len(set(scores)) > 1, "the week must have different scores for this test to mean anything"
    for i in range(len(scores) - 1):
        # A higher score is drawn higher up (smaller y); equal scores at equal height.
        assert (ys[i + 1] < ys[i]) == (scores[i + 1] > scores[i])
        assert (ys[i + 1] == ys[i]) == (scores[i + 1] == scores[i])
    assert [x for x, _ in overall] == sorted(x for x, _ in overall)
    empty = ET.fromstring(R.trend_chart_svg([]))
    assert "No scored takes" in "".join(empty.itertext())
