"""The clerk's side of the real window: an X server (Xvfb) with a window manager (openbox), the desk started
as `carddesk gui` on it, and a clerk who only presses keys (xdotool sends X events, as a keyboard would) and
looks at the screen (a PNG of the whole screen kept under build/test-artifacts/clerk/ for a person to see).

What the clerk did is counted: every key press or typed field is one action, so a walk can fail past a goal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.printing_fixtures import ARTIFACTS

SHOTS = ARTIFACTS / "clerk"
SCREEN = "1366x768x24"  # the counter PCs' usual screen


@contextmanager
def x_session() -> Iterator[str]:
    """A private X display with openbox managing its windows (focus, stacking, dialogs as a desktop has)."""
    for tool in ("Xvfb", "openbox", "xdotool", "import"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is missing: installer/dev.sh installs xvfb, openbox, xdotool, imagemagick")
    display = f":{200 + os.getpid() % 300}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", SCREEN, "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    env = {**os.environ, "DISPLAY": display}
    deadline = time.monotonic() + 15
    while subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True, check=False).returncode:
        if time.monotonic() > deadline:
            server.kill()
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.1)
    manager = subprocess.Popen(["openbox", "--sm-disable"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(0.5)
    try:
        yield display
    finally:
        for process in (manager, server):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


class Clerk:
    """Keys and eyes on the desk's screen; `actions` counts what the clerk did."""

    def __init__(self, display: str, env: dict[str, str], walk: str) -> None:
        self.env = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        self.walk = walk
        self.actions = 0
        self.shots: list[Path] = []
        self.app: subprocess.Popen[str] | None = None
        self._log: Any = None

    # The desk

    def start(self, *args: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self._log = open(SHOTS.parent / f"clerk-{self.walk}.log", "w")  # noqa: SIM115 - closed in stop()
        self.app = subprocess.Popen([sys.executable, "-m", "desk_app", *args, "gui"], env=self.env, stdout=self._log,
                                    stderr=subprocess.STDOUT, text=True)  # fmt: skip

    def stop(self) -> None:
        if self.app is not None and self.app.poll() is None:
            self.app.terminate()
            try:
                self.app.wait(15)
            except subprocess.TimeoutExpired:
                self.app.kill()
                self.app.wait(10)
        if self._log is not None:
            self._log.close()

    def log(self) -> str:
        return (SHOTS.parent / f"clerk-{self.walk}.log").read_text(errors="replace")

    # Looking

    def window(self, name: str, timeout: float = 30) -> str:
        """The id of the visible window whose title contains `name`, once it is there and has the focus."""
        deadline = time.monotonic() + timeout
        while True:
            found = self._xdotool("search", "--onlyvisible", "--name", name, check=False).split()
            if found:
                self._xdotool("windowactivate", "--sync", found[-1], check=False)
                time.sleep(0.3)
                return found[-1]
            if self.app is not None and self.app.poll() is not None:
                raise AssertionError(f"the desk ended while waiting for {name!r}:\n{self.log()[-3000:]}")
            if time.monotonic() > deadline:
                self.shot(f"no-{name}")
                raise AssertionError(f"no window {name!r} within {timeout} s")
            time.sleep(0.2)

    def click_on(self, name: str) -> None:
        """The clerk clicks into a window (the window manager left the focus elsewhere): one action."""
        self.actions += 1
        self.window(name)

    def gone(self, name: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while self._xdotool("search", "--onlyvisible", "--name", name, check=False).split():
            if time.monotonic() > deadline:
                self.shot(f"still-{name}")
                raise AssertionError(f"window {name!r} is still open")
            time.sleep(0.2)

    def shot(self, name: str) -> Path:
        path = SHOTS / f"{self.walk}-{len(self.shots) + 1:02d}-{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, capture_output=True)
        self.shots.append(path)
        return path

    def until(self, what: str, check: Callable[[], bool], timeout: float = 30) -> None:
        """Waits for something the desk did (in its database, at the printer), as a clerk waits for the screen."""
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                self.shot(f"waited-for-{what}")
                raise AssertionError(f"{what}: not within {timeout} s\n{self.log()[-3000:]}")
            time.sleep(0.3)

    # Doing (each call is one action of the clerk)

    def key(self, *keys: str) -> None:
        self.actions += 1
        for key in keys:
            self._xdotool("key", "--clearmodifiers", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        """A field typed (or a scan, or a tap read into it): one action."""
        self.actions += 1
        self._xdotool("type", "--delay", "40", text)
        time.sleep(0.2)

    def sign(self, name: str) -> None:
        """The guardian signs on the pad of window `name` with the mouse: one action. The pad is found in the
        window's own image by its dashed baseline (#99aaaa); the stroke is drawn just above it."""
        from PIL import Image

        self.actions += 1
        window = self.window(name)
        shot = SHOTS / f"{self.walk}-pad-search.png"
        subprocess.run(["import", "-window", window, str(shot)], env=self.env, check=True, capture_output=True)
        image = Image.open(shot).convert("RGB")
        width, height = image.size
        pixels = image.load()
        assert pixels is not None
        line = [(x, y) for y in range(height) for x in range(0, width, 2) if pixels[x, y] == (0x99, 0xAA, 0xAA)]
        assert line, "no signature pad on screen"
        rows: dict[int, list[int]] = {}
        for x, y in line:
            rows.setdefault(y, []).append(x)
        y, xs = max(rows.items(), key=lambda item: len(item[1]))  # the baseline: the longest dashed row
        left, right = min(xs) + 20, max(xs) - 20
        points = [(left + (right - left) * i // 12, y - 20 - (25 if i % 2 else 0)) for i in range(13)]
        self._xdotool("mousemove", "--window", window, str(points[0][0]), str(points[0][1]))
        self._xdotool("mousedown", "1")
        for x, y_point in points[1:]:
            self._xdotool("mousemove", "--window", window, str(x), str(y_point))
            time.sleep(0.03)
        self._xdotool("mouseup", "1")
        time.sleep(0.3)

    def _xdotool(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, check=False)
        if check and done.returncode:
            raise AssertionError(f"xdotool {' '.join(args)}: {done.stderr}")
        return done.stdout
