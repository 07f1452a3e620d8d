from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "payung.documents"
    label = "documents"
    verbose_name = "Sertifikat dan kartu / Documents"

    def ready(self) -> None:
        from payung.core.signals import worker_starting

        from .services import recover_abandoned_batches

        worker_starting.connect(
            recover_abandoned_batches, dispatch_uid="documents.recover_abandoned_batches"
        )
