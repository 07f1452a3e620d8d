"""`payung demo` on a new, empty database migrates it first (it used to stop with a traceback,
"no such table"); run for real, in a child process, on a throwaway SQLite file."""

import os
import subprocess
import sys
from pathlib import Path


def test_demo_on_an_empty_database_migrates_it_first(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "PAYUNG_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "payung.cli", "demo"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Demo Sultra 2018 dibuat / created" in done.stdout
    assert "pimpinan" in done.stdout
