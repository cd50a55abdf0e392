"""Render the app icon's PNG sizes (and the Windows .ico) from the one SVG source.

Run after editing the SVG, then commit the outputs:

    QT_QPA_PLATFORM=offscreen python packaging/render_icons.py

The PNGs go into a freedesktop hicolor tree under assets/icons so that a Linux install is a
plain copy of that tree into $prefix/share/icons. Qt's own SVG renderer is used because it
is already a dependency; ImageMagick (if present) packs the Windows .ico, since Qt's ICO
writer stores only one size per file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.pitchcoach.PitchCoach"
SIZES = (16, 32, 48, 64, 128, 256, 512)
# Windows Explorer picks from these; larger ones only bloat the .ico.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

ICONS = Path(__file__).resolve().parent.parent / "assets" / "icons"
SVG = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot parse {SVG}", file=sys.stderr)
        return 1
    for size in SIZES:
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(out), "PNG"):
            print(f"could not write {out}", file=sys.stderr)
            return 1
        print(out.relative_to(ICONS.parent.parent))

    convert = shutil.which("magick") or shutil.which("convert")
    if convert is None:
        print("ImageMagick not found: assets/icons/pitchcoach.ico was not regenerated", file=sys.stderr)
        return 0
    tmp = ICONS / ".ico-parts"
    tmp.mkdir(exist_ok=True)
    parts = []
    for size in ICO_SIZES:
        part = tmp / f"{size}.png"
        render(renderer, size).save(str(part), "PNG")
        parts.append(str(part))
    ico = ICONS / "pitchcoach.ico"
    subprocess.run([convert, *parts, str(ico)], check=True)
    shutil.rmtree(tmp)
    print(ico.relative_to(ICONS.parent.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
