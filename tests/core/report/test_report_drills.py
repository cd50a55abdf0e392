"""The progress report's drills and goals (issue 27): drill takes have their own section and stay out of
the pitch table, trend and best take; the weekly goal and the forgiving streak are shown as of the date."""

from __future__ import annotations

import json
from datetime import timedelta

from pitchcoach.core.analysis import Analysis
from pitchcoach.core.drills import judge, load_drill
from pitchcoach.core.report.build import build_progress_report
from pitchcoach.core.report.render import render_html, render_json, render_markdown
from pitchcoach.core.scoring.engine import score
from pitchcoach.core.transcript import Transcript
from tests.core.report.helpers import T0
from tests.speech import TEXTS


def test_drills_have_their_own_section_and_stay_out_of_the_pitch_figures(store, add, lexicons) -> None:
    pitch = add(TEXTS["hard_sell"], T0)
    drill = load_drill("fillers")
    drills = []
    for i, name in enumerate(("great_pitch", "filler_heavy", "great_pitch")):
        tr = Transcript.from_text(TEXTS[name])
        a = Analysis(tr, score(tr, 15.0, lexicons), "tiny.en")
        # Day 0, 1 and 3: day 2 is missed and forgiven.
        drills.append(store.save_take(a, None, created_at=T0 + timedelta(days=(1, 1, 3)[i]), drill=judge(drill, a)))
    assert [d.drill.passed for d in drills] == [True, False, True]

    report = build_progress_report(store.list(), generated_at=T0 + timedelta(days=3, hours=1))
    assert [r.id for r in report.rows] == [pitch.id]  # drills are not pitches
    assert [p.take_id for p in report.trend] == [pitch.id] and report.best is not None and report.best.id == pitch.id
    [stat] = report.drills
    assert (stat.skill, stat.title, stat.tries, stat.passes, stat.state) == (
        "fillers",
        "No fillers",
        3,
        2,
        "Practising",
    )
    assert stat.recent == "✓ ✗ ✓"
    assert report.goals is not None
    assert (report.goals.done, report.goals.goal, report.goals.streak, report.goals.forgiven) == (4, 5, 3, 1)

    html = render_html(report)
    assert "Drills and goals" in html and "No fillers" in html and "1 missed day forgiven" in html
    md = render_markdown(report)
    assert "| No fillers | 3 | 2 | Practising | ✓ ✗ ✓ |" in md
    data = json.loads(render_json(report))
    assert data["drills"][0]["skill"] == "fillers" and data["goals"]["streak_days"] == 3
    assert [t["id"] for t in data["takes"]] == [pitch.id]
    # In Chinese (issue 25): the drill's Chinese title, its state and the goal line; the JSON keeps its codes.
    zh = build_progress_report(store.list(), generated_at=T0 + timedelta(days=3, hours=1), ui_language="zh_CN")
    zh_md = render_markdown(zh)
    assert "## 专项练习与目标" in zh_md and "| 不说口头禅 | 3 | 2 | 练习中 | ✓ ✗ ✓ |" in zh_md
    assert "本周：已完成 **4/5 次**练习或专项练习；连续 **3** 天（含 1 天宽限）。" in zh_md
    assert json.loads(render_json(zh))["drills"] == data["drills"]
