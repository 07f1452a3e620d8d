"""`payung import`: its JSON contract and exit codes, and real processes killed or racing."""

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from payung.workers.models import Worker

from .rosters import HEADER, person, write_csv

REPO = Path(__file__).resolve().parents[3]
KEYS = [
    "rows",
    "accepted",
    "rejected",
    "errors",
    "warnings",
    "created",
    "updated",
    "unchanged",
    "ended",
    "dry_run",
]


def payung_import(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_json_object_has_exactly_the_contract_keys(tmp_path):
    rows = [person("A"), person("B", upah="nol")]
    path = write_csv(tmp_path / "r.csv", rows, header=[*HEADER, "lain"])
    code, out = payung_import(str(path), "--employer", "74.71", "--on", "2018-10-01", "--json")
    data = json.loads(out)
    assert code == 1, "a refused row gives exit status 1"
    assert list(data) == KEYS
    assert (data["rows"], data["accepted"], data["rejected"], data["created"]) == (2, 1, 1, 1)
    assert data["errors"] == [
        {
            "row": 3,
            "column": "upah",
            "code": "wage_invalid",
            "message": data["errors"][0]["message"],
        }
    ]
    assert [list(w) for w in data["warnings"]] == [["row", "column", "code", "message"]]
    assert data["dry_run"] is False
    assert Worker.objects.filter(nik=rows[0]["nik"]).exists()


@pytest.mark.django_db
def test_all_options(tmp_path):
    rows = [person("A")]
    path = write_csv(tmp_path / "r.csv", rows)
    report = tmp_path / "errors.xlsx"
    code, out = payung_import(
        str(path),
        "--employer",
        "74710001",
        "--unit",
        "DAMKAR",
        "--mode",
        "replace",
        "--on",
        "2019-01-31",
        "--programs",
        "jkk",
        "--dry-run",
        "--all-or-nothing",
        "--errors-out",
        str(report),
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    assert (data["created"], data["dry_run"], data["ended"]) == (1, True, 217)
    assert not Worker.objects.filter(nik=rows[0]["nik"]).exists()
    assert (
        CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()[1][0]
        == (rows[0]["nik"])
    )


@pytest.mark.django_db
def test_whole_file_refusal_is_one_json_object_and_exit_2(tmp_path):
    path = write_csv(tmp_path / "r.csv", [["x"]], header=["nama"])
    code, out = payung_import(str(path), "--employer", "74.71", "--json")
    data = json.loads(out)
    assert code == 2
    assert list(data) == KEYS
    assert [e["code"] for e in data["errors"]] == ["missing_column"]


@pytest.mark.django_db
def test_all_or_nothing_refusal_lists_the_rows(tmp_path):
    path = write_csv(tmp_path / "r.csv", [person("A"), person("B", upah="0")])
    code, out = payung_import(str(path), "--employer", "74.71", "--all-or-nothing", "--json")
    data = json.loads(out)
    assert code == 2
    assert (data["accepted"], data["rejected"], data["created"]) == (1, 1, 0)
    assert [e["row"] for e in data["errors"]] == [3]


@pytest.mark.django_db
def test_text_output_and_argument_errors(tmp_path):
    path = write_csv(tmp_path / "r.csv", [person("A")])
    code, out = payung_import(str(path), "--employer", "74.71", "--on", "2018-10-01")
    assert code == 0
    assert "accepted 1" in out
    assert "created 1" in out
    code, out = payung_import(str(path), "--employer", "99.99", "--json")
    assert code == 2
    assert json.loads(out)["error"][0]["code"] == "employer_unknown"
    with pytest.raises(Exception, match="invalid date"):
        call_command("import", str(path), "--employer", "74.71", "--on", "31-01-2019")


# -- real processes: a kill in the middle of an apply, and two imports at once -------------


@dataclass
class ProcessDatabase:
    """A database with the demo that separate processes can share (the test DB may not be)."""

    env: dict[str, str]
    sqlite_file: Path | None
    url: str

    def count(self, sql: str) -> int:
        if self.sqlite_file is not None:
            with sqlite3.connect(self.sqlite_file) as db:
                return int(db.execute(sql).fetchone()[0])
        import psycopg

        with psycopg.connect(self.url) as db:
            row = db.execute(sql).fetchone()
            assert row is not None
            return int(row[0])

    def state(self) -> tuple[int, ...]:
        return tuple(
            self.count(f"SELECT COUNT(*) FROM {table}")
            for table in (
                "workers_worker",
                "workers_historicalworker",
                "workers_employment",
                "enrollments_enrollment",
                "enrollments_historicalenrollment",
            )
        )


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "payung.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def process_db(tmp_path_factory: Any) -> Iterator[ProcessDatabase]:
    """SQLite: a file database. PostgreSQL: a database beside the test database, dropped after."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "payung.settings"}
    database = settings.DATABASES["default"]
    sqlite_file = None
    url = ""
    if database["ENGINE"].endswith("sqlite3"):
        folder = tmp_path_factory.mktemp("process-db")
        env.update(DATABASE_URL="", PAYUNG_DATA_DIR=str(folder))
        sqlite_file = folder / "payung.sqlite3"
    else:
        import psycopg

        name = f"{database['NAME']}_processes"[:60]
        server = (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}"
        )
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
        url = f"{server}/{name}"
        env["DATABASE_URL"] = url
    for command in (["migrate", "-v0"], ["demo"]):
        done = _run(env, *command)
        assert done.returncode == 0, done.stderr
    yield ProcessDatabase(env=env, sqlite_file=sqlite_file, url=url)
    if not sqlite_file:
        import psycopg

        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


KILLABLE_IMPORT = """
import sys, time
from datetime import date
from pathlib import Path
import django
django.setup()
from payung.imports.services import import_roster, resolve_employer

def progress(done, total):
    print(done, total, flush=True)
    if sys.argv[2] == "last" and done == total:
        time.sleep(600)  # every write made, nothing committed: wait to be killed

import_roster(path=Path(sys.argv[1]), employer=resolve_employer("74.71"), on=date(2018, 10, 1),
              actor=None, progress=progress)
"""


@pytest.mark.parametrize("moment", ["first", "last"])
def test_a_killed_import_leaves_the_register_unchanged(tmp_path, process_db, moment):
    """SIGKILL while staging (first progress report) or after every write before the commit."""
    path = write_csv(tmp_path / "r.csv", [person(f"Kill {i}") for i in range(12_000)])
    before = process_db.state()
    process = subprocess.Popen(
        [sys.executable, "-c", KILLABLE_IMPORT, str(path), moment],
        env=process_db.env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            done, total = line.split()
            if moment == "first" or done == total:
                break
        else:
            pytest.fail(f"the import ended before it could be killed: {process.stderr.read()}")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert process_db.state() == before
    rerun = _run(
        process_db.env, "import", str(path), "--employer", "74.71", "--on", "2018-10-01", "--json"
    )
    assert json.loads(rerun.stdout)["created"] == 12_000, rerun.stderr


def test_two_imports_at_once_create_no_duplicates(tmp_path, process_db):
    """Two imports of one file for one employer, and one for another employer, at once."""
    rows = [person(f"Race {i}") for i in range(3_000)]
    path = write_csv(tmp_path / "r.csv", rows)
    niks = ", ".join(f"'{row['nik']}'" for row in rows)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "payung.cli",
                "import",
                str(path),
                "--employer",
                employer,
                "--on",
                "2018-10-01",
                "--json",
            ],
            env=process_db.env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for employer in ("74.71", "74.71", "74")
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    created = [json.loads(out)["created"] for out, _ in outputs]
    assert sorted(created[:2]) == [0, 3_000]
    assert created[2] == 3_000
    assert process_db.count(f"SELECT COUNT(*) FROM workers_worker WHERE nik IN ({niks})") == 3_000
    per_employer = f"""SELECT COUNT(*) FROM enrollments_enrollment e
        JOIN workers_worker w ON w.id = e.worker_id WHERE w.nik IN ({niks})"""
    assert process_db.count(per_employer) == 2 * 2 * 3_000
    assert (
        process_db.count(
            f"""SELECT COUNT(*) FROM (SELECT e.worker_id FROM enrollments_enrollment e
            JOIN workers_worker w ON w.id = e.worker_id WHERE w.nik IN ({niks})
            GROUP BY e.worker_id, e.program, e.employer_id HAVING COUNT(*) > 1) AS twice"""
        )
        == 0
    )
