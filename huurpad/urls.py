from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from huurpad.accounts import views as accounts_views
from huurpad.bank import urls as bank_urls
from huurpad.casefile import urls as casefile_urls
from huurpad.cases import urls as cases_urls
from huurpad.signals import urls as signals_urls
from huurpad.solutions import urls as solutions_urls


def with_casefile(app_urls, page_forms: list):
    """An app's own pages, and the forms of the tenancy page that the case file handles for it,
    under the app's name (e.g. solutions:propose_arrangement)."""
    return include((app_urls.urlpatterns + page_forms, app_urls.app_name))


admin.site.site_header = "Huurpad beheer"
admin.site.site_title = "Huurpad beheer"
admin.site.index_title = "Beheer"

urlpatterns = [
    # Browsers and tools ask for /favicon.ico whatever the pages' link says: the same small SVG.
    path("favicon.ico", serve, {"path": "favicon.svg", "document_root": settings.STATICFILES_DIRS[0]}, name="favicon"),
    path("", include("huurpad.accounts.urls")),  # sign-in, second factor, passwords (before the admin)
    path("start/", accounts_views.start, name="start"),
    path("inzage/medewerker/", accounts_views.user_access_log, name="user_access_log"),
    path("beheer/", admin.site.urls),
    path("beleid/", include("huurpad.collection.urls")),
    path("mijn/", include("huurpad.portal.urls")),
    path("", include("huurpad.portal.staff_urls")),
    path("", include("huurpad.messaging.urls")),
    path("", with_casefile(cases_urls, casefile_urls.cases)),
    path("", with_casefile(bank_urls, casefile_urls.bank)),
    path("", with_casefile(solutions_urls, casefile_urls.solutions)),
    path("", with_casefile(signals_urls, casefile_urls.signals)),
    path("", include("huurpad.prevention.urls")),
    path("", include("huurpad.debthelp.urls")),
    path("", include("huurpad.debthelp.counsellor_urls")),  # the debt counsellor's pages
    path("", include("huurpad.rents.urls")),
    path("", include("huurpad.plans.urls")),
    path("", include("huurpad.legal.urls")),
    path("", include("huurpad.tenancies.urls")),
    path("", include("huurpad.casefile.urls")),  # the tenancy page and its forms
]

handler403 = "huurpad.accounts.views.refused"  # every refusal is in the access log
