"""The supervisor behind `payung serve`: gunicorn and the task worker, started and stopped together.

- The task worker is restarted when it dies (killed, out of memory, crashed), after a pause that
  doubles while it keeps dying soon after starting, so that a crash loop does not spin. A worker
  that stays up for `STABLE_AFTER` seconds is back to the shortest pause. gunicorn restarts its own
  workers; if the gunicorn master itself ends, the supervisor stops everything and ends too.
- SIGTERM, SIGINT (Ctrl+C) and SIGHUP stop everything it started: gunicorn finishes the requests
  in flight and the task worker its task, within `grace` seconds; then the task worker is told
  again (it abandons its task, whose transaction rolls back) and, `KILL_AFTER` seconds later,
  whatever is left of either is killed. A second signal skips the waiting.
- Each child runs in its own process group, so that a signal from the terminal reaches the
  supervisor alone and the supervisor can reach every process of a child (gunicorn's workers);
  on Linux the children are also told to stop if the supervisor itself is killed.
"""

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import FrameType

STABLE_AFTER = 60.0
FIRST_PAUSE = 1.0
LONGEST_PAUSE = 60.0
KILL_AFTER = 5.0
POLL_SECONDS = 0.2
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1

logger = logging.getLogger("payung.serve")


@dataclass
class Child:
    """One supervised program and its current process, if running."""

    name: str
    command: Sequence[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    pause: float = FIRST_PAUSE
    start_at: float = 0.0

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Supervisor:
    """Runs a server and, optionally, a task worker until a stop signal or the server's end."""

    def __init__(
        self, *, server: Sequence[str], worker: Sequence[str] | None, grace: float = 10.0
    ) -> None:
        self.server = Child("gunicorn", server)
        self.worker = Child("task worker", worker) if worker else None
        self.grace = grace
        self._stop_signal: int | None = None
        self._hurry = False

    def run(self) -> int:
        """Supervise until stopped; the exit status (0 when stopped by a signal)."""
        for number in STOP_SIGNALS:
            signal.signal(number, self._on_stop_signal)
        status = 0
        self._start(self.server)
        if self.worker:
            self._start(self.worker)
        while self._stop_signal is None:
            if not self.server.running:
                how = _how_it_ended(self._ended(self.server))
                logger.error("gunicorn %s; stopping everything", how)
                status = 1
                break
            if self.worker:
                self._watch_worker(self.worker)
            time.sleep(POLL_SECONDS)
        if self._stop_signal is not None:
            logger.info("%s: stopping", signal.Signals(self._stop_signal).name)
        self._stop_all()
        logger.info("stopped")
        return status

    def _on_stop_signal(self, number: int, frame: FrameType | None) -> None:
        if self._stop_signal is not None:
            self._hurry = True
        self._stop_signal = number

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(
            child.command, process_group=0, preexec_fn=_stop_with_parent(os.getpid())
        )
        child.started_at = time.monotonic()
        logger.info("%s started (pid %s)", child.name, child.process.pid)

    def _watch_worker(self, worker: Child) -> None:
        now = time.monotonic()
        if worker.process is None:
            if now >= worker.start_at:
                self._start(worker)
            return
        if worker.running:
            if now - worker.started_at >= STABLE_AFTER:
                worker.pause = FIRST_PAUSE
            return
        pid, lived = worker.process.pid, now - worker.started_at
        how = _how_it_ended(self._ended(worker))
        logger.error(
            "%s (pid %s) %s after %.0f s; starting it again in %.0f s",
            worker.name,
            pid,
            how,
            lived,
            worker.pause,
        )
        worker.start_at = now + worker.pause
        worker.pause = min(worker.pause * 2, LONGEST_PAUSE)

    def _ended(self, child: Child) -> int:
        """Reap a child whose main process ended, kill what is left of its group; its status."""
        assert child.process is not None
        status = child.process.wait()
        _signal_group(child.process.pid, signal.SIGKILL)
        child.process = None
        return status

    def _stop_all(self) -> None:
        children = [child for child in (self.server, self.worker) if child and child.running]
        for child in children:
            _signal_process(child, signal.SIGTERM)
        told_again = killed = False
        deadline = time.monotonic() + self.grace
        while any(child.running for child in children):
            now = time.monotonic()
            if (self._hurry or now >= deadline) and not told_again:
                # db_worker abandons its task on a second SIGTERM; gunicorn quits at once on
                # SIGQUIT. Both get a last chance before being killed.
                if self.worker and self.worker.running:
                    _signal_process(self.worker, signal.SIGTERM)
                if self.server.running:
                    _signal_process(self.server, signal.SIGQUIT)
                told_again = True
                deadline = now + (0 if self._hurry else KILL_AFTER)
            elif told_again and not killed and (self._hurry or now >= deadline):
                for child in children:
                    if child.process is not None and child.running:
                        logger.warning("%s did not stop; killing it", child.name)
                        _signal_group(child.process.pid, signal.SIGKILL)
                killed = True
            time.sleep(POLL_SECONDS / 2)
        for child in children:
            if child.process is not None:
                self._ended(child)


def _signal_process(child: Child, number: int) -> None:
    if child.process is not None:
        with contextlib.suppress(ProcessLookupError):
            child.process.send_signal(number)


def _signal_group(leader: int, number: int) -> None:
    """Signal every process of the group `leader` started (gunicorn's workers, say)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(leader, number)


def _how_it_ended(status: int) -> str:
    if status < 0:
        return f"was killed by {signal.Signals(-status).name}"
    return f"exited with status {status}"


def _stop_with_parent(parent: int) -> Callable[[], None] | None:
    """A pre-exec hook: on Linux, the child gets SIGTERM when the supervisor dies."""
    if not sys.platform.startswith("linux"):
        return None

    def hook() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the supervisor died before the hook ran
            os.kill(os.getpid(), signal.SIGTERM)

    return hook
