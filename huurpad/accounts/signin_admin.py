"""Sign-in's records in the admin, in Dutch, for the beheerder: locked (username, address) pairs
with 'lift the lock', every failed sign-in, and the authenticator apps and recovery codes (a lost
phone: remove its app; the user sets up a new one at the next sign-in)."""

from django.contrib import admin, messages
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import lockout
from .admin import BeheerderAdmin, ReadOnlyAdmin
from .roles import may_use_beheer
from .signin_models import AuthenticatorApp, FailedSignIn, RecoveryCodes, SignInLock


def column(field: str, label: str):
    """A list column with a Dutch heading (the libraries' own field names are English)."""

    @admin.display(description=label, ordering=field)
    def show(obj):
        return getattr(obj, field)

    return show


USERNAME, ADDRESS, WHEN = (
    column("username", "gebruikersnaam"),
    column("ip_address", "adres"),
    column("attempt_time", "tijdstip"),
)


@admin.register(SignInLock)
class LockAdmin(ReadOnlyAdmin):
    """Failed sign-ins per (username, address): at AXES_FAILURE_LIMIT the pair is locked."""

    list_display = [USERNAME, ADDRESS, column("failures_since_start", "mislukte pogingen"), WHEN, "locked"]
    search_fields = ["username", "ip_address"]
    actions = ["lift"]
    ordering = ["-attempt_time"]

    @admin.display(description="geblokkeerd", boolean=True)
    def locked(self, obj):
        return lockout.is_locked(obj)

    @admin.action(description="Blokkade opheffen", permissions=["view"])
    def lift(self, request, queryset):
        count = lockout.lift_lock(list(queryset), acting_user=request.user)
        self.message_user(request, f"Blokkade opgeheven voor {count} gebruikersnaam en adres.", messages.SUCCESS)


@admin.register(FailedSignIn)
class FailureLogAdmin(ReadOnlyAdmin):
    list_display = [WHEN, USERNAME, ADDRESS, column("locked_out", "daarna geblokkeerd")]
    list_filter = ["locked_out"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


class DeviceAdmin(BeheerderAdmin):
    """The beheerder may only remove an app or a set of recovery codes, never add or change one."""

    list_display = [column("user", "gebruiker"), column("confirmed", "ingesteld")]
    search_fields = ["user__username"]
    fields = readonly_fields = ["user", "name", "confirmed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return may_use_beheer(request.user)


for model in (TOTPDevice, StaticDevice):  # django-otp's own admin pages are English and for superusers
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.register(AuthenticatorApp, DeviceAdmin)
admin.site.register(RecoveryCodes, DeviceAdmin)
