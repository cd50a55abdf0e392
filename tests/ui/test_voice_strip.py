"""The Voice strip draws the analysis, marks what it found, follows playback and seeks on click."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt

from pitchcoach.core.transcript import Word
from pitchcoach.core.voice.analysis import SentenceVoice, TrailingOff, VoiceAnalysis
from pitchcoach.core.voice.hesitation import HeardSpan
from pitchcoach.ui.theme import colors_for
from pitchcoach.ui.voice_strip import VoiceStrip, mark_label


def _take() -> tuple[VoiceAnalysis, list[Word]]:
    words = [Word(text=f"w{i}.", start=i * 0.5, end=i * 0.5 + 0.4, probability=1.0) for i in range(8)]
    va = VoiceAnalysis(f0_median_hz=110.0, f0_spread_semitones=0.4, level_dbfs=-25.0, level_spread_db=9.0)
    va.sentences = [SentenceVoice(0, 7, 0.0, 3.9, 0.4, 1.5, -25.0)]
    va.flat_sentences = [0]
    va.trailing_off = [TrailingOff(words=[7], sentence_first_word=0, drop_db=13.0, kind="quieter")]
    va.unvoiced_hesitations = [HeardSpan(start=4.0, end=4.3, after_word=7)]
    va.pitch_st = [0.0, 0.3, None, -0.2] * 50
    va.level_db = [-25.0, -70.0] * 100
    return va, words


def _regions(plot: pg.PlotItem) -> list[tuple[float, float]]:
    """The marks drawn (the strip keeps the items of earlier takes, hidden, to reuse them)."""
    return [
        tuple(round(v, 2) for v in i.getRegion())
        for i in plot.items
        if isinstance(i, pg.LinearRegionItem) and i.isVisible()
    ]


def test_marks_land_on_the_right_plot_and_times(qtbot) -> None:
    strip = VoiceStrip(colors_for("light"))
    qtbot.addWidget(strip)
    va, words = _take()
    strip.set_take(va, words)
    assert _regions(strip.pitch_plot) == [(0.0, 3.9)]  # the flat sentence
    assert sorted(_regions(strip.level_plot)) == [(3.5, 3.9), (4.0, 4.3)]  # trailed-off word, the uh
    texts = {i.toPlainText() for i in strip.level_plot.items if isinstance(i, pg.TextItem) and i.isVisible()}
    assert {"w0.", "trailed off", "uh?"} <= texts
    strip.set_take(None, [])
    assert not _regions(strip.pitch_plot) and not _regions(strip.level_plot)


def test_a_new_take_reuses_the_strips_items_and_hides_what_it_does_not_use(qtbot) -> None:
    strip = VoiceStrip(colors_for("light"))
    qtbot.addWidget(strip)
    va, words = _take()
    strip.set_take(va, words)
    items = list(strip.level_plot.items) + list(strip.pitch_plot.items)
    fewer = VoiceAnalysis(f0_median_hz=110.0, f0_spread_semitones=3.0, level_dbfs=-25.0, level_spread_db=9.0)
    fewer.pitch_st, fewer.level_db = va.pitch_st, va.level_db
    strip.set_take(fewer, words[:3])
    assert not _regions(strip.pitch_plot) and not _regions(strip.level_plot)  # no marks: none shown
    texts = {i.toPlainText() for i in strip.level_plot.items if isinstance(i, pg.TextItem) and i.isVisible()}
    assert texts == {"w0.", "w1.", "w2."}
    strip.set_take(va, words)
    after = list(strip.level_plot.items) + list(strip.pitch_plot.items)
    # The same items, refilled: creating ~80 pyqtgraph items per take cost 60-400 ms of GUI-thread time.
    assert len(after) == len(items) and all(a is b for a, b in zip(after, items, strict=True))
    assert _regions(strip.pitch_plot) == [(0.0, 3.9)]


def test_cursor_follows_playback_and_a_click_seeks(qtbot) -> None:
    strip = VoiceStrip(colors_for("dark"))
    qtbot.addWidget(strip)
    strip.resize(800, 260)
    strip.show()
    va, words = _take()
    strip.set_take(va, words)
    qtbot.waitExposed(strip)
    strip.set_cursor(2.5)
    assert all(line.isVisible() and line.value() == 2.5 for line in strip.cursors)
    strip.set_cursor(None)
    assert not any(line.isVisible() for line in strip.cursors)

    target = strip.pitch_plot.vb.mapViewToScene(QPointF(3.0, 0.0))
    view_pos = strip.mapFromScene(target)
    with qtbot.waitSignal(strip.seek, timeout=20000) as got:
        qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert abs(got.args[0] - 3.0) < 0.1


def test_results_page_shows_the_voice_card_and_plays_from_a_click(qtbot, make_app, mic_factory) -> None:
    import numpy as np

    from tests.speech import FIXTURES

    sd = mic_factory("too_short.wav", speed=4.0)
    win = make_app(sd).window
    path = FIXTURES / "voice" / "trailing_off.flac"
    with qtbot.waitSignal(win.outcome_shown, timeout=60000) as blocker:
        win.analyze_path(path)
    outcome = blocker.args[0]
    card = win.results.voice
    assert card.isVisible()
    assert "Trailed off at" in card.summary.text()
    assert len(_regions(card.strip.level_plot)) >= 4  # the quieter sentence ends are marked
    # A click on the strip plays from that moment, and the cursor follows playback.
    sd.output.clear()
    card.strip.seek.emit(10.0)
    qtbot.waitUntil(lambda: any(line.isVisible() for line in card.strip.cursors), timeout=20000)
    assert card.strip.cursors[0].value() >= 10.0
    qtbot.waitUntil(lambda: win.results.play_button.accessibleName() == "Play take", timeout=30000)
    assert not any(line.isVisible() for line in card.strip.cursors)
    played = np.concatenate(sd.output)
    start = int(10.0 * 16000)
    assert np.array_equal(played[: outcome.audio16k.size - start], outcome.audio16k[start:])


def _word_rects(strip: VoiceStrip, words) -> list:
    texts = {w.text.strip() for w in words}
    return [
        i.mapRectToScene(i.boundingRect())
        for i in strip.level_plot.items
        if isinstance(i, pg.TextItem) and i.isVisible() and i.toPlainText() in texts
    ]


def test_a_minute_long_take_is_readable(qtbot, analyzer, fixtures_dir) -> None:
    # Issue 21: on takes past ~20 s the track was a comb of near-vertical strokes, peaks ran off the
    # fixed +-8 st axis (a -9.5..+10.1 st track), and word labels overprinted ("nowIt's").
    t = analyzer.analyze_file(fixtures_dir / "too_long.wav").transcript
    va, words = t.voice, t.words
    strip = VoiceStrip(colors_for("light"))
    qtbot.addWidget(strip)
    strip.resize(800, 300)  # about the card's width in the default 1040-pixel window
    strip.show()
    qtbot.waitExposed(strip)
    strip.set_take(va, words)
    x, y = strip._pitch_curve.getData()
    join = np.asarray(strip._pitch_curve.opts["connect"], dtype=bool)
    assert x is not None and len(x) > 50
    lo, hi = strip.pitch_plot.viewRange()[1]
    assert lo <= float(np.nanmin(y)) and float(np.nanmax(y)) <= hi  # nothing drawn runs off the axis
    raw = np.array([v for v in va.pitch_st if v is not None])
    assert float(np.max(y)) >= np.percentile(raw, 95) and float(np.min(y)) <= np.percentile(raw, 5)
    vb = strip.pitch_plot.vb
    px_x = vb.width() / (strip.pitch_plot.viewRange()[0][1] - strip.pitch_plot.viewRange()[0][0])
    px_y = vb.height() / (hi - lo)
    dx, dy = np.diff(x)[join[:-1]] * px_x, np.abs(np.diff(y))[join[:-1]] * px_y
    assert dx.size and np.all(dy <= 2.75 * dx)  # no drawn stroke steeper than 70 degrees
    rects = _word_rects(strip, words)
    assert len(rects) > 20
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b), (a, b)


def _text_rects(strip: VoiceStrip) -> list[tuple[str, QRectF]]:
    """Every label shown on the loudness plot, as the rectangle its text is painted in (a text item
    draws its text inside a margin)."""
    strip.grab()  # a text item places itself on screen when painted
    out = []
    for i in strip.level_plot.items:
        if isinstance(i, pg.TextItem) and i.isVisible():  # drawn at a fixed size: mapped by the view
            m = i.textItem.document().documentMargin()
            rect = i.deviceTransform(strip.viewportTransform()).mapRect(i.boundingRect())
            out.append((i.toPlainText(), rect.adjusted(m, m, -m, -m)))
    return out


def _plot_bottom(strip: VoiceStrip) -> float:
    return strip.viewportTransform().mapRect(strip.level_plot.vb.sceneBoundingRect()).bottom()


def _shown_dark_strip(qtbot, t, width: int) -> VoiceStrip:
    """A dark strip of ``width`` (the card's strip at the 800-pixel window), on screen, showing ``t``."""
    strip = VoiceStrip(colors_for("dark"))
    qtbot.addWidget(strip)
    strip.resize(width, 260)
    strip.show()
    qtbot.waitExposed(strip)
    strip.set_take(t.voice, t.words)
    return strip


def test_chinese_word_labels_fit_below_the_loudness_band(qtbot, zh_fixture_analysis) -> None:
    # Issue 25: word rows were a fixed 11 dB, enough for Latin text only; hanzi come out in the taller
    # CJK face, and the second row of a Mandarin take was cut off at the bottom of the plot.
    t = zh_fixture_analysis("good_pitch").transcript
    strip = _shown_dark_strip(qtbot, t, 700)
    bottom = _plot_bottom(strip)
    rows = _text_rects(strip)
    assert len({round(r.top()) for _, r in rows}) >= 2  # both rows in use
    assert [(text, r.bottom()) for text, r in rows if r.bottom() > bottom + 0.5] == []


def test_mark_labels_do_not_print_over_each_other_in_chinese(qtbot, qapp, analyzer, fixtures_dir) -> None:
    # Issue 25: "uh?" fitted between two hesitations a second apart; "迟疑？" did not, and two of them
    # were printed over each other. The later label is left out (its shaded region stays).
    from pitchcoach.ui import i18n

    t = analyzer.analyze_file(fixtures_dir / "voice" / "unvoiced_uh.flac").transcript
    try:
        i18n.apply_ui_language(qapp, "zh_CN")
        strip = _shown_dark_strip(qtbot, t, 580)
        rows = _text_rects(strip)
        uh = mark_label("hesitation", "")
    finally:
        i18n.apply_ui_language(qapp, "en")
    assert uh != "uh?" and sum(text == uh for text, _ in rows) >= 2
    overlaps = [(a, b) for i, (a, ra) in enumerate(rows) for b, rb in rows[i + 1 :] if ra.intersects(rb)]
    assert overlaps == []
