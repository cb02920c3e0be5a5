from django.conf import settings
from django.db import models


class AccessLog(models.Model):
    """Who looked at which personal data, and when (AVG art. 5(2), accountability)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("tijdstip", auto_now_add=True)
    object_type = models.CharField("soort", max_length=40)
    object_id = models.CharField("kenmerk", max_length=80)
    action = models.CharField("handeling", max_length=40, default="view")
    path = models.CharField("adres", max_length=300, blank=True)

    class Meta:
        verbose_name = "inzage"
        verbose_name_plural = "inzagelog"
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_type} {self.object_id}"


def _line(request, obj, action: str) -> AccessLog:
    return AccessLog(
        user=request.user,
        object_type=obj._meta.model_name,
        object_id=str(getattr(obj, "ref", obj.pk)),
        action=action,
        path=request.get_full_path()[:300],
    )


def log_access(request, obj, action: str = "view") -> AccessLog:
    line = _line(request, obj, action)
    line.save()
    return line


def log_list_access(request, objects, action: str = "view") -> None:
    """One line per object a list shows with personal data, in one statement."""
    AccessLog.objects.bulk_create(_line(request, obj, action) for obj in objects)


from .signin_models import AuthenticatorApp, FailedSignIn, RecoveryCodes, SignInLock  # noqa: E402, F401  (sign-in's records, in Dutch)
