"""Single sign-on by OpenID Connect (mozilla-django-oidc), off unless HUURPAD_OIDC_CLIENT_ID is set.

- A user is found by the `sub` claim kept as their username (`oidc-<sub>`), or made at the first
  sign-in; name and e-mail follow the identity provider.
- Roles follow the identity provider's groups at every sign-in (HUURPAD_OIDC_GROUP_ROLES maps a
  group's id or name to a role): mapped roles are added, role groups no longer mapped are taken
  away. Someone with no mapped group is refused: no role, no entry.
- The second factor: when the ID token's `amr` claim says the identity provider asked for one
  (`mfa`, or `otp`, `hwk`, `swk`, `fido`, ...) and HUURPAD_OIDC_TRUST_MFA is on, the session counts as
  verified; otherwise Huurpad's own app code is asked as after a password.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from . import second_factor
from .models import log_signin
from .roles import STAFF_ROLES, Role

logger = logging.getLogger(__name__)

MFA_METHODS = frozenset({"mfa", "otp", "hwk", "swk", "fido", "sms", "tel", "face", "fpt", "iris", "retina", "vbm"})
PREFIX = "oidc-"


def role_map() -> dict[str, Role]:
    """HUURPAD_OIDC_GROUP_ROLES, checked: every value must be a role."""
    known = {role.value: role for role in Role}
    unknown = sorted({value for value in settings.OIDC_GROUP_ROLES.values() if value not in known})
    if unknown:
        raise ImproperlyConfigured(
            f"HUURPAD_OIDC_GROUP_ROLES names unknown role(s) {', '.join(unknown)}; the roles are {', '.join(known)}."
        )
    return {str(group): known[value] for group, value in settings.OIDC_GROUP_ROLES.items()}


def roles_for(claims: dict) -> set[Role]:
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping = role_map()
    return {mapping[str(group)] for group in groups if str(group) in mapping}


def used_mfa(payload: dict) -> bool:
    amr = payload.get("amr") or []
    return bool(MFA_METHODS & {str(method).lower() for method in amr})


@transaction.atomic
def apply_roles(user, roles: set[Role]) -> None:
    """Make the user's role groups exactly `roles`; groups that are not roles stay."""
    current = {group.name: group for group in user.groups.all()}
    for role in Role:
        if role in roles and role.value not in current:
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        elif role not in roles and role.value in current:
            user.groups.remove(current[role.value])
    user._huurpad_roles = None
    is_staff = bool(roles & STAFF_ROLES)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


class Backend(OIDCAuthenticationBackend):
    def get_username(self, claims):
        return f"{PREFIX}{claims['sub']}"[:150]

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=self.get_username(claims))

    def create_user(self, claims):
        user = self.UserModel(username=self.get_username(claims))
        user.set_unusable_password()  # signs in by the identity provider only
        return self._update(user, claims)

    def update_user(self, user, claims):
        return self._update(user, claims)

    def _update(self, user, claims):
        user.first_name = str(claims.get("given_name") or claims.get("name") or "")[:150]
        user.last_name = str(claims.get("family_name") or "")[:150]
        user.email = str(claims.get("email") or "")[:254]
        user.save()
        return user

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**self.get_userinfo(access_token, id_token, payload), **payload}
        if not self.verify_claims(claims):
            raise SuspiciousOperation("The ID token has no subject (sub).")
        roles = roles_for(claims)
        user = self.filter_users_by_claims(claims).first()
        if not roles:
            logger.warning("single sign-on refused: %s has no group mapped to a role", claims.get("sub"))
            if user is not None:
                apply_roles(user, set())  # taken away at the identity provider: taken away here
            return None
        user = self.update_user(user, claims) if user is not None else self.create_user(claims)
        apply_roles(user, roles)
        self.request.huurpad_sso_mfa = settings.OIDC_TRUST_MFA and used_mfa(payload)
        return user

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims are enough (Entra ID puts groups there); the userinfo endpoint is
        asked only when it has been configured."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        return super().get_userinfo(access_token, id_token, payload)


class CallbackView(OIDCAuthenticationCallbackView):
    def login_success(self):
        response = super().login_success()
        if getattr(self.request, "huurpad_sso_mfa", False):
            self.request.session[second_factor.SSO_MFA] = self.user.pk
        if second_factor.passed(self.request):  # else the sign-in completes at Huurpad's own code step
            log_signin(self.request, "sso")
        return response
