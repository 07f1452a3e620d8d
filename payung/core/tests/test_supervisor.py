"""The supervisor behind `payung serve`, with stand-in children (quick; `test_serve.py` runs the
real ones): a crash loop slows down, a child that ignores SIGTERM is killed after the grace, and
the end of the server ends everything."""

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

_SUPERVISE = """
import logging, sys
from payung.core.supervisor import Supervisor

logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
python = sys.executable
server = [python, "-c", sys.argv[1]]
worker = [python, "-c", sys.argv[2]]
sys.exit(Supervisor(server=server, worker=worker, grace=float(sys.argv[3])).run())
"""

SLEEPS = "import time; time.sleep(300)"
STUBBORN = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('ignoring SIGTERM', flush=True)\n"
    "time.sleep(300)\n"
)


def _supervise(server: str, worker: str, *, grace: float = 1.0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _SUPERVISE, server, worker, str(grace)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_worker_that_keeps_dying_is_started_again_less_and_less_often():
    supervisor = _supervise(SLEEPS, "import sys; sys.exit(3)")
    time.sleep(10)
    supervisor.send_signal(signal.SIGTERM)
    log, _ = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 0
    pauses = [
        line.rsplit(" in ", 1)[1] for line in log.splitlines() if "exited with status 3" in line
    ]
    assert pauses[:3] == ["1 s", "2 s", "4 s"], log
    assert len(pauses) <= 4, "a crash loop must not spin"


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace():
    supervisor = _supervise(SLEEPS, STUBBORN, grace=1.0)
    assert supervisor.stdout is not None
    assert "ignoring SIGTERM" in "".join(supervisor.stdout.readline() for _ in range(3))
    children = _children(supervisor.pid)
    started = time.monotonic()
    supervisor.send_signal(signal.SIGINT)
    log, _ = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 0
    assert time.monotonic() - started < 1.0 + 5.0 + 3.0
    assert "task worker did not stop; killing it" in log
    assert [pid for pid in children if _alive(pid)] == []


def test_when_the_server_ends_everything_ends():
    supervisor = _supervise("import time; time.sleep(2)", SLEEPS)
    time.sleep(1)
    children = _children(supervisor.pid)
    log, _ = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 1
    assert "gunicorn exited with status 0; stopping everything" in log
    assert [pid for pid in children if _alive(pid)] == []
