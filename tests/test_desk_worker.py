"""The window's one background worker and its change broadcast (#22.8): every dialog's jobs go to the same
worker, one at a time on the desk lane; an answer for a dialog closed and deleted meanwhile is dropped (never
delivered to a dead widget); a mutating job that succeeded tells every view which reader it touched."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from PyQt6.QtWidgets import QDialog

from desk_app.ui.operations import BACKGROUND, Changed, Operations, changed_by, desk_worker


@dataclass(frozen=True)
class _Outcome:
    card_number: str
    reader_id: str = ""


@dataclass(frozen=True)
class _Issued:
    issued: _Outcome


def test_every_dialog_shares_one_worker_and_the_desk_lane_runs_one_job_at_a_time(qtbot: Any) -> None:
    first, second = QDialog(), QDialog()
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    one, two = Operations(first), Operations(second)
    assert one.worker is two.worker is desk_worker()
    running, overlapped, answers = [0], [False], []
    lock = threading.Lock()

    def job(n: int) -> int:
        with lock:
            running[0] += 1
            overlapped[0] |= running[0] > 1
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return n

    for n in range(3):
        one.run(lambda n=n: job(n), answers.append, lambda err: answers.append(err))
        two.run(lambda n=n: job(10 + n), answers.append, lambda err: answers.append(err))
    qtbot.waitUntil(lambda: len(answers) == 6, timeout=5000)
    assert answers == [0, 10, 1, 11, 2, 12] and not overlapped[0]


def test_an_answer_for_a_deleted_dialog_is_dropped_and_the_change_still_goes_out(qtbot: Any) -> None:
    dialog = QDialog()
    operations = Operations(dialog)
    delivered: list[object] = []
    heard: list[Changed] = []
    operations.worker.changed.connect(heard.append)
    release = threading.Event()
    operations.mutate(lambda: (release.wait(5), _Outcome("C1", "R1"))[1], delivered.append, delivered.append)
    dialog.deleteLater()
    qtbot.waitUntil(lambda: _deleted(dialog), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: bool(heard), timeout=5000)
    operations.wait()
    qtbot.wait(50)
    assert delivered == [] and heard == [Changed("card", "C1", "R1")]
    operations.worker.changed.disconnect(heard.append)


def test_a_failed_job_broadcasts_nothing_and_a_query_never_broadcasts(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    operations = Operations(dialog)
    heard: list[Changed] = []
    failed: list[Exception] = []
    operations.worker.changed.connect(heard.append)

    def refuse() -> None:
        raise ValueError("refused")

    operations.mutate(refuse, lambda _r: None, failed.append)
    operations.run(lambda: _Outcome("C2"), lambda _r: None, failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    operations.wait()
    qtbot.wait(50)
    assert heard == [] and str(failed[0]) == "refused"
    operations.worker.changed.disconnect(heard.append)


def test_a_sync_runs_beside_the_desk_lane_not_behind_it(qtbot: Any) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    desk, background = Operations(dialog), Operations(dialog, BACKGROUND)
    release, answers = threading.Event(), []
    desk.run(lambda: release.wait(5), answers.append, answers.append)
    background.run(lambda: "synced", answers.append, answers.append)
    qtbot.waitUntil(lambda: answers == ["synced"], timeout=3000)  # the counter's long job does not hold it up
    release.set()
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=5000)


def test_what_a_result_says_it_touched() -> None:
    assert changed_by("card", _Issued(_Outcome("C3", "R3"))) == Changed("card", "C3", "R3")
    assert changed_by("money", (_Outcome("C4"), object())) == Changed("money", "C4", None)
    assert changed_by("batch", object()) == Changed("batch")
    assert Changed("sync").concerns({"C9"}, "R9")  # a change of many: every view reloads
    assert Changed("card", "C9").concerns({"C9"}, None) and not Changed("card", "C8", "R8").concerns({"C9"}, "R9")


def _deleted(widget: QDialog) -> bool:
    from PyQt6 import sip

    return sip.isdeleted(widget)
