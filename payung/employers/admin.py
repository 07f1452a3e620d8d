from django.contrib import admin

from payung.core.admin import ScopedAdmin

from .models import Employer, WorkUnit


class WorkUnitInline(admin.TabularInline):
    model = WorkUnit
    extra = 0


@admin.register(Employer)
class EmployerAdmin(ScopedAdmin):
    list_display = ["name", "kind", "region", "npp", "risk_class", "branch_office"]
    list_filter = ["kind", "risk_class", "branch_office"]
    search_fields = ["name", "npp", "region__code"]
    raw_id_fields = ["region"]
    inlines = [WorkUnitInline]


@admin.register(WorkUnit)
class WorkUnitAdmin(ScopedAdmin):
    list_display = ["code", "name", "employer"]
    search_fields = ["code", "name", "employer__name"]
    raw_id_fields = ["employer"]
