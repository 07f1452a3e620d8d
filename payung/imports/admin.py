from django.contrib import admin
from django.http import HttpRequest

from payung.core.admin import ScopedAdmin

from .models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ScopedAdmin):
    """Runs are read-only here: they change only through the upload, confirm and apply flow."""

    list_display = [
        "created_at",
        "original_name",
        "employer",
        "unit",
        "mode",
        "state",
        "created_by",
    ]
    list_filter = ["state", "mode"]
    search_fields = ["original_name", "employer__name", "employer__npp", "created_by__username"]
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
