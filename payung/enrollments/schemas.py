"""Typed shapes of the enrollments API."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from payung.core.api_schemas import RefusalOut
from payung.core.params import DatabaseId


class EnrollmentOut(Schema):
    id: int
    worker_id: int
    employer_id: int
    program: str
    start_date: date
    end_date: date | None
    end_reason: str
    kpj: str


class AddWorkerIn(Schema):
    nik: str = Field(max_length=40)
    name: str = Field(max_length=160)
    birth_date: date
    sex: str = Field(max_length=1, description="L (laki-laki) or P (perempuan)")
    category: str = Field("non_asn", max_length=24)
    employer: DatabaseId
    unit: DatabaseId | None = Field(None, description="Required for a unit operator: its unit")
    start: date
    wage: Decimal | None = Field(None, gt=0, max_digits=14, decimal_places=2)
    programs: list[str] = Field(["jkk", "jkm"], max_length=4)
    kpj: str = Field("", max_length=20)


class AddWorkerOut(Schema):
    worker_id: int
    created: bool
    enrolled: int
    warnings: list[RefusalOut]


class MoveIn(Schema):
    employment: DatabaseId
    to_employer: DatabaseId
    to_unit: DatabaseId | None = None
    on: date = Field(description="The first day at the new place; the old one ends the day before")
    wage: Decimal | None = Field(None, gt=0, max_digits=14, decimal_places=2)


class MovedOut(Schema):
    employment_id: int
    employer_id: int
    unit_id: int | None
    start_date: date


class EndIn(Schema):
    employment: DatabaseId | None = Field(
        None, description="End this employment and its enrolments"
    )
    enrollment: DatabaseId | None = Field(None, description="Or end only this enrolment")
    on: date = Field(description="The last day")
    reason: str = Field(max_length=20, description="employment_ended, correction or other")


class EndedOut(Schema):
    employments: int
    enrollments: int


class DeathIn(Schema):
    died_on: date


class DeathOut(EndedOut):
    last_day: date
