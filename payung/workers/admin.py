from django.contrib import admin

from payung.core.admin import ScopedAdmin

from .models import Employment, Wage, Worker


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0
    raw_id_fields = ["employer", "unit"]


class WageInline(admin.TabularInline):
    model = Wage
    extra = 0
    raw_id_fields = ["employer"]


@admin.register(Worker)
class WorkerAdmin(ScopedAdmin):
    list_display = ["name", "masked_nik", "category", "sex", "birth_date"]
    list_filter = ["category", "sex", "is_synthetic"]
    search_fields = ["=nik", "name"]
    inlines = [EmploymentInline, WageInline]
    show_full_result_count = False


@admin.register(Employment)
class EmploymentAdmin(ScopedAdmin):
    list_display = ["worker", "employer", "unit", "start_date", "end_date"]
    raw_id_fields = ["worker", "employer", "unit"]
    list_select_related = ["worker", "employer", "unit__employer"]
    show_full_result_count = False
