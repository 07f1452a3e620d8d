from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "payung.imports"
    label = "imports"
    verbose_name = "Impor daftar pekerja / Roster import"

    def ready(self) -> None:
        from payung.core.signals import worker_starting

        from .runs import recover_abandoned_runs

        worker_starting.connect(
            recover_abandoned_runs, dispatch_uid="imports.recover_abandoned_runs"
        )
