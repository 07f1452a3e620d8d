"""Typed shapes of the coverage API (the same JSON as `payung coverage --json`)."""

import datetime as dt

from ninja import Field, Schema


class ReportedFigureOut(Schema):
    id: int
    region_id: str
    employer_id: int | None
    unit_id: int | None
    as_of: dt.date
    count: int
    programs: str
    source_title: str
    source_publisher: str
    source_date: dt.date
    source_url: str
    note: str


class CoverageRegionOut(Schema):
    code: str
    name: str


class ReportedSourceOut(Schema):
    title: str
    publisher: str
    date: dt.date
    url: str


class ReportedOut(Schema):
    """The latest figure published elsewhere, and how far the register is from it."""

    count: int
    as_of: dt.date
    difference: int = Field(description="Register minus reported")
    source: ReportedSourceOut
    note: str


class CoverageChildOut(Schema):
    code: str
    name: str
    participants: int
    reported: ReportedOut | None


class CoverageEmployerOut(Schema):
    id: int | None
    name: str
    participants: int


class CoverageUnitOut(Schema):
    id: int
    employer_id: int
    name: str
    participants: int


class CoverageOut(Schema):
    region: CoverageRegionOut
    on: dt.date
    participants: int
    by_program: dict[str, int]
    reported: ReportedOut | None
    children: list[CoverageChildOut]
    unregistered: list[str] = Field(description="Codes of the children with no participant")
    employers: list[CoverageEmployerOut] = Field(description="Employers seated in the region")
    group: str
    units: list[CoverageUnitOut] = Field(description="A regency's employers' work units")
    unregistered_units: list[int]
