from django.contrib import admin

from payung.core.admin import ScopedAdmin

from .models import ReportedFigure


@admin.register(ReportedFigure)
class ReportedFigureAdmin(ScopedAdmin):
    list_display = ["region", "employer", "unit", "as_of", "count", "source_publisher"]
    list_filter = ["source_publisher"]
    raw_id_fields = ["region", "employer", "unit"]
