"""Files on disk: where the bundled ones live, writes that are atomic, CSV cells that are safe.

Pure Python and cheap to import: the GUI reads these before its window is up.
"""
