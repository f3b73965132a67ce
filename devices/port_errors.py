"""What a serial port raises when its USB device goes away: pyserial's own error, the OS's, and on POSIX the
termios error that tcflush and tcsetattr raise on a vanished tty (it is no OSError)."""

from __future__ import annotations

import serial

try:
    import termios
except ImportError:  # Windows
    PORT_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError)
else:
    PORT_ERRORS = (serial.SerialException, OSError, termios.error)
