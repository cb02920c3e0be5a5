"""Logging in to Mijn Huurpad by a one-time link sent by e-mail, or a one-time code sent by SMS,
and the portal session.

- A link goes out only when the address belongs to exactly one tenant with an active tenancy;
  the page says the same thing whatever the address, so it tells nobody who is a tenant.
- The token is random, signed with a timestamp (SECRET_KEY) and kept only as a SHA-256 hash. It
  works for 30 minutes and once: using it marks it used in the same UPDATE that checks it.
- At most LINKS_PER_HOUR links per tenant an hour, counted in the database.
- The session is bound to the tenancy the link was for (SESSION_TENANCY) and ends after 30
  minutes without a request. Every portal view takes the tenancy from the session, never from
  the URL.
- The tenant acts as a Django user linked by PortalAccount: no password, no staff flag, no role.
- By SMS: the tenant gives their mobile number; when it is the number of exactly one tenant with
  an active tenancy, a code of CODE_DIGITS digits goes to it through the messaging app's SMS
  channel. The code is a LoginLink like the e-mail's: kept only as a hash (of the code and a
  random nonce held in the asking browser's session, so the code works only there), the same
  expiry, the same hourly limit (links and codes count together), used once by the same
  conditional UPDATE. After CODE_TRIES wrong codes the nonce is dropped: a new code must be asked
  for. The pages say the same whether the number is known or not.
"""

import hashlib
import logging
import secrets
import smtplib
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from huurpad.accounts.models import SIGNOUT_REASON, log_signin
from huurpad.accounts.roles import may_use_portal
from huurpad.messaging import channels
from huurpad.messaging.channels.cm import international
from huurpad.tenancies.models import Tenancy, Tenant

from .models import LoginLink, PortalAccount

LINK_VALID = timedelta(minutes=30)
LINKS_PER_HOUR = 5
IDLE = timedelta(minutes=30)
SESSION_TENANCY = "portal_tenancy"
SESSION_SEEN = "portal_seen"
SALT = "huurpad.portal.login-link"
BACKEND = "django.contrib.auth.backends.ModelBackend"
CODE_DIGITS = 6
CODE_TRIES = 5  # wrong codes before the code asked for stops working
SESSION_CODE = "portal_code"  # {"nonce": ..., "tries": n}: the code this browser asked for

logger = logging.getLogger(__name__)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT, sep=".")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tenancy_for_address(address: str, today: date) -> Tenancy | None:
    """The active tenancy of the one tenant with this e-mail address; None when no tenant or more
    than one has it (a shared address cannot say whose tenancy it is)."""
    address = address.strip()
    if not address or "@" not in address:
        return None
    active = list(
        Tenancy.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today, tenant__email__iexact=address
        ).select_related("tenant")
    )
    if len({t.tenant_id for t in active}) != 1:
        return None
    return max(active, key=lambda t: (t.start_date, t.pk))  # the newest, should there be two homes


def request_link(address: str, *, base_url: str, now=None) -> LoginLink | None:
    """Send a login link to `address` when it is a tenant's (see tenancy_for_address) and the
    hourly limit is not reached. Returns the link made, or None; callers tell the person the same
    thing either way."""
    now = now or timezone.now()
    tenancy = tenancy_for_address(address, timezone.localdate(now))
    if tenancy is None:
        return None
    token = _signer().sign(secrets.token_urlsafe(32))
    with transaction.atomic():
        Tenant.objects.select_for_update().filter(pk=tenancy.tenant_id).first()  # one request at a time per tenant
        if (
            LoginLink.objects.filter(tenant_id=tenancy.tenant_id, created_at__gt=now - timedelta(hours=1)).count()
            >= LINKS_PER_HOUR
        ):
            return None
        link = LoginLink.objects.create(
            tenant_id=tenancy.tenant_id, tenancy=tenancy, token_hash=_digest(token), expires_at=now + LINK_VALID
        )
    url = base_url + reverse("portal:use_link", args=[token])
    try:
        _send(tenancy, url)
    except (OSError, smtplib.SMTPException):  # the page says the same either way; the officer sees the log
        logger.exception("login link for tenancy %s could not be mailed", tenancy.ref)
    return link


