"""The API's refusal shape as django-ninja schemas, and a service refusal as a response."""

from ninja import Schema, Status

from .errors import DomainError, refusal_body

FORBIDDEN_CODES = {"not_allowed", "worker_outside_scope"}
"""Refusals of what the caller may not change: 403; the others are 400."""


class RefusalOut(Schema):
    code: str
    field: str
    message: str
    message_id: str
    message_en: str


class RefusedOut(RefusalOut):
    """A refusal: the first reason's code and messages, and every reason."""

    refusals: list[RefusalOut]


def refused(error: DomainError) -> Status:
    """A service's refusal: 403 when the caller may not make the change, else 400."""
    status = 403 if error.code in FORBIDDEN_CODES else 400
    return Status(status, refusal_body(*error.refusals))


PDF_RESPONSE = {
    "description": "A PDF document",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}
"""An answer that is a PDF file, for an operation's `openapi_extra["responses"]`."""
