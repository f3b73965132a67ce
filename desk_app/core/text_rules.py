"""One rule for every text a person gives the desk (form, command line, import, device).

The rule, in order (docs/rules.md says the same):
1. Unicode NFC; full-width Latin letters, digits and punctuation and the ideographic space become their
   ASCII forms (a school list typed in a Chinese input method is the same list).
2. Invisible formatting that never carries meaning here (zero-width space, joiners, word joiner, byte-order
   mark, soft hyphen) is removed: it arrives by copy and paste and would make one name two.
3. Any other control, format, bidirectional, private-use or line-separator character (NUL, ESC and ANSI
   colour codes, CR, LF, tab, U+202E and its kin) is refused with its position: it is never stored, printed
   or sent to a terminal, and silently dropping it could hide what someone tried to do.
4. Runs of spaces become one; leading and trailing spaces go.
5. Names only: a space between two Chinese characters goes ("王 小明" is 王小明; Chinese names have none),
   one space between words of a foreign name stays, and the middle-dot variants of transcribed names
   (・ • ‧ ･) become "·".
6. A text longer than its field is refused, never cut.
"""

from __future__ import annotations

import re
import unicodedata

from desk_app.core.errors import DeskError

NAME_LIMIT = 50
_REMOVED = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Not "Cn" (unassigned): characters newer than this Python's Unicode tables, such as CJK extension I, are
# real characters in real names.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}
_SPACES = re.compile(r"\s+")
_HAN = r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
_SPACE_BETWEEN_HAN = re.compile(rf"(?<={_HAN}) (?={_HAN})")
_MIDDLE_DOTS = re.compile(r"\s*[·・•‧･]\s*")


def _fold(raw: str, field: str) -> str:
    text = unicodedata.normalize("NFC", raw or "").translate(_REMOVED).translate(_FULL_WIDTH)
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            raise DeskError("input.invisible_character", field=field, position=position, code=f"U+{ord(char):04X}")
    return _SPACES.sub(" ", text).strip()


def clean_free_text(raw: str, limit: int, field: str) -> str:
    """An address, a work unit, a caller's name, a note: steps 1-4 and 6."""
    text = _fold(raw, field)
    if len(text) > limit:
        raise DeskError("input.too_long", field=field, limit=limit)
    return text


def clean_person_name(raw: str, field: str = "姓名") -> str:
    """A person's name: steps 1-6; an empty name is refused."""
    name = _MIDDLE_DOTS.sub("·", _SPACE_BETWEEN_HAN.sub("", _fold(raw, field)))
    if not name:
        raise DeskError("reader.name_missing")
    if len(name) > NAME_LIMIT:
        raise DeskError("reader.name_too_long", limit=NAME_LIMIT)
    return name
