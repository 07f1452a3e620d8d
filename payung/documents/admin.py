from django.contrib import admin

from payung.core.admin import ScopedAdmin

from .models import Certificate, DocumentBatch


@admin.register(Certificate)
class CertificateAdmin(ScopedAdmin):
    list_display = ["number", "employer", "issued_on", "programs", "participants"]
    list_select_related = ["employer"]
    raw_id_fields = ["employer", "branch_office", "issued_by"]
    search_fields = ["number", "employer__name", "employer__npp"]


@admin.register(DocumentBatch)
class DocumentBatchAdmin(ScopedAdmin):
    list_display = ["employer", "unit", "on", "state", "done", "total", "created_at"]
    list_select_related = ["employer", "unit"]
    list_filter = ["state"]
    raw_id_fields = ["employer", "unit", "requested_by"]
