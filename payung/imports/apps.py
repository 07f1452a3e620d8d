from typing import Any

from django.apps import AppConfig


def _recover_abandoned_runs(**signal: Any) -> Any:
    """Imported when the worker starts, not at start-up: a read-only command stays fast."""
    from .runs import recover_abandoned_runs

    return recover_abandoned_runs(**signal)


class ImportsConfig(AppConfig):
    name = "payung.imports"
    label = "imports"
    verbose_name = "Impor daftar pekerja / Roster import"

    def ready(self) -> None:
        from payung.core.signals import worker_starting

        worker_starting.connect(
            _recover_abandoned_runs, dispatch_uid="imports.recover_abandoned_runs"
        )
