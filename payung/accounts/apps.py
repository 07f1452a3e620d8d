from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "payung.accounts"
    label = "accounts"
    verbose_name = "Pengguna / Users"

    def ready(self) -> None:
        from payung.core.access import register_scope_resolver

        from .access import compute_scope

        register_scope_resolver(compute_scope)
