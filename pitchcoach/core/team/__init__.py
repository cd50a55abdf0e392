"""Team sharing through a folder the team already syncs (Syncthing, Nextcloud, a network share).

``schema`` is the file format, ``folder`` writes a member's own files, ``share`` turns a take into a
shared file, ``index`` reads the whole folder incrementally and ``summary`` adds it up. See docs/team.md.
"""
