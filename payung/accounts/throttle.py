"""Sign-in throttling: too many failed sign-ins lock a username, or an address, for a while.

Within the last PAYUNG_LOGIN_LOCK_MINUTES (default 15), PAYUNG_LOGIN_FAILURES_PER_USER (default
5) failures for one username lock that username, and PAYUNG_LOGIN_FAILURES_PER_ADDRESS (default
20) failures from one address lock that address: a guesser trying many usernames from one place
is stopped too. The address limit is higher because a regency office signs in from behind one
shared address. While locked, a sign-in is refused before its password is checked, even the
right one, and the refused tries are not counted (the lock ends when the window has passed).
An officer unlocks earlier in the back office or with `payung unlock`; a successful sign-in
clears its username's failures.

Failures are rows in the database (`LoginFailure`), so every server process sees the same
counts. Behind a reverse proxy, PAYUNG_TRUSTED_PROXIES (the number of proxies in front) says
which X-Forwarded-For entry is the client's address; without it REMOTE_ADDR is used.
"""

import ipaddress
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from payung.core.errors import Refusal

from .models import Clearing, LoginFailure

logger = logging.getLogger("payung.accounts.throttle")

DEFAULT_FAILURES_PER_USER = 5
DEFAULT_FAILURES_PER_ADDRESS = 20
DEFAULT_LOCK_MINUTES = 15
LOCK_ATTRIBUTE = "payung_login_lock"
"""Set on the request when a sign-in was refused by a lock (read by the login forms)."""


@dataclass(frozen=True)
class Lock:
    """Why sign-ins are refused, and until when."""

    by: Literal["username", "address"]
    until: datetime

    def minutes_left(self, now: datetime | None = None) -> int:
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, math.ceil(seconds / 60))

    def refusal(self) -> Refusal:
        """The message on the login page, Indonesian first, then English."""
        minutes = self.minutes_left()
        if self.by == "username":
            return Refusal(
                "login_locked_username",
                "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini, jadi akun "
                f"ini dikunci sementara. Coba lagi dalam {minutes} menit, atau minta petugas "
                "kantor cabang membuka kuncinya.",
                "Too many failed sign-ins for this username, so the account is locked for now. "
                f"Try again in {minutes} minutes, or ask a branch office officer to unlock it.",
            )
        return Refusal(
            "login_locked_address",
            "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan ini, jadi masuk dari "
            f"sini dikunci sementara. Coba lagi dalam {minutes} menit, atau minta petugas kantor "
            "cabang membuka kuncinya.",
            "Too many failed sign-ins from this network address, so signing in from here is "
            f"locked for now. Try again in {minutes} minutes, or ask a branch office officer to "
            "unlock it.",
        )


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def window() -> timedelta:
    return timedelta(minutes=_setting("PAYUNG_LOGIN_LOCK_MINUTES", DEFAULT_LOCK_MINUTES))


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address: REMOTE_ADDR, or the entry the trusted proxies added."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    proxies = _setting("PAYUNG_TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def current_lock(*, username: str, address: str | None) -> Lock | None:
    """The lock that refuses a sign-in as `username` from `address` now, if any."""
    now = timezone.now()
    since = now - window()
    counting = LoginFailure.objects.counting(since)
    checks: list[tuple[Literal["username", "address"], dict[str, Any], int]] = [
        (
            "username",
            {"username": username},
            _setting("PAYUNG_LOGIN_FAILURES_PER_USER", DEFAULT_FAILURES_PER_USER),
        ),
    ]
    if address:
        checks.append(
            (
                "address",
                {"address": address},
                _setting("PAYUNG_LOGIN_FAILURES_PER_ADDRESS", DEFAULT_FAILURES_PER_ADDRESS),
            )
        )
    for by, match, limit in checks:
        times = list(counting.filter(**match).order_by("-at").values_list("at", flat=True)[:limit])
        if limit > 0 and len(times) >= limit:
            return Lock(by=by, until=times[-1] + window())
    return None


def record_failure(*, username: str, address: str | None) -> None:
    """Count one failed sign-in; say so in the log when it locks the username or the address."""
    LoginFailure.objects.create(username=username[:150], address=address)
    lock = current_lock(username=username, address=address)
    if lock is not None:
        logger.warning(
            "sign-in locked by %s: username=%r address=%s until %s",
            lock.by,
            username,
            address,
            lock.until.isoformat(),
        )


def clear_after_sign_in(user: Any) -> None:
    """A successful sign-in clears the failures counted against its username."""
    LoginFailure.objects.counting(timezone.now() - window()).filter(
        username=user.get_username()
    ).update(cleared_at=timezone.now(), cleared_how=Clearing.SIGN_IN, cleared_by=user)
