from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "branch_office", "region", "unit"]
    list_filter = ["role"]
    raw_id_fields = ["region", "unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at"]
    readonly_fields = ["key_hash", "created_at"]
