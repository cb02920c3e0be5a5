"""Admin (mounted at /beheer/) for the beheerder: users and their roles, partners, the sender,
municipalities and the rest. Who may use it is decided by accounts.roles ('administer'), not by
Django's model permissions, so a beheerder needs no superuser flag. Every list and record with
personal data that it shows is written to the access log, one statement per page."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from .models import AccessLog, log_list_access
from .roles import may_change_django_permissions, may_use_beheer

# Models that are personal data themselves; others are when they point to one of these.
PERSONAL_MODELS = {"tenancy", "tenant", "household", "helprequest"}
PERSONAL_LINKS = ("tenancy", "tenant", "household")


def personal_link(model) -> str | None:
    """'' when the model is personal data itself, the name of its link to one, or None."""
    if model._meta.model_name in PERSONAL_MODELS:
        return ""
    names = {field.name for field in model._meta.fields if field.is_relation}
    return next((name for name in PERSONAL_LINKS if name in names), None)


def whose(model, objects) -> list:
    """The records to log for these rows: themselves, or what they belong to (in one query)."""
    link = personal_link(model)
    if not link:
        return list(objects)
    field = model._meta.get_field(link)
    ids = {getattr(obj, field.attname) for obj in objects} - {None}
    found = field.related_model.objects.in_bulk(ids)
    return [found[i] for i in ids]


class BeheerderAdmin(admin.ModelAdmin):
    """A beheerder (or a superuser) may view, add and change; data is never deleted here."""

    personal = None  # None: decided by the model (personal_link); True or False to say so

    def has_module_permission(self, request):
        return may_use_beheer(request.user)

    def has_view_permission(self, request, obj=None):
        return may_use_beheer(request.user)

    def has_add_permission(self, request):
        return may_use_beheer(request.user)

    def has_change_permission(self, request, obj=None):
        return may_use_beheer(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def _logs(self) -> bool:
        return self.personal if self.personal is not None else personal_link(self.model) is not None

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = (getattr(response, "context_data", None) or {}).get("cl")
        if self._logs() and cl is not None:
            log_list_access(request, whose(self.model, cl.result_list), action="beheer_list")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, unquote(object_id)) if self._logs() and response.status_code == 200 else None
        if obj is not None:
            log_list_access(request, whose(self.model, [obj]), action="beheer")
        return response


class ReadOnlyAdmin(BeheerderAdmin):
    """For records that are never edited: ledger entries, the timeline, the access log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LoggedAdmin(BeheerderAdmin):
    """Records with personal data the model does not show by its links: always logged."""

    personal = True


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    personal = False  # who looked (staff), not the tenant's data
    list_display = ["at", "username", "outcome", "action", "object_type", "object_id", "path", "address"]
    list_filter = ["outcome", "action", "object_type"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"
    show_full_result_count = False


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(BeheerderAdmin, UserAdmin):
    """Users and their roles (the groups). Only a superuser makes superusers or hands out
    Django's own model permissions: what a role may do is in accounts.roles."""

    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if may_change_django_permissions(request.user):
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for name, opts in fieldsets]


@admin.register(Group)
class RoleAdmin(BeheerderAdmin, GroupAdmin):
    """The roles are fixed in code (accounts.roles); the beheerder sees them, and gives them to
    users on the user's page."""

    def has_add_permission(self, request):
        return may_change_django_permissions(request.user)

    def has_change_permission(self, request, obj=None):
        return may_change_django_permissions(request.user)


from . import signin_admin  # noqa: E402, F401  (sign-in's records: locks, failures, authenticator apps)
