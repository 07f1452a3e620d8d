"""API schemas of the documents app."""

from datetime import date, datetime

from ninja import Schema

from payung.core.api_schemas import RefusalOut


class CertificateOut(Schema):
    id: int
    number: str
    employer_id: int
    issued_on: date
    effective_date: date
    programs: list[str]
    participants: int
    branch_office_id: int | None
    pdf_url: str
    verify_url: str


class BatchOut(Schema):
    id: int
    employer_id: int
    unit_id: int | None
    on: date
    state: str
    total: int
    done: int
    percent: int
    created_at: datetime
    finished_at: datetime | None
    file_url: str | None


class BatchIn(Schema):
    unit_id: int | None = None
    on: date | None = None


class VerificationOut(Schema):
    status: str
    kind: str | None
    initials: str
    employer: str
    programs: list[str]
    valid_from: date | None
    ended_on: date | None
    certificate_number: str


class ErrorOut(Schema):
    code: str
    message: str
    refusals: list[RefusalOut]
