"""`payung bill` and `payung pay` say who acted: `--as USER` within its scope, else the command
and the OS user; a bill's history starts with its creation; `bill --finalize` is idempotent."""

import io
import json
import threading
from getpass import getuser as os_user
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from payung.billing.management.commands import bill as bill_command
from payung.billing.models import Bill, BillState, Payment
from payung.employers.models import Employer

KENDARI = "74710001"


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as error:
        call_command(*args)
    assert error.value.returncode == 2
    message = str(error.value)
    assert "\n" not in message
    assert " / " in message
    return error.value


@pytest.mark.django_db
def test_bill_as_an_officer_names_it_in_the_history(user_named):
    """`--as kendari` issues and finalises Kendari's bill; every history row of the bill names
    the account, and the first one is its creation."""
    final = run(
        "bill", "--employer", "74.71", "--period", "2019-02", "--finalize", "--as", "kendari"
    )
    assert final["state"] == "final"
    bill = Bill.objects.get(employer__npp=KENDARI, period="2019-02")
    rows = list(bill.history.order_by("history_date", "history_id"))
    assert rows[0].history_type == "+"
    assert {row.history_user_id for row in rows} == {user_named("kendari").pk}
    assert all(
        row.history_change_reason.startswith("cli:bill as kendari by os-user ") for row in rows
    )


@pytest.mark.django_db
def test_bill_without_as_records_the_command_and_the_os_user():
    run("bill", "--employer", "74.71", "--period", "2019-02")
    bill = Bill.objects.get(employer__npp=KENDARI, period="2019-02")
    rows = list(bill.history.all())
    assert {row.history_type for row in rows} == {"+", "~"}
    assert {row.history_user_id for row in rows} == {None}
    assert {row.history_change_reason.split(" · ")[0] for row in rows} == {
        f"cli:bill by os-user {os_user()}"
    }


@pytest.mark.django_db
def test_bills_issued_on_the_pages_have_a_creation_row(client, user_named):
    client.force_login(user_named("kendari"))
    kendari = Employer.objects.get(npp=KENDARI)
    client.post(f"/tagihan/pemberi-kerja/{kendari.pk}/terbitkan/", {"period": "2019-03"})
    bill = Bill.objects.get(employer=kendari, period="2019-03")
    created = bill.history.get(history_type="+")
    assert created.history_user_id == user_named("kendari").pk
    assert created.history_change_reason == "Tagihan dibuat / bill created 2019-03"
    client.post(f"/tagihan/pemberi-kerja/{kendari.pk}/terbitkan/", {"period": "2019-03"})
    assert bill.history.filter(history_type="+").count() == 1  # reissuing is a change


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "employer"),
    [
        ("kendari", "74.02"),  # Konawe: outside Kota Kendari
        ("pimpinan", "74.71"),  # read-only
        ("damkar", "74.71"),  # a unit operator does not bill its whole employer
    ],
)
def test_bill_and_pay_refuse_a_user_outside_its_scope(username, employer):
    before = (Bill.objects.count(), Payment.objects.count())
    error = refused("bill", "--employer", employer, "--period", "2019-02", "--as", username)
    assert username in str(error)
    refused(
        "pay",
        "--employer",
        employer,
        "--amount",
        "1000",
        "--date",
        "2019-02-01",
        "--reference",
        "UJI",
        "--as",
        username,
    )
    assert (Bill.objects.count(), Payment.objects.count()) == before


@pytest.mark.django_db
def test_unknown_user_is_refused():
    error = refused("bill", "--employer", "74.71", "--period", "2019-02", "--as", "tidak-ada")
    assert "tidak-ada" in str(error)


@pytest.mark.django_db
def test_pay_as_an_officer_and_without(user_named):
    run(
        "pay",
        "--employer",
        "74.71",
        "--amount",
        "1000",
        "--date",
        "2019-02-01",
        "--reference",
        "UJI-AS",
        "--as",
        "kendari",
    )
    run(
        "pay",
        "--employer",
        "74.71",
        "--amount",
        "1000",
        "--date",
        "2019-02-01",
        "--reference",
        "UJI",
    )
    # (the second payment re-allocates the first one's credit: that change is the second's)
    as_officer = Payment.objects.get(reference="UJI-AS").history.get(history_type="+")
    assert as_officer.history_user_id == user_named("kendari").pk
    assert as_officer.history_change_reason.startswith("cli:pay as kendari by os-user ")
    anonymous = Payment.objects.get(reference="UJI").history.all()
    assert {row.history_user_id for row in anonymous} == {None}
    assert {row.history_change_reason for row in anonymous} == {f"cli:pay by os-user {os_user()}"}


@pytest.mark.django_db(transaction=True)
def test_three_concurrent_finalizes_return_the_one_final_bill(browser_demo, monkeypatch):
    """Three `payung bill --finalize` at once (threads, each its own connection) all answer
    with the same final bill; none fails with "already final".

    A pause between issuing and finalising (a slow machine) makes the race certain: all three
    issue the draft, then all three finalise it.
    """
    if connection.vendor != "postgresql":
        pytest.skip(
            "!!! concurrent writers need PostgreSQL: SQLite serialises whole transactions, so "
            "the race cannot happen; CI runs this on PostgreSQL !!!"
        )
    issue = bill_command.issue_bills
    issued = threading.Barrier(3)

    def issue_then_wait(**kwargs: Any) -> Bill:
        bill = issue(**kwargs)
        issued.wait(timeout=60)
        return bill

    monkeypatch.setattr(bill_command, "issue_bills", issue_then_wait)
    barrier = threading.Barrier(3)
    answers: list[dict[str, Any]] = []
    errors: list[BaseException] = []

    def finalize() -> None:
        try:
            barrier.wait()
            answers.append(run("bill", "--employer", KENDARI, "--period", "2019-04", "--finalize"))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=finalize) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(answers) == 3
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["state"] == BillState.FINAL
    bill = Bill.objects.get(employer__npp=KENDARI, period="2019-04")
    assert bill.payment_code == answers[0]["payment_code"]
    assert bill.history.filter(history_type="+").count() == 1