def _send(tenancy, url: str) -> None:
    send_mail(
        "Uw link om in te loggen bij Mijn Huurpad",
        f"Beste {tenancy.tenant.name},\n\n"
        f"U vroeg om een link om in te loggen bij Mijn Huurpad. Klik op deze link:\n\n{url}\n\n"
        f"De link werkt één keer, en alleen de komende 30 minuten.\n\n"
        f"Vroeg u niet om deze link? Dan hoeft u niets te doen. Niemand kan zonder deze e-mail inloggen.\n",
        None,  # DEFAULT_FROM_EMAIL
        [tenancy.tenant.email],
    )


def valid_link(token: str, now=None) -> LoginLink | None:
    """The unused, unexpired link for this token (without using it), else None."""
    now = now or timezone.now()
    try:
        _signer().unsign(token, max_age=LINK_VALID)
    except signing.BadSignature:  # also a token that is too old (SignatureExpired)
        return None
    return (
        LoginLink.objects.select_related("tenancy__tenant")
        .filter(token_hash=_digest(token), used_at__isnull=True, expires_at__gt=now)
        .first()
    )


def use_link(token: str, now=None) -> LoginLink | None:
    """Uses the link: marks it used (once, even when two requests race) and returns it; None when
    it is unknown, used, expired, or its tenancy is no longer the tenant's active one."""
    now = now or timezone.now()
    return _use(valid_link(token, now), now)


def _use(link: LoginLink | None, now) -> LoginLink | None:
    if link is None:
        return None
    if not LoginLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now):
        return None
    tenancy = link.tenancy
    if tenancy.tenant_id != link.tenant_id or not tenancy.is_active(timezone.localdate(now)):
        return None
    return link


# --- By a code sent by SMS --------------------------------------------------------------------


def phone_key(number: str) -> str | None:
    """A phone number as one form (0031612345678), to compare numbers however they are written;
    None when it is not a phone number."""
    try:
        return international(number or "")
    except channels.Refused:
        return None


def tenancy_for_phone(number: str, today: date) -> Tenancy | None:
    """The active tenancy of the one tenant with this phone number; None when no tenant or more
    than one has it (as tenancy_for_address)."""
    key = phone_key(number)
    if key is None:
        return None
    active = [
        t
        for t in Tenancy.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today)
        .exclude(tenant__phone="")
        .select_related("tenant")
        if phone_key(t.tenant.phone) == key
    ]
    if len({t.tenant_id for t in active}) != 1:
        return None
    return max(active, key=lambda t: (t.start_date, t.pk))


def _code_digest(nonce: str, code: str) -> str:
    return _digest(f"{SALT}:{nonce}:{code}")


@dataclass
class Text:
    """A text for the SMS channel (what a channel reads of an outbox message). A login code is
    sent at once and never kept in the outbox: only its hash is stored."""

    recipient: str
    body: str
    reference: str
    channel: str = "sms"
    subject: str = ""


