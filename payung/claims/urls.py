"""Pages of the claims app (under /klaim/)."""

from django.urls import path

from . import views

app_name = "claims"
urlpatterns = [
    path("", views.claim_list, name="list"),
    path("terlambat/", views.overdue, name="overdue"),
    path("pekerja/<int:worker_id>/ajukan/", views.new_claim, name="new"),
    path("<int:claim_id>/", views.detail, name="detail"),
    path("<int:claim_id>/ajukan/", views.submit, name="submit"),
    path("<int:claim_id>/tahap-dua/", views.stage_two, name="stage_two"),
    path("<int:claim_id>/ahli-waris/", views.add_heir, name="heir"),
    path("<int:claim_id>/dokumen/", views.document, name="document"),
    path("<int:claim_id>/status-kecelakaan/", views.accident_status, name="accident_status"),
    path("<int:claim_id>/verifikasi/", views.verify, name="verify"),
    path("<int:claim_id>/setujui/", views.approve, name="approve"),
    path("<int:claim_id>/tolak/", views.reject, name="reject"),
    path("<int:claim_id>/bayar/", views.pay, name="pay"),
]
