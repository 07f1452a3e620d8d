"""History for bulk writes: one set-based INSERT ... SELECT into django-simple-history's tables.

Per-object saves get their history from simple-history's signals; bulk paths (the demo, region
loads, imports) call `record_bulk_history` so that no change escapes the record and no ORM
object is built per row.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BigIntegerField,
    CharField,
    DateTimeField,
    Exists,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.utils import timezone
from simple_history.models import HistoricalRecords

CREATED, CHANGED, DELETED = "+", "~", "-"
REASON_MAX = 100
"""The length of simple-history's `history_change_reason` column."""


@dataclass(frozen=True)
class HistoryContext:
    """Who acts and through what, for history rows written without a request (a command)."""

    user: Any
    reason: str


_context: ContextVar[HistoryContext | None] = ContextVar("payung_history_context", default=None)


@contextmanager
def history_context(*, user: Any, reason: str) -> Iterator[None]:
    """Within the block, history rows name `user` when their writer gave none, and their reason
    starts with `reason` (e.g. "cli:import by os-user root")."""
    token = _context.set(HistoryContext(user if getattr(user, "pk", None) else None, reason))
    try:
        yield
    finally:
        _context.reset(token)


def history_reason(reason: str = "") -> str:
    """`reason` preceded by the running command's (once), cut to the column's length."""
    context = _context.get()
    if context is None or reason.startswith(context.reason):
        return reason[:REASON_MAX]
    return " · ".join(part for part in (context.reason, reason) if part)[:REASON_MAX]


def history_user(actor: Any = None) -> Any:
    """`actor` when it is a user, else the user the running command acts as (or None)."""
    if getattr(actor, "pk", None) is not None:
        return actor
    context = _context.get()
    return context.user if context else None


def fill_from_context(history_instance: Any, **kwargs: Any) -> None:
    """simple-history's `pre_create_historical_record` receiver: complete the row's user and
    reason from the running command (registered by the core app)."""
    if _context.get() is None:
        return
    if history_instance.history_user_id is None:
        history_instance.history_user = history_user()
    history_instance.history_change_reason = (
        history_reason(history_instance.history_change_reason or "") or None
    )


class BulkHistoricalRecords(HistoricalRecords):  # type: ignore[misc]
    """History of a table written in bulk: a roster import writes one history row per row.

    Its history table is written far more than it is searched, and each index and constraint
    is paid on every one of a million rows. So it keeps only the indexes history is read by:
    the object's `id` (one object's history), the user (who changed what) and the fields named
    in `keep_indexes`; not the date (one object's history is sorted after finding it by id).
    The user column has no database constraint (Django still applies `on_delete` when a user
    is deleted); history rows are written by the app, never by hand.
    """

    def __init__(self, *, keep_indexes: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(user_db_constraint=False, **kwargs)
        self.keep_indexes = {"id", *keep_indexes}

    def copy_fields(self, model: Any) -> dict[str, Any]:
        fields: dict[str, Any] = super().copy_fields(model)
        for name, field in fields.items():
            if name not in self.keep_indexes:
                field.db_index = False
        return fields

    def get_extra_fields(self, model: Any, fields: Any) -> dict[str, Any]:
        extra: dict[str, Any] = super().get_extra_fields(model, fields)
        extra["history_date"] = DateTimeField(db_index=False)
        return extra


def record_bulk_history(
    queryset: QuerySet[Any],
    *,
    history_type: str,
    actor: Any = None,
    reason: str = "",
    when: datetime | None = None,
) -> int:
    """Copy the current state of every row in `queryset` into its model's history table.

    Inside `history_context`, a missing actor is the command's user and the reason is prefixed.
    """
    model = queryset.model
    history_model = model.history.model  # type: ignore[attr-defined]
    fields = model._meta.concrete_fields
    tracked = [field.attname for field in fields]
    actor = history_user(actor)
    reason = history_reason(reason)
    extra = {
        "_history_date": Cast(Value(when or timezone.now()), DateTimeField()),
        "_history_type": Cast(Value(history_type), CharField(max_length=1)),
        "_history_user": Cast(Value(getattr(actor, "pk", None)), BigIntegerField()),
        "_history_reason": Cast(Value(reason or None), CharField(max_length=REASON_MAX)),
    }
    rows = queryset.order_by().annotate(**extra).values_list(*tracked, *extra)
    try:
        select_sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. `pk__in=[]`: nothing changed, nothing to record
        return 0
    quote = connection.ops.quote_name
    columns = [
        *(history_model._meta.get_field(field.name).column for field in fields),
        "history_date",
        "history_type",
        "history_user_id",
        "history_change_reason",
    ]
    sql = (
        f"INSERT INTO {quote(history_model._meta.db_table)} "
        f"({', '.join(quote(c) for c in columns)}) {select_sql}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def record_missing_creation(queryset: QuerySet[Any], *, actor: Any = None, reason: str = "") -> int:
    """A creation row for each object of `queryset` with no history yet: the objects a
    `bulk_create` made, which simple-history's signals never saw."""
    history_model = queryset.model.history.model  # type: ignore[attr-defined]
    seen = history_model.objects.filter(id=OuterRef("pk"))
    return record_bulk_history(
        queryset.filter(~Exists(seen)), history_type=CREATED, actor=actor, reason=reason
    )
