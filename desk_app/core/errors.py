"""Expected errors: a typed exception that carries a message for the person at the desk."""

from __future__ import annotations

from desk_app.core.messages import MESSAGES, render


class DeskError(Exception):
    """A rule refused the action. The message is for the user, in their language."""

    def __init__(self, code: str, /, **params: object) -> None:
        if code not in MESSAGES:
            raise KeyError(f"no message for {code!r}")
        self.code = code
        self.params = params
        super().__init__(self.message("zh"))

    def message(self, lang: str = "zh") -> str:
        return render(self.code, lang, self.params)
