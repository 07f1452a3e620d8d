"""The HTTP API under /api/: one django-ninja router per app, all behind the access gate."""

from functools import partial

from ninja import NinjaAPI
from ninja.security import django_auth

from payung.accounts.api import TokenAuth, TokenRefused, answer_token_refused
from payung.billing.api import router as billing_router
from payung.coverage.api import router as coverage_router
from payung.documents.api import router as documents_router
from payung.employers.api import router as employers_router
from payung.enrollments.api import router as enrollments_router
from payung.imports.api import router as imports_router
from payung.outreach.api import router as outreach_router
from payung.regions.api import router as regions_router
from payung.rules.api import router as rules_router
from payung.workers.api import router as workers_router

api = NinjaAPI(
    title="Payung API",
    version="1",
    description="Register and coverage of BPJS Ketenagakerjaan for non-ASN government workers. "
    "Authenticate with `Authorization: Bearer <token>` or a logged-in session.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)
api.add_exception_handler(TokenRefused, partial(answer_token_refused, api=api))
api.add_router("/regions/", regions_router)
api.add_router("/", employers_router)
api.add_router("/workers/", workers_router)
api.add_router("/enrollments/", enrollments_router)
api.add_router("/", coverage_router)
api.add_router("/rules/", rules_router)
api.add_router("/imports/", imports_router)
api.add_router("/billing/", billing_router)
api.add_router("/documents/", documents_router)
api.add_router("/outreach/", outreach_router)
