"""Response headers that keep personal data out of caches.

Nearly every page Huurpad serves shows someone's money troubles: a browser's back-button cache, a
shared computer's disk cache or a proxy must not keep it. So every response gets
`Cache-Control: no-store` (and `Pragma: no-cache` for old HTTP/1.0 caches), except static files
(served by WhiteNoise before this middleware runs) and the fully public pages: the empty forms of
the public checks. A public check with answers in its query string shows a household's income, so
it is not fully public and is not stored either.

Signing out (staff or tenant) also tells the browser to drop what it cached or stored for the
site (`Clear-Site-Data`), for the next person at a shared computer.

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY); HSTS and the
rest of the transport headers from Django's SecurityMiddleware.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

# Views whose page, asked for without a query string, shows nothing about anyone.
PUBLIC_PAGES = frozenset(
    {
        "prevention:affordability",
        "prevention:benefits_scan",
        "prevention:help_request",
    }
)
SIGN_OUT = frozenset({"logout", "portal:logout"})


def is_fully_public(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        request.method in ("GET", "HEAD") and not request.GET and match is not None and match.view_name in PUBLIC_PAGES
    )


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response that may carry personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if request.method == "POST" and match is not None and match.view_name in SIGN_OUT:
            response["Clear-Site-Data"] = '"cache", "storage"'
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")) or is_fully_public(request):
            return response
        add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
        response["Pragma"] = "no-cache"
        return response
