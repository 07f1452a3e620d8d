from django.contrib import admin

from payung.core.admin import ScopedAdmin

from .models import BranchOffice, Region


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(BranchOffice)
class BranchOfficeAdmin(ScopedAdmin):
    list_display = ["code", "name"]
    filter_horizontal = ["regions"]
