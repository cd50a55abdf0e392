"""Settings persistence: atomic, tolerant of damage, values kept in range."""

from __future__ import annotations

import json
import os

import pytest

from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import Settings, SettingsStore, load_settings, save_settings, system_pitch_language


@pytest.fixture
def path(pitchcoach_home):
    return app_paths(pitchcoach_home).settings


def test_missing_file_gives_defaults(path):
    s = load_settings(path, locale_name="en_GB.UTF-8")
    assert s == Settings()
    assert s.target_seconds == 20.0 and s.input_device is None and s.model_path is None


def test_round_trip(path):
    s = Settings(input_device="USB Mic", model_path="/models/small", target_seconds=35, theme="dark")
    save_settings(path, s)
    back = load_settings(path)
    got = (back.input_device, back.model_path, back.target_seconds, back.theme)
    assert got == ("USB Mic", "/models/small", 35, "dark")


def test_store_update_persists_and_rejects_unknown_keys(path):
    store = SettingsStore(path)
    store.update(target_seconds=45.0, input_device="Headset")
    assert json.loads(path.read_text())["target_seconds"] == 45.0
    assert SettingsStore(path).value.input_device == "Headset"
    with pytest.raises(KeyError):
        store.update(no_such_setting=1)


@pytest.mark.parametrize(
    ("given", "expected"),
    [(5, 10.0), (90, 60.0), (10, 10.0), (60, 60.0), ("abc", 20.0), (None, 20.0), (float("nan"), 20.0)],
)
def test_target_is_clamped_to_10_60(path, given, expected):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"target_seconds": given}
    path.write_text(json.dumps(data) if given == given else '{"target_seconds": NaN}')
    assert load_settings(path).target_seconds == expected


def test_corrupt_file_falls_back_and_is_kept_aside(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"target_seconds": 30, "theme": ')  # truncated by a crash mid-write (not ours)
    s = load_settings(path)
    assert s == Settings()
    aside = path.with_name(path.name + ".corrupt")
    assert aside.read_text().startswith('{"target_seconds": 30')


def test_wrong_types_are_fixed_field_by_field(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {"target_seconds": 25, "theme": "purple", "input_device": 3, "extra": [1], "unknown_future_key": True}
        )
    )
    s = load_settings(path)
    assert s.target_seconds == 25 and s.theme == "system" and s.input_device is None and s.extra == {}


def test_top_level_not_an_object(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[1, 2, 3]")
    assert load_settings(path) == Settings()


def test_save_is_atomic_and_leaves_no_temp_files(path, monkeypatch):
    save_settings(path, Settings(target_seconds=30))
    before = path.read_text()

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_settings(path, Settings(target_seconds=40))
    assert path.read_text() == before  # the old file is untouched
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".settings-")] == []


def test_store_survives_an_unwritable_folder(path, monkeypatch):
    store = SettingsStore(path)

    def boom(*_a, **_k):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr("pitchcoach.core.settings.save_settings", boom)
    assert store.update(target_seconds=15).target_seconds == 15  # applies for this session


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("not UTF-8", b'{"theme": "dark", "input_device": "Mic \xff\xfe"}'),
        ("nested 100,000 deep", b'{"extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        ("nested 500 deep", b'{"extra": {"a": ' + b"[" * 500 + b"]" * 500 + b"}}"),
    ],
)
def test_unusable_file_is_kept_aside_and_defaults_are_used(path, name, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    s = load_settings(path)
    assert s == Settings()
    assert not path.exists()
    assert path.with_name(path.name + ".corrupt").read_bytes() == content  # kept byte for byte
    store = SettingsStore(path)  # and the app can save again
    store.update(theme="light")
    assert load_settings(path).theme == "light"


def test_a_second_bad_file_does_not_overwrite_the_first_copy(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff first")
    load_settings(path)
    path.write_bytes(b"\xff second")
    load_settings(path)
    assert path.with_name(path.name + ".corrupt").read_bytes() == b"\xff first"
    assert path.with_name(path.name + ".corrupt-1").read_bytes() == b"\xff second"


def test_a_file_saved_by_notepad_with_a_byte_order_mark_is_read(path):
    """Issue 23: Notepad writes UTF-8 with a BOM; that file counted as corrupt and reset every setting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"target_seconds": 45, "theme": "dark", "input_device": "Micro du casque"})
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    s = load_settings(path)
    assert (s.target_seconds, s.theme, s.input_device) == (45, "dark", "Micro du casque")
    assert path.is_file() and not path.with_name(path.name + ".corrupt").exists()  # nothing set aside


@pytest.mark.parametrize(
    ("locale_name", "expected"),
    [("zh_CN.UTF-8", "zh"), ("zh_TW", "zh"), ("zh-SG", "zh"), ("en_US.UTF-8", "en"), ("de_DE", "en"), ("", "en")],
)
def test_first_run_pitch_language_follows_the_system_locale(path, locale_name, expected):
    assert system_pitch_language(locale_name) == expected
    assert load_settings(path, locale_name=locale_name).pitch_language == expected


def test_pitch_language_from_the_environment(monkeypatch):
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert system_pitch_language() == "zh"
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # LC_ALL overrides LANG, as in POSIX
    assert system_pitch_language() == "en"


def test_a_settings_file_from_before_the_choice_follows_the_locale_and_a_choice_is_kept(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"target_seconds": 30, "theme": "dark", "version": 1}), "utf-8")
    assert load_settings(path, locale_name="zh_CN.UTF-8").pitch_language == "zh"
    store = SettingsStore(path, locale_name="zh_CN.UTF-8")
    store.update(pitch_language="auto")
    # A choice the user made wins over the locale from then on.
    assert load_settings(path, locale_name="en_US").pitch_language == "auto"
    assert load_settings(path, locale_name="en_US").target_seconds == 30


def test_an_unknown_pitch_language_falls_back_to_english(path):
    save_settings(path, Settings(pitch_language="klingon"))
    assert load_settings(path, locale_name="zh_CN").pitch_language == "en"


def test_a_settings_file_from_before_scenarios_keeps_its_own_target_as_custom() -> None:
    """Issue 26: networking is 20 s; a user who had set another target keeps it, as the Custom scenario."""
    from pitchcoach.core.settings import Settings

    assert Settings.from_dict({"target_seconds": 30}).scenario == "custom"
    assert Settings.from_dict({"target_seconds": 20}).scenario == "networking"
    assert Settings.from_dict({}).scenario == "networking"
    assert Settings.from_dict({"target_seconds": 30, "scenario": "investor"}).scenario == "investor"
    assert Settings.from_dict({"scenario": 7}).scenario == "networking"
