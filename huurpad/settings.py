"""The one settings module. Everything that differs between machines comes from the environment."""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("HUURPAD_DEBUG")
SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

VAR_DIR = Path(env_str("HUURPAD_VAR_DIR", str(Path.cwd() / "var")))
if "DATABASE_URL" not in os.environ:  # the embedded database lives here: a new folder is made
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'huurpad.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while an import writes; IMMEDIATE takes the write lock up front so
    # two writers queue instead of failing half-way. Temporary files (the statement journal that a
    # write firing a trigger keeps, e.g. on the ledger) stay in memory.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "huurpad.accounts",
    "huurpad.tenancies",
    "huurpad.cases",
    "huurpad.collection",
    "huurpad.messaging",
    "huurpad.bank",
    "huurpad.solutions",
    "huurpad.signals",
    "huurpad.prevention",
    "huurpad.rents",
    "huurpad.debthelp",
    "huurpad.plans",
    "huurpad.legal",
    "huurpad.casefile",
    "huurpad.portal",
    "huurpad.demo",
    "huurpad.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Security headers on every response WhiteNoise does not serve (see "Security headers" below).
    "csp.middleware.CSPMiddleware",
    "huurpad.accounts.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "huurpad.accounts.middleware.StaffIdleTimeoutMiddleware",
    "huurpad.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
]

ROOT_URLCONF = "huurpad.urls"
WSGI_APPLICATION = "huurpad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "huurpad" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "huurpad.accounts.passwords.MinimumLength", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"  # accounts.views.start: a start page per role
CSRF_FAILURE_VIEW = "huurpad.accounts.views.csrf_refused"  # refusals are in the access log
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for an hour

# Staff sign-in (docs/security.md, V2 and V3): password, then a second factor (django-otp: TOTP,
# recovery codes); failed sign-ins lock a (username, client address) pair (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked pair before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
STAFF_IDLE_MINUTES = 30
# A demo-only switch that lets staff in without the second factor; never outside debug.
SECOND_FACTOR_OFF = env_bool("HUURPAD_SECOND_FACTOR_OFF")
if SECOND_FACTOR_OFF and not DEBUG:
    raise ImproperlyConfigured("HUURPAD_SECOND_FACTOR_OFF is for development only: it needs HUURPAD_DEBUG.")
