"""Files that hold personal data stay private to the account Payung runs as.

The database file, uploaded rosters, error reports and backups hold NIKs: files are created
0600 and folders 0700. `payung` and the WSGI entry point set the process umask (`private_umask`),
uploads get explicit modes (settings.FILE_UPLOAD_PERMISSIONS), and the SQLite file is narrowed
whenever a connection opens it, since SQLite creates it with the umask of whoever came first.
"""

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PRIVATE_UMASK = 0o077
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_umask() -> None:
    """Make files this process creates readable by its own account only (0600/0700)."""
    os.umask(PRIVATE_UMASK)


def is_private(path: Path) -> bool:
    """True when neither the group nor others may read, write or enter `path`."""
    return not stat.S_IMODE(path.stat().st_mode) & 0o077


def make_private(path: Path) -> None:
    """Narrow an existing file to 0600, or a folder to 0700, if it is wider."""
    if path.exists() and not is_private(path):
        path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def sqlite_path(settings_dict: Mapping[str, Any]) -> Path | None:
    """The SQLite database file of a connection's settings, or None (in memory, not SQLite)."""
    if settings_dict.get("ENGINE") != "django.db.backends.sqlite3":
        return None
    name = str(settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def keep_sqlite_file_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: the SQLite file (and its WAL, which SQLite creates with
    the file's mode) is 0600."""
    path = sqlite_path(connection.settings_dict)
    if path is None:
        return
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        make_private(each)
