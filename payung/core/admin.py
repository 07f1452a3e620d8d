"""Admin base classes: the back office sees the register through the same access gate."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .access import can_write, visible_to


class ScopedAdmin(SimpleHistoryAdmin):
    """History-keeping admin whose lists and objects pass the access gate."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return visible_to(request.user, super().get_queryset(request))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and can_write(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return super().has_add_permission(request, *args) and can_write(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and can_write(request.user)
