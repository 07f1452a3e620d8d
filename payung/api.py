"""The HTTP API under /api/: one django-ninja router per app, all behind the access gate.

Every refusal the API itself makes (invalid input, a body that is not JSON, no credentials,
an object that is not there or not in the caller's scope) has the documented refusal shape:
`code`, `field`, `message`, `message_id`, `message_en` of the first refusal, and all of them
under `refusals`. The OpenAPI schema documents those answers on every operation.
"""

from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import ConfigError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.parser import Parser
from ninja.security import django_auth

from payung.accounts.api import TokenAuth, TokenRefused, answer_token_refused
from payung.billing.api import router as billing_router
from payung.claims.api import router as claims_router
from payung.core.errors import Refusal, refusal_body
from payung.coverage.api import router as coverage_router
from payung.documents.api import router as documents_router
from payung.employers.api import router as employers_router
from payung.enrollments.api import router as enrollments_router
from payung.imports.api import router as imports_router
from payung.outreach.api import router as outreach_router
from payung.regions.api import router as regions_router
from payung.rules.api import router as rules_router
from payung.workers.api import router as workers_router

NUL = "nul_character"
# Where an input error is, as pydantic names it, without the part of the request it came in.
REQUEST_PARTS = {"body", "payload", "query", "path", "form", "file", "header", "cookie"}
HTTP_REFUSALS = {
    400: Refusal(
        "malformed_request",
        "Isi permintaan tidak dapat dibaca (bukan JSON yang valid).",
        "The request body cannot be read (it is not valid JSON).",
    ),
    401: Refusal(
        "not_authenticated",
        "Masuk, atau kirim token API (Authorization: Bearer …).",
        "Log in, or send an API token (Authorization: Bearer …).",
    ),
    403: Refusal("forbidden", "Tidak berwenang.", "Not allowed."),
    404: Refusal(
        "not_found",
        "Tidak ditemukan, atau di luar cakupan Anda.",
        "Not found, or outside your scope.",
    ),
}
REFUSAL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["code", "field", "message", "message_id", "message_en"],
    "properties": {
        name: {"type": "string"}
        for name in ("code", "field", "message", "message_id", "message_en")
    },
}
REFUSED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A refusal: the first reason's code and messages, and every reason.",
    "required": [*REFUSAL_SCHEMA["required"], "refusals"],
    "properties": {
        **REFUSAL_SCHEMA["properties"],
        "refusals": {"type": "array", "items": {"$ref": "#/components/schemas/ApiRefusal"}},
    },
}


def _input_refusal(error: dict[str, Any]) -> Refusal:
    """One pydantic error as a refusal; the field is where the input was, e.g. `offset`."""
    place = [str(part) for part in error.get("loc", ()) if part not in REQUEST_PARTS]
    field = ".".join(place)
    if error.get("type") == NUL:
        return Refusal(
            NUL,
            f"{field or 'Masukan'} memuat karakter NUL (kode 0), yang tidak dapat disimpan.",
            f"{field or 'The input'} holds a NUL character (code 0), which cannot be stored.",
            field,
        )
    if error.get("type") == "missing":
        return Refusal(
            "field_required",
            f"{field or 'Isi permintaan'} wajib diisi.",
            f"{field or 'The request body'} is required.",
            field,
        )
    reason = str(error.get("msg", ""))
    return Refusal(
        "invalid_value",
        f"Nilai {field} tidak valid ({reason}).",
        f"Invalid value for {field}: {reason}.",
        field,
    )


def _nul_errors(value: Any, place: tuple[str | int, ...]) -> list[dict[str, Any]]:
    """Where a NUL character is in parsed input (PostgreSQL's text cannot hold one)."""
    if isinstance(value, str):
        return [{"type": NUL, "loc": place, "msg": "NUL character"}] if "\x00" in value else []
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return []
    found = []
    for key, item in items:
        found += _nul_errors(str(key), place) if isinstance(key, str) else []
        found += _nul_errors(item, (*place, key))
    return found


class NulRefusingParser(Parser):
    """ninja's parser, refusing a NUL character anywhere in the query, a form or a JSON body."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if errors := _nul_errors(data, ("body",)):
            raise ValidationError(errors)  # ninja wraps it in a 400: `http_refusal` unwraps it
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        if errors := _nul_errors(parsed, ("query",)):
            raise ValidationError(errors)
        return parsed


class PayungAPI(NinjaAPI):
    """NinjaAPI whose own refusals (and their documentation) have the refusal shape, and whose
    operation ids are short (`list_bills`): the view's name unless it names its own."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ApiRefusal"] = REFUSAL_SCHEMA
        components["ApiRefused"] = REFUSED_SCHEMA
        seen: dict[str, str] = {}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                _document_refusals(operation)
                name = operation["operationId"]
                if name in seen:
                    raise ConfigError(f"operation id {name!r} of {path} is {seen[name]}'s too")
                seen[name] = path
        return schema


def _document_refusals(operation: dict[str, Any]) -> None:
    """Add the refusals the API itself may answer, where the operation does not say them."""
    statuses = {"404": "Not found, or outside the caller's scope"}
    if operation.get("parameters") or operation.get("requestBody"):
        statuses["422"] = "Invalid input"
    if operation.get("requestBody"):
        statuses["400"] = "The request body cannot be read"
    if operation.get("security"):
        statuses["401"] = "No valid session or token"
    responses = operation.setdefault("responses", {})
    for status, description in statuses.items():
        if status not in responses and int(status) not in responses:
            responses[status] = {
                "description": description,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ApiRefused"}}
                },
            }


api = PayungAPI(
    title="Payung API",
    version="1",
    description="Register and coverage of BPJS Ketenagakerjaan for non-ASN government workers. "
    "Authenticate with `Authorization: Bearer <token>` or a logged-in session. "
    "A refusal answers `code`, `field`, `message`, `message_id`, `message_en` and `refusals`.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    parser=NulRefusingParser(),
)
api.add_exception_handler(TokenRefused, partial(answer_token_refused, api=api))


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, error: ValidationError) -> HttpResponse:
    refusals = [_input_refusal(found) for found in error.errors] or [
        Refusal("invalid_value", "Masukan tidak valid.", "Invalid input.")
    ]
    return api.create_response(request, refusal_body(*refusals), status=422)


@api.exception_handler(HttpError)
def http_refusal(request: HttpRequest, error: HttpError) -> HttpResponse:
    if isinstance(error.__cause__, ValidationError):  # a body with a NUL character
        return invalid_input(request, error.__cause__)
    refusal = HTTP_REFUSALS.get(
        error.status_code,
        Refusal("request_refused", "Permintaan ditolak.", "The request was refused."),
    )
    return api.create_response(request, refusal_body(refusal), status=error.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, refusal_body(HTTP_REFUSALS[404]), status=404)


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
api.add_router("/claims/", claims_router)
