"""The editor's desk: ``briefing new``, ``briefing check`` and ``briefing correct``."""
