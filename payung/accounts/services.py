"""Changes to accounts: unlocking sign-ins, revoking API tokens."""

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from payung.core.errors import DomainError, Refusal

from .models import Clearing, LoginFailure

logger = logging.getLogger("payung.accounts")


def unlock_sign_ins(
    *,
    username: str | None = None,
    address: str | None = None,
    actor: Any = None,
    how: Clearing = Clearing.OFFICER,
) -> int:
    """Clear the failed sign-ins that lock `username` and/or `address`; how many were cleared.

    The rows stay, marked with when, how and by whom they were cleared.
    """
    if not username and not address:
        raise DomainError(
            Refusal(
                "unlock_needs_target",
                "Sebutkan nama pengguna atau alamat yang akan dibuka kuncinya.",
                "Name the username or the address to unlock.",
            )
        )
    with transaction.atomic():
        pending = LoginFailure.objects.filter(cleared_at__isnull=True)
        targets = LoginFailure.objects.none()
        if username:
            targets |= pending.filter(username=username)
        if address:
            targets |= pending.filter(address=address)
        cleared = targets.update(
            cleared_at=timezone.now(),
            cleared_how=how,
            cleared_by=actor if getattr(actor, "pk", None) else None,
        )
    logger.warning(
        "sign-ins unlocked (%s) by %s: username=%r address=%s, %d failures cleared",
        how,
        actor or "the command line",
        username,
        address,
        cleared,
    )
    return cleared


def revoke_api_tokens(*, tokens: Any, actor: Any) -> int:
    """Revoke the given tokens (a queryset) that are not revoked yet; how many were."""
    with transaction.atomic():
        revoked = tokens.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor if getattr(actor, "pk", None) else None
        )
    logger.warning("%d API tokens revoked by %s", revoked, actor)
    return revoked
