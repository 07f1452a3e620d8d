"""A real process that holds a lock file until it is killed, for the tests of abandoned jobs."""

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


@contextmanager
def holding_lock(path: Path) -> Iterator[subprocess.Popen[str]]:
    """A process in `locks.working_on(path)`, as a worker in the middle of a job; SIGKILLed on
    leaving (or earlier, by the test)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from payung.core.locks import working_on\n"
            "with working_on(Path(sys.argv[1])):\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(300)\n",
            str(path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            holder.send_signal(signal.SIGKILL)
        holder.wait()
