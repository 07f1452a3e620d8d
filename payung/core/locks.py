"""Lock files that say whether the process working on a background job is still alive.

A process holds the job's lock file (`working_on`) while it works; the operating system releases
the lock when the process ends, however it ends (killed, out of memory, power cut). A job still
marked as in progress whose lock is free (`abandoned`) was left by a process that died, and its
transaction died with it. The files must be on a file system every worker of the site shares
(the media directory, which uploads already require).
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def working_on(path: Path) -> Iterator[None]:
    """Hold the lock file at `path` for as long as the block runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            path.unlink(missing_ok=True)


def abandoned(path: Path) -> bool:
    """True when no process holds the lock file at `path` (see `working_on`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
    path.unlink(missing_ok=True)
    return True
