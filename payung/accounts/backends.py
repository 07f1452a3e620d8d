"""The sign-in backend: Django's username and password check, behind the sign-in throttle."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .throttle import LOCK_ATTRIBUTE, client_address, current_lock


class ThrottledModelBackend(ModelBackend):
    """Refuses a locked username or address before the password is even checked."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is not None:
            lock = current_lock(username=username, address=client_address(request))
            if lock is not None:
                if request is not None:
                    setattr(request, LOCK_ATTRIBUTE, lock)
                raise PermissionDenied  # authenticate() stops here and reports a failure
        return super().authenticate(request, username=username, password=password, **kwargs)
