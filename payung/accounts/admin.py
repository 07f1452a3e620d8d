from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import AdminLoginForm
from .models import ApiToken, Clearing, LoginFailure, RoleAssignment, SyntheticAccount
from .services import revoke_api_tokens, unlock_sign_ins
from .throttle import window

# The back office's own sign-in says so when a lock refused it, like the site's.
admin.site.login_form = AdminLoginForm


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "branch_office", "region", "unit"]
    list_filter = ["role"]
    raw_id_fields = ["region", "unit"]


class TokenStateFilter(admin.SimpleListFilter):
    title = _("keadaan")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("valid", _("berlaku")), ("revoked", _("dicabut")), ("expired", _("kedaluwarsa"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        now = timezone.now()
        match self.value():
            case "valid":
                return queryset.filter(revoked_at__isnull=True, expires_at__gt=now)
            case "revoked":
                return queryset.filter(revoked_at__isnull=False)
            case "expired":
                return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue a token (its key is shown once, on the page after saving), change its expiry,
    revoke it."""

    list_display = ["name", "user", "created_at", "expires_at", "state", "revoked_by"]
    list_filter = [TokenStateFilter]
    search_fields = ["name", "user__username"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["user", "name", "expires_at"]
        return ["user", "name", "created_at", "expires_at", "revoked_at", "revoked_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return ["user", "created_at", "revoked_at", "revoked_by"]

    @admin.display(description=_("keadaan"))
    def state(self, token: ApiToken) -> str:
        if token.revoked_at:
            return str(_("dicabut"))
        if token.is_expired():
            return str(_("kedaluwarsa"))
        return str(_("berlaku"))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            request._payung_new_token_key = obj.set_new_key()  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        """Show the new key on this response only: it is stored nowhere, not even a message."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": obj,
            "key": getattr(request, "_payung_new_token_key", ""),
            "title": _("Token API dibuat"),
        }
        return TemplateResponse(request, "admin/accounts/apitoken/issued.html", context)

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = revoke_api_tokens(tokens=queryset, actor=request.user)
        self.message_user(
            request, f"{count} token dicabut / {count} tokens revoked", messages.SUCCESS
        )


class LockingFilter(admin.SimpleListFilter):
    title = _("masih dihitung")
    parameter_name = "counting"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("ya: dalam jendela penguncian, belum dibuka"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(cleared_at__isnull=True, at__gte=timezone.now() - window())
        return queryset


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed sign-ins, newest first; an officer unlocks a username or an address from here."""

    list_display = ["at", "username", "address", "cleared_at", "cleared_how", "cleared_by"]
    list_filter = [LockingFilter, "cleared_how"]
    search_fields = ["username", "address"]
    ordering = ["-at"]
    readonly_fields = ["username", "address", "at", "cleared_at", "cleared_how", "cleared_by"]
    actions = ["unlock_usernames", "unlock_addresses"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(
        description=_("Buka kunci nama pengguna terpilih"),
        permissions=["change"],
    )
    def unlock_usernames(self, request: HttpRequest, queryset: QuerySet[LoginFailure]) -> None:
        names = set(queryset.values_list("username", flat=True))
        cleared = sum(
            unlock_sign_ins(username=name, actor=request.user, how=Clearing.OFFICER)
            for name in names
        )
        self.message_user(
            request,
            f"Kunci dibuka untuk {len(names)} nama pengguna ({cleared} percobaan gagal) / "
            f"Unlocked {len(names)} usernames ({cleared} failed sign-ins)",
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Buka kunci alamat terpilih"),
        permissions=["change"],
    )
    def unlock_addresses(self, request: HttpRequest, queryset: QuerySet[LoginFailure]) -> None:
        addresses = {a for a in queryset.values_list("address", flat=True) if a}
        cleared = sum(
            unlock_sign_ins(address=address, actor=request.user, how=Clearing.OFFICER)
            for address in addresses
        )
        self.message_user(
            request,
            f"Kunci dibuka untuk {len(addresses)} alamat ({cleared} percobaan gagal) / "
            f"Unlocked {len(addresses)} addresses ({cleared} failed sign-ins)",
            messages.SUCCESS,
        )


@admin.register(SyntheticAccount)
class SyntheticAccountAdmin(admin.ModelAdmin):
    """The demo's accounts (published password): listed so an officer sees they exist."""

    list_display = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
