"""The billing CLI, API and pages, and the PDF/xlsx documents, on the demo's bills."""

import io
import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from payung.billing.exports import in_words
from payung.billing.models import Bill, BillState
from payung.billing.selectors import employer_statement
from payung.employers.models import Employer

pytestmark = pytest.mark.django_db
BILL_KEYS = {"employer", "period", "state", "participants", "lines", "total", "payment_code"}


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def client_for(user_named, name: str) -> Client:
    client = Client()
    client.force_login(user_named(name))
    return client


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_cli_bill_issues_and_finalizes_with_the_contract_keys() -> None:
    draft = run("bill", "--employer", "74.71", "--period", "2019-01")
    assert set(draft) >= BILL_KEYS
    assert draft["employer"] == "74710001"
    assert draft["state"] == "draft"
    assert draft["payment_code"] is None
    final = run("bill", "--employer", "74710001", "--period", "2019-01", "--finalize")
    assert final["state"] == "final"
    assert final["payment_code"] == "74710001201901"
    # JKK and JKM per participant, and the late fee of November 2018 (paid 3 January 2019).
    assert final["lines"] == 2 * final["participants"] + 1
    again = run("bill", "--employer", "74710001", "--period", "2019-01", "--finalize")
    assert again == final


def test_cli_refusals_exit_with_status_2() -> None:
    with pytest.raises(CommandError) as refused:
        call_command("bill", "--employer", "74.71", "--period", "2019-13")
    assert refused.value.returncode == 2
    assert "invalid_period" in str(refused.value)
    with pytest.raises(CommandError):
        call_command("bill", "--employer", "nope", "--period", "2019-01")


def test_cli_pay_and_arrears() -> None:
    before = run("arrears", "--region", "74", "--on", "2019-01-31")
    npps = {row["employer"] for row in before["employers"]}
    assert "74110001" in npps
    oct_bill = Bill.objects.get(employer__npp="74110001", period="2018-10")
    paid = run(
        "pay",
        "--employer",
        "74.11",
        "--amount",
        str(int(oct_bill.total)),
        "--date",
        "2019-01-20",
        "--reference",
        "TEST-1",
    )
    assert paid["allocations"][0]["period"] == "2018-10"
    assert paid["allocations"][0]["months_late"] == 3
    assert Decimal(paid["allocations"][0]["late_fee"]) == (
        oct_bill.total * Decimal("0.06")
    ).quantize(Decimal(1), "ROUND_DOWN")
    after = run("arrears", "--region", "74.11", "--on", "2019-01-31")
    periods = [b["period"] for b in after["employers"][0]["bills"]]
    assert periods == ["2018-11", "2018-12"] or periods == ["2018-11"]


def test_bill_pdf_has_the_total_in_indonesian_words(tmp_path: Path) -> None:
    assert in_words(Decimal(10800)) == "sepuluh ribu delapan ratus rupiah"
    bill = Bill.objects.get(employer__npp="74000001", period="2018-10")
    from payung.billing.exports import bill_pdf

    text = pdf_text(bill_pdf(bill), tmp_path)
    assert "Pemerintah Provinsi Sulawesi Tenggara" in text
    assert "sepuluh juta lima ratus lima puluh satu ribu enam ratus rupiah" in text.lower()
    assert "Rp10.551.600" in text
    assert "PP 44/2015 Pasal 16 dan Lampiran I: JKK 0,24% untuk risiko sangat rendah" in text
    assert "contributions/" not in text


