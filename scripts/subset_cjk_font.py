"""Make assets/fonts/PitchCoachCJKSC-Regular.otf: Noto Sans CJK SC cut down to what the app shows.

The full face is 16 MB; the app needs the 3,755 common hanzi of GB2312 level 1, Chinese
punctuation and full-width forms, Latin-1 (so mixed lines keep one baseline), and every
character of the zh_CN translations, of core's Chinese messages (feedback and reports) and of the
Chinese word lists (嗯 and 呃 are level-2 hanzi, and the fillers a Mandarin speaker says most): a rarer
hanzi a translator used or a transcript shows must not come out as a box.
The result is renamed "PitchCoach CJK SC" so the tests can tell the bundled face from a Noto
font the system may also have. Run it again whenever the translations gain characters:

    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools==4.61.1
    apt-get install fonts-noto-cjk   # the source face (SIL OFL 1.1)
    /tmp/ft/bin/python scripts/subset_cjk_font.py
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from fontTools import subset  # type: ignore[import-not-found]
from fontTools.ttLib import TTCollection  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(os.environ.get("NOTO_CJK_TTC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"))
TS = ROOT / "pitchcoach" / "ui" / "i18n" / "pitchcoach_zh_CN.ts"
MESSAGES = ROOT / "pitchcoach" / "core" / "data" / "messages"
LEXICONS = ROOT / "pitchcoach" / "core" / "lexicons" / "zh"
OUT = ROOT / "pitchcoach" / "assets" / "fonts" / "PitchCoachCJKSC-Regular.otf"
FAMILY = "PitchCoach CJK SC"
PS_NAME = "PitchCoachCJKSC-Regular"


def gb2312_chars(rows: range) -> set[str]:
    chars = set()
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted() -> set[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    chars |= gb2312_chars(range(0xA1, 0xAA))  # rows 1-9: punctuation, full-width forms, symbols
    chars |= gb2312_chars(range(0xB0, 0xD8))  # rows 16-55: level-1 hanzi
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    chars |= set("·–—‘’“”…•℃№←→↑↓")
    if TS.exists():
        for node in ET.parse(TS).getroot().iter("translation"):
            chars |= set(node.text or "")
    for path in [*MESSAGES.glob("zh_CN.toml"), *MESSAGES.glob("zh_CN/*.toml"), *LEXICONS.glob("*")]:
        if path.is_file():
            chars |= set(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() or c == "\u3000"}


def main() -> int:
    font = next(f for f in TTCollection(str(SOURCE)).fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    options = subset.Options()
    # Horizontal text only, Simplified forms only: no vertical or other-locale alternates.
    options.layout_features = ["kern", "liga", "ccmp", "palt", "halt"]
    options.name_IDs = ["*"]
    options.name_languages = [0x409]
    options.notdef_outline = True
    options.hinting = False  # CJK hints add size and Qt's renderer ignores them on most screens
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(wanted())))
    sub.subset(font)
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = f"{FAMILY} Regular"
        elif rec.nameID in (3, 6):
            rec.string = PS_NAME
    cff = font["CFF "].cff
    cff.fontNames = [PS_NAME]
    cff[PS_NAME].FamilyName = FAMILY
    cff[PS_NAME].FullName = f"{FAMILY} Regular"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(OUT))
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size / 1e6:.2f} MB, {len(font.getGlyphOrder())} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
