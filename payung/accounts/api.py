"""API authentication: a bearer token (Authorization: Bearer <key>) or the browser session."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.matching(token).select_related("user").first()
        if found is None or not found.user.is_active:
            return None
        request.user = found.user
        return found.user
