"""The procedural rules of the 办法 (deadlines, sources, notices, re-checks): pure functions."""
