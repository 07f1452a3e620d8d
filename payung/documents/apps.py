from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "payung.documents"
    label = "documents"
    verbose_name = "Sertifikat dan kartu / Documents"
