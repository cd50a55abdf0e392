"""Regenerate pitchcoach_v4.sqlite3: a history database exactly as schema 4 left it.

Schema 5 added each take's language (issue 24). The migration test opens a copy of this file with
today's TakeStore and checks every old take reads back unchanged, as English. The file is the
committed v1 database taken through migrations 2-4 with their own SQL (what every 4-era app did to
it), with one take given a title, tags and a note, and one marked as a quick result, so the columns
those migrations added hold real values.

    .venv/bin/python tests/core/data/make_v4_db.py

Never re-run after a schema change (the point is to keep an *old* file).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

from pitchcoach.core.storage import MIGRATIONS, split_sql  # noqa: E402

OUT = HERE / "pitchcoach_v4.sqlite3"


def main() -> None:
    shutil.copyfile(HERE / "pitchcoach_v1.sqlite3", OUT)
    conn = sqlite3.connect(OUT, isolation_level=None)
    conn.execute("BEGIN")
    for step in MIGRATIONS[1:4]:
        for statement in split_sql(step):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 4")
    conn.execute(
        "UPDATE takes SET title = 'Before the mixer', tags_json = '[\"meetup\"]', note = 'slower' WHERE id = 2"
    )
    conn.execute("UPDATE takes SET quick_result = 1 WHERE id = 4")
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
