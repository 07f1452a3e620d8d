"""A client generated with openapi-python-client from /api/openapi.json reads every GET operation.

The schema is fetched from a live server, the client generated into a temporary folder and
imported, and each read operation called through it with a bearer token, as a client written
against the published schema would. Every answer must parse into the client's typed models
(attrs classes, not dicts), with no key the schema does not declare, and PDFs as files. A GET
operation added to the API without an entry here fails the test.
"""

import importlib
import json
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from payung.accounts.models import ApiToken
from payung.billing.models import Bill, BillState
from payung.claims.models import Claim
from payung.documents import services as documents
from payung.documents.tokens import certificate_token
from payung.employers.models import Employer, WorkUnit
from payung.imports.runs import RunRequest, upload_and_check
from payung.imports.tests.web_support import KENDARI_NPP, upload, valid_and_bad
from payung.workers.models import Employment

pytestmark = pytest.mark.django_db(transaction=True)

PACKAGE = "payung_api_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"
CONFIG = """\
content_type_overrides:
  application/pdf: application/octet-stream
post_hooks: []
"""
DAY = date(2018, 10, 31)


@pytest.fixture
def generated(live_server: Any, tmp_path: Path) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The client package generated from the live server's schema, and that schema."""
    with urllib.request.urlopen(f"{live_server.url}/api/openapi.json") as answer:
        schema = json.load(answer)
    (tmp_path / "openapi.json").write_text(json.dumps(schema))
    (tmp_path / "config.yaml").write_text(CONFIG)
    target = tmp_path / "generated"
    target.mkdir()
    command = [str(GENERATOR), "generate", "--path", str(tmp_path / "openapi.json")]
    command += ["--config", str(tmp_path / "config.yaml"), "--meta", "none"]
    command += ["--output-path", str(target / PACKAGE)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout, run.stdout  # e.g. an answer the generator left out
    sys.path.insert(0, str(target))
    try:
        yield importlib.import_module(PACKAGE), schema
    finally:
        sys.path.remove(str(target))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]
        shutil.rmtree(target, ignore_errors=True)