def request_code(number: str, *, now=None) -> tuple[str, LoginLink | None]:
    """Send a login code by SMS to `number` when it is a tenant's (tenancy_for_phone) and the
    hourly limit is not reached. Returns the nonce to keep in the asking browser's session (made
    whatever the number) and the code's LoginLink, or None; callers say the same either way."""
    now = now or timezone.now()
    nonce = secrets.token_urlsafe(24)
    tenancy = tenancy_for_phone(number, timezone.localdate(now))
    if tenancy is None:
        return nonce, None
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        Tenant.objects.select_for_update().filter(pk=tenancy.tenant_id).first()  # one request at a time per tenant
        if (
            LoginLink.objects.filter(tenant_id=tenancy.tenant_id, created_at__gt=now - timedelta(hours=1)).count()
            >= LINKS_PER_HOUR
        ):
            return nonce, None
        link = LoginLink.objects.create(
            tenant_id=tenancy.tenant_id,
            tenancy=tenancy,
            token_hash=_code_digest(nonce, code),
            expires_at=now + LINK_VALID,
        )
    minutes = int(LINK_VALID.total_seconds() // 60)
    text = Text(
        recipient=tenancy.tenant.phone,
        body=f"Uw code voor Mijn Huurpad is {code}. De code werkt één keer, {minutes} minuten lang. "
        "Vroeg u niet om deze code? Dan hoeft u niets te doen.",
        reference=f"huurpadlogin{link.pk}",
    )
    channel = channels.get("sms")
    try:
        if channel is None:
            raise channels.TryAgain("geen kanaal voor sms ingesteld (HUURPAD_CHANNELS)")
        channel.send(text)
    except (channels.TryAgain, channels.Refused, channels.Unknown, OSError):  # the page says the same either way
        logger.exception("login code for tenancy %s could not be sent by SMS", tenancy.ref)
    return nonce, link


def use_code(nonce: str, code: str, now=None) -> LoginLink | None:
    """Uses the code asked for with `nonce`: once, unexpired, for a tenancy still the tenant's
    (as use_link); None otherwise."""
    now = now or timezone.now()
    code = "".join(code.split())
    if not nonce or not code.isdigit() or len(code) != CODE_DIGITS:
        return None
    link = (
        LoginLink.objects.select_related("tenancy__tenant")
        .filter(token_hash=_code_digest(nonce, code), used_at__isnull=True, expires_at__gt=now)
        .first()
    )
    return _use(link, now)


def account_for(tenant: Tenant) -> PortalAccount:
    """The tenant's portal account, made at the first login: a user without a password or role."""
    account = PortalAccount.objects.select_related("user").filter(tenant=tenant).first()
    if account is not None:
        return account
    User = get_user_model()
    with transaction.atomic():
        username = f"huurder-{tenant.pk}"
        if User.objects.filter(username=username).exists():
            username = f"huurder-{tenant.pk}-{secrets.token_hex(4)}"
        user = User(username=username, first_name=tenant.name[:150], last_name="(huurder)", email=tenant.email)
        user.set_unusable_password()
        user.save()
        try:
            with transaction.atomic():
                return PortalAccount.objects.create(user=user, tenant=tenant)
        except IntegrityError:  # made a moment ago by another request
            user.delete()
    return PortalAccount.objects.select_related("user").get(tenant=tenant)


def start_session(request, link: LoginLink, how: str = "link") -> PortalAccount:
    account = account_for(link.tenancy.tenant)
    if not may_use_portal(account.user):
        raise PermissionError("This portal account has a staff role; it may not log in to the portal.")
    login(request, account.user, backend=BACKEND)  # a new session key: nothing of before carries over
    request.session[SESSION_TENANCY] = link.tenancy_id
    request.session[SESSION_SEEN] = int(time.time())
    request.session.set_expiry(int(IDLE.total_seconds()))
    PortalAccount.objects.filter(pk=account.pk).update(last_login_at=timezone.now())
    request.session.pop(SESSION_CODE, None)
    log_signin(request, how)
    return account


def current_tenancy(request) -> Tenancy | None:
    """The tenancy this portal session is bound to, or None (not a tenant, idle too long, or the
    tenancy no longer theirs). Keeps an active session alive for another IDLE."""
    user = request.user
    if not may_use_portal(user) or SESSION_TENANCY not in request.session:
        return None
    seen = request.session.get(SESSION_SEEN, 0)
    if time.time() - seen > IDLE.total_seconds():
        return None
    tenancy = (
        Tenancy.objects.select_related("tenant", "household")
        .filter(pk=request.session[SESSION_TENANCY], tenant_id=user.portal_account.tenant_id)
        .first()
    )
    if tenancy is None or not tenancy.is_active(timezone.localdate()):
        return None
    request.session[SESSION_SEEN] = int(time.time())
    request.session.set_expiry(int(IDLE.total_seconds()))
    return tenancy


def portal_view(view):
    """A portal page: called with the session's tenancy; anyone else goes to the portal's login."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        tenancy = current_tenancy(request)
        if tenancy is None:
            if may_use_portal(request.user):  # a tenant whose session lapsed: end it
                setattr(request, SIGNOUT_REASON, "lapsed")
                logout(request)
                messages.info(request, "U bent uitgelogd, omdat u een tijdje niets deed. Log opnieuw in.")
            return redirect("portal:login")
        request.portal_tenancy = tenancy
        return view(request, tenancy, *args, **kwargs)

    return wrapped


def demo_hint(on: date) -> str | None:
    """An e-mail address that logs in to the demo's portal: a tenant in arrears, if any."""
    from huurpad.collection.models import TenancyState

    states = (
        TenancyState.objects.filter(arrears_cents__gt=0)
        .exclude(tenancy__tenant__email="")
        .select_related("tenancy__tenant")
        .order_by("-arrears_cents")[:50]
    )
    for state in states:
        address = state.tenancy.tenant.email
        if tenancy_for_address(address, on) is not None:
            return address
    return None
