"""A read-only viewer changes nothing: every write of the API (from its OpenAPI schema) and of
the pages is refused, and it gets no member cards and no import error report (full NIKs)."""

import json
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from payung.accounts.models import ApiToken
from payung.billing.models import Bill, Payment, PaymentVoid
from payung.billing.services import issue_bills
from payung.claims.models import Claim
from payung.documents.models import DocumentBatch
from payung.employers.models import Employer, WorkUnit
from payung.imports.models import ImportRun
from payung.imports.runs import RunRequest, upload_and_check
from payung.workers.models import Employment

pytestmark = pytest.mark.django_db

VIEWER = "pimpinan"
READS_BY_POST = {"/api/workers/search", "/api/claims/assess"}
"""POST operations that only read (a search with the query in the body)."""


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def kendari():
    return Employer.objects.get(npp="74710001")


@pytest.fixture
def checked_run(media_root, kendari, user_named) -> ImportRun:
    """A roster Kendari's officer uploaded and checked, with an error report, not yet applied."""
    content = b"nik,nama\r\n7471014509880001,Sitti Uji\r\n12345,Salah\r\n"
    return upload_and_check(
        actor=user_named("kendari"),
        request=RunRequest(employer=kendari, on=date(2026, 1, 1)),
        upload=SimpleUploadedFile("daftar.csv", content, content_type="text/csv"),
    )


def _rows() -> int:
    """Rows in every table of the register (sessions aside)."""
    return sum(
        model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions"} and not model._meta.proxy
    )


