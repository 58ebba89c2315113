"""Child-process management: own process group, log capture, orderly stop, no orphans.

Every child runs in its own session/process group so that

* a Ctrl-C in the terminal reaches only the launcher, which then stops the children in order
  (gateway, then services, then infrastructure) instead of all of them dying at once;
* a stop or kill reaches anything the child spawned itself (signals go to the whole group).

Orphans are prevented three ways: explicit stops, an ``atexit`` hook that stops whatever is still
registered, and (on Linux, when ``setpriv`` is available) a parent-death signal so that even a
SIGKILLed launcher takes its children with it.
"""

from __future__ import annotations

import atexit
import enum
import functools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

DEFAULT_STOP_TIMEOUT = 10.0

_COLOURS = (36, 33, 35, 32, 34, 91, 96, 93, 95, 92)
_print_lock = threading.Lock()


class Tier(enum.IntEnum):
    """Stop order: lower tiers are stopped first."""

    GATEWAY = 0
    SERVICE = 1
    INFRA = 2


@functools.cache
def _setpriv_pdeathsig() -> str | None:
    """Path of a ``setpriv`` that supports ``--pdeathsig`` (util-linux), or None."""
    if not sys.platform.startswith("linux"):
        return None
    path = shutil.which("setpriv")
    if path is None:
        return None
    try:
        out = subprocess.run([path, "--help"], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return path if "--pdeathsig" in out else None


def _colour_enabled() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _prefix(name: str) -> str:
    width = 9
    label = f"[{name}]".ljust(width + 2)
    if not _colour_enabled():
        return label
    colour = _COLOURS[sum(name.encode()) % len(_COLOURS)]
    return f"\x1b[{colour}m{label}\x1b[0m"


def _console_line(prefix: str, line: str) -> None:
    with _print_lock:
        try:
            print(f"{prefix} {line}", flush=True)  # noqa: T201 - make run shows child output
        except (OSError, ValueError):
            # Terminal gone (closed window, broken pipe): keep draining into the log file, or
            # the child would block once the pipe buffer fills.
            pass


def tail_file(path: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a text file ('' when missing)."""
    try:
        with path.open("rb") as fh:
            # Only read the end of big files; 256 bytes per line is plenty for a tail.
            size = fh.seek(0, os.SEEK_END)
            fh.seek(max(0, size - max(lines, 1) * 256))
            data = fh.read()
    except OSError:
        return ""
    text = data.decode("utf-8", errors="replace")
    return "\n".join(deque(text.splitlines(), maxlen=lines))


class ManagedProcess:
    """One child process with its log file, started and stopped on demand (restartable)."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        log_path: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        console: bool = False,
        tier: Tier = Tier.SERVICE,
        stop_signal: signal.Signals = signal.SIGTERM,
        signal_group: bool = True,
        user: str | None = None,
    ) -> None:
        self.name = name
        self.argv = [str(a) for a in argv]
        self.log_path = log_path
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.console = console
        self.tier = tier
        # PostgreSQL wants SIGINT ("fast shutdown") sent to the postmaster only; its backends are
        # in the same group and must not be signalled behind the postmaster's back.
        self.stop_signal = stop_signal
        self.signal_group = signal_group
        self.user = user
        self._popen: subprocess.Popen[bytes] | None = None
        self._pump: threading.Thread | None = None
        self._stopping = False

    # -- state -----------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen is not None else None

    @property
    def returncode(self) -> int | None:
        return self._popen.poll() if self._popen is not None else None

    def is_running(self) -> bool:
        return self._popen is not None and self._popen.poll() is None

    def exited_unexpectedly(self) -> bool:
        """True when the child died although nobody asked it to stop."""
        return self._popen is not None and not self._stopping and self._popen.poll() is not None

    def log_tail(self, lines: int = 40) -> str:
        return tail_file(self.log_path, lines)

    def note(self, text: str) -> None:
        """Record a launcher remark in the child's log (and on the console in make run)."""
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with self.log_path.open("a") as fh:
            fh.write(f"===== {stamp} rr-devstack: {text}\n")
        if self.console:
            _console_line(_prefix(self.name), f"rr-devstack: {text}")

    # -- start -----------------------------------------------------------------------------

    def start(self) -> None:
        if self.is_running():
            raise RuntimeError(f"{self.name} is already running (pid {self.pid})")
        self._join_pump()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        header = f"===== {stamp} rr-devstack starts {self.name}: {' '.join(self.argv)}\n"

        argv = list(self.argv)
        setpriv = _setpriv_pdeathsig()
        # The parent-death signal fires when the *thread* that forked exits, so only arm it when
        # forking from the main thread (a worker thread may legitimately go away first).
        if setpriv is not None and threading.current_thread() is threading.main_thread():
            argv = [setpriv, "--pdeathsig", self.stop_signal.name.removeprefix("SIG"), "--", *argv]

        user_kwargs: dict[str, object] = {}
        if self.user is not None:
            import pwd

            entry = pwd.getpwnam(self.user)
            user_kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

        log_fh = self.log_path.open("ab")
        try:
            log_fh.write(header.encode())
            log_fh.flush()
            stdout: int | IO[bytes] = subprocess.PIPE if self.console else log_fh
            self._stopping = False
            self._popen = subprocess.Popen(  # type: ignore[call-overload]
                argv,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.cwd,
                start_new_session=True,
                close_fds=True,
                **user_kwargs,
            )
        except BaseException:
            log_fh.close()
            raise
        _registry.add(self)
        if self.console:
            # The pump owns the log file from now on and closes it at EOF.
            self._pump = threading.Thread(
                target=self._pump_output, args=(log_fh,), name=f"log-{self.name}", daemon=True
            )
            self._pump.start()
        else:
            log_fh.close()  # the child holds its own descriptor

    def _pump_output(self, log_fh: IO[bytes]) -> None:
        """Copy child output to the log file and to the console with a ``[name]`` prefix."""
        assert self._popen is not None and self._popen.stdout is not None
        prefix = _prefix(self.name)
        with log_fh, self._popen.stdout as out:
            for raw in iter(out.readline, b""):
                log_fh.write(raw)
                log_fh.flush()
                _console_line(prefix, raw.decode("utf-8", errors="replace").rstrip("\r\n"))

    def _join_pump(self) -> None:
        if self._pump is not None:
            self._pump.join(timeout=2)
            self._pump = None

    # -- stop ------------------------------------------------------------------------------

    def _signal(self, sig: signal.Signals, *, group: bool) -> None:
        if self._popen is None:
            return
        try:
            if group:
                # start_new_session made the child a group leader, so its pgid is its pid; the
                # group outlives the leader while any member is alive.
                os.killpg(self._popen.pid, sig)
            elif self._popen.poll() is None:
                self._popen.send_signal(sig)
        except (ProcessLookupError, PermissionError):
            pass

    def send_stop_signal(self) -> None:
        """Ask the child to stop (its configured signal) without waiting."""
        self._stopping = True
        if self.is_running():
            self._signal(self.stop_signal, group=self.signal_group)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the child to exit; True when it has."""
        if self._popen is None:
            return True
        try:
            self._popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def pause(self) -> None:
        """Freeze the child (SIGSTOP): it keeps its sockets but answers nothing, like a stalled host."""
        self._signal(signal.SIGSTOP, group=True)

    def resume(self) -> None:
        self._signal(signal.SIGCONT, group=True)

    def kill(self) -> None:
        """SIGKILL the whole process group and reap the child."""
        self._stopping = True
        if self._popen is None:
            return
        self._signal(signal.SIGKILL, group=True)
        self._popen.wait()
        self._finish()

    def stop(self, timeout: float = DEFAULT_STOP_TIMEOUT) -> int | None:
        """Graceful stop: stop signal, wait up to ``timeout`` s, then SIGKILL. Returns exit code."""
        stop_many([self], timeout)
        return self.returncode

    def _finish(self) -> None:
        # Sweep stragglers left in the group (e.g. postgres backends after a postmaster crash).
        self._signal(signal.SIGKILL, group=True)
        self._join_pump()
        _registry.discard(self)

    def __repr__(self) -> str:
        state = "running" if self.is_running() else f"exited {self.returncode}"
        return f"<ManagedProcess {self.name} pid={self.pid} {state}>"


def stop_many(processes: Iterable[ManagedProcess], timeout: float = DEFAULT_STOP_TIMEOUT) -> None:
    """Stop several children in parallel: signal all, wait up to ``timeout`` s total, then kill."""
    procs = list(processes)
    for proc in procs:
        proc.send_stop_signal()
    deadline = time.monotonic() + timeout
    for proc in procs:
        if not proc.wait(max(0.0, deadline - time.monotonic())):
            proc.note(f"still running {timeout:.0f} s after {proc.stop_signal.name}; sending SIGKILL")
            proc.kill()
        proc._finish()


def stop_in_tiers(processes: Iterable[ManagedProcess], timeout: float = DEFAULT_STOP_TIMEOUT) -> None:
    """Stop children tier by tier: gateway first, then services, infrastructure last."""
    procs = list(processes)
    for tier in Tier:
        stop_many([p for p in procs if p.tier == tier], timeout)


class _Registry:
    """Every started child, so that ``atexit`` can stop what an error path forgot."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: dict[int, ManagedProcess] = {}

    def add(self, proc: ManagedProcess) -> None:
        with self._lock:
            self._procs[id(proc)] = proc

    def discard(self, proc: ManagedProcess) -> None:
        with self._lock:
            self._procs.pop(id(proc), None)

    def snapshot(self) -> list[ManagedProcess]:
        with self._lock:
            return list(self._procs.values())


_registry = _Registry()


def live_processes() -> list[ManagedProcess]:
    """Children started by this process that have not been stopped yet."""
    return [p for p in _registry.snapshot() if p.is_running()]


def stop_all_children(timeout: float = DEFAULT_STOP_TIMEOUT) -> None:
    """Stop every registered child in tier order (used by atexit and signal handlers)."""
    stop_in_tiers(_registry.snapshot(), timeout)


atexit.register(stop_all_children)
