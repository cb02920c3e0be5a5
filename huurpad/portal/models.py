"""The tenant's own login to Mijn Huurpad: an account tied to one tenant, and one-time login links."""

from django.conf import settings
from django.db import models


class PortalAccount(models.Model):
    """The Django user a tenant acts as in the portal. It never has a password (the tenant logs
    in by a link sent to their e-mail address), a staff flag or a role, so every staff page
    refuses it; the timeline shows its actions as 'Door <name> (huurder)'."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="portal_account")
    tenant = models.OneToOneField("tenancies.Tenant", on_delete=models.PROTECT, related_name="portal_account")
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField("laatst ingelogd", null=True, blank=True)

    class Meta:
        verbose_name = "portaalaccount"
        verbose_name_plural = "portaalaccounts"

    def __str__(self):
        return f"{self.tenant} (huurder)"


class LoginLink(models.Model):
    """A one-time login link sent by e-mail. Only a hash of the token is kept; a link works once,
    for a short time, and only for the tenancy it was sent for."""

    tenant = models.ForeignKey("tenancies.Tenant", on_delete=models.CASCADE, related_name="+")
    tenancy = models.ForeignKey("tenancies.Tenancy", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "inloglink"
        verbose_name_plural = "inloglinks"
        indexes = [models.Index(fields=["tenant", "created_at"])]

    def __str__(self):
        return f"inloglink {self.pk} voor {self.tenancy_id}"