def _write_calls(kendari: Employer, run: ImportRun) -> dict[str, dict[str, Any]]:
    """For each write operation of the API, a request that a writer in scope could make."""
    bill = Bill.objects.filter(employer=kendari).earliest("period")
    claims = {c.state: c.pk for c in Claim.objects.filter(is_synthetic=True).order_by("pk")}
    draft, submitted, verified = claims["draft"], claims["submitted"], claims["verified"]
    claim_worker = Claim.objects.get(pk=draft).worker_id
    employment = Employment.objects.filter(employer=kendari, end_date__isnull=True).earliest("pk")
    worker = employment.worker
    damkar = WorkUnit.objects.get(employer=kendari, code="DAMKAR")
    satpol = WorkUnit.objects.get(employer=kendari, code="SATPOLPP")
    payment = Payment.objects.filter(employer=kendari).earliest("pk")
    draft_bill = issue_bills(employer=kendari, period="2026-11")
    pending = PaymentVoid.objects.create(
        payment=Payment.objects.filter(employer=kendari).latest("pk"), reason="Uji"
    )
    return {
        "/api/enrollments/workers": {
            "data": {
                "nik": "7471014509880001",
                "name": "Sitti Uji",
                "birth_date": "1988-09-05",
                "sex": "P",
                "employer": kendari.pk,
                "unit": damkar.pk,
                "start": "2026-01-01",
            }
        },
        "/api/enrollments/workers/{worker_id}/move": {
            "path": {"worker_id": worker.pk},
            "data": {
                "employment": employment.pk,
                "to_employer": kendari.pk,
                "to_unit": satpol.pk if employment.unit_id != satpol.pk else damkar.pk,
                "on": "2026-07-01",
            },
        },
        "/api/enrollments/workers/{worker_id}/end": {
            "path": {"worker_id": worker.pk},
            "data": {"employment": employment.pk, "on": "2026-07-01", "reason": "other"},
        },
        "/api/enrollments/workers/{worker_id}/death": {
            "path": {"worker_id": worker.pk},
            "data": {"died_on": "2026-07-01"},
        },
        "/api/workers/{worker_id}/identity": {
            "path": {"worker_id": worker.pk},
            "data": {
                "name": "Nama Baru",
                "birth_date": worker.birth_date.isoformat(),
                "sex": worker.sex,
            },
        },
        "/api/workers/{worker_id}/wages": {
            "path": {"worker_id": worker.pk},
            "data": {"employer": kendari.pk, "amount": "3000000", "start": "2026-07-01"},
        },
        "/api/employers": {
            "data": {"kind": "regency_government", "region": "74.15", "name": "Pemkab Uji"}
        },
        "/api/employers/{employer_id}": {
            "path": {"employer_id": kendari.pk},
            "data": {"kind": kendari.kind, "region": "74.71", "name": "Nama Baru"},
        },
        "/api/units": {"data": {"employer": kendari.pk, "code": "UJI", "name": "Unit Uji"}},
        "/api/units/{unit_id}": {
            "path": {"unit_id": damkar.pk},
            "data": {"code": "DAMKAR", "name": "Nama Baru", "risk_class": "high"},
        },
        "/api/claims/": {
            "data": {"worker": claim_worker, "event": "jkm-death", "date": "2026-11-01"}
        },
        "/api/claims/{claim_id}/submit": {"path": {"claim_id": draft}},
        "/api/claims/{claim_id}/heirs": {
            "path": {"claim_id": draft},
            "data": {"name": "Uji", "relation": "spouse"},
        },
        "/api/claims/{claim_id}/documents": {
            "path": {"claim_id": draft},
            "data": {"kind": "ktp", "received_on": "2026-11-30"},
        },
        "/api/claims/{claim_id}/stage-two": {
            "path": {"claim_id": draft},
            "data": {"outcome": "recovered", "doctor_statement_date": "2026-11-30"},
        },
        "/api/claims/{claim_id}/accident-status": {
            "path": {"claim_id": submitted},
            "data": {"decision": "accepted", "decided_on": "2026-11-30"},
        },
        "/api/claims/{claim_id}/verify": {"path": {"claim_id": submitted}},
        "/api/claims/{claim_id}/reject": {
            "path": {"claim_id": submitted},
            "data": {"reason": "Uji"},
        },
        "/api/claims/{claim_id}/approve": {"path": {"claim_id": verified}},
        # no demo claim is approved: the verified one stands in (refused for its state too)
        "/api/claims/{claim_id}/pay": {
            "path": {"claim_id": verified},
            "data": {
                "paid_on": "2026-11-30",
                "amount": "1000",
                "account_name": "Uji",
                "account_number": "1",
            },
        },
        "/api/billing/bills": {"data": {"employer": "74710001", "period": "2019-02"}},
        "/api/billing/bills/{bill_id}/finalize": {"path": {"bill_id": bill.pk}},
        "/api/billing/bills/{bill_id}/discard": {
            "path": {"bill_id": draft_bill.pk},
            "data": {"reason": "Uji"},
        },
        "/api/billing/payments/{payment_id}/void": {
            "path": {"payment_id": payment.pk},
            "data": {"reason": "Uji"},
        },
        "/api/billing/voids/{void_id}/approve": {"path": {"void_id": pending.pk}},
        "/api/billing/payments": {
            "data": {
                "employer": "74710001",
                "amount": "1000",
                "date": "2019-02-01",
                "reference": "UJI-PIMPINAN",
            }
        },
        "/api/documents/employers/{employer_id}/certificates": {
            "path": {"employer_id": kendari.pk}
        },
        "/api/documents/employers/{employer_id}/card-batches": {
            "path": {"employer_id": kendari.pk},
            "data": {},
        },
        "/api/imports/runs": {
            "multipart": {
                "employer": kendari.pk,
                "on": "2026-01-01",
                "file": SimpleUploadedFile("d.csv", b"nik,nama\r\n7471014509880001,Uji\r\n"),
            }
        },
        "/api/imports/runs/{run_id}/confirm": {"path": {"run_id": run.pk}},
        "/api/outreach/activities": {
            "data": {"region": "74.71", "date": "2018-11-01", "kind": "call"}
        },
        "/api/outreach/agreements": {
            "data": {
                "region": "74.71",
                "signed_on": "2018-11-01",
                "parties": "Uji",
                "workers_planned": 10,
                "budget_year": 2019,
            }
        },
    }


def test_viewer_is_refused_every_write_of_the_api(client, user_named, kendari, checked_run):
    """Every POST/PUT/PATCH/DELETE operation of the schema, called by the viewer with a request
    a writer could make, is refused (4xx) and changes no row. A new write operation fails this
    test until it is given a request here."""
    _, raw = ApiToken.issue(user=user_named(VIEWER), name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    schema = client.get("/api/openapi.json", **headers).json()
    writes = {
        (path, method)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"post", "put", "patch", "delete"} and path not in READS_BY_POST
    }
    calls = _write_calls(kendari, checked_run)
    assert {path for path, _ in writes} == set(calls)
    for path, method in sorted(writes):
        call = calls[path]
        url = path.format(**call.get("path", {}))
        before = _rows()
        if "multipart" in call:
            response = client.post(url, call["multipart"], **headers)
        else:
            response = client.generic(
                method.upper(),
                url,
                data=json.dumps(call.get("data", {})),
                content_type="application/json",
                **headers,
            )
        assert 400 <= response.status_code < 500, (path, response.status_code)
        assert response.status_code != 422, (path, response.content)  # refused, not malformed
        assert _rows() == before, path


