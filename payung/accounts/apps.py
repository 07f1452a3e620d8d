from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "payung.accounts"
    label = "accounts"
    verbose_name = "Pengguna / Users"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from payung.core.access import register_scope_resolver

        from .access import compute_scope

        register_scope_resolver(compute_scope)
        user_login_failed.connect(_count_failure, dispatch_uid="payung.accounts.count_failure")
        user_logged_in.connect(_clear_failures, dispatch_uid="payung.accounts.clear_failures")


def _count_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    from .throttle import LOCK_ATTRIBUTE, client_address, record_failure

    if request is not None and getattr(request, LOCK_ATTRIBUTE, None) is not None:
        return  # refused by a lock: not a guess, so it neither counts nor extends the lock
    username = str(credentials.get("username") or "")
    record_failure(username=username, address=client_address(request))


def _clear_failures(sender: Any, user: Any, **_: Any) -> None:
    from .throttle import clear_after_sign_in

    clear_after_sign_in(user)
