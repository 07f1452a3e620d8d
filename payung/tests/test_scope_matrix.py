"""The scope matrix: every page and every API operation, by every role, on objects outside the
role's scope — built from the URL resolver and the OpenAPI schema, so a new endpoint is in the
matrix the day it is added (an endpoint whose parameters the matrix cannot fill fails the test
until `FILL` learns them).

Outside every demo role's scope lies a small world in Kota Makassar (73.71, Sulawesi Selatan): an
employer, a unit, a worker with a wage and enrolments, a final bill and a payment, an import run,
a certificate, a card batch, outreach records, each named with the marker `ZZLUAR`. For each
route and role, with the route's parameters pointing at that world:
- no response is a server error, and no response (read or write) shows the marker;
- an object route answers 403/404 (or sends the anonymous visitor to log in);
- nothing in that world changes (a digest of its rows before and after each write).
The same holds for the nearer neighbours: Pemkab Konawe for the Kendari officer and the Damkar
operator, and Pemkot Kendari's Satpol PP unit for the Damkar operator.
"""

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db.models import Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from payung.accounts.models import ApiToken
from payung.api import api
from payung.billing.models import Bill, Payment, PaymentVoid
from payung.billing.services import finalize_bill, issue_bills, record_payment
from payung.claims.models import Claim, ClaimDocument, Heir
from payung.coverage.models import ReportedFigure
from payung.documents.models import Certificate, DocumentBatch
from payung.documents.services import issue_certificate
from payung.employers.models import Employer, EmployerKind, WorkUnit
from payung.enrollments.models import Enrollment
from payung.imports.models import ImportRun
from payung.outreach.models import Activity, Agreement
from payung.regions.models import Level, Region
from payung.workers.models import Employment, Sex, Wage, Worker
from payung.workers.nik import make_nik

pytestmark = pytest.mark.django_db

MARKER = "ZZLUAR"
ROLES = ("cabang", "provinsi", "kendari", "damkar", "pimpinan", None)  # None: anonymous
TODAY = date(2026, 11, 2)

# Answers that keep an object outside the scope out of sight; a write may also be refused for
# its body (400, 409, 422) — what matters then is that nothing changed, which is checked too.
HIDDEN = {401, 403, 404, 405}
REFUSED_WRITE = {400, 409, 422}


@dataclass
class World:
    """The objects a route's parameters can point at."""

    region: str
    employer: Employer
    unit: WorkUnit
    worker: Worker
    bill: Bill
    run: ImportRun
    certificate: Certificate
    batch: DocumentBatch
    activity: Activity
    agreement: Agreement
    claim: Claim
    unit_only: bool = False  # only the unit's objects are outside (its employer is not)

    def outside(self, kind: str) -> bool:
        """Whether a parameter of this kind points outside the role's scope."""
        return not (self.unit_only and kind in EMPLOYER_LEVEL)

    def digest(self) -> str:
        """The rows of what this world's routes point at, hashed: a change changes the digest."""
        worker, unit, employer = self.worker, self.unit, self.employer
        rows: list[Any] = [
            list(WorkUnit.objects.filter(pk=unit.pk).values()),
            list(Worker.objects.filter(pk=worker.pk).values()),
            list(Employment.objects.filter(worker=worker).values()),
            list(Wage.objects.filter(worker=worker).values()),
            list(Enrollment.objects.filter(worker=worker).values()),
            list(Claim.objects.filter(worker=worker).values()),
            list(Heir.objects.filter(claim__worker=worker).values()),
            list(ClaimDocument.objects.filter(claim__worker=worker).values()),
            list(ImportRun.objects.filter(unit=unit).values()),
            list(DocumentBatch.objects.filter(unit=unit).values()),
        ]
        if not self.unit_only:
            region = Q(region__code__startswith=self.region)
            rows += [
                list(Employer.objects.filter(pk=employer.pk).values()),
                list(Bill.objects.filter(employer=employer).values()),
                list(Payment.objects.filter(employer=employer).values()),
                list(ImportRun.objects.filter(employer=employer).values()),
                list(Certificate.objects.filter(employer=employer).values()),
                list(DocumentBatch.objects.filter(employer=employer).values()),
                list(Activity.objects.filter(region).values()),
                list(Agreement.objects.filter(region).values()),
            ]
        return _hash(rows)