@pytest.fixture
def facts(browser_demo: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """Ids of things to read: a final bill, a claim, a certificate, a card batch, an import."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    employer = Employer.objects.get(npp=KENDARI_NPP)
    bill = Bill.objects.filter(employer=employer).exclude(state=BillState.DRAFT).first()
    employment = Employment.objects.filter(employer=employer).order_by("pk").first()
    certificate = documents.issue_certificate(employer=employer, actor=admin, on=DAY)
    batch = documents.request_card_batch(employer=employer, unit=None, on=DAY, actor=admin)
    request = RunRequest(
        employer=employer,
        unit=None,
        on=DAY,
        mode="add",
        programs=("jkk", "jkm"),
        all_or_nothing=False,
    )
    run = upload_and_check(actor=admin, request=request, upload=upload(valid_and_bad()))
    assert bill is not None
    assert employment is not None
    _, token = ApiToken.issue(user=admin, name="generated client")
    return {
        "token": token,
        "employer": employer,
        "unit": WorkUnit.objects.filter(employer=employer).first(),
        "bill": bill,
        "worker": employment.worker_id,
        "claim": Claim.objects.order_by("pk").first(),
        "certificate": certificate,
        "batch": batch,
        "run": run,
    }


def arguments(facts: dict[str, Any]) -> dict[str, Callable[[], dict[str, Any]]]:
    """Each GET operation's arguments, by operation id."""
    employer, bill = facts["employer"], facts["bill"]
    wage = "3000000"
    return {
        "list_regions": lambda: {"parent": "74"},
        "get_region": lambda: {"code": "74.71"},
        "list_employers": lambda: {"region": "74.71"},
        "get_employer": lambda: {"employer_id": employer.pk},
        "list_units": lambda: {"employer": employer.pk},
        "get_unit": lambda: {"unit_id": facts["unit"].pk},
        "list_workers": lambda: {"limit": 5},
        "get_worker": lambda: {"worker_id": facts["worker"]},
        "list_enrollments": lambda: {"employer": employer.pk, "limit": 5},
        "get_coverage": lambda: {"code": "74", "on": DAY},
        "list_reported_figures": lambda: {"region": "74.71"},
        "calculate_contribution": lambda: {
            "wage": wage,
            "programs": "jkk,jkm",
            "on": DAY,
            "risk": "very_low",
        },
        "calculate_jkm_benefit": lambda: {"death_date": DAY},
        "calculate_jkk_death_benefit": lambda: {"wage": wage, "accident_date": DAY},
        "calculate_stmb": lambda: {"wage": wage, "accident_date": DAY, "months": 3},
        "simulate_cost": lambda: {
            "workers": 10,
            "wage": wage,
            "programs": "jkk,jkm",
            "year": 2018,
            "risk": "very_low",
        },
        "list_import_runs": lambda: {"employer": employer.pk},
        "get_import_run": lambda: {"run_id": facts["run"].pk},
        "list_bills": lambda: {"employer": KENDARI_NPP, "limit": 5},
        "get_bill": lambda: {"bill_id": bill.pk},
        "list_bill_lines": lambda: {"bill_id": bill.pk, "limit": 5},
        "get_bill_pdf": lambda: {"bill_id": bill.pk},
        "list_payments": lambda: {"employer": KENDARI_NPP},
        "get_arrears": lambda: {"region": "74", "on": date(2026, 12, 1)},
        "get_statement": lambda: {"employer": KENDARI_NPP, "on": date(2026, 12, 1)},
        "list_certificates": lambda: {"employer_id": employer.pk},
        "get_certificate_pdf": lambda: {"certificate_id": facts["certificate"].pk},
        "get_cards_pdf": lambda: {"employer_id": employer.pk, "on": DAY, "worker": facts["worker"]},
        "get_card_batch": lambda: {"batch_id": facts["batch"].pk},
        "verify_document": lambda: {
            "token": certificate_token(certificate_id=facts["certificate"].pk)
        },
        "get_outreach_pipeline": lambda: {"region": "74"},
        "get_outreach_timeline": lambda: {"code": "74.71"},
        "list_outreach_reminders": lambda: {"on": date(2026, 12, 1)},
        "list_claims": lambda: {"region": "74"},
        "list_overdue_claims": lambda: {},
        "get_region_claims": lambda: {"code": "74"},
        "get_claim": lambda: {"claim_id": facts["claim"].pk},
    }


def undeclared_keys(value: Any, where: str = "") -> list[str]:
    """Keys of the answer that no model declares (an object schema with named properties
    keeps the others in `additional_properties`; a map schema has only those)."""
    if isinstance(value, list):
        return [
            key for i, item in enumerate(value) for key in undeclared_keys(item, f"{where}[{i}]")
        ]
    if not attrs.has(type(value)):
        return []
    declared = [f.name for f in attrs.fields(type(value)) if f.name != "additional_properties"]
    extra = getattr(value, "additional_properties", {})
    found = [f"{where}.{key}" for key in extra] if declared else []
    for name in declared:
        found += undeclared_keys(getattr(value, name), f"{where}.{name}")
    for key, item in extra.items():
        found += undeclared_keys(item, f"{where}.{key}")
    return found


def test_a_generated_client_reads_every_get_operation_into_typed_models(
    generated: tuple[Any, dict[str, Any]], facts: dict[str, Any], live_server: Any
) -> None:
    """Every GET operation of the schema, called through the generated client, answers 200
    with a typed model (or a PDF file), each key of the answer declared by the schema."""
    package, schema = generated
    types = importlib.import_module(f"{PACKAGE}.types")
    client = importlib.import_module(PACKAGE).AuthenticatedClient(
        base_url=live_server.url, token=facts["token"], raise_on_unexpected_status=True
    )
    operations = {
        operation["operationId"]: operation["tags"][0]
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method == "get"
    }
    calls = arguments(facts)
    assert sorted(calls) == sorted(operations), "every GET operation needs its arguments here"
    reached = []
    for operation_id, tag in sorted(operations.items()):
        module = importlib.import_module(f"{PACKAGE}.api.{tag}.{operation_id}")
        response = module.sync_detailed(client=client, **calls[operation_id]())
        assert response.status_code == 200, (operation_id, response.content[:500])
        parsed = response.parsed
        if isinstance(parsed, types.File):
            assert parsed.payload.read(5) == b"%PDF-", operation_id
        else:
            for item in parsed if isinstance(parsed, list) else [parsed]:
                assert attrs.has(type(item)), (operation_id, type(item))
                declared = [f.name for f in attrs.fields(type(item))]
                assert set(declared) - {"additional_properties"}, f"{operation_id}: untyped"
                assert type(item).__name__ not in {"ApiRefused", "RuleErrorOut"}, operation_id
            assert undeclared_keys(parsed) == [], operation_id
        reached.append(operation_id)
    assert len(reached) == len(operations) > 30
    assert package is not None
