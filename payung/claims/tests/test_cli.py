"""`payung claims assess|list`: the contract's JSON and one-line bilingual refusals (exit 2)."""

import json
from typing import Any

import pytest
from django.core.management import call_command

from payung.claims.management.commands.claims import Command

from .helpers import worker_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch: Any) -> None:
    """`run_from_argv` closes every connection when done: the test's own must stay open."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def run_argv(capsys: Any, *args: str) -> tuple[int, str, str]:
    """Run as the `payung` script does (argument parsing included): exit code, out, err."""
    code = 0
    try:
        Command().run_from_argv(["payung", "claims", *args])
    except SystemExit as exit:
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assess_json(capsys: Any, *args: str) -> dict[str, Any]:
    code, out, err = run_argv(capsys, "assess", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_assess_json_has_the_contract_keys(capsys):
    """covered, program, employer {npp, name}, wage, paid_through, employer_liable, reasons,
    benefit {total, lines [{item, amount, basis}]}."""
    nik = worker_of("74010001").nik  # Kolaka: billed and paid from its first month to 2018-12
    data = assess_json(capsys, "--nik", nik, "--event", "jkm-death", "--date", "2019-02-01")
    assert data["covered"] is True
    assert data["program"] == "jkm"
    assert data["employer"] == {"npp": "74010001", "name": "Pemerintah Kabupaten Kolaka"}
    assert isinstance(data["wage"], int)
    assert data["paid_through"] == "2018-12"
    assert data["employer_liable"] is False
    assert isinstance(data["reasons"], list)
    assert data["benefit"]["total"] == 24000000
    assert {tuple(line) for line in data["benefit"]["lines"]} == {("item", "amount", "basis")}


def test_assess_jkk_death_on_2019_12_01_answers_a_value(capsys):
    """The PP 44/2015 JKK death benefit, with the scholarship only when children are given."""
    nik = worker_of("74710001").nik
    base = ("--nik", nik, "--event", "jkk-death", "--date", "2019-12-01")
    without = assess_json(capsys, *base)
    with_child = assess_json(capsys, *base, "--children", "1")
    wage = without["wage"]
    assert without["benefit"]["total"] == 48 * wage + 4800000 + 3000000
    assert with_child["benefit"]["total"] == without["benefit"]["total"] + 12000000


def test_report_late_after_48_hours(capsys):
    """--reported-at more than 48 hours after the event gives `report_late`."""
    nik = worker_of("74710001").nik
    base = (
        "--nik",
        nik,
        "--event",
        "jkk-accident",
        "--date",
        "2024-03-01",
        "--event-time",
        "08:00",
    )
    late = assess_json(capsys, *base, "--reported-at", "2024-03-03T08:01")
    on_time = assess_json(capsys, *base, "--reported-at", "2024-03-03T08:00")
    assert "report_late" in [reason["code"] for reason in late["reasons"]]
    assert late["employer_liable"] is True
    assert "report_late" not in [reason["code"] for reason in on_time["reasons"]]


def test_not_covered_totals_zero(capsys):
    """Before the enrolment: covered false and total 0."""
    nik = worker_of("74710001").nik
    data = assess_json(capsys, "--nik", nik, "--event", "jkm-death", "--date", "2017-01-01")
    assert data["covered"] is False
    assert data["benefit"] == {"total": 0, "lines": []}


@pytest.mark.parametrize(
    "args",
    [
        ("assess", "--nik", "7471021103920001", "--event", "flood", "--date", "2020-01-01"),
        ("assess", "--nik", "7471021103920001", "--event", "jkm-death", "--date", "2020-02-30"),
        ("assess", "--nik", "7471021103920001", "--event", "jkm-death"),
        ("assess", "--nik", "123", "--event", "jkm-death", "--date", "2020-01-01"),
        ("assess", "--nik", "9999999999999999", "--event", "jkm-death", "--date", "2020-01-01"),
        ("assess", "--nik", "7471021103920001", "--event", "jkm-death", "--date", "2014-01-01"),
        (
            "assess",
            "--nik",
            "7471021103920001",
            "--event",
            "jkk-accident",
            "--date",
            "2020-01-01",
            "--event-time",
            "25:00",
        ),
        (
            "assess",
            "--nik",
            "7471021103920001",
            "--event",
            "jkk-accident",
            "--date",
            "2020-01-01",
            "--reported-at",
            "2020-01-01 10:00",
        ),
        (
            "assess",
            "--nik",
            "7471021103920001",
            "--event",
            "jkm-death",
            "--date",
            "2020-01-01",
            "--children",
            "-1",
        ),
        ("list", "--region", "99"),
        ("list", "--region", "74", "--state", "lost"),
        ("frobnicate",),
    ],
)
def test_bad_arguments_exit_2_with_one_bilingual_line(capsys, args):
    """Every bad argument: exit status 2, nothing on stdout, one line with ' / ' on stderr."""
    code, out, err = run_argv(capsys, *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert " / " in err


def test_list_json(capsys):
    """`payung claims list --region 74 --json` answers the region's claims."""
    code, out, err = run_argv(capsys, "list", "--region", "74", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["region"] == "74"
    assert data["count"] == len(data["claims"])


def test_assess_saves_nothing():
    """Assessing writes no claim."""
    from payung.claims.models import Claim

    before = Claim.objects.count()
    nik = worker_of("74710001").nik
    call_command("claims", "assess", "--nik", nik, "--event", "jkm-death", "--date", "2020-01-01")
    assert Claim.objects.count() == before
