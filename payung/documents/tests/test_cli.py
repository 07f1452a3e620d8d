"""`payung certificate` and `payung cards`: files and one JSON object."""

import json

import pytest
from django.core.management import CommandError, call_command

from .support import pdf_text

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    from io import StringIO

    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_certificate_command_writes_the_pdf(tmp_path):
    """`payung certificate --employer 74.71 -o FILE --json` issues and writes a certificate."""
    target = tmp_path / "sertifikat.pdf"
    data = run("certificate", "--employer", "74.71", "-o", str(target))
    assert data["employer"] == "74710001"
    assert data["number"].startswith("SKP/74710001/")
    assert data["participants"] == 1136
    assert data["programs"] == ["jkk", "jkm"]
    assert data["verify_url"].startswith("http://127.0.0.1:8000/verify/s.")
    assert target.read_bytes().startswith(b"%PDF")
    assert data["number"] in pdf_text(target.read_bytes(), tmp_path)
    assert (
        run("certificate", "--employer", "74710001", "-o", str(target))["number"]
        == (data["number"])
    )


def test_cards_command_for_a_unit(tmp_path):
    """`payung cards --employer 74710001 --unit SDA -o FILE --json` writes one page of 10."""
    target = tmp_path / "kartu.pdf"
    data = run("cards", "--employer", "74710001", "--unit", "SDA", "-o", str(target))
    assert {k: data[k] for k in ("employer", "unit", "cards", "pages")} == {
        "employer": "74710001",
        "unit": "SDA",
        "cards": 10,
        "pages": 1,
    }
    assert data["bytes"] == target.stat().st_size
    assert "KARTU PESERTA" in pdf_text(target.read_bytes(), tmp_path)


def test_unknown_employer_is_refused_with_a_code(tmp_path, capsys):
    """An unknown NPP exits with status 2; with --json the refusal is one JSON object."""
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "cards", "--employer", "00000000", "-o", str(tmp_path / "x.pdf"), "--json", stdout=out
        )
    assert failed.value.returncode == 2
    assert json.loads(out.getvalue())["error"] == "employer_unknown"
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(CommandError):
        call_command("cards", "--employer", "74.71", "--unit", "NOPE", "-o", str(tmp_path / "y"))


def test_certificate_as_an_officer_and_refusals(tmp_path, user_named):
    """`--as kendari` issues Kendari's certificate in its name; a unit operator, a viewer or
    an officer of another region is refused with exit 2 and nothing is issued. Without --as the
    certificate's history names the command and the OS user."""
    from getpass import getuser as os_user

    from payung.documents.models import Certificate

    target = tmp_path / "s.pdf"
    for username, employer in (("damkar", "74.71"), ("pimpinan", "74.71"), ("kendari", "74.02")):
        with pytest.raises(CommandError) as refused:
            call_command("certificate", "--employer", employer, "-o", str(target), "--as", username)
        assert refused.value.returncode == 2
        assert username in str(refused.value)
    assert not Certificate.objects.exists()
    issued = run("certificate", "--employer", "74.71", "-o", str(target), "--as", "kendari")
    certificate = Certificate.objects.get(number=issued["number"])
    assert certificate.issued_by == user_named("kendari")
    run("certificate", "--employer", "74.02", "-o", str(target))
    konawe = Certificate.objects.get(employer__npp="74020001").history.get()
    assert konawe.history_change_reason == f"cli:certificate by os-user {os_user()}"
