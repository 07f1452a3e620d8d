from typing import Any

from django.apps import AppConfig


def _recover_abandoned_batches(**signal: Any) -> Any:
    """Imported when the worker starts, not at start-up: a read-only command stays fast."""
    from .services import recover_abandoned_batches

    return recover_abandoned_batches(**signal)


class DocumentsConfig(AppConfig):
    name = "payung.documents"
    label = "documents"
    verbose_name = "Sertifikat dan kartu / Documents"

    def ready(self) -> None:
        from payung.core.signals import worker_starting

        worker_starting.connect(
            _recover_abandoned_batches, dispatch_uid="documents.recover_abandoned_batches"
        )
