"""The URLs with single sign-on switched on, as huurpad/accounts/urls.py adds them then."""

from django.urls import include, path

from huurpad.urls import urlpatterns as huurpad_urls

urlpatterns = [path("sso/", include("mozilla_django_oidc.urls")), *huurpad_urls]
