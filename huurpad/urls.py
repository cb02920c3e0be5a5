from django.contrib import admin
from django.urls import include, path

from huurpad.accounts import views as accounts_views

admin.site.site_header = "Huurpad beheer"
admin.site.site_title = "Huurpad beheer"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", include("huurpad.accounts.urls")),  # sign-in, second factor, passwords (before the admin)
    path("start/", accounts_views.start, name="start"),
    path("inzage/medewerker/", accounts_views.user_access_log, name="user_access_log"),
    path("beheer/", admin.site.urls),
    path("beleid/", include("huurpad.collection.urls")),
    path("mijn/", include("huurpad.portal.urls")),
    path("", include("huurpad.portal.staff_urls")),
    path("", include("huurpad.messaging.urls")),
    path("", include("huurpad.cases.urls")),
    path("", include("huurpad.bank.urls")),
    path("", include("huurpad.solutions.urls")),
    path("", include("huurpad.signals.urls")),
    path("", include("huurpad.prevention.urls")),
    path("", include("huurpad.rents.urls")),
    path("", include("huurpad.tenancies.urls")),
]

handler403 = "huurpad.accounts.views.refused"  # every refusal is in the access log
