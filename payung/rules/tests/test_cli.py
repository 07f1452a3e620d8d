"""The calculators on the command line: `payung contribution|benefit|simulate`."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from payung.rules.cli import run, rupiah

CONTRACT = [
    "contribution",
    "--wage",
    "2000000",
    "--programs",
    "jkk,jkm",
    "--risk",
    "very_low",
    "--on",
    "2018-10-01",
    "--json",
]


def test_contribution_json_gives_lines_and_total() -> None:
    """The issue's example gives 10800 in lines of program, employer and worker."""
    code, out, err = run(CONTRACT)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert Decimal(data["total"]) == 10800
    assert [
        (line["program"], Decimal(line["employer"]), Decimal(line["worker"]))
        for line in data["lines"]
    ] == [("jkk", 4800, 0), ("jkm", 6000, 0)]
    assert data["lines"][0]["explanation"]["parameters"][0]["path"] == "contributions/jkk/very_low"


def test_contribution_table_is_indonesian_first() -> None:
    """Without --json the table heads with Indonesian and shows Rupiah the Indonesian way."""
    code, out, _ = run(CONTRACT[:-1])
    assert code == 0
    assert out.startswith("Iuran per pekerja per bulan / Contribution")
    assert "Rp10.800" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["contribution", "--wage", "-1", "--programs", "jkm", "--on", "2018-10-01"], "negatif"),
        (["contribution", "--wage", "1", "--programs", "jkx", "--on", "2018-10-01"], "jkx"),
        (["contribution", "--wage", "1", "--programs", "jkm", "--on", "2015-06-30"], "2015-07-01"),
        (["benefit", "jkm", "--death-date", "2014-12-31"], "2015-07-01"),
        (["simulate", "--workers", "1", "--wage", "1", "--programs", "x", "--year", "2020"], "x"),
        (["contribution", "--wage", "abc", "--programs", "jkm", "--on", "2018-10-01"], "abc"),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(argv: list[str], message: str) -> None:
    """Refusals print one line on stderr and exit with status 2."""
    code, out, err = run(argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert message in err


def test_benefit_commands_give_totals_components_and_schedules() -> None:
    """JKM, JKK death and STMB give the documented keys."""
    jkm = json.loads(
        run(
            ["benefit", "jkm", "--death-date", "2020-01-01", "--contribution-years", "3", "--json"]
        )[1]
    )
    assert Decimal(jkm["total"]) == 42000000
    assert jkm["scholarship"]["eligible"] is True
    assert set(jkm["components"]) == {"lump_sum", "periodic", "funeral"}
    death = json.loads(
        run(
            ["benefit", "jkk-death", "--wage", "2000000", "--accident-date", "2020-01-01", "--json"]
        )[1]
    )
    assert Decimal(death["total"]) == 118000000
    schedule = json.loads(
        run(
            [
                "benefit",
                "stmb",
                "--wage",
                "2000000",
                "--accident-date",
                "2020-01-01",
                "--months",
                "13",
                "--json",
            ]
        )[1]
    )
    assert Decimal(schedule["total"]) == 25000000
    assert Decimal(schedule["schedule"][12]["amount"]) == 1000000


def test_simulate_gives_budget_codes_and_totals() -> None:
    """Monthly and yearly cost per program with the regional budget accounts."""
    code, out, _ = run(
        [
            "simulate",
            "--workers",
            "3080",
            "--wage",
            "2552014",
            "--programs",
            "jkk,jkm",
            "--risk",
            "very_low",
            "--year",
            "2022",
            "--json",
        ]
    )
    data = json.loads(out)
    assert code == 0
    assert [(p["program"], p["account_code"]) for p in data["programs"]] == [
        ("jkk", "5.1.02.02.02.0006"),
        ("jkm", "5.1.02.02.02.0007"),
    ]
    assert (Decimal(data["monthly"]), Decimal(data["yearly"])) == (42442400, 509308800)


def test_rupiah_uses_dots_for_thousands() -> None:
    """Rp2.576.016,96 and Rp10.800."""
    assert rupiah(Decimal("2576016.96")) == "Rp2.576.016,96"
    assert rupiah("10800") == "Rp10.800"


def test_management_command_prints_the_same_json() -> None:
    """`call_command("contribution", ...)` prints the contract's JSON."""
    out = StringIO()
    call_command(*CONTRACT, stdout=out)
    assert Decimal(json.loads(out.getvalue())["total"]) == 10800


def test_management_command_refuses_with_return_code_2() -> None:
    """A refusal is a CommandError with return code 2."""
    with pytest.raises(CommandError) as raised:
        call_command(
            "benefit", "stmb", "--wage", "-5", "--accident-date", "2020-01-01", "--months", "3"
        )
    assert raised.value.returncode == 2


def test_console_script_exits_with_status_2_on_bad_arguments() -> None:
    """`payung contribution --wage -1 ...` as a process exits 2 with a one-line message."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "payung.cli",
            "contribution",
            "--wage",
            "-1",
            "--programs",
            "jkm",
            "--on",
            "2018-10-01",
        ],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "negatif" in done.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "payung.cli", *CONTRACT],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert Decimal(json.loads(ok.stdout)["total"]) == 10800


def test_jkk_death_on_2019_12_01_answers_a_value() -> None:
    """`payung benefit jkk-death --accident-date 2019-12-01` answers under PP 44/2015: with a
    wage, 48 x wage + Rp4,800,000 + Rp3,000,000; without one, the parts that do not depend on
    it, and a note saying the lump sum is 48 x the wage."""
    code, out, _ = run(
        ["benefit", "jkk-death", "--wage", "4000000", "--accident-date", "2019-12-01", "--json"]
    )
    assert code == 0
    assert Decimal(json.loads(out)["total"]) == 192000000 + 4800000 + 3000000
    code, out, _ = run(["benefit", "jkk-death", "--accident-date", "2019-12-01", "--json"])
    assert code == 0
    result = json.loads(out)
    assert result["formula"] == "pp44_2015"
    assert result["components"] == {"periodic": "4800000", "funeral": "3000000"}
    assert any("48 x" in note for note in result["explanation"]["notes"])
