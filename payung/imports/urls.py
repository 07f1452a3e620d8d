"""Pages of the imports app (under /impor/)."""

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.history, name="history"),
    path("unggah/", views.upload, name="upload"),
    path("templat.<str:fmt>", views.template, name="template"),
    path("<int:pk>/", views.run, name="run"),
    path("<int:pk>/konfirmasi/", views.confirm, name="confirm"),
    path("<int:pk>/progres.json", views.progress, name="progress"),
    path("<int:pk>/laporan-kesalahan.xlsx", views.report, name="report"),
]
