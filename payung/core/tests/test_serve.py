"""`payung serve` with real processes (issue 11, findings 2 and 10).

Each test starts `payung serve` on a free port against a fresh SQLite data directory (copied from
one migrated once for the module), waits until it answers HTTP, then kills, signals and watches
its processes as an operator would.
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
STOPPED_WITHIN = 15.0


def _environment(data: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PAYUNG_", "DJANGO_"))}
    environment.update(DATABASE_URL="", PAYUNG_DATA_DIR=str(data), PYTHONUNBUFFERED="1")
    return environment


def _payung(data: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "payung.cli", *arguments],
        cwd=ROOT,
        env=_environment(data),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("migrated")
    _payung(data, "migrate", "--no-input")
    return data


@pytest.fixture
def data(migrated: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(migrated, copy)
    return copy


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


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


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for child in _children(pid):
        found |= {child, *_descendants(child)}
    return found


def _command(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(what: str, condition: Callable[[], object], timeout: float = 90.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def task_worker(self) -> int | None:
        workers = [p for p in _children(self.process.pid) if "payung.cli worker" in _command(p)]
        return workers[0] if workers else None

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False


@pytest.fixture
def serve(data: Path, tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start `payung serve`; whatever it leaves behind is killed after the test."""
    started: list[Served] = []
    seen: set[int] = set()

    def start(*, ignore_sigint: bool = False, grace: float = 10) -> Served:
        port = _free_port()
        log = tmp_path / f"serve-{port}.log"
        command = ["serve", f"--port={port}", "--workers=1", f"--grace={grace}"]
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "payung.cli", *command],
                cwd=ROOT,
                env=_environment(data),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                # As a shell starts a command in the background: Ctrl+C is not its business.
                preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
                if ignore_sigint
                else None,
            )
        served = Served(process, port, log)
        started.append(served)
        _wait_for("the server to answer HTTP", served.answers)
        _wait_for("the task worker", served.task_worker)
        seen.update(_descendants(process.pid))
        return served

    yield start
    for served in started:
        for pid in seen | _descendants(served.process.pid) | {served.process.pid}:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        served.process.wait(timeout=30)


@pytest.mark.parametrize(
    ("number", "ignore_sigint"),
    [
        pytest.param(signal.SIGTERM, False, id="SIGTERM"),
        pytest.param(signal.SIGINT, False, id="SIGINT"),
        pytest.param(signal.SIGINT, True, id="SIGINT-started-in-the-background"),
    ],
)
def test_a_stop_signal_stops_everything_and_frees_the_port(serve, number, ignore_sigint):
    served = serve(ignore_sigint=ignore_sigint)
    everything = _descendants(served.process.pid)
    assert len(everything) >= 3, "gunicorn, its worker and the task worker"
    os.kill(served.process.pid, number)
    assert served.process.wait(timeout=STOPPED_WITHIN) == 0
    assert [pid for pid in everything if _alive(pid)] == []
    assert _port_is_free(served.port)
    assert f"{signal.Signals(number).name}: stopping" in served.text()


_QUEUE_A_RUN = """
import django, sys
from datetime import date

django.setup()
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from payung.demo.data import EMPLOYERS
from payung.employers.models import Employer, WorkUnit
from payung.imports import runs
from payung.imports.models import ImportRun, State
from payung.regions.services import load_sultra
from payung.workers.nik import make_nik

rows = int(sys.argv[1])
load_sultra()
spec = next(spec for spec in EMPLOYERS if spec.npp == "74710001")
employer = Employer.objects.create(
    kind=spec.kind, region_id=spec.region, name=spec.name, npp=spec.npp
)
WorkUnit.objects.bulk_create(
    WorkUnit(employer=employer, code=unit.code, name=unit.name) for unit in spec.units
)
actor = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
lines = ["nik;nama;tanggal_lahir;jenis_kelamin;unit_kerja"]
for i in range(rows):
    born = date(1980 + i // 9999 % 20, 1, 1)
    nik = make_nik(district_code="74.71.01", birth_date=born, sex="L", serial=i % 9999 + 1)
    lines.append(f"{nik};Pekerja {i};{born:%d-%m-%Y};L;DAMKAR")
upload = ContentFile("\\n".join(lines).encode(), name="besar.csv")
request = runs.RunRequest(employer=employer, on=date(2018, 10, 1))
run = runs.create_run(actor=actor, request=request, upload=upload)
ImportRun.objects.filter(pk=run.pk).update(
    state=State.CHECKED, preview={"rows": rows, "accepted": rows, "rejected": 0}
)
runs.confirm_run(actor=actor, run_id=run.pk)
print(run.pk)
"""


def _queue_a_run(data: Path, rows: int) -> int:
    """A confirmed import of `rows` new workers into Pemerintah Kota Kendari; its id."""
    queued = subprocess.run(
        [sys.executable, "-c", _QUEUE_A_RUN, str(rows)],
        cwd=ROOT,
        env={**_environment(data), "DJANGO_SETTINGS_MODULE": "payung.settings"},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return int(queued.stdout.split()[-1])


def _run_state(data: Path, run_id: int) -> tuple[str, str]:
    with sqlite3.connect(data / "payung.sqlite3", timeout=30) as connection:
        row = connection.execute(
            "SELECT state, failure FROM imports_importrun WHERE id = ?", (run_id,)
        ).fetchone()
    return row[0], row[1]


def _workers_in_register(data: Path) -> int:
    with sqlite3.connect(data / "payung.sqlite3", timeout=30) as connection:
        return int(connection.execute("SELECT count(*) FROM workers_worker").fetchone()[0])


def _applying(data: Path, run_id: int) -> bool:
    progress = data / "media" / "imports" / "progress" / f"{run_id}.json"
    return _run_state(data, run_id)[0] == "running" and progress.exists()


def test_a_task_worker_killed_mid_apply_is_started_again_and_fails_its_run(data, serve):
    """The worker applying a roster is killed: the supervisor logs it and starts another, which
    fails the run ("nothing was saved") as it starts; the register is as before."""
    run_id = _queue_a_run(data, 60_000)
    served = serve()
    worker = served.task_worker()
    _wait_for("the apply to be under way", lambda: _applying(data, run_id))
    os.kill(worker, signal.SIGKILL)

    again = _wait_for(
        "a new task worker", lambda: (w := served.task_worker()) not in (None, worker) and w
    )
    _wait_for("the run to be failed", lambda: _run_state(data, run_id)[0] == "failed", 120)
    assert "nothing was saved" in _run_state(data, run_id)[1]
    assert _workers_in_register(data) == 0
    log = served.text()
    assert f"task worker (pid {worker}) was killed by SIGKILL" in log
    assert f"task worker started (pid {again})" in log
    assert served.answers()


def test_sigterm_during_an_apply_stops_within_the_grace_and_fails_the_run(data, serve):
    """A stop does not wait for a long task: after the grace the worker gives it up, its
    transaction rolls back, and the run says so."""
    run_id = _queue_a_run(data, 150_000)
    served = serve(grace=2)
    everything = _descendants(served.process.pid)
    _wait_for("the apply to be under way", lambda: _applying(data, run_id))
    os.kill(served.process.pid, signal.SIGTERM)
    assert served.process.wait(timeout=STOPPED_WITHIN) == 0
    assert [pid for pid in everything if _alive(pid)] == []
    assert _port_is_free(served.port)
    state, failure = _run_state(data, run_id)
    assert state == "failed"
    assert "nothing was saved" in failure
    assert _workers_in_register(data) == 0
