"""Typed shapes of the workers API."""

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from payung.core.access import scope_for
from payung.core.params import DatabaseId

from .models import Worker
from .selectors import sees_full_identity, shown_nik


class EmploymentOut(Schema):
    employer_id: int
    unit_id: int | None
    start_date: date
    end_date: date | None
    wage: Decimal | None  # as this employer reports it, today or on the employment's last day


def _sees_identity(context: Any) -> bool:
    return sees_full_identity(scope_for(context["request"].user))


class WorkerOut(Schema):
    id: int
    nik: str = Field(description="Full for roles that may write; masked for read-only roles")
    name: str
    birth_date: date | None = Field(description="null for read-only roles")
    sex: str | None = Field(description="null for read-only roles")
    category: str
    wage: Decimal | None  # the latest in force today among the employers the caller may see
    is_synthetic: bool

    @staticmethod
    def resolve_nik(worker: Worker, context: Any) -> str:
        return shown_nik(scope_for(context["request"].user), worker.nik)

    @staticmethod
    def resolve_birth_date(worker: Worker, context: Any) -> date | None:
        return worker.birth_date if _sees_identity(context) else None

    @staticmethod
    def resolve_sex(worker: Worker, context: Any) -> str | None:
        return worker.sex if _sees_identity(context) else None


class WorkerDetailOut(WorkerOut):
    employments: list[EmploymentOut] = Field(description="Only those in the caller's scope")


class SearchIn(Schema):
    q: str = Field("", max_length=200, description="A NIK (prefix) or part of a name")


class IdentityIn(Schema):
    name: str = Field(max_length=160)
    birth_date: date
    sex: str = Field(max_length=1, description="L (laki-laki) or P (perempuan)")
    category: str = Field("non_asn", max_length=24)


class WageIn(Schema):
    employer: DatabaseId
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    start: date


class WageOut(Schema):
    changed: int
