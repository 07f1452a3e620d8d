"""Pages of a worker search that stay fast at millions of workers: keyset pagination on the
register's order (name, NIK; a name search: registration order, the id) and a count that stops
at `COUNT_LIMIT` ("more than N").

`GET /api/workers/?q=TEXT&limit=N` keeps its keys (`items`, `count`) and `offset`; `count` is
exact up to `COUNT_LIMIT`, and `more` says there are more than that. `next` is the id of the
last worker of the page, to pass as `after` for the next page without an OFFSET.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import PaginationBase

from payung.core.params import OFFSET_MAX

COUNT_LIMIT = 1000


class KeysetPagination(PaginationBase):
    """Limit with `after` (keyset) or `offset`; a bounded count."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=OFFSET_MAX)
        after: int | None = Field(
            None, ge=1, le=2**63 - 1, description="`next` of the previous page (keyset)"
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description=f"Exact up to {COUNT_LIMIT:,}; see `more`")
        more: bool = Field(description=f"More than {COUNT_LIMIT:,} workers match")
        next: int | None = Field(description="Pass as `after` for the next page; null at the end")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        matching = queryset
        page = queryset if queryset.ordered else queryset.order_by("name", "nik")
        in_key_order = tuple(page.query.order_by) in (("pk",), ("registered",))
        if in_key_order and pagination.after is None and pagination.offset == 0:
            return self._first_page_in_key_order(page, pagination.limit)
        if in_key_order and pagination.after is not None:
            page = page.filter(pk__gt=pagination.after)  # a name search: in registration order
        elif pagination.after is not None:
            anchor = queryset.filter(pk=pagination.after).values_list("name", "nik").first()
            if anchor is None:
                page = page.none()
            else:
                name, nik = anchor
                page = page.filter(Q(name__gt=name) | Q(name=name, nik__gt=nik))
        start = pagination.offset
        rows = list(page[start : start + pagination.limit + 1])
        items = rows[: pagination.limit]
        found = matching.order_by().values("pk")[: COUNT_LIMIT + 1].count()
        return {
            "items": items,
            "count": min(found, COUNT_LIMIT),
            "more": found > COUNT_LIMIT,
            "next": items[-1].pk if len(rows) > pagination.limit else None,
        }

    @staticmethod
    def _first_page_in_key_order(page: QuerySet[Any], limit: int) -> dict[str, Any]:
        """A name search's first page: ONE read of the first `COUNT_LIMIT` + 1 matching ids
        gives both the count and the page's ids (the matches are found once, through the
        trigram index or a walk of the key), then the page's rows by id."""
        ids = list(page.values_list("pk", flat=True)[: COUNT_LIMIT + 1])
        wanted = ids[: limit + 1]
        rows = list(page.filter(pk__in=wanted)) if wanted else []
        items = rows[:limit]
        return {
            "items": items,
            "count": min(len(ids), COUNT_LIMIT),
            "more": len(ids) > COUNT_LIMIT,
            "next": items[-1].pk if len(rows) > limit else None,
        }


@dataclass(frozen=True)
class KeysetPage:
    """One page of workers in the register's order, and the ids to go on from: `previous` as
    `before`, `next` as `after` (None where there is nothing that way)."""

    items: list[Any]
    previous: int | None
    next: int | None


def keyset_page(
    queryset: QuerySet[Any],
    *,
    after: int | None,
    before: int | None,
    size: int,
    searched: bool = False,
) -> KeysetPage:
    """The `size` workers of `queryset` after the worker `after` (or before `before`, or the
    first ones) in (name, NIK) order, read without an OFFSET; one query, two with an anchor.

    A name search (`searched`) is ordered by an expression equal to the name, as
    `WorkerQuerySet.search` explains: PostgreSQL then uses the trigram index and sorts.
    """
    name_key = Concat("name", Value("")) if searched else F("name")
    page = queryset.order_by(name_key.asc(), "nik")
    backwards = before is not None and after is None
    anchor_id = before if backwards else after
    if anchor_id is not None:
        anchor = queryset.filter(pk=anchor_id).values_list("name", "nik").first()
        if anchor is None:
            return KeysetPage(items=[], previous=None, next=None)
        name, nik = anchor
        if backwards:
            page = page.filter(Q(name__lt=name) | Q(name=name, nik__lt=nik))
            page = page.order_by(name_key.desc(), "-nik")
        else:
            page = page.filter(Q(name__gt=name) | Q(name=name, nik__gt=nik))
    rows = list(page[: size + 1])
    more = len(rows) > size
    items = rows[:size]
    if backwards:
        items.reverse()
        return KeysetPage(
            items=items,
            previous=items[0].pk if more and items else None,
            next=items[-1].pk if items else None,
        )
    return KeysetPage(
        items=items,
        previous=items[0].pk if anchor_id is not None and items else None,
        next=items[-1].pk if more else None,
    )


def bounded_count(queryset: QuerySet[Any], limit: int = COUNT_LIMIT) -> tuple[int, bool]:
    """How many rows match, exact up to `limit`, and whether there are more."""
    found = queryset.order_by().values("pk")[: limit + 1].count()
    return min(found, limit), found > limit
