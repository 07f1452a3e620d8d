"""Typed shapes of the employers API."""

from ninja import Field, Schema

from payung.core.params import DatabaseId


class EmployerOut(Schema):
    id: int
    kind: str
    region_id: str
    name: str
    npp: str | None
    risk_class: str
    branch_office_id: int | None
    is_synthetic: bool


class WorkUnitOut(Schema):
    id: int
    employer_id: int
    code: str
    name: str
    risk_class: str = Field(description="The unit's own JKK risk class; '' for the employer's")


class EmployerIn(Schema):
    kind: str = Field(max_length=30)
    region: str = Field(max_length=20, description="Kemendagri code, e.g. 74.71")
    name: str = Field(max_length=160)
    npp: str = Field("", max_length=20)
    risk_class: str = Field("very_low", max_length=10)


class UnitIn(Schema):
    code: str = Field(max_length=30)
    name: str = Field(max_length=160)
    risk_class: str = Field("", max_length=10, description="'' for the employer's")


class NewUnitIn(UnitIn):
    employer: DatabaseId
