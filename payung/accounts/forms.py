"""Sign-in forms (the site's and the back office's) that say when a lock refused the sign-in."""

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .throttle import LOCK_ATTRIBUTE, Lock


class _SaysWhenLocked:
    request: Any
    lock: Lock | None = None

    def get_invalid_login_error(self) -> ValidationError:
        lock = getattr(self.request, LOCK_ATTRIBUTE, None)
        if lock is None:
            return super().get_invalid_login_error()  # type: ignore[misc]
        self.lock = lock
        refusal = lock.refusal()
        return ValidationError(refusal.message, code=refusal.code)


class LoginForm(_SaysWhenLocked, AuthenticationForm):
    """The sign-in page's form."""


class AdminLoginForm(_SaysWhenLocked, AdminAuthenticationForm):
    """The back office's sign-in form."""
