"""Typed shapes of the imports API: runs, their progress and their counts.

A run's preview and result are stored as JSON when the run is checked and applied: their known
fields are typed, and any other field an earlier version stored is passed on as it is (plain
pydantic models: a ninja Schema drops undeclared fields even when it allows them).
"""

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import BaseModel, ConfigDict

from payung.core.access import can_write
from payung.core.api_schemas import RefusalOut

from .models import ImportRun
from .runs import run_progress


class IssueOut(BaseModel):
    """A refused row (error) or an accepted row with a remark (warning)."""

    model_config = ConfigDict(extra="allow")

    row: int | None = None
    column: str | None = None
    code: str
    message: str


class ImportCountsOut(BaseModel):
    """What a check found (`preview`) or an apply did (`result`); `refused` when the whole
    file was refused."""

    model_config = ConfigDict(extra="allow")

    rows: int | None = None
    accepted: int | None = None
    rejected: int | None = None
    created: int | None = None
    updated: int | None = None
    unchanged: int | None = None
    ended: int | None = None
    dry_run: bool | None = None
    errors: list[IssueOut] | None = None
    warnings: list[IssueOut] | None = None
    errors_count: int | None = None
    warnings_count: int | None = None
    roster_before: int | None = None
    ending_names: list[str] | None = None
    refused: list[RefusalOut] | None = None


class ProgressOut(Schema):
    """What a progress bar needs."""

    id: int
    state: str
    state_label: str
    done: int
    total: int | None
    percent: int | None
    finished: bool
    waiting: bool
    failure: str
    result: ImportCountsOut | None


class RunOut(Schema):
    id: int
    employer_id: int
    unit_id: int | None
    created_by: str
    created_at: dt.datetime
    original_name: str
    size: int
    mode: str
    effective_date: dt.date
    programs: list[str]
    all_or_nothing: bool
    state: str
    progress: ProgressOut
    preview: ImportCountsOut | None
    result: ImportCountsOut | None
    error_report_url: str | None

    @staticmethod
    def resolve_created_by(run: ImportRun) -> str:
        """The account, or for a command-line import without --as, the command and OS user."""
        return run.uploader

    @staticmethod
    def resolve_progress(run: ImportRun) -> dict[str, Any]:
        return run_progress(run)

    @staticmethod
    def resolve_error_report_url(run: ImportRun, context: Any) -> str | None:
        """The report repeats the file's NIKs: offered only to roles that may import."""
        if not run.error_report or not can_write(context["request"].user):
            return None
        return f"/impor/{run.pk}/laporan-kesalahan.xlsx"


class RefusedOut(Schema):
    refusals: list[RefusalOut]