OTP_TOTP_ISSUER = env_str("HUURPAD_TOTP_ISSUER", "Huurpad")
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one pair: guessing at others' names locks nobody out elsewhere
AXES_RESET_ON_SUCCESS = (
    False  # the count ends when the second factor passes too (accounts/lockout.py), not at the password
)
AXES_LOCKOUT_CALLABLE = "huurpad.accounts.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "huurpad.accounts.models.client_address"
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLE_ADMIN = False  # huurpad/accounts/admin.py registers the attempts in Dutch, with 'lift the lock'
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed sign-in kept (beheer, Mislukte inlogpogingen)
# Behind a reverse proxy: the client address is the one the proxy (or the Nth of N proxies)
# put in this header. Off (0): REMOTE_ADDR, the address that connected.
TRUSTED_PROXY_COUNT = int(env_str("HUURPAD_TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXY_HEADER = env_str("HUURPAD_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("HUURPAD_TRUSTED_PROXY_COUNT must be 0 or more.")

# Single sign-on by OpenID Connect (e.g. Microsoft Entra ID), off unless HUURPAD_OIDC_CLIENT_ID is set.
OIDC_ENABLED = bool(env_str("HUURPAD_OIDC_CLIENT_ID", ""))
if OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = env_str("HUURPAD_OIDC_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("HUURPAD_OIDC_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("HUURPAD_OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("HUURPAD_OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("HUURPAD_OIDC_USER_ENDPOINT", "")  # optional: the ID token's claims suffice
    OIDC_OP_JWKS_ENDPOINT = env_str("HUURPAD_OIDC_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("HUURPAD_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_USE_PKCE = True
    OIDC_CALLBACK_CLASS = "huurpad.accounts.sso.CallbackView"
    AUTHENTICATION_BACKENDS.append("huurpad.accounts.sso.Backend")
try:
    OIDC_GROUP_ROLES = json.loads(env_str("HUURPAD_OIDC_GROUP_ROLES", "{}"))
except ValueError as e:
    raise ImproperlyConfigured(f"HUURPAD_OIDC_GROUP_ROLES is not JSON: {e}") from e
if not isinstance(OIDC_GROUP_ROLES, dict) or not all(isinstance(v, str) for v in OIDC_GROUP_ROLES.values()):
    raise ImproperlyConfigured('HUURPAD_OIDC_GROUP_ROLES must be a JSON object {"group id or name": "role"}.')
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=mislukt"  # where a refused single sign-on lands
OIDC_GROUPS_CLAIM = env_str("HUURPAD_OIDC_GROUPS_CLAIM", "groups")
# Trust the identity provider's second factor when the ID token's `amr` claim says it was used.
OIDC_TRUST_MFA = env_bool("HUURPAD_OIDC_TRUST_MFA", True)

LANGUAGE_CODE = "nl-nl"
# The UI is Dutch only: a browser that asks for English still gets Dutch dates and numbers.
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "huurpad" / "static"]
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# E-mail to tenants (the outbox's e-mail channel): SMTP when EMAIL_HOST is set, else written to
# the console (the demo). EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS as Django's.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_PORT = int(env_str("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("HUURPAD_FROM_EMAIL", "huur@localhost")

# Where links to Huurpad begin (pay links and their webhooks, the portal's sign-in links), e.g.
# https://huurpad.example.nl. Unset: the address a page was asked on; a command, which has no
# page, uses the local address `huurpad demo` serves on (messaging/paylinks.py, public_url).
PUBLIC_URL = env_str("HUURPAD_PUBLIC_URL", "")

# Payments (messaging/providers): `demo`, or `mollie` with its API key; MOLLIE_URL points at another
# endpoint (the tests' fake Mollie).
PAY_PROVIDER = env_str("HUURPAD_PAY_PROVIDER", "demo")
MOLLIE_KEY = env_str("HUURPAD_MOLLIE_KEY", "")
MOLLIE_URL = env_str("HUURPAD_MOLLIE_URL", "")

# Which module of messaging/channels serves which channel (JSON); a channel without one waits.
try:
    CHANNELS = json.loads(
        env_str("HUURPAD_CHANNELS", "") or '{"sms": "console", "whatsapp": "console", "email": "email"}'
    )
except ValueError as e:
    raise ImproperlyConfigured(f"HUURPAD_CHANNELS is not JSON: {e}") from e
# SMS and WhatsApp through CM.com (messaging/channels/cm.py): the product token, the sender (at
# most 11 letters and digits), the gateway (another one for a test), and the key of the URL its
# status reports come in on (/berichten/status/cm/?key=...).
CM_TOKEN = env_str("HUURPAD_CM_TOKEN", "")
SMS_SENDER = env_str("HUURPAD_SMS_SENDER", "Huurpad")
CM_URL = env_str("HUURPAD_CM_URL", "https://gw.messaging.cm.com/v1.0/message")
CM_REPORT_KEY = env_str("HUURPAD_CM_REPORT_KEY", "")

# The Schuldenknooppunt web service (debthelp/transport/soap.py, docs/debt-help-transports.md): its
# address, our PKIoverheid (PKIo private server) client certificate and its key as PEM files, the CA
# bundle the server is checked against (empty: the system's), the WSDL (empty: the one that ships in
# debthelp/transport/) and the seconds to wait for an answer. No address: the web service is not used.
SKN_URL = env_str("HUURPAD_SKN_URL", "")
SKN_CERT = env_str("HUURPAD_SKN_CERT", "")
SKN_KEY = env_str("HUURPAD_SKN_KEY", "")
SKN_CA_BUNDLE = env_str("HUURPAD_SKN_CA_BUNDLE", "")
SKN_WSDL = env_str("HUURPAD_SKN_WSDL", "")
_SKN_TIMEOUT = env_str("HUURPAD_SKN_TIMEOUT", "60")
if not _SKN_TIMEOUT.isdigit():
    raise ImproperlyConfigured(f"HUURPAD_SKN_TIMEOUT must be a number of seconds, not {_SKN_TIMEOUT!r}.")
SKN_TIMEOUT = int(_SKN_TIMEOUT)
# Our contact person in the portal's upload files (Contactpersoon SE; docs/debt-help-transports.md).
SKN_CONTACT_NAME = env_str("HUURPAD_SKN_CONTACT_NAME", "")
SKN_CONTACT_EMAIL = env_str("HUURPAD_SKN_CONTACT_EMAIL", "")
SKN_CONTACT_PHONE = env_str("HUURPAD_SKN_CONTACT_PHONE", "")

# Who collects the direct debits (bank/models.py, Creditor.current): each variable set overrides
# that field of the row kept under beheer, Incassant.
CREDITOR_ENV = {
    "name": "HUURPAD_CREDITOR_NAME",
    "iban": "HUURPAD_CREDITOR_IBAN",
    "bic": "HUURPAD_CREDITOR_BIC",
    "creditor_id": "HUURPAD_CREDITOR_ID",
}
CREDITOR = {field: value for field, variable in CREDITOR_ENV.items() if (value := env_str(variable, "").strip())}

# Security headers. Production values: docs/deployment.md, "Production settings".
# Content-Security-Policy: scripts, styles, fonts and images only from our own origin, nothing
# inline (htmx is told not to inject its indicator styles: base.html's htmx-config).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# HTTP Strict Transport Security: off unless set (in seconds, e.g. 31536000 for a year).
_HSTS_SECONDS = env_str("HUURPAD_HSTS_SECONDS", "0")
if not _HSTS_SECONDS.isdigit():
    raise ImproperlyConfigured(f"HUURPAD_HSTS_SECONDS must be a number of seconds, not {_HSTS_SECONDS!r}.")
SECURE_HSTS_SECONDS = int(_HSTS_SECONDS)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HUURPAD_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("HUURPAD_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = env_bool("HUURPAD_SSL_REDIRECT")
# Behind a proxy that ends TLS: the header in which it says the request came in over HTTPS
# (e.g. X-Forwarded-Proto). Only set it when the proxy always sets or strips that header.
_PROXY_SSL_HEADER = env_str("HUURPAD_PROXY_SSL_HEADER", "")
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")

SESSION_COOKIE_SECURE = env_bool("HUURPAD_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:  # __Host-: the browser sends them only over HTTPS, to this host, for every path
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_AGE = 8 * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HUURPAD_LOG_LEVEL", "WARNING")},
}
