"""The one access gate: every list and object read goes through `visible_to(user, queryset)`.

Each scoped queryset has `in_scope(scope)`; what a user's scope is comes from the accounts app,
which registers its resolver at start-up (so lower apps can use the gate without importing it).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from .scope import Scope

Q_ = TypeVar("Q_", bound=QuerySet[Any])
M_ = TypeVar("M_", bound=Model)

_CACHE_ATTR = "_payung_scope"
_resolver: Callable[[Any], Scope] = lambda user: Scope.nothing()  # noqa: E731


def register_scope_resolver(resolver: Callable[[Any], Scope]) -> None:
    """Called once by the accounts app: how to find a user's scope."""
    global _resolver
    _resolver = resolver


def scope_for(user: Any) -> Scope:
    """The part of the register `user` may see (and whether it may change it), cached per user."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    scope = _resolver(user)
    if getattr(user, "pk", None) is not None:
        setattr(user, _CACHE_ATTR, scope)
    return scope


def visible_to[Q_: QuerySet[Any]](user: Any, queryset: Q_) -> Q_:
    """Narrow `queryset` to what `user` may see."""
    return queryset.in_scope(scope_for(user))  # type: ignore[attr-defined,no-any-return]


def get_visible_or_404[M_: Model](user: Any, queryset: QuerySet[M_], **lookup: Any) -> M_:
    """One object through the gate; outside the scope it does not exist (404, not 403)."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


def can_write(user: Any) -> bool:
    """Whether `user` may change the register within its scope."""
    return scope_for(user).can_write


def writer_scope(actor: Any) -> Scope:
    """What `actor` may change; no actor is the command line's operator, who may change all."""
    if actor is None:
        return Scope(everything=True, can_write=True)
    return scope_for(actor)
