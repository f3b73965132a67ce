"""Another language chosen while windows are open: every open window and dialog says its texts again in it, at
once, keeping what the clerk typed (#22.6).

Qt sends LanguageChange to each window when a translator is installed. Designer's forms answer it with a
generated retranslateUi(); ours are written by hand, so instead every text the desk translates is a `Shown`:
the string as translated now, remembering how to translate it again (its context, source and the values
formatted into it). On LanguageChange the window's widgets are walked and each text that is a known `Shown`
is put back in the new language: labels, buttons, group boxes, placeholders, tabs, list and combo items,
table headers, menus and actions, window titles and tooltips. A text put together by hand from several
(a result line) is not known and stays until the window next writes it; windows that show data in the
language (a reader's page, a card's preview) reload it through `language_changed(code)`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import QCoreApplication, QEvent, QObject
from PyQt6.QtGui import QAction, QStandardItemModel
from PyQt6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTableView,
    QTableWidget,
    QTabWidget,
    QWidget,
    QWizardPage,
)

_LIMIT = 20_000  # texts remembered (the oldest are forgotten: a window showing them is long closed)
_KNOWN: OrderedDict[str, Callable[[], str]] = OrderedDict()


class Shown(str):
    """A translated text that knows how to be translated again."""

    def __new__(cls, text: str, again: Callable[[], str]) -> Shown:
        made = super().__new__(cls, text)
        made._again = again
        _KNOWN[text] = again
        _KNOWN.move_to_end(text)
        if len(_KNOWN) > _LIMIT:
            _KNOWN.popitem(last=False)
        return made

    def format(self, *args: Any, **kwargs: Any) -> Shown:
        again = self._again
        return Shown(str.format(self, *args, **kwargs), lambda: again().format(*args, **kwargs))


def translate(context: str, source: str, disambiguation: str | None = None, n: int = -1) -> Shown:
    """QCoreApplication.translate, remembered (lupdate finds it by its name, as it finds Qt's)."""

    def again() -> str:
        return QCoreApplication.translate(context, source, disambiguation, n)

    return Shown(again(), again)


class Retranslating:
    """Mixed into a window or dialog before its Qt class: its `self.tr` texts are remembered."""

    def tr(self, source: str, disambiguation: str | None = None, n: int = -1) -> Shown:  # type: ignore[override]
        base = super()

        def again() -> str:
            return str(base.tr(source, disambiguation, n))  # type: ignore[misc]

        return Shown(again(), again)


def _again(text: str) -> str | None:
    """The text in the language now installed, itself remembered (for the next switch)."""
    found = _KNOWN.get(text)
    return Shown(found(), found) if found is not None else None


def _put(getter: Callable[[], str], setter: Callable[[str], None]) -> None:
    text = _again(getter())
    if text is not None:
        setter(text)


def _items(count: int, getter: Callable[[int], str], setter: Callable[[int, str], None]) -> None:
    for i in range(count):
        text = _again(getter(i))
        if text is not None:
            setter(i, text)


def retranslate(window: QWidget, lang: str) -> None:
    """Every known text of the window and its widgets, in the language now installed."""
    _put(window.windowTitle, window.setWindowTitle)
    for widget in [window, *window.findChildren(QWidget)]:
        _put(widget.toolTip, widget.setToolTip)
        if isinstance(widget, QLabel | QAbstractButton):
            _put(widget.text, widget.setText)
        elif isinstance(widget, QGroupBox):
            _put(widget.title, widget.setTitle)
        elif isinstance(widget, QLineEdit):
            _put(widget.placeholderText, widget.setPlaceholderText)
        elif isinstance(widget, QComboBox):
            _items(widget.count(), widget.itemText, widget.setItemText)
        elif isinstance(widget, QTabWidget):
            _items(widget.count(), widget.tabText, widget.setTabText)
        elif isinstance(widget, QListWidget):
            for item in (widget.item(i) for i in range(widget.count())):
                if item is not None:
                    _put(item.text, item.setText)
        elif isinstance(widget, QTableWidget):
            for header in (widget.horizontalHeaderItem(i) for i in range(widget.columnCount())):
                if header is not None:
                    _put(header.text, header.setText)
        elif isinstance(widget, QTableView) and isinstance(widget.model(), QStandardItemModel):
            model = widget.model()
            assert isinstance(model, QStandardItemModel)
            for header in (model.horizontalHeaderItem(i) for i in range(model.columnCount())):
                if header is not None:
                    _put(header.text, header.setText)
        elif isinstance(widget, QMenu):
            _put(widget.title, widget.setTitle)
        if isinstance(widget, QWizardPage):
            _put(widget.title, widget.setTitle)
            _put(widget.subTitle, widget.setSubTitle)
    for action in window.findChildren(QAction):
        _put(action.text, action.setText)
        _put(action.toolTip, action.setToolTip)
    for widget in [window, *window.findChildren(QWidget)]:
        # Core messages are picked by language code (DeskError.message, Text.pick); what each window keeps.
        if isinstance(getattr(widget, "_lang", None), str):
            widget._lang = lang  # type: ignore[attr-defined]
        changed = getattr(widget, "language_changed", None)
        if callable(changed):
            changed(lang)


class Retranslator(QObject):
    """Installed on the application: a window that receives LanguageChange says its texts again."""

    def __init__(self, language: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._language = language

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if (
            event is not None
            and event.type() == QEvent.Type.LanguageChange
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            retranslate(watched, self._language())
        return False