def test_statement_pdf_and_xlsx(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    from payung.billing.exports import statement_pdf, statement_xlsx

    employer = Employer.objects.get(npp="74110001")
    statement = employer_statement(employer=employer, on=date(2019, 3, 1))
    text = pdf_text(statement_pdf(statement), tmp_path)
    assert "Kolaka Timur" in text
    assert "Oktober 2018" in text
    assert "Desember 2018" in text
    assert statement.owed == sum(
        (b.total for b in Bill.objects.filter(employer=employer)), Decimal(0)
    )
    assert statement.fees > 0
    path = tmp_path / "s.xlsx"
    path.write_bytes(statement_xlsx(statement))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Tagihan").to_python()
    assert rows[0][0] == "periode"
    assert [r[0] for r in rows[1:4]] == [
        "2018-10",
        "2018-11",
        "2018-12",
    ]


def test_api_issue_finalize_pay_and_read(user_named) -> None:
    client = client_for(user_named, "cabang")
    made = client.post(
        "/api/billing/bills",
        {"employer": "74000001", "period": "2019-01", "finalize": True},
        content_type="application/json",
    )
    assert made.status_code == 200, made.content
    body = made.json()
    assert body["state"] == "final"
    assert body["total"] == str(977 * 10800)
    detail = client.get(f"/api/billing/bills/{body['id']}").json()
    assert detail["programs"][0]["lines"] == 977
    assert detail["explanations"][0]["parameters"]
    paid = client.post(
        "/api/billing/payments",
        {"employer": "74000001", "amount": "20000000", "date": "2019-02-01", "reference": "X9"},
        content_type="application/json",
    )
    assert paid.status_code == 200
    assert paid.json()["credit"] == str(20000000 - 977 * 10800)
    assert client.get("/api/billing/arrears?region=74&on=2019-01-31").status_code == 200
    statement = client.get("/api/billing/statement?employer=74000001&on=2019-03-01").json()
    assert statement["owed"] == "0"
    assert statement["credit"] == paid.json()["credit"]
    schema = client.get("/api/openapi.json").json()
    assert "/api/billing/bills" in schema["paths"]


def test_api_refuses_viewers_and_unit_operators(user_named) -> None:
    for name in ("pimpinan", "damkar"):
        response = client_for(user_named, name).post(
            "/api/billing/bills",
            {"employer": "74000001", "period": "2019-01"},
            content_type="application/json",
        )
        assert response.status_code in (403, 404), name
    bill = Bill.objects.get(employer__npp="74000001", period="2018-10")
    assert client_for(user_named, "damkar").get(f"/api/billing/bills/{bill.pk}").status_code == 404
    kendari = client_for(user_named, "kendari")
    assert kendari.get(f"/api/billing/bills/{bill.pk}").status_code == 404


def test_pages_show_bills_arrears_and_paid_through(user_named) -> None:
    client = client_for(user_named, "cabang")
    employer = Employer.objects.get(npp="74000001")
    page = client.get(reverse("billing:employer_bills", args=[employer.pk]))
    assert page.status_code == 200
    assert "74000001201810" in page.content.decode()
    bill = Bill.objects.get(employer=employer, period="2018-10")
    detail = client.get(reverse("billing:bill", args=[bill.pk])).content.decode()
    assert "contributions/" not in detail
    assert "PP 44/2015 Pasal 16 dan Lampiran I: JKK 0,24% untuk risiko sangat rendah" in detail
    assert "Rp10.551.600" in detail
    arrears = client.get(reverse("billing:arrears", args=["74"]) + "?on=2019-01-31")
    assert "Kolaka Timur" in arrears.content.decode()
    pdf = client.get(reverse("billing:bill_pdf", args=[bill.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    xlsx = client.get(reverse("billing:statement", args=[employer.pk, "xlsx"]))
    assert xlsx.status_code == 200
    issued = client.post(reverse("billing:issue", args=[employer.pk]), {"period": "2019-02"})
    assert issued.status_code == 302
    assert Bill.objects.get(employer=employer, period="2019-02").state == BillState.DRAFT


def test_worker_page_shows_the_paid_through_month(user_named) -> None:
    from payung.workers.models import Worker

    client = client_for(user_named, "cabang")
    paid = Worker.objects.filter(employments__employer__npp="74010001").first()
    unpaid = Worker.objects.filter(employments__employer__npp="74110001").first()
    assert paid is not None
    assert unpaid is not None
    page = client.get(reverse("worker", args=[paid.pk])).content.decode()
    assert '<dd id="paid-through">2018-12</dd>' in page
    page = client.get(reverse("worker", args=[unpaid.pk])).content.decode()
    assert '<dd id="paid-through">—</dd>' in page
