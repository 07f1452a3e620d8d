"""Pages of the outreach app (under /sosialisasi/)."""

from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.board, name="board"),
    path("pengingat/", views.reminders, name="reminders"),
    path("wilayah/<str:code>/", views.region_timeline, name="timeline"),
    path("berkas/<str:kind>/<int:pk>/", views.attachment, name="attachment"),
    path("wilayah/<str:code>/kegiatan/", views.add_activity, name="add_activity"),
    path("wilayah/<str:code>/perjanjian/", views.add_agreement, name="add_agreement"),
    path("wilayah/<str:code>/sasaran/", views.add_target, name="add_target"),
]