def _hash(rows: list[Any]) -> str:
    text = json.dumps(rows, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _admin() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


def _makassar() -> World:
    """The world outside every demo role: Kota Makassar, with one of everything."""
    Region.objects.get_or_create(
        code="73", defaults={"level": Level.PROVINCE, "name": "Sulawesi Selatan"}
    )
    Region.objects.get_or_create(
        code="73.71", defaults={"parent_id": "73", "level": Level.CITY, "name": "Kota Makassar"}
    )
    employer = Employer.objects.create(
        kind=EmployerKind.CITY,
        region_id="73.71",
        name=f"Pemerintah Kota {MARKER}",
        npp="73710001",
    )
    unit = WorkUnit.objects.create(employer=employer, code="DAMKAR", name=f"Damkar {MARKER}")
    born = date(1990, 5, 17)
    worker = Worker.objects.create(
        nik=make_nik(district_code="73.71.01", birth_date=born, sex=Sex.MALE, serial=1),
        name=f"Pekerja {MARKER}",
        birth_date=born,
        sex=Sex.MALE,
    )
    Employment.objects.create(
        worker=worker, employer=employer, unit=unit, start_date=date(2026, 1, 1)
    )
    Wage.objects.create(
        worker=worker, employer=employer, start_date=date(2026, 1, 1), amount=Decimal(3_500_000)
    )
    for program in ("jkk", "jkm"):
        Enrollment.objects.create(
            worker=worker,
            employer=employer,
            program=program,
            start_date=date(2026, 1, 1),
            kpj="73000000001",
        )
    bill = finalize_bill(bill=issue_bills(employer=employer, period="2026-09"))
    record_payment(
        employer=employer, amount=Decimal(1000), paid_on=TODAY, reference=f"SP2D-{MARKER}"
    )
    run = ImportRun(
        created_by=_admin(),
        employer=employer,
        unit=unit,
        original_name=f"{MARKER}.csv",
        effective_date=TODAY,
        programs=["jkk", "jkm"],
    )
    run.upload.save(f"{MARKER}.csv", ContentFile(b"nik;nama\n"), save=False)
    run.save()
    certificate = issue_certificate(employer=employer, actor=None, on=TODAY)
    batch = DocumentBatch.objects.create(employer=employer, unit=unit, on=TODAY)
    activity = Activity.objects.create(
        region_id="73.71", date=TODAY, kind="meeting", notes=f"Rapat {MARKER}"
    )
    activity.attachment.save(f"{MARKER}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    agreement = Agreement.objects.create(
        region_id="73.71",
        parties=f"BPJS dan {MARKER}",
        signed_on=TODAY,
        workers_planned=10,
        contribution_per_person=Decimal(10800),
        budget_year=2026,
    )
    agreement.document.save(f"{MARKER}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    ReportedFigure.objects.create(
        region_id="73.71",
        employer=employer,
        as_of=TODAY,
        count=10,
        source_title=MARKER,
        source_publisher=MARKER,
        source_date=TODAY,
    )
    claim = _claim(worker, employer, unit)
    return World(
        region="73",
        employer=employer,
        unit=unit,
        worker=worker,
        bill=bill,
        run=run,
        certificate=certificate,
        batch=batch,
        activity=activity,
        agreement=agreement,
        claim=claim,
    )


def _claim(worker: Worker, employer: Employer, unit: WorkUnit) -> Claim:
    """A submitted JKM claim with an heir and a checklist document, for the claims routes."""
    claim = Claim.objects.create(
        worker=worker,
        employer=employer,
        unit=unit,
        event_type="jkm-death",
        event_date=date(2026, 10, 1),
        state="submitted",
        covered=True,
    )
    Heir.objects.create(claim=claim, name=f"Ahli waris {MARKER}", relation="spouse")
    ClaimDocument.objects.create(claim=claim, kind="ktp")
    return claim


def _neighbour(npp: str, unit_code: str, *, unit_only: bool = False) -> World:
    """A demo employer's objects (a bill, a run, a certificate, a batch) for the nearer checks."""
    employer = Employer.objects.get(npp=npp)
    unit = WorkUnit.objects.get(employer=employer, code=unit_code)
    worker = Worker.objects.filter(employments__unit=unit).order_by("pk").first()
    assert worker is not None
    bill = Bill.objects.filter(employer=employer).order_by("pk").first() or issue_bills(
        employer=employer, period="2026-09"
    )
    run = ImportRun(
        created_by=_admin(),
        employer=employer,
        unit=unit,
        original_name="tetangga.csv",
        effective_date=TODAY,
        programs=["jkk"],
    )
    run.upload.save("tetangga.csv", ContentFile(b"nik;nama\n"), save=False)
    run.save()
    return World(
        region=employer.region_id,
        employer=employer,
        unit=unit,
        worker=worker,
        bill=bill,
        run=run,
        certificate=issue_certificate(employer=employer, actor=None, on=TODAY),
        batch=DocumentBatch.objects.create(employer=employer, unit=unit, on=TODAY),
        activity=Activity.objects.filter(region_id=employer.region_id).first()
        or Activity.objects.create(region_id=employer.region_id, date=TODAY, kind="meeting"),
        agreement=Agreement.objects.filter(region_id=employer.region_id).first()
        or Agreement.objects.create(
            region_id=employer.region_id,
            parties="BPJS",
            signed_on=TODAY,
            workers_planned=1,
            contribution_per_person=Decimal(10800),
            budget_year=2026,
        ),
        claim=_claim(worker, employer, unit),
        unit_only=unit_only,
    )


def _payment(world: World) -> Payment:
    """The world's employer's first payment (one is recorded when it has none)."""
    return Payment.objects.filter(employer=world.employer).order_by("pk").first() or (
        record_payment(
            employer=world.employer,
            amount=Decimal(1000),
            paid_on=TODAY,
            reference="SP2D-TETANGGA",
        )
    )


def _pending_void(world: World) -> PaymentVoid:
    """A void of the world's employer's payment waiting for a second officer."""
    payment = _payment(world)
    return PaymentVoid.objects.filter(payment=payment).first() or PaymentVoid.objects.create(
        payment=payment, reason="Uji"
    )


# How a route's parameter points into a world, by its name (and, for the ambiguous `pk`, by the
# route's name). A parameter not listed here fails the test: teach the matrix the new route.
FILL: dict[str, Callable[[World], Any]] = {
    "code": lambda w: w.employer.region_id,
    "region": lambda w: w.employer.region_id,
    "employer_id": lambda w: w.employer.pk,
    "employer": lambda w: w.employer.pk,
    "unit_id": lambda w: w.unit.pk,
    "unit": lambda w: w.unit.pk,
    "worker_id": lambda w: w.worker.pk,
    "worker": lambda w: w.worker.pk,
    "bill_id": lambda w: w.bill.pk,
    "run_id": lambda w: w.run.pk,
    "certificate_id": lambda w: w.certificate.pk,
    "batch_id": lambda w: w.batch.pk,
    "npp": lambda w: w.employer.npp,
    "activity_id": lambda w: w.activity.pk,
    "claim_id": lambda w: w.claim.pk,
    "q": lambda w: w.worker.nik[:10],
    "payment_id": lambda w: _payment(w).pk,
    "void_id": lambda w: _pending_void(w).pk,
}
# Objects of an employer (or region) as a whole, as opposed to one of its units'.
EMPLOYER_LEVEL = {
    "code",
    "region",
    "employer_id",
    "employer",
    "bill_id",
    "certificate_id",
    "npp",
    "payment_id",
    "void_id",
}
# What a route's `pk` is, as one of FILL's parameter names.
PK_OF_ROUTE: dict[str, str] = {
    "employer": "employer_id",
    "unit": "unit_id",
    "worker": "worker_id",
    "billing:employer_bills": "employer_id",
    "billing:issue": "employer_id",
    "billing:issue_missing": "employer_id",
    "billing:pay": "employer_id",
    "billing:void": "employer_id",
    "billing:approve_void": "employer_id",
    "billing:statement": "employer_id",
    "billing:bill": "bill_id",
    "billing:finalize": "bill_id",
    "billing:discard": "bill_id",
    "billing:bill_pdf": "bill_id",
    "billing:raise_wages": "bill_id",
    "imports:run": "run_id",
    "imports:confirm": "run_id",
    "imports:progress": "run_id",
    "imports:report": "run_id",
    "documents:employer": "employer_id",
    "documents:issue_certificate": "employer_id",
    "documents:cards_pdf": "employer_id",
    "documents:request_cards": "employer_id",
    "documents:certificate_pdf": "certificate_id",
    "documents:batch": "batch_id",
    "documents:batch_file": "batch_id",
    "outreach:attachment": "activity_id",
}
OTHER_PARAMS: dict[str, Callable[[World], Any]] = {
    "fmt": lambda w: "xlsx",
    "kind": lambda w: "kegiatan",
}
# Routes that are public by design or hold no object; `reason` is kept for the reader.
NOT_SCOPED = {
    "documents:verify": "public by design: says valid/ended with initials, employer, programs",
    "GET /api/documents/verify/{token}": "the same, for programs",
}
# Operations that only read but take their query in a body (so that a NIK stays out of URLs):
# checked like a GET, searching for the outside world's worker by NIK and by name.
READ_BODIES: dict[str, Callable[[World], list[dict[str, Any]]]] = {
    "POST /api/workers/search": lambda w: [{"q": w.worker.nik}, {"q": w.worker.name}],
    "POST /api/claims/assess": lambda w: [
        {"nik": w.worker.nik, "event": event, "date": "2026-10-01"}
        for event in ("jkm-death", "jkk-accident")
    ],
}
# A body every write gets: values a form or schema would accept, so that a route that forgot
# its check would really write (and the digest would show it).
BODY = {
    "period": "2026-10",
    "amount": "1000",
    "paid_on": TODAY.isoformat(),
    "reference": "MATRIX",
    "on": TODAY.isoformat(),
    "date": TODAY.isoformat(),
    "kind": "meeting",
    "mode": "add",
    "programs": ["jkk", "jkm"],
    "notes": "matrix",
    "parties": "matrix",
    "signed_on": TODAY.isoformat(),
    "workers_planned": 1,
    "contribution_per_person": "10800",
    "group": "non_asn",
    "head_count": 1,
    "source": "matrix",
    "as_of": TODAY.isoformat(),
    "unit": "",
    "event": "jkm-death",
    "event_date": "2026-10-01",
    "reason": "matrix",
    "name": "matrix",
    "relation": "spouse",
    "outcome": "recovered",
    "doctor_statement_date": TODAY.isoformat(),
    "account_name": "matrix",
    "account_number": "123",
    "received_on": TODAY.isoformat(),
    "decision": "accepted",
    "decided_on": TODAY.isoformat(),
}


def _page_routes() -> Iterator[tuple[str, str, list[str]]]:
    """(name, path template, parameters) of every page, from the URL resolver."""

    def walk(
        patterns: list[Any], prefix: str, namespace: str
    ) -> Iterator[tuple[str, str, list[str]]]:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith(("admin/", "api/", "i18n/")):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + route, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield (
                    f"{namespace}{pattern.name}",
                    prefix + route,
                    re.findall(r"<(?:\w+:)?(\w+)>", route),
                )

    yield from walk(get_resolver().url_patterns, "", "")


def _api_operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every API operation, from the OpenAPI schema."""
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            yield method.upper(), path, operation


PAGES = sorted(_page_routes())
OPERATIONS = sorted(_api_operations(), key=lambda op: (op[1], op[0]))


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def worlds() -> dict[str | None, list[World]]:
    """For each role, the worlds outside its scope."""
    makassar = _makassar()
    konawe_unit = WorkUnit.objects.filter(employer__npp="74020001").order_by("pk").first()
    assert konawe_unit is not None
    konawe = _neighbour("74020001", konawe_unit.code)
    satpol = _neighbour("74710001", "SATPOLPP", unit_only=True)
    return {
        "cabang": [makassar],
        "provinsi": [makassar],
        "kendari": [makassar, konawe],
        "damkar": [makassar, konawe, satpol],
        "pimpinan": [makassar],
        None: [makassar],
    }


def _client(role: str | None) -> Client:
    client = Client()
    if role is not None:
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username=role))
    return client


def _check(
    response: Any,
    *,
    what: str,
    role: str | None,
    world: World,
    object_route: bool,
    before: str,
    write: bool = False,
) -> list[str]:
    """What this response got wrong, as lines for the failure message."""
    problems = []
    body = response.content.decode(errors="replace") if not response.streaming else ""
    who = role or "anonymous"
    if response.status_code >= 500:
        problems.append(f"{who} {what}: server error {response.status_code}")
    if MARKER in body:
        problems.append(f"{who} {what}: shows an object outside its scope")
    allowed = HIDDEN | (REFUSED_WRITE if write else set())
    if object_route and response.status_code not in allowed:
        to_login = response.status_code == 302 and "/masuk/" in response.get("Location", "")
        if not (role is None and to_login):
            problems.append(f"{who} {what}: answered {response.status_code}, not 403/404")
    if world.digest() != before:
        problems.append(f"{who} {what}: changed an object outside its scope")
    return problems


@pytest.mark.parametrize(("name", "template", "params"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_keep_every_role_inside_its_scope(name, template, params, worlds, media_root):
    if name in NOT_SCOPED:
        pytest.skip(f"{name}: {NOT_SCOPED[name]}")  # listed, with its reason, in NOT_SCOPED
    problems: list[str] = []
    for role in ROLES:
        client = _client(role)
        for world in worlds[role]:
            values, kinds = {}, []
            for param in params:
                kind = PK_OF_ROUTE.get(name, "") if param == "pk" else param
                fill = FILL.get(kind) or OTHER_PARAMS.get(param)
                assert fill is not None, f"the matrix cannot fill <{param}> of {name}: teach it"
                values[param] = fill(world)
                if kind in FILL:
                    kinds.append(kind)
            if kinds and not any(world.outside(kind) for kind in kinds):
                continue  # the route points at nothing outside this role's scope
            url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, v=values: str(v[m[1]]), template)
            object_route = bool(kinds)
            for method in ("get", "post"):
                before = world.digest()
                response = getattr(client, method)(url, BODY if method == "post" else None)
                problems += _check(
                    response,
                    what=f"{method.upper()} {url}",
                    role=role,
                    world=world,
                    object_route=object_route,
                    before=before,
                )
    assert problems == []


def _token(role: str | None) -> dict[str, str]:
    if role is None:
        return {}
    from django.contrib.auth import get_user_model

    _, raw = ApiToken.issue(user=get_user_model().objects.get(username=role), name="matrix")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize(
    ("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_api_keeps_every_role_inside_its_scope(method, path, operation, worlds, media_root):
    key = f"{method} {path}"
    if key in NOT_SCOPED:
        pytest.skip(f"{key}: {NOT_SCOPED[key]}")
    problems: list[str] = []
    for role in ROLES:
        client, auth = Client(), _token(role)
        for world in worlds[role]:
            url, query, object_route, kinds = path, {}, False, []
            for parameter in operation.get("parameters", []):
                name, where = parameter["name"], parameter["in"]
                fill = FILL.get(name)
                if where == "path":
                    assert fill is not None, f"the matrix cannot fill {{{name}}} of {key}: teach it"
                    url = url.replace(f"{{{name}}}", str(fill(world)))
                    object_route = object_route or world.outside(name)
                    kinds.append(name)
                elif fill is not None:
                    query[name] = fill(world)
                    kinds.append(name)
            if kinds and not any(world.outside(kind) for kind in kinds):
                continue
            before = world.digest()
            if key in READ_BODIES:
                for read in READ_BODIES[key](world):
                    response = client.post(
                        url, json.dumps(read), content_type="application/json", **auth
                    )
                    problems += _check(
                        response,
                        what=f"{key} {read}",
                        role=role,
                        world=world,
                        object_route=object_route,
                        before=before,
                    )
                continue
            if method == "GET":
                response = client.get(url, query, **auth)
            else:
                body = {
                    **BODY,
                    "employer": world.employer.pk,
                    "region": world.employer.region_id,
                    "worker": world.worker.pk,
                }
                content = "multipart" in json.dumps(operation.get("requestBody", {}))
                if content:
                    response = client.post(url, body, **auth)
                else:
                    response = client.generic(
                        method, url, json.dumps(body), content_type="application/json", **auth
                    )
            problems += _check(
                response,
                what=f"{key} {url} {query}",
                role=role,
                world=world,
                object_route=object_route or method != "GET",
                before=before,
                write=method != "GET",
            )
    assert problems == []


def test_the_matrix_covers_every_route_and_operation():
    """The matrix is generated: it has at least every page and API operation of today."""
    assert len(PAGES) >= 30
    assert len(OPERATIONS) >= 40
