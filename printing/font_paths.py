"""Where the installed bundle keeps its own fonts: known to the window at start without loading ReportLab."""

from __future__ import annotations

import sys
from pathlib import Path

# The installed bundle carries its own fonts (installer/carddesk.spec), so a staff PC needs none installed.
BUNDLED_FONTS = Path(getattr(sys, "_MEIPASS", "/nonexistent")) / "fonts"
