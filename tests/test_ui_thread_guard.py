"""The guard that proves the window keeps the database and devices off the UI thread, shown to catch it."""

from __future__ import annotations

from typing import Any

from tests import ui_thread_guard


def test_the_guard_catches_a_query_made_by_the_window_on_the_ui_thread(qtbot: Any, tmp_path: Any) -> None:
    from desk_app.bootstrap import open_desk
    from desk_app.ui.main_window import MainWindow

    desk = open_desk(tmp_path / "d.sqlite", "foshan")
    try:
        window = MainWindow(desk.directory(), "T", "B", "x")
        qtbot.addWidget(window)
        # The window's own background path: no violation.
        with qtbot.waitSignal(window.search_finished, timeout=5000):
            window.search("")
        window.operations.wait()
        assert ui_thread_guard.violations == []
        # The same search run by window code on the UI thread itself (a job run in place): caught.
        from desk_app.ui.operations import _Job, _Waiting

        worker = window.operations.worker
        worker._waiting[99] = _Waiting(window, lambda _r: None, lambda _e: None, None)
        _Job(99, lambda: window._directory.search(""), worker._finished).run()
        assert ui_thread_guard.violations and "from operations.py" in ui_thread_guard.violations[0]
    finally:
        ui_thread_guard.violations.clear()
        desk.close()
