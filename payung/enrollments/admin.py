from django.contrib import admin

from payung.core.admin import ScopedAdmin

from .models import Enrollment


@admin.register(Enrollment)
class EnrollmentAdmin(ScopedAdmin):
    list_display = ["worker", "program", "employer", "start_date", "end_date", "kpj"]
    list_filter = ["program", "end_reason"]
    search_fields = ["=kpj", "=worker__nik"]
    raw_id_fields = ["worker", "employer"]
    list_select_related = ["worker", "employer"]
    show_full_result_count = False
