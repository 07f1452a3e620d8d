"""The claims API: assess, file, the workflow and lists, within the caller's scope."""

import json

import pytest
from django.test import Client

from .helpers import second_branch_officer, worker_of

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_assess_answers_the_cli_contract(user_named):
    """POST /api/claims/assess gives the same object as `payung claims assess --json`."""
    nik = worker_of("74710001").nik
    response = post(
        client_of(user_named("kendari")),
        "/api/claims/assess",
        {"nik": nik, "event": "jkk-death", "date": "2019-12-01", "children": 1},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["covered"] is True
    assert data["employer"]["npp"] == "74710001"
    assert data["benefit"]["total"] == 48 * data["wage"] + 4800000 + 3000000 + 12000000


def test_assess_outside_scope_is_not_found(user_named):
    """Damkar's operator cannot assess a Satpol PP worker."""
    nik = worker_of("74710001", "SATPOLPP").nik
    response = post(
        client_of(user_named("damkar")),
        "/api/claims/assess",
        {"nik": nik, "event": "jkm-death", "date": "2019-12-01"},
    )
    assert response.status_code == 404


def test_file_and_walk_the_workflow(user_named):
    """File, submit, receive documents, verify, approve (another officer), pay, list."""
    kendari, cabang = client_of(user_named("kendari")), client_of(user_named("cabang"))
    second = client_of(second_branch_officer())
    worker = worker_of("74710001")
    filed = post(
        kendari, "/api/claims/", {"worker": worker.pk, "event": "jkm-death", "date": "2019-12-02"}
    )
    assert filed.status_code == 201, filed.content
    claim = filed.json()
    url = f"/api/claims/{claim['id']}"
    assert claim["benefit_total"] == 42000000
    assert post(kendari, f"{url}/heirs", {"name": "Istri", "relation": "spouse"}).status_code == 200
    assert post(kendari, f"{url}/submit").status_code == 200
    for document in claim["documents"]:
        body = {"kind": document["kind"], "received_on": "2019-12-05"}
        assert post(kendari, f"{url}/documents", body).status_code == 200
    assert post(cabang, f"{url}/verify").status_code == 200
    refused = post(cabang, f"{url}/approve")
    assert refused.status_code == 400
    assert refused.json()["code"] == "four_eyes"
    assert post(second, f"{url}/approve").status_code == 200
    paid = post(
        cabang,
        f"{url}/pay",
        {
            "paid_on": "2019-12-20",
            "amount": "42000000",
            "account_name": "Istri",
            "account_number": "01",
        },
    )
    assert paid.status_code == 200, paid.content
    assert paid.json()["state"] == "paid"
    listed = cabang.get("/api/claims/", {"region": "74.71", "state": "paid"}).json()
    assert claim["id"] in [row["id"] for row in listed["claims"]]
    summary = cabang.get("/api/claims/regions/74.71").json()
    assert summary["paid"] >= 1
    assert summary["paid_amount"] >= 42000000
    assert summary["median_days_to_payment"] is not None
    # the province officer above Kendari sees it
    assert client_of(user_named("provinsi")).get(url).status_code == 200


def test_children_levels_and_the_status_decision_through_the_api(user_named):
    """File a JKK death with a child in SMA; assess answers per child; the branch office
    records BPJS's decision after submission, the employer may not."""
    worker = worker_of("74710001")
    kendari = client_of(user_named("kendari"))
    assessed = post(
        kendari,
        "/api/claims/assess",
        {
            "nik": worker.nik,
            "event": "jkk-death",
            "date": "2020-01-06",
            "children_levels": ["senior_secondary", "higher_education"],
        },
    ).json()
    scholarship = [line["amount"] for line in assessed["benefit"]["lines"]]
    assert scholarship[-2:] == [69000000, 60000000]
    filed = post(
        kendari,
        "/api/claims/",
        {
            "worker": worker.pk,
            "event": "jkk-death",
            "date": "2020-01-06",
            "children": 1,
            "children_levels": ["senior_secondary"],
        },
    )
    assert filed.status_code == 201, filed.content
    claim = filed.json()
    assert claim["children_levels"] == ["senior_secondary"]
    assert claim["accident_status"]["decision"] == ""
    post(kendari, f"/api/claims/{claim['id']}/submit")
    body = {"decision": "accepted", "decided_on": "2020-01-20", "note": "B/1/2020"}
    refused = post(kendari, f"/api/claims/{claim['id']}/accident-status", body)
    assert refused.status_code == 400
    assert refused.json()["code"] == "branch_office_only"
    done = post(client_of(user_named("cabang")), f"/api/claims/{claim['id']}/accident-status", body)
    assert done.status_code == 200, done.content
    assert done.json()["accident_status"]["decision"] == "accepted"
    assert done.json()["accident_status"]["recorded_by"] == "cabang"
