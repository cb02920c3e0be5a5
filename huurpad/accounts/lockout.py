"""Locked sign-ins (django-axes): which pairs are locked now, and lifting a lock."""

import logging

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("huurpad.accounts.lockout")


def is_locked(attempt: AccessAttempt) -> bool:
    """Whether this (username, address) pair is locked at this moment."""
    return (
        attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
        and attempt.attempt_time >= timezone.now() - settings.AXES_COOLOFF_TIME
    )


@transaction.atomic
def lift_lock(attempts, *, acting_user) -> int:
    """Lift the lock of these pairs: their failed attempts are forgotten, and the lifting logged."""
    lifted = [(a.username, a.ip_address) for a in attempts]
    AccessAttempt.objects.filter(pk__in=[a.pk for a in attempts]).delete()
    for username, address in lifted:
        logger.warning("sign-in lock of %s from %s lifted by %s", username, address, acting_user.get_username())
    return len(lifted)


def forget_failures(request, username: str) -> None:
    """A sign-in completed (password and code): the pair's failed attempts no longer count. Not at
    the password alone, or someone who has it could try codes without end, 9 at a time."""
    from .models import client_address

    AxesProxyHandler.reset_attempts(ip_address=client_address(request), username=username)
