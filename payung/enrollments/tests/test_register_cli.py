"""`payung register add|move|end|death`: the life-event services from the command line, with
`--as USER` scope checks, JSON, and exit status 2 with a bilingual line on a refusal."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from payung.enrollments.models import Enrollment
from payung.tests.factories import valid_nik
from payung.workers.models import Employment, Worker

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("register", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_add_move_end_from_the_command_line():
    nik = valid_nik()
    added = _run(
        "add",
        "--employer",
        "74710001",
        "--unit",
        "DAMKAR",
        "--nik",
        nik,
        "--name",
        "La CLI",
        "--birth-date",
        "1990-05-17",
        "--sex",
        "L",
        "--start",
        "2026-01-01",
        "--wage",
        "2500000",
        "--as",
        "damkar",
    )
    assert added["created"] is True
    assert added["enrolled"] == 2
    worker = Worker.objects.get(nik=nik)
    assert worker.history.get().history_user.username == "damkar"
    moved = _run("move", "--nik", nik, "--to", "74020001", "--on", "2026-04-01")
    assert moved["start_date"] == "2026-04-01"
    assert Enrollment.objects.filter(worker=worker, employer__npp="74020001").count() == 2
    ended = _run("end", "--nik", nik, "--on", "2026-06-30", "--reason", "employment_ended")
    assert ended == {"employments": 1, "enrollments": 2, "last_day": "2026-06-30"}
    assert not Employment.objects.filter(worker=worker, end_date__isnull=True).exists()


def test_refusals_exit_2_with_a_bilingual_line():
    nik = valid_nik()
    with pytest.raises(CommandError) as refused:
        _run(
            "add",
            "--employer",
            "74710001",
            "--unit",
            "SATPOLPP",
            "--nik",
            nik,
            "--name",
            "X",
            "--birth-date",
            "1990-05-17",
            "--sex",
            "L",
            "--start",
            "2026-01-01",
            "--as",
            "damkar",
        )
    assert refused.value.returncode == 2
    assert "[not_allowed]" in str(refused.value)
    assert " / " in str(refused.value)
    with pytest.raises(CommandError) as refused:
        _run("death", "--nik", nik, "--date", "2026-13-01")
    assert refused.value.returncode == 2


def test_death_from_the_command_line():
    nik = valid_nik()
    _run(
        "add",
        "--employer",
        "74710001",
        "--nik",
        nik,
        "--name",
        "La Wafat",
        "--birth-date",
        "1990-05-17",
        "--sex",
        "L",
        "--start",
        "2026-01-01",
    )
    result = _run("death", "--nik", nik, "--date", "2026-03-10", "--as", "kendari")
    assert result == {"last_day": "2026-03-11", "employments": 1, "enrollments": 2}
    worker = Worker.objects.get(nik=nik)
    assert set(Enrollment.objects.filter(worker=worker).values_list("end_reason", flat=True)) == {
        "death"
    }
