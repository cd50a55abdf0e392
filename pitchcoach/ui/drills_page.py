"""Drills and goals in the window (issue 27): the Drills page, the banner on the Practice page while a
drill is being practised, and the pass/fail card on the Results page. The rules are in core/drills.py
and core/goals.py; these widgets only show what those return."""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pitchcoach.core import goals
from pitchcoach.core.drills import SKILLS, Drill, DrillError, DrillVerdict, evidence_text, load_drill
from pitchcoach.core.scoring.tokens import clock
from pitchcoach.ui.core_labels import rule_name, skill_state_name
from pitchcoach.ui.i18n import current_ui_language, feedback_catalog
from pitchcoach.ui.widgets import card, label

if TYPE_CHECKING:
    from pitchcoach.ui.services import Services
    from pitchcoach.ui.theme import Colors
    from pitchcoach.ui.workers import TaskRunner

log = logging.getLogger(__name__)

TRY_MARKS = {True: "✓", False: "✗"}


def drill_for(skill: str, language: str = "en") -> Drill | None:
    try:
        return load_drill(skill, language)
    except DrillError:
        log.exception("drill %s could not be loaded", skill)
        return None


class DrillBanner(QFrame):
    """On the Practice page while a drill is armed: what to do, the prompt, and a way out."""

    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = label("", "h2")
        head.addWidget(self.title, 1)
        self.end_button = QPushButton(self.tr("End drill"))
        self.end_button.setAccessibleName(self.tr("End drill"))
        self.end_button.clicked.connect(self.end_requested)
        head.addWidget(self.end_button)
        lay.addLayout(head)
        self.goal = label("", wrap=True)
        self.prompt = label("", "muted", wrap=True)
        lay.addWidget(self.goal)
        lay.addWidget(self.prompt)
        self.hide()

    def show_drill(self, drill: Drill | None, prompt: str = "") -> None:
        if drill is None:
            self.hide()
            return
        self.title.setText(self.tr("Drill: {title}").format(title=drill.title_in(current_ui_language())))
        self.goal.setText(drill.goal_in(current_ui_language()))
        self.prompt.setText(self.tr("Prompt: {prompt}").format(prompt=prompt) if prompt else "")
        self.setAccessibleName(
            self.tr("Drill in progress: {title}").format(title=drill.title_in(current_ui_language()))
        )
        self.show()