def test_viewer_is_refused_every_write_of_the_pages(client, user_named, kendari, checked_run):
    """The pages' forms that change something refuse the viewer and change no row."""
    client.force_login(user_named(VIEWER))
    bill = Bill.objects.filter(employer=kendari).earliest("period")
    worker = (
        Employment.objects.filter(employer=kendari, end_date__isnull=True).earliest("pk").worker
    )
    posts = [
        (reverse("worker_identity", args=[worker.pk]), {"name": "X", "sex": "L"}),
        (reverse("worker_death", args=[worker.pk]), {"died_on": "2026-07-01", "confirmed": "1"}),
        (reverse("worker_wage", args=[worker.pk]), {"amount": "1", "start": "2026-07-01"}),
        (reverse("add_worker", args=[kendari.pk]), {"nik": "7471014509880001", "name": "X"}),
        (reverse("new_employer"), {"kind": "city_government", "region": "74.71", "name": "X"}),
        (reverse("new_unit", args=[kendari.pk]), {"code": "X", "name": "X"}),
        (reverse("documents:issue_certificate", args=[kendari.pk]), {}),
        (reverse("documents:request_cards", args=[kendari.pk]), {}),
        (reverse("billing:issue", args=[kendari.pk]), {"period": "2019-02"}),
        (reverse("billing:finalize", args=[bill.pk]), {}),
        (
            reverse("billing:pay", args=[kendari.pk]),
            {"amount": "1000", "date": "2019-02-01", "reference": "UJI"},
        ),
        (reverse("imports:upload"), {"employer": kendari.pk}),
        (reverse("imports:confirm", args=[checked_run.pk]), {}),
        (
            reverse("outreach:add_activity", args=["74.71"]),
            {"date": "2018-11-01", "kind": "call", "group": "non_asn"},
        ),
        (
            reverse("outreach:add_agreement", args=["74.71"]),
            {
                "group": "non_asn",
                "kind": "mou",
                "parties": "Uji",
                "signed_on": "2018-11-01",
                "programs": "jkk,jkm",
                "workers_planned": "10",
                "budget_year": "2019",
            },
        ),
        (
            reverse("outreach:add_target", args=["74.71"]),
            {"group": "non_asn", "head_count": "10", "source": "Uji", "as_of": "2018-11-01"},
        ),
    ]
    for url, data in posts:
        before = _rows()
        client.post(url, data)
        assert _rows() == before, url
    assert not DocumentBatch.objects.exists()
    checked_run.refresh_from_db()
    assert checked_run.state == "checked"
    # The same forms are valid: Kendari's officer changes the register with them.
    client.force_login(user_named("kendari"))
    for url, data in posts[8:9] + posts[-3:]:
        before = _rows()
        client.post(url, data)
        assert _rows() > before, url


def test_viewer_gets_no_member_cards(client, user_named, kendari):
    """Cards are printed by officers: the viewer gets 403 from the page and the API, and the
    documents page offers it no card download (before: the batch was queued, 202)."""
    unit = WorkUnit.objects.get(employer=kendari, code="SDA")
    client.force_login(user_named(VIEWER))
    assert client.get(reverse("documents:cards_pdf", args=[kendari.pk])).status_code == 403
    assert client.post(reverse("documents:request_cards", args=[kendari.pk])).status_code == 403
    api = f"/api/documents/employers/{kendari.pk}"
    assert client.get(f"{api}/cards?unit={unit.pk}").status_code == 403
    queued = client.post(f"{api}/card-batches", {}, content_type="application/json")
    assert queued.status_code == 403
    page = client.get(reverse("documents:employer", args=[kendari.pk])).content.decode()
    assert 'id="cards-read-only"' in page
    assert reverse("documents:cards_pdf", args=[kendari.pk]) not in page
    client.force_login(user_named("kendari"))
    assert client.get(f"{api}/cards?unit={unit.pk}").status_code == 200


def test_viewer_gets_no_error_report(client, user_named, checked_run):
    """The error report repeats the file's full NIKs: not for the viewer (page, link, API)."""
    assert checked_run.error_report
    report = reverse("imports:report", args=[checked_run.pk])
    client.force_login(user_named(VIEWER))
    assert client.get(report).status_code == 403
    assert report not in client.get(reverse("imports:run", args=[checked_run.pk])).content.decode()
    assert report not in client.get(reverse("imports:history")).content.decode()
    assert client.get(f"/api/imports/runs/{checked_run.pk}").json()["error_report_url"] is None
    client.force_login(user_named("kendari"))
    assert client.get(report).status_code == 200
    assert report in client.get(reverse("imports:history")).content.decode()
    assert client.get(f"/api/imports/runs/{checked_run.pk}").json()["error_report_url"] == report
