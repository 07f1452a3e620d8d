"""Who a user is in Payung: one role, with the region, branch office or unit it covers."""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from payung.employers.models import WorkUnit
from payung.regions.models import BranchOffice, Region


class Role(models.TextChoices):
    BRANCH_OFFICER = "branch_officer", _("Petugas kantor cabang")
    REGION_OFFICER = "region_officer", _("Petugas wilayah")
    UNIT_OPERATOR = "unit_operator", _("Operator unit kerja")
    VIEWER = "viewer", _("Pemantau (hanya baca)")


class RoleAssignment(models.Model):
    """A user's role and what it covers: a branch office, a region, or a work unit.

    A viewer covers a region (or, with none, the whole register) and may not change anything.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payung_role"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    branch_office = models.ForeignKey(BranchOffice, on_delete=models.PROTECT, null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    unit = models.ForeignKey(WorkUnit, on_delete=models.PROTECT, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")
        constraints = [
            models.CheckConstraint(
                name="role_has_its_scope",
                condition=(
                    Q(role="branch_officer", branch_office__isnull=False)
                    | Q(role="region_officer", region__isnull=False)
                    | Q(role="unit_operator", unit__isnull=False)
                    | Q(role="viewer")
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


DEFAULT_API_TOKEN_DAYS = 90


def default_token_expiry() -> datetime:
    """When a new token stops working: PAYUNG_API_TOKEN_DAYS (default 90) days from now."""
    days = int(getattr(settings, "PAYUNG_API_TOKEN_DAYS", DEFAULT_API_TOKEN_DAYS))
    return timezone.now() + timedelta(days=days)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def matching(self, raw: str) -> "ApiTokenQuerySet":
        return self.filter(key_hash=ApiToken.hash(raw))

    def usable(self, now: datetime | None = None) -> "ApiTokenQuerySet":
        """Tokens neither revoked nor expired at `now`."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A bearer token for the HTTP API; only its SHA-256 is stored. It expires, and an officer
    can revoke it; either way it answers 401 from then on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("pengguna"),
    )
    name = models.CharField(_("nama"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), default=default_token_expiry)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicabut oleh"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(
        cls, *, user: Any, name: str, expires_at: datetime | None = None
    ) -> tuple["ApiToken", str]:
        """Create a token and return it with the raw key, shown to the user once."""
        token = cls(user=user, name=name, expires_at=expires_at or default_token_expiry())
        raw = token.set_new_key()
        token.save()
        return token, raw

    def set_new_key(self) -> str:
        """Give the token a new random key; the raw key is returned and never stored."""
        raw = secrets.token_urlsafe(32)
        self.key_hash = self.hash(raw)
        return raw

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())


class LoginFailureQuerySet(models.QuerySet["LoginFailure"]):
    def counting(self, since: datetime) -> "LoginFailureQuerySet":
        """Failures that still count towards a lock: since `since`, and not cleared."""
        return self.filter(at__gte=since, cleared_at__isnull=True)


class Clearing(models.TextChoices):
    SIGN_IN = "sign_in", _("berhasil masuk")
    OFFICER = "officer", _("dibuka petugas")
    COMMAND = "command", _("dibuka lewat baris perintah")


class LoginFailure(models.Model):
    """One failed sign-in: enough of them lock the username, or the address, for a while.

    Rows are kept after a lock ends or is cleared (an officer's unlock, or the user's own
    successful sign-in sets `cleared_at`), so the back office shows who tried what from where.
    """

    username = models.CharField(_("nama pengguna"), max_length=150)
    address = models.GenericIPAddressField(_("alamat"), null=True, blank=True)
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    cleared_at = models.DateTimeField(_("dibuka pada"), null=True, blank=True)
    cleared_how = models.CharField(
        _("dibuka karena"), max_length=10, choices=Clearing.choices, blank=True
    )
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuka oleh"),
    )

    objects = LoginFailureQuerySet.as_manager()

    class Meta:
        verbose_name = _("percobaan masuk gagal")
        verbose_name_plural = _("percobaan masuk gagal")
        indexes = [
            models.Index(fields=["username", "at"], name="login_failure_username_at"),
            models.Index(fields=["address", "at"], name="login_failure_address_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address or '?'} {self.at:%Y-%m-%d %H:%M:%S}"


class SyntheticAccount(models.Model):
    """An account that `payung demo` created, whose password is published in the README.

    A database holding one is a demo database: `payung demo` refuses to run where any other
    account (or any real worker or employer) exists, so these never sit beside real data.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="synthetic_account"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("akun demo")
        verbose_name_plural = _("akun demo")

    def __str__(self) -> str:
        return str(self.user)
