"""A real pcscd with the vpcd driver, for tests (only one pcscd can run on a machine)."""

from __future__ import annotations

import shutil
import subprocess
import time

from devices.chip_reader import pcsc_readers


class PcscDaemon:
    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self.was_running = subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True).returncode == 0

    def start(self) -> None:
        if shutil.which("pcscd") is None:
            raise RuntimeError("pcscd is not installed (sh installer/dev.sh test installs pcscd and vsmartcard-vpcd)")
        if subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True).returncode != 0:
            self._process = subprocess.Popen(
                ["pcscd", "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        self.wait_ready()

    def wait_ready(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(r.startswith("Virtual PCD") for r in pcsc_readers()):
            if time.monotonic() > deadline:
                raise RuntimeError("pcscd started but the vpcd readers did not appear")
            time.sleep(0.1)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(10)
            self._process = None
        else:
            subprocess.run(["pkill", "-x", "pcscd"], check=False)
            deadline = time.monotonic() + 10
            while subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True).returncode == 0:
                if time.monotonic() > deadline:
                    raise RuntimeError("pcscd did not stop")
                time.sleep(0.05)

    def finish(self) -> None:
        """Leave the machine as it was found: our pcscd stopped, and one that ran before (a desk opened with
        `dev.sh run`, or the system's) running again after a test restarted it."""
        if self._process is not None or not self.was_running:
            self.stop()
        if self.was_running and subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True).returncode != 0:
            subprocess.run(["pcscd"], check=False)  # daemonizes: no child of the test run is left behind

    def restart(self) -> None:
        self.stop()
        self._process = subprocess.Popen(
            ["pcscd", "--foreground"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.wait_ready()
