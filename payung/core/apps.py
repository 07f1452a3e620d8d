from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "payung.core"
    label = "core"
    verbose_name = "Payung"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from simple_history.signals import pre_create_historical_record

        from . import checks  # noqa: F401  (registers the system checks)
        from .files import keep_sqlite_file_private
        from .history import fill_from_context

        pre_create_historical_record.connect(
            fill_from_context, dispatch_uid="payung_history_context"
        )
        connection_created.connect(keep_sqlite_file_private, dispatch_uid="payung_sqlite_0600")
