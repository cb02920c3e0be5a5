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



from . import signin_admin  # noqa: E402, F401  (sign-in's records: locks, failures, authenticator apps)