class DrillVerdictCard(QFrame):
    """On the Results page of a drill take: passed or not yet, why, and the evidence with its times."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        self.verdict = label("", "h2")
        self.why = label("", wrap=True)
        self.evidence = label("", "muted", wrap=True)
        self.note = label("", wrap=True)
        for w in (self.verdict, self.why, self.evidence, self.note):
            lay.addWidget(w)
        self.hide()

    def show_verdict(self, drill: Drill | None, verdict: DrillVerdict | None, note: str = "") -> None:
        if verdict is None:
            self.hide()
            return
        title = (
            drill.title_in(current_ui_language()) if drill is not None else verdict.skill.replace("_", " ").capitalize()
        )
        outcome = self.tr("Passed ✓") if verdict.passed else self.tr("Not yet ✗")
        self.verdict.setText(self.tr("{title}: {outcome}").format(title=title, outcome=outcome))
        why = feedback_catalog().render(verdict.msg, verdict.why)  # a record from before issue 25: its English
        self.why.setText(why)
        cat = feedback_catalog()
        self.evidence.setText("\n".join(f"{clock(e.start)}  “{evidence_text(e, cat)}”" for e in verdict.evidence[:6]))
        self.evidence.setVisible(bool(verdict.evidence))
        self.show_note(note)
        said = self.tr("Drill passed: {why}") if verdict.passed else self.tr("Drill not passed: {why}")
        self.setAccessibleName(said.format(why=why))
        self.show()

    def show_note(self, note: str) -> None:
        self.note.setText(note)
        self.note.setVisible(bool(note))


class DrillsPage(QWidget):
    """Every skill with its state, the suggested next drill, the weekly goal and the focus skill."""

    start_requested = Signal(str)  # a skill: arm its drill and go to the Practice page
    refreshed = Signal()  # the figures read on a worker are on the page

    def __init__(
        self, services: Services, colors: Colors, runner: TaskRunner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.colors = colors
        self.runner = runner
        self.overview: goals.DrillOverview | None = None
        self._loading = self._again = False
        self.suggestion: goals.Suggestion | None = None
        self.states: dict[str, goals.SkillState] = {}
        self._chart: QWidget | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(24, 20, 24, 20)
        col.setSpacing(14)
        col.addWidget(label(self.tr("Drills"), "h1"))
        col.addWidget(
            label(
                self.tr("Short exercises that train one skill each. Three passes in a row master it."),
                "muted",
                wrap=True,
            )
        )

        goal_card = card()
        gl = QVBoxLayout(goal_card)
        wh = QHBoxLayout()
        wh.addWidget(label(self.tr("This week"), "h2"), 1)
        wh.addWidget(label(self.tr("Weekly goal:")))
        self.goal_spin = QSpinBox()
        self.goal_spin.setRange(1, 50)
        self.goal_spin.setSuffix(self.tr(" takes or drills"))
        self.goal_spin.setAccessibleName(self.tr("Weekly goal"))
        self.goal_spin.setValue(self.weekly_goal())
        self.goal_spin.valueChanged.connect(self._goal_changed)
        wh.addWidget(self.goal_spin)
        gl.addLayout(wh)
        self.week_label = label("", wrap=True)
        self.streak_label = label("", "muted", wrap=True)
        gl.addWidget(self.week_label)
        gl.addWidget(self.streak_label)
        col.addWidget(goal_card)

        sug = card()
        sl = QHBoxLayout(sug)
        self.suggestion_label = label("", wrap=True)
        sl.addWidget(self.suggestion_label, 1)
        self.suggest_button = QPushButton(self.tr("Start suggested drill"))
        self.suggest_button.setObjectName("primary")
        self.suggest_button.setAccessibleName(self.tr("Start suggested drill"))
        self.suggest_button.clicked.connect(
            lambda: self.suggestion and self.start_requested.emit(self.suggestion.skill)
        )
        sl.addWidget(self.suggest_button, 0, Qt.AlignmentFlag.AlignTop)
        col.addWidget(sug)

        skills = card()
        grid = QGridLayout(skills)
        grid.addWidget(label(self.tr("Skills"), "h2"), 0, 0, 1, 4)
        self.rows: dict[str, tuple[QLabel, QLabel, QPushButton]] = {}
        for i, skill in enumerate(SKILLS, 1):
            drill = drill_for(skill)
            title = drill.title_in(current_ui_language()) if drill else skill
            name = label(title)
            state = label("", "muted")
            tries = label("")
            button = QPushButton(self.tr("Start"))
            button.setAccessibleName(self.tr("Start drill: {title}").format(title=title))
            button.clicked.connect(lambda _=False, s=skill: self.start_requested.emit(s))
            grid.addWidget(name, i, 0)
            grid.addWidget(state, i, 1)
            grid.addWidget(tries, i, 2)
            grid.addWidget(button, i, 3)
            self.rows[skill] = (state, tries, button)
        grid.setColumnStretch(0, 1)
        col.addWidget(skills)

        focus = card()
        self.focus_layout = fl = QVBoxLayout(focus)
        head = QHBoxLayout()
        head.addWidget(label(self.tr("Focus skill"), "h2"), 1)
        self.focus_combo = QComboBox()
        self.focus_combo.setAccessibleName(self.tr("Focus skill"))
        for skill in SKILLS:
            drill = drill_for(skill)
            self.focus_combo.addItem(drill.title_in(current_ui_language()) if drill else skill, skill)
        self.focus_combo.currentIndexChanged.connect(lambda _i: self._show_focus())
        head.addWidget(self.focus_combo)
        fl.addLayout(head)
        self.focus_label = label("", wrap=True)
        fl.addWidget(self.focus_label)
        col.addWidget(focus)
        col.addStretch(1)
        chosen = self.services.settings.value.extra.get("focus_skill")
        self._focus_chosen = chosen in SKILLS  # the user's choice; until then the suggestion is the focus
        if self._focus_chosen:
            self.focus_combo.setCurrentIndex(SKILLS.index(str(chosen)))
        self.focus_combo.activated.connect(self._focus_picked)

    def weekly_goal(self) -> int:
        value = self.services.settings.value.extra.get("weekly_goal", goals.DEFAULT_WEEKLY_GOAL)
        return int(value) if isinstance(value, int) and 1 <= value <= 50 else goals.DEFAULT_WEEKLY_GOAL

    def _remember(self, key: str, value: object) -> None:
        """Goal settings live in Settings.extra (kept across runs, no schema change)."""
        extra = dict(self.services.settings.value.extra)
        extra[key] = value
        self.services.settings.update(extra=extra)

    def _focus_picked(self, _index: int) -> None:
        self._focus_chosen = True
        self._remember("focus_skill", str(self.focus_combo.currentData()))

    def _goal_changed(self, n: int) -> None:
        self._remember("weekly_goal", int(n))
        self._show_week()  # from the dates already read: no trip to the history

    def _start_suggested(self) -> None:
        if self.suggestion is not None:
            self.start_requested.emit(self.suggestion.skill)

    def prompt_for(self, drill: Drill) -> str:
        prompts = drill.prompts_in(current_ui_language())  # a situation to read, in the interface's words
        return random.choice(prompts) if prompts else ""

    def refresh(self, *_args: object) -> None:
        """After a take: read the history again, but only if the page is on screen; otherwise it is read
        when the page is next shown (showEvent). The reads run on a worker: the GUI thread never waits."""
        if self.isVisible():
            self._load()

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        self._load()

    def _load(self) -> None:
        if self._loading:
            self._again = True  # one more read when this one is back: it may predate the change
            return
        store = self.services.store()
        if store is None:
            self.suggestion_label.setText(self.services.store_error or self.tr("Your history is not available."))
            self.suggest_button.setEnabled(False)
            return
        if self.runner is None:
            return
        self._loading, self._again = True, False
        self.runner.start(lambda: goals.read_overview(store), self._loaded, self._load_failed, name="drills")

    def _finish_load(self) -> None:
        self._loading = False
        if self._again and self.isVisible():
            self._load()

    def _load_failed(self, message: str) -> None:
        log.warning("reading the drill history failed: %s", message)
        self.suggestion_label.setText(self.tr("Your history could not be read ({error}).").format(error=message))
        self._finish_load()

    def _loaded(self, overview: goals.DrillOverview) -> None:
        self.overview = overview
        self.states, self.suggestion = overview.states, overview.suggestion
        self._show_week()
        streak = overview.streak
        days = self.tr("Streak: 1 day") if streak.current == 1 else self.tr("Streak: {n} days")
        forgiven = self.tr(" ({n} missed day forgiven)").format(n=streak.forgiven) if streak.forgiven else ""
        self.streak_label.setText(days.format(n=streak.current) + forgiven + self.tr(". One missed day is forgiven."))
        for skill, (state, tries, _button) in self.rows.items():
            st = self.states[skill]
            state.setText(skill_state_name(st.state))
            tries.setText(" ".join(TRY_MARKS[p] for p in st.recent) if st.state == goals.PRACTISING else "")
            tries.setAccessibleName(
                self.tr("Last tries: {passed} of {tries} passed").format(passed=sum(st.recent), tries=len(st.recent))
            )
        s = self.suggestion
        if s is None:
            self.suggestion_label.setText(self.tr("Record a few full takes: the next drill is suggested from them."))
        else:
            drill = drill_for(s.skill)
            text = (
                self.tr("Suggested next: {drill}. “{rule}” cost you {points} points over your last take.")
                if s.takes_considered == 1
                else self.tr("Suggested next: {drill}. “{rule}” cost you {points} points over your last {n} takes.")
            )
            self.suggestion_label.setText(
                text.format(
                    drill=drill.title_in(current_ui_language()) if drill else s.skill,
                    rule=rule_name(s.rule),
                    points=QLocale().toString(round(s.points_lost)),
                    n=s.takes_considered,
                )
            )
            if not self._focus_chosen:  # the suggestion is the focus until the person picks one
                self.focus_combo.blockSignals(True)
                self.focus_combo.setCurrentIndex(SKILLS.index(s.skill))
                self.focus_combo.blockSignals(False)
        self.suggest_button.setEnabled(s is not None)
        self._show_focus()
        self._finish_load()
        self.refreshed.emit()

    def _show_week(self) -> None:
        if self.overview is None:
            return
        week = self.overview.week(self.weekly_goal())
        if week.reached:
            week_text = self.tr("{done} of {goal} takes or drills this week: reached — well done!")
        else:
            week_text = self.tr("{done} of {goal} takes or drills this week: {left} to go")
        self.week_label.setText(week_text.format(done=week.done, goal=week.goal, left=week.goal - week.done))

    def _show_focus(self) -> None:
        skill = str(self.focus_combo.currentData())
        progress = self.overview.focus[skill] if self.overview is not None else goals.FocusProgress(skill, [])
        first, best, latest = progress.first, progress.best, progress.latest
        if first is None or best is None or latest is None:
            self.focus_label.setText(self.tr("No full takes yet to follow this skill in."))
        else:
            loc = QLocale()
            self.focus_label.setText(
                self.tr(
                    "Points lost on this skill — first: {first}, best: {best}, latest: {latest} "
                    "(over {n} full takes; fewer is better)."
                ).format(
                    first=loc.toString(round(first.points_lost)),
                    best=loc.toString(round(best.points_lost)),
                    latest=loc.toString(round(latest.points_lost)),
                    n=len(progress.points),
                )
            )
        self._draw_chart([p.points_lost for p in progress.points])

    def _draw_chart(self, values: list[float]) -> None:
        import pyqtgraph as pg  # not at import: the window paints before pyqtgraph loads

        if self._chart is None:
            plot = pg.PlotWidget(background=None)
            plot.setFixedHeight(110)
            plot.setMouseEnabled(False, False)
            plot.hideButtons()
            plot.setLabel("left", self.tr("points lost"))
            plot.setLabel("bottom", self.tr("full take"))
            plot.getAxis("bottom").setTickSpacing(1, 1)  # takes are counted, not measured
            plot.setAccessibleName(self.tr("Focus skill chart"))
            self.focus_layout.addWidget(plot)
            self._chart = plot
        assert isinstance(self._chart, pg.PlotWidget)
        self._chart.clear()
        if values:
            pen = pg.mkPen(self.colors.accent, width=2)
            self._chart.plot(list(range(1, len(values) + 1)), values, pen=pen, symbol="o", symbolSize=6)
