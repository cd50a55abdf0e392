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


def test_trend_chart_is_in_take_order_with_a_date_at_each_new_day(add):
    """Issue 15 #6: one session's takes were squeezed together and every label read the same date."""
    from datetime import timedelta

    from tests.core.report.helpers import T0
    from tests.speech import TEXTS

    names = ["filler_heavy", "jargon_heavy", "hard_sell", "great_pitch"]
    # Four takes minutes apart on the first day, then two days with two takes each.
    times = [T0 + timedelta(minutes=3 * i) for i in range(4)]
    times += [T0 + timedelta(days=d, hours=h) for d in (1, 3) for h in (0, 1)]
    takes = [add(TEXTS[names[i % 4]], t) for i, t in enumerate(times)]
    rep = R.build_progress_report(takes)
    root = ET.fromstring(R.trend_chart_svg(rep.trend))
    ns = "{http://www.w3.org/2000/svg}"
    overall = [tuple(map(float, p.split(","))) for p in list(root.iter(f"{ns}polyline"))[-1].get("points").split()]
    xs = [x for x, _ in overall]
    steps = {round(b - a) for a, b in zip(xs, xs[1:], strict=False)}  # drawn to 0.1 px
    assert len(steps) == 1  # every take the same width, however close in time
    labels = [(float(t.get("x")), t.text) for t in root.iter(f"{ns}text") if float(t.get("y")) == 240]
    days = [t.astimezone() for t in (times[0], times[4], times[6])]
    assert [text for _x, text in labels] == [f"{d.day} {d:%b}" for d in days]
    # Each label starts at the gap before its day's first take.
    assert labels[1][0] < xs[4] and labels[1][0] > xs[3]
    assert labels[2][0] < xs[6] and labels[2][0] > xs[5]
