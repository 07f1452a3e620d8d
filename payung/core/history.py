"""History for bulk writes: one set-based INSERT ... SELECT into django-simple-history's tables.

Per-object saves get their history from simple-history's signals; bulk paths (the demo, region
loads, imports) call `record_bulk_history` so that no change escapes the record and no ORM
object is built per row.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BigIntegerField, CharField, DateTimeField, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone
from simple_history.models import HistoricalRecords

CREATED, CHANGED, DELETED = "+", "~", "-"


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
    """Copy the current state of every row in `queryset` into its model's history table."""
    model = queryset.model
    history_model = model.history.model  # type: ignore[attr-defined]
    fields = model._meta.concrete_fields
    tracked = [field.attname for field in fields]
    extra = {
        "_history_date": Cast(Value(when or timezone.now()), DateTimeField()),
        "_history_type": Cast(Value(history_type), CharField(max_length=1)),
        "_history_user": Cast(Value(getattr(actor, "pk", None)), BigIntegerField()),
        "_history_reason": Cast(Value(reason[:100] or None), CharField(max_length=100)),
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
