"""The `payung` entry point: Payung's commands listed first, grouped, one line each; argument
errors as one bilingual line with exit status 2; amounts typed the Indonesian way; status words
in human language; a read-only command that does not load the PDF and spreadsheet libraries."""

import subprocess
import sys

import pytest

from payung.cli import GROUPS, payung_commands

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


def test_read_only_command_does_not_load_pdf_or_spreadsheet_libraries() -> None:
    """Start-up cost: fpdf and xlsxwriter (seconds on a loaded machine) load only when used."""
    probe = (
        "import sys, runpy; sys.argv = ['payung', 'contribution', '--wage', '2500000', "
        "'--programs', 'jkk', '--risk', 'low', '--on', '2026-01-01'];\n"
        "try:\n    runpy.run_module('payung.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('fpdf', 'xlsxwriter', 'openpyxl') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
