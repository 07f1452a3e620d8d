"""Pages of the documents app (included at the site root: the public page is /verify/<token>/)."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("verify/<str:token>/", views.verify_page, name="verify"),
    path("dokumen/pemberi-kerja/<int:pk>/", views.employer_documents, name="employer"),
    path(
        "dokumen/pemberi-kerja/<int:pk>/sertifikat/",
        views.issue_certificate,
        name="issue_certificate",
    ),
    path("dokumen/pemberi-kerja/<int:pk>/kartu.pdf", views.cards_pdf, name="cards_pdf"),
    path("dokumen/pemberi-kerja/<int:pk>/kartu/", views.request_cards, name="request_cards"),
    path(
        "dokumen/pekerja/<int:worker_id>/kartu/<int:employer_id>.pdf",
        views.worker_card,
        name="worker_card",
    ),
    path("dokumen/sertifikat/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("dokumen/kumpulan/<int:pk>/", views.batch, name="batch"),
    path("dokumen/kumpulan/<int:pk>/berkas.pdf", views.batch_file, name="batch_file"),
]
