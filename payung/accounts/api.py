"""API authentication: a bearer token (Authorization: Bearer <key>) or the browser session.

A revoked or expired token is refused with 401 and the documented refusal shape (`code`,
`message`, ... and `refusals`), not passed on to the session check.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from payung.core.errors import Refusal, refusal_body

from .models import ApiToken

TOKEN_REVOKED = Refusal(
    "token_revoked",
    "Token API ini sudah dicabut; minta token baru kepada petugas.",
    "This API token has been revoked; ask an officer for a new one.",
)
TOKEN_EXPIRED = Refusal(
    "token_expired",
    "Token API ini sudah kedaluwarsa; minta token baru kepada petugas.",
    "This API token has expired; ask an officer for a new one.",
)


class TokenRefused(AuthenticationError):
    """A known token that may no longer be used: answered 401 with its refusal."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(message=refusal.message)
        self.refusal = refusal


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.matching(token).select_related("user").first()
        if found is None or not found.user.is_active:
            return None
        if found.revoked_at is not None:
            raise TokenRefused(TOKEN_REVOKED)
        if found.is_expired(timezone.now()):
            raise TokenRefused(TOKEN_EXPIRED)
        request.user = found.user
        return found.user


def answer_token_refused(request: HttpRequest, error: TokenRefused, api: NinjaAPI) -> HttpResponse:
    """401 in the refusal shape, with the RFC 6750 challenge."""
    response = api.create_response(request, refusal_body(error.refusal), status=error.status_code)
    challenge = f'Bearer error="invalid_token", error_description="{error.refusal.code}"'
    response["WWW-Authenticate"] = challenge
    return response
