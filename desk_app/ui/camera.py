"""Taking the reader's photo with the desk's camera (Qt Multimedia); without a camera the form says so and the
photo comes from a file instead.

The photo is the frame on screen when the clerk presses 拍照, taken from the view's own video sink: what the
reader saw is what is kept, whatever feeds the capture session — a camera, or a `QVideoFrameInput` (frames
pushed in by the holder: the tests' source, or a camera reached another way)."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QBuffer, QByteArray, QIODevice, pyqtSignal
from PyQt6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.ui.retranslate import Retranslating


def cameras() -> list[Any]:
    try:
        from PyQt6.QtMultimedia import QMediaDevices
    except ImportError:  # Qt Multimedia's system libraries missing: the desk works on without a camera
        return []
    return list(QMediaDevices.videoInputs())


def png_of(image: Any) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class CameraDialog(Retranslating, QDialog):
    """A live view and one button: the frame on screen comes back as PNG bytes."""

    captured = pyqtSignal(bytes)

    def __init__(self, device: Any = None, parent: QWidget | None = None, frames: Any = None) -> None:
        """`device`: the QCameraDevice to open; `frames`: a QVideoFrameInput to show instead of a camera."""
        super().__init__(parent)
        from PyQt6.QtMultimedia import QCamera, QMediaCaptureSession
        from PyQt6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(self.tr("拍照"))
        self.session = QMediaCaptureSession(self)
        self.view = QVideoWidget(self)
        self.session.setVideoOutput(self.view)
        self.camera = None
        if frames is not None:
            self.session.setVideoFrameInput(frames)
        else:
            self.camera = QCamera(device, self)
            self.camera.errorOccurred.connect(lambda _err, text: self.status.setText(text))
            self.session.setCamera(self.camera)
        self._frame: Any = None
        sink = self.view.videoSink()
        assert sink is not None
        sink.videoFrameChanged.connect(self._on_frame)
        self.shoot = QPushButton(self.tr("拍照(&S)"))
        self.shoot.setEnabled(False)  # until the first frame is on screen
        self.shoot.clicked.connect(self.take)
        self.status = QLabel(self.tr("正在打开摄像头……"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.shoot)
        layout.addWidget(self.status)
        self.resize(520, 460)
        if self.camera is not None:
            self.camera.start()

    def _on_frame(self, frame: Any) -> None:
        if frame.isValid():
            self._frame = frame
            if not self.shoot.isEnabled():
                self.shoot.setEnabled(True)
                self.status.setText(self.tr("请读者正对摄像头，按“拍照”"))

    def take(self) -> None:
        image = self._frame.toImage() if self._frame is not None else None
        if image is None or image.isNull():
            self.status.setText(self.tr("还没有画面，请稍候"))
            return
        if self.camera is not None:
            self.camera.stop()
        self.captured.emit(png_of(image))
        self.accept()
