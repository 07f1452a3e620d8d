import sys
from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def flushing() -> bool:
    """True while Django's flush runs (the only time lines of final bills may be deleted)."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "execute_sql_flush":
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give each SQLite connection the function the final-bill triggers ask (migration 0002)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("payung_billing_flushing", 0, flushing)


class BillingConfig(AppConfig):
    name = "payung.billing"
    label = "billing"
    verbose_name = "Tagihan dan pembayaran / Billing"

    def ready(self) -> None:
        connection_created.connect(register_sqlite_functions, dispatch_uid="billing_sqlite")
