"""Files holding personal data are private: uploads, reports, the SQLite file, the data folder,
and what the `payung` command writes; the access log keeps no query string."""

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from payung.employers.models import Employer
from payung.imports.models import ImportRun

ROOT = Path(__file__).resolve().parents[3]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db
def test_uploads_and_error_reports_are_private(client, user_named, settings, tmp_path):
    """An uploaded roster and its error report are 0600 in 0700 folders, whatever the umask."""
    settings.MEDIA_ROOT = tmp_path / "media"
    previous = os.umask(0o022)
    try:
        client.force_login(user_named("kendari"))
        content = b"nik,nama\r\n7471014509880001,Sitti Uji\r\n12345,Salah\r\n"
        client.post(
            "/impor/unggah/",
            {
                "employer": Employer.objects.get(npp="74710001").pk,
                "mode": "add",
                "on": "2026-01-01",
                "programs": ["jkk", "jkm"],
                "file": SimpleUploadedFile("daftar.csv", content, content_type="text/csv"),
            },
        )
    finally:
        os.umask(previous)
    run = ImportRun.objects.get()
    upload, report = Path(run.upload.path), Path(run.error_report.path)
    assert mode(upload) == 0o600
    assert mode(report) == 0o600
    for folder in (upload.parent, upload.parent.parent, report.parent):
        assert mode(folder) == 0o700, folder


def test_sqlite_file_is_narrowed_when_opened(tmp_path):
    """A database file another process created 0644 (and its WAL) become 0600 on connect."""
    import sqlite3

    from payung.core.files import keep_sqlite_file_private

    path = tmp_path / "payung.sqlite3"
    previous = os.umask(0o022)
    try:
        database = sqlite3.connect(path)
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE t (x)")
        database.commit()
    finally:
        os.umask(previous)
    assert mode(path) == 0o644
    settings = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    keep_sqlite_file_private(sender=None, connection=SimpleNamespace(settings_dict=settings))
    assert mode(path) == 0o600
    assert mode(path.with_name("payung.sqlite3-wal")) == 0o600
    database.close()


def _payung(*args: str, data_dir: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PAYUNG_DATA_DIR": str(data_dir), "DATABASE_URL": ""}
    return subprocess.run(
        [sys.executable, "-m", "payung.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )


def test_a_new_data_folder_and_database_are_private(tmp_path):
    """`payung migrate` on a new PAYUNG_DATA_DIR makes it 0700, the SQLite file and the secret
    key 0600 (the shell's umask is 022)."""
    data_dir = tmp_path / "var"
    previous = os.umask(0o022)
    try:
        done = _payung("migrate", "--no-input", data_dir=data_dir, timeout=300)
    finally:
        os.umask(previous)
    assert done.returncode == 0, done.stderr
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "payung.sqlite3") == 0o600
    assert mode(data_dir / "secret_key") == 0o600
    check = _payung("check", "--deploy", "--tag", "security", data_dir=data_dir, timeout=120)
    assert "payung.W001" not in check.stdout + check.stderr
    (data_dir / "payung.sqlite3").chmod(0o644)
    data_dir.chmod(0o755)
    try:
        check = _payung("check", "--deploy", "--tag", "security", data_dir=data_dir, timeout=120)
    finally:
        data_dir.chmod(0o700)
    assert check.stdout.count("payung.W001") + check.stderr.count("payung.W001") >= 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_access_log_keeps_no_query_string(tmp_path):
    """`payung serve` logs the path asked for, never its query string or the referrer: a NIK
    searched with `?q=` does not reach the log."""
    port = _free_port()
    nik = "7471014509880001"
    log = tmp_path / "serve.log"
    env = {**os.environ, "PAYUNG_DATA_DIR": str(tmp_path / "var"), "DATABASE_URL": ""}
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "payung.cli",
                "serve",
                "--no-task-worker",
                "--workers",
                "1",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}/pekerja/?q={nik}"
        request = urllib.request.Request(url, headers={"Referer": f"{url}&from=ref"})
        for _attempt in range(100):
            try:
                urllib.request.urlopen(request, timeout=5)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(0.5)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    text = log.read_text()
    assert "GET /pekerja/ HTTP/1.1" in text
    assert nik not in text
