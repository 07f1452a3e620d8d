"""Who a user is in Payung: one role, with the region, branch office or unit it covers."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def matching(self, raw: str) -> "ApiTokenQuerySet":
        return self.filter(key_hash=ApiToken.hash(raw))


class ApiToken(models.Model):
    """A bearer token for the HTTP API; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nama"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

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
    def issue(cls, *, user: object, name: str) -> tuple["ApiToken", str]:
        """Create a token and return it with the raw key, shown to the user once."""
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash(raw))
        return token, raw
