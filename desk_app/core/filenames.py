"""File names that arrive from outside (an imported spreadsheet, a scanned document) made safe to show and store.

A name is only ever a label here: the desk never opens a path built from it, so a name like
`../../etc/passwd`, `C:\\x\\CON.xlsx` or one with a right-to-left override cannot point anywhere or disguise
its extension.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 120
_WINDOWS_DEVICES = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)
# Control characters and the invisible formatting ones (bidi overrides, zero-width) that disguise names.
_HIDDEN = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def safe_file_label(raw: str, fallback: str = "导入文件") -> str:
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]  # the last path component, whichever separator was used
    name = _HIDDEN.sub("", name).strip().strip(".")
    if _WINDOWS_DEVICES.match(name):
        name = "_" + name
    if len(name) > MAX_LENGTH:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: MAX_LENGTH - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 10 else name[:MAX_LENGTH]
    return name or fallback
