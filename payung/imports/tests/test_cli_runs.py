"""`payung import` records who imported: a run at /impor/ and history rows naming the `--as`
account, or the command and the OS user; `--as` is held to the account's scope."""

import io
import json
from getpass import getuser as os_user

import pytest
from django.core.management import CommandError, call_command

from payung.imports.models import ImportedRow, ImportRun, State
from payung.workers.models import Worker

from .rosters import person, write_csv

pytestmark = pytest.mark.django_db


def payung_import(*args: str) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("import", *args, "--json", stdout=out, stderr=io.StringIO())
    except SystemExit as exit_:
        return int(exit_.code or 0), json.loads(out.getvalue() or "{}")
    return 0, json.loads(out.getvalue())


def test_import_without_as_is_a_run_by_the_command_and_os_user(tmp_path, client, user_named):
    """The run is listed at /impor/ for Kendari's officer with "cli:import by os-user NAME";
    the workers' history says the same."""
    row = person("Cli Tanpa Akun")
    path = write_csv(tmp_path / "kendari.csv", [row])
    code, result = payung_import(str(path), "--employer", "74.71", "--on", "2018-10-01")
    assert (code, result["created"]) == (0, 1)
    run = ImportRun.objects.get()
    source = f"cli:import by os-user {os_user()}"
    assert (run.state, run.created_by, run.created_via) == (State.DONE, None, source)
    assert run.result["created"] == 1
    assert not run.upload  # the file is not kept
    worker = Worker.objects.get(nik=row["nik"])
    assert ImportedRow.objects.get(worker=worker).run == run
    client.force_login(user_named("kendari"))
    page = client.get("/impor/").content.decode()
    assert "kendari.csv" in page
    assert source in page
    detail = client.get(f"/impor/{run.pk}/").content.decode()
    assert source in detail
    assert 'id="confirm-form"' not in detail
    assert client.get(f"/api/imports/runs/{run.pk}").json()["created_by"] == source


def test_import_as_an_officer_names_it(tmp_path, user_named):
    row = person("Cli Sebagai Kendari")
    path = write_csv(tmp_path / "r.csv", [row])
    code, _ = payung_import(
        str(path), "--employer", "74.71", "--on", "2018-10-01", "--as", "kendari"
    )
    assert code == 0
    kendari = user_named("kendari")
    run = ImportRun.objects.get()
    assert run.created_by == kendari
    assert run.created_via == f"cli:import as kendari by os-user {os_user()}"
    worker = Worker.objects.get(nik=row["nik"])
    assert ImportedRow.objects.get(worker=worker).run.created_by == kendari


def test_a_dry_run_is_a_checked_run_that_cannot_be_confirmed(tmp_path, client, user_named):
    path = write_csv(tmp_path / "r.csv", [person("Cli Uji Coba")])
    code, result = payung_import(
        str(path), "--employer", "74.71", "--on", "2018-10-01", "--dry-run"
    )
    assert (code, result["dry_run"]) == (0, True)
    run = ImportRun.objects.get()
    assert run.state == State.CHECKED
    assert run.preview["accepted"] == 1
    client.force_login(user_named("kendari"))
    client.post(f"/impor/{run.pk}/konfirmasi/")
    run.refresh_from_db()
    assert run.state == State.CHECKED


@pytest.mark.parametrize(
    ("username", "args", "code"),
    [
        ("kendari", ["--employer", "74.02"], "import_not_allowed"),  # Konawe
        ("pimpinan", ["--employer", "74.71"], "import_not_allowed"),  # read-only
        ("damkar", ["--employer", "74.71"], "import_unit_required"),  # its unit only
        ("damkar", ["--employer", "74.71", "--unit", "SATPOLPP"], "import_unit_not_allowed"),
    ],
)
def test_import_as_refuses_outside_the_accounts_scope(tmp_path, username, args, code):
    """Exit 2 with the refusal's code and a one-line bilingual message; nothing is written."""
    row = person("Cli Di Luar Cakupan")
    path = write_csv(tmp_path / "r.csv", [row])
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), *args, "--on", "2018-10-01", "--as", username)
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert code in message
    assert " / " in message
    assert "\n" not in message
    assert not Worker.objects.filter(nik=row["nik"]).exists()
    assert not ImportRun.objects.exists()


def test_unit_operator_imports_into_its_unit(tmp_path, user_named):
    row = person("Cli Damkar", unit_kerja="DAMKAR")
    path = write_csv(tmp_path / "r.csv", [row])
    code, result = payung_import(
        str(path), "--employer", "74.71", "--unit", "DAMKAR", "--on", "2018-10-01", "--as", "damkar"
    )
    assert (code, result["created"]) == (0, 1)
    assert ImportRun.objects.get().created_by == user_named("damkar")


def test_a_refused_file_is_a_failed_run(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_text("bukan,kolom\r\n1,2\r\n")
    code, _ = payung_import(str(path), "--employer", "74.71", "--on", "2018-10-01")
    assert code == 2
    run = ImportRun.objects.get()
    assert run.state == State.FAILED
    assert run.result["refused"]
