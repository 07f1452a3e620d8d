from django.contrib import admin

from payung.core.admin import ScopedAdmin

from .models import Activity, Agreement, ReminderLog, TargetPopulation


@admin.register(TargetPopulation)
class TargetPopulationAdmin(ScopedAdmin):
    list_display = ["region", "group", "head_count", "covered_threshold", "as_of", "source"]
    list_filter = ["group", "is_synthetic"]
    raw_id_fields = ["region"]


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ["date", "region", "group", "kind", "next_step", "due", "next_step_closed_on"]
    list_filter = ["kind", "group", "is_synthetic"]
    raw_id_fields = ["region", "owner"]


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin):
    list_display = ["signed_on", "region", "group", "kind", "workers_planned", "expires_on"]
    list_filter = ["kind", "group", "is_synthetic"]
    raw_id_fields = ["region", "recorded_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ScopedAdmin):
    list_display = ["sent_on", "kind", "region", "activity", "agreement", "recipients"]
    list_filter = ["kind"]
    raw_id_fields = ["region", "activity", "agreement"]
