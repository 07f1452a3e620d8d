"""The `payung` entry point: Payung's commands listed first, grouped, one line each; argument
errors as one bilingual line with exit status 2; amounts typed the Indonesian way; status words
in human language; a command that only reads starts without the URL configuration, the web's
apps and the PDF and spreadsheet libraries, and prints the same as with them."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import load_command_class

from payung.cli import GROUPS, READING, payung_commands

pytestmark = pytest.mark.django_db


def payung(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "payung.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("args", [(), ("help",)])
def test_payung_alone_lists_its_own_commands_first_grouped(args: tuple[str, ...]) -> None:
    result = payung(*args)
    assert result.returncode == 0, result.stderr
    ours, _, django_part = result.stdout.partition("Perintah Django / Django's commands:")
    assert django_part, "Django's commands come after Payung's"
    for title in GROUPS:
        assert f"{title}:" in ours
    listed = [line.split()[0] for line in ours.splitlines() if line.startswith("  ")]
    assert sorted(listed) == sorted(payung_commands()), "every command once, no alias twice"
    assert "changepassword" not in ours


def test_every_command_belongs_to_a_group() -> None:
    grouped = {name for names in GROUPS.values() for name in names}
    assert set(payung_commands()) <= grouped


@pytest.mark.parametrize(
    "args",
    [
        ("coverage", "--on", "2018-01-01"),  # --region missing
        ("contribution", "--wage", "2500000", "--programs", "jkk", "--on", "2026-13-01"),
        ("contribution", "--wage", "banyak", "--programs", "jkk", "--on", "2026-01-01"),
        ("outreach", "--region", "74", "--group", "semua"),
        ("benefit", "jkm"),  # a subcommand's error points to its command's help
    ],
)
def test_argument_errors_are_one_bilingual_line_and_exit_2(args: tuple[str, ...]) -> None:
    result = payung(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert " / " in lines[0]
    assert "usage:" not in result.stderr
    assert f"payung help {args[0]}" in lines[0]


def test_amounts_accept_indonesian_formatting() -> None:
    result = payung(
        "contribution", "--wage", "2.500.000", "--programs", "jkk,jkm",
        "--risk", "very_low", "--on", "2026-01-01",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Rp2.500.000" in result.stdout
    assert "sangat rendah / very low" in result.stdout  # the risk class in words


# A command that only reads starts without the URL configuration (the system checks load it, and
# with it the API and every page), without the web's apps (django-ninja, hence pydantic) and
# without the PDF, QR, font and spreadsheet libraries: each of these costs a tenth of a second
# to seconds at every start (docs/performance.md, "A read-only command").
DOCUMENT_LIBRARIES = (
    "fpdf",
    "fontTools",
    "PIL",
    "num2words",
    "zxingcpp",
    "babel",
    "xlsxwriter",
    "openpyxl",
    "python_calamine",
)
HEAVY = ("payung.urls", "payung.api", "ninja", "pydantic", *DOCUMENT_LIBRARIES)


def loaded_modules(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run `payung ARGS` in a new process: the modules it had loaded when it ended."""
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['payung', *{list(args)!r}]\n"
        "try:\n    runpy.run_module('payung.cli', run_name='__main__')\n"
        "except SystemExit as stop:\n    print('EXIT', stop.code)\n"
        "print('MODULES', *sorted(sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("MODULES "), result.stdout + result.stderr
    return set(last.split()[1:]), result


@pytest.mark.parametrize(
    ("args", "refused"),
    [
        # A wrong date stops them before the database: every module they import is loaded.
        (("coverage", "--region", "74", "--on", "2026-13-01"), True),
        (("arrears", "--region", "74", "--on", "2026-13-01"), True),
        (("benefit", "jkm", "--death-date", "2025-06-30", "--contribution-years", "4"), False),
        (
            (
                "contribution",
                "--wage",
                "2500000",
                "--programs",
                "jkk",
                "--risk",
                "low",
                "--on",
                "2026-01-01",
            ),
            False,
        ),
    ],
)
def test_a_reading_command_starts_without_the_web_and_the_document_libraries(
    args: tuple[str, ...], refused: bool
) -> None:
    modules, result = loaded_modules(*args)
    if refused:
        assert "EXIT 2" in result.stdout, result.stderr
        assert "invalid date" in result.stderr
    else:
        assert "EXIT" not in result.stdout, result.stderr
        assert "Rp" in result.stdout
    assert sorted(modules.intersection(HEAVY)) == []
    assert "payung.rules.loader" in modules, "the probe saw Payung start"
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "psycopg" not in modules, "django.contrib.postgres only with PostgreSQL"


def test_help_loads_every_command_but_no_document_library() -> None:
    modules, result = loaded_modules("help")
    assert "Perintah Django" in result.stdout, result.stderr
    assert "payung.billing.management.commands.bill" in modules
    assert sorted(modules.intersection(DOCUMENT_LIBRARIES)) == []
    assert "payung.urls" not in modules


def test_every_reading_command_skips_the_system_checks() -> None:
    """Only commands that read start without the web's apps, and they run no system checks."""
    commands = payung_commands()
    for name in READING:
        command = load_command_class(commands[name], name)
        assert command.requires_system_checks == [], name


@pytest.mark.parametrize(
    "args",
    [
        ("benefit", "jkm", "--death-date", "2025-06-30", "--contribution-years", "4"),
        (
            "contribution",
            "--wage",
            "2.500.000",
            "--programs",
            "jkk,jkm",
            "--risk",
            "very_low",
            "--on",
            "2026-01-01",
        ),
        ("coverage", "--help"),
    ],
)
def test_a_reading_command_prints_the_same_without_the_web_apps(args: tuple[str, ...]) -> None:
    """The admin's and django-ninja's translations and templates do not reach a command's text."""
    lean = payung(*args)
    full = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from django.core.management import execute_from_command_line; "
            "execute_from_command_line(['payung', *sys.argv[1:]])",
            *args,
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "payung.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert lean.returncode == full.returncode == 0, lean.stderr + full.stderr
    assert lean.stdout == full.stdout
