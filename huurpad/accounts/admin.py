"""Admin (mounted at /beheer/) for the beheerder. Who may use it is decided by role, in code."""

from django.contrib import admin
from django.contrib.admin.utils import unquote

from .models import AccessLog, log_access
from .roles import Role, has_role


def is_beheerder(user) -> bool:
    return user.is_active and user.is_staff and (user.is_superuser or has_role(user, Role.BEHEERDER))


class BeheerderAdmin(admin.ModelAdmin):
    """A beheerder (or a superuser) may view, add and change; data is never deleted here."""

    def has_module_permission(self, request):
        return is_beheerder(request.user)

    def has_view_permission(self, request, obj=None):
        return is_beheerder(request.user)

    def has_add_permission(self, request):
        return is_beheerder(request.user)

    def has_change_permission(self, request, obj=None):
        return is_beheerder(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(BeheerderAdmin):
    """For records that are never edited: ledger entries, the timeline, the access log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LoggedAdmin(BeheerderAdmin):
    """Opening a record with personal data is logged, as on the staff pages."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            log_access(request, obj, action="beheer")
        return response


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "object_type", "object_id", "path"]
    list_filter = ["action", "object_type"]
    search_fields = ["user__username", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    show_full_result_count = False


# Sign-in: locked pairs (django-axes) and the second-factor devices (django-otp), in Dutch.

from django.contrib import messages  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from . import lockout  # noqa: E402
from .signin_models import AuthenticatorApp, FailedSignIn, RecoveryCodes, SignInLock  # noqa: E402


@admin.register(SignInLock)
class LockAdmin(ReadOnlyAdmin):
    """Failed sign-ins per (username, address): at AXES_FAILURE_LIMIT the pair is locked."""

    list_display = ["username_", "address", "failures", "last_attempt", "locked"]
    search_fields = ["username", "ip_address"]
    actions = ["lift"]
    ordering = ["-attempt_time"]

    @admin.display(description="gebruikersnaam", ordering="username")
    def username_(self, obj):
        return obj.username

    @admin.display(description="adres", ordering="ip_address")
    def address(self, obj):
        return obj.ip_address

    @admin.display(description="mislukte pogingen", ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description="laatste poging", ordering="attempt_time")
    def last_attempt(self, obj):
        return obj.attempt_time

    @admin.display(description="geblokkeerd", boolean=True)
    def locked(self, obj):
        return lockout.locked_now().filter(pk=obj.pk).exists()

    @admin.action(description="Blokkade opheffen", permissions=["view"])
    def lift(self, request, queryset):
        count = lockout.lift_lock(list(queryset), acting_user=request.user)
        self.message_user(request, f"Blokkade opgeheven voor {count} gebruikersnaam en adres.", messages.SUCCESS)


@admin.register(FailedSignIn)
class FailureLogAdmin(ReadOnlyAdmin):
    list_display = ["attempt_time", "username", "ip_address", "locked_out"]
    list_filter = ["locked_out"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


class DeviceAdmin(BeheerderAdmin):
    """A lost phone: the beheerder removes the app (and the recovery codes); at the next sign-in
    the user sets up a new one. Adding or editing a device here is not possible."""

    list_display = ["user", "name", "confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_beheerder(request.user)


for model in (TOTPDevice, StaticDevice):  # django-otp's own admin pages are English and for superusers
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(AuthenticatorApp, DeviceAdmin)
admin.site.register(RecoveryCodes, DeviceAdmin)
