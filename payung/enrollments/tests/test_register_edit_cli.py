"""`payung register identity|wage` and `payung employers add|edit`: corrections from the command
line through the register's services, `--as USER`, exit status 2 with a bilingual line."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from payung.employers.models import Employer
from payung.workers.models import Wage, Worker

pytestmark = pytest.mark.django_db
KENDARI = "74710001"


def _run(command: str, *args: str) -> dict:
    out = StringIO()
    call_command(command, *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def _worker() -> Worker:
    found = (
        Worker.objects.filter(employments__employer__npp=KENDARI, employments__end_date=None)
        .order_by("pk")
        .first()
    )
    assert found is not None
    return found


def _refused(command: str, *args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command(command, *args, stdout=StringIO())
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert "\n" not in message
    return message


def test_identity_corrects_the_name_and_keeps_history():
    """Only the name given changes; the history names the command."""
    worker = _worker()
    result = _run("register", "identity", "--nik", worker.nik, "--name", "Wa Ode  Koreksi")
    worker.refresh_from_db()
    assert result["name"] == worker.name == "Wa Ode Koreksi"
    assert worker.history.first().name == "Wa Ode Koreksi"


def test_identity_refuses_a_birth_date_the_nik_contradicts():
    """A birth date the NIK does not carry: a refusal, nothing changed."""
    worker = _worker()
    message = _refused("register", "identity", "--nik", worker.nik, "--birth-date", "1901-01-01")
    assert "/" in message
    worker.refresh_from_db()
    assert worker.birth_date != date(1901, 1, 1)


def test_identity_as_a_viewer_is_refused(user_named):
    """The read-only account may not correct anyone."""
    worker = _worker()
    _refused("register", "identity", "--nik", worker.nik, "--name", "X", "--as", "pimpinan")


def test_wage_in_indonesian_format_from_a_date():
    """`--wage 2.500.000 --from 2026-01-01`: a new wage row of Rp2.500.000 from that day."""
    worker = _worker()
    result = _run(
        "register", "wage", "--nik", worker.nik, "--wage", "2.500.000", "--from", "2026-01-01"
    )
    assert result["wage"] == "2500000"
    wage = Wage.objects.get(worker=worker, employer__npp=KENDARI, start_date=date(2026, 1, 1))
    assert wage.amount == Decimal(2500000)


@pytest.mark.parametrize(
    "args",
    [
        ("--wage", "dua juta", "--from", "2026-01-01"),
        ("--wage", "2.500.000", "--from", "01-01-2026"),
        ("--wage", "-5", "--from", "2026-01-01"),
    ],
)
def test_wage_bad_arguments_exit_2(args):
    _refused("register", "wage", "--nik", _worker().nik, *args)


def test_employers_add_and_edit():
    """A new employer in Buton Selatan, then its risk class and NPP edited; a wrong kind refused."""
    added = _run(
        "employers",
        "add",
        "--kind",
        "regency_government",
        "--region",
        "74.15",
        "--name",
        "Pemkab Uji",
        "--npp",
        "99887766",
    )
    assert Employer.objects.filter(pk=added["employer_id"], npp="99887766").exists()
    edited = _run(
        "employers", "edit", "--employer", "99887766", "--risk-class", "high", "--npp", "99887767"
    )
    assert edited["risk_class"] == "high"
    assert edited["npp"] == "99887767"
    assert Employer.objects.get(pk=added["employer_id"]).history.count() == 2
    message = _refused("employers", "edit", "--employer", "99887767", "--kind", "city_government")
    assert "[" in message


def test_employers_edit_outside_the_scope_is_refused(user_named):
    """Kendari's officer may not edit Kolaka's government."""
    _refused("employers", "edit", "--employer", "74010001", "--name", "X", "--as", "kendari")
