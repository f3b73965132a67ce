"""Taking the reader's photo with the desk's camera (QtMultimedia); without a camera the form says so and
the photo comes from a file instead."""

from __future__ import annotations

from PyQt6.QtCore import QBuffer, QByteArray, QIODevice, pyqtSignal
from PyQt6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout

from desk_app.ui.retranslate import Retranslating


def cameras() -> list:
    try:
        from PyQt6.QtMultimedia import QMediaDevices
    except ImportError:  # Qt Multimedia's system libraries missing: the desk works on without a camera
        return []
    return list(QMediaDevices.videoInputs())


def png_of(image) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class CameraDialog(Retranslating, QDialog):
    """A live view and one button: the captured frame comes back as PNG bytes."""

    captured = pyqtSignal(bytes)

    def __init__(self, device, parent=None) -> None:
        super().__init__(parent)
        from PyQt6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PyQt6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(self.tr("拍照"))
        self.camera = QCamera(device, self)
        self.session = QMediaCaptureSession(self)
        self.capture = QImageCapture(self)
        self.view = QVideoWidget(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.view)
        self.capture.imageCaptured.connect(self._on_image_captured)
        self.capture.errorOccurred.connect(lambda _id, _err, text: self.status.setText(text))
        self.shoot = QPushButton(self.tr("拍照(&S)"))
        self.shoot.clicked.connect(self.capture.capture)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.shoot)
        layout.addWidget(self.status)
        self.resize(520, 460)
        self.camera.start()

    def _on_image_captured(self, _id: int, image) -> None:
        self.camera.stop()
        self.captured.emit(png_of(image))
        self.accept()
