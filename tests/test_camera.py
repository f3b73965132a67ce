"""The photo taken at the desk (#22): the camera dialog shows frames fed by a Qt Multimedia source and keeps the
one on screen when 拍照 is pressed; the "一卡通" form then holds it as the reader's photo."""

from __future__ import annotations

from typing import Any

from PyQt6.QtGui import QColor, QImage, QPainter
from PyQt6.QtMultimedia import QVideoFrame, QVideoFrameInput

from desk_app.ui.camera import CameraDialog


def _frame(colour: str) -> QVideoFrame:
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.fillRect(120, 80, 80, 80, QColor("white"))  # a face-sized square in the middle
    painter.end()
    return QVideoFrame(image)


def test_the_frame_on_screen_is_the_photo_taken(qtbot: Any) -> None:
    frames = QVideoFrameInput()
    dialog = CameraDialog(frames=frames)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.shoot.isEnabled()  # nothing on screen yet: nothing to take
    frames.sendVideoFrame(_frame("#336699"))
    qtbot.waitUntil(dialog.shoot.isEnabled, timeout=5000)
    frames.sendVideoFrame(_frame("#993333"))  # the reader moved: the newer frame is the one on screen
    qtbot.waitUntil(lambda: dialog._frame is not None and dialog._frame.toImage().pixelColor(5, 5).red() > 0x90,
                    timeout=5000)  # fmt: skip
    with qtbot.waitSignal(dialog.captured, timeout=5000) as taken:
        dialog.shoot.click()
    photo = QImage.fromData(taken.args[0], "PNG")
    assert photo.size().width() == 320 and photo.size().height() == 240
    assert photo.pixelColor(5, 5).name() == "#993333" and photo.pixelColor(160, 120).name() == "#ffffff"
    assert dialog.result() == CameraDialog.DialogCode.Accepted


def test_the_yikatong_form_keeps_the_photo_taken(qtbot: Any) -> None:
    from desk_app.ui.other_documents import OtherDocumentDialog

    form = OtherDocumentDialog(lambda _cmd, _photo: None, [("yikatong", "一卡通")])
    qtbot.addWidget(form)
    frames = QVideoFrameInput()
    camera = CameraDialog(frames=frames, parent=form)
    camera.captured.connect(form.set_photo)
    camera.show()
    frames.sendVideoFrame(_frame("#228844"))
    qtbot.waitUntil(camera.shoot.isEnabled, timeout=5000)
    camera.shoot.click()
    assert form.photo is not None and QImage.fromData(form.photo, "PNG").pixelColor(5, 5).name() == "#228844"
