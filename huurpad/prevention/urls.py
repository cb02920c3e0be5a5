"""Prevention (toolkit chapter 1): the public checks and the officer's lists."""

from django.urls import path

from . import views

app_name = "prevention"
urlpatterns = [
    # Public, no login: the checks store nothing; a request for help is stored with consent.
    path("huurcheck/", views.affordability_check, name="affordability"),
    path("geldcheck/", views.benefits_scan_view, name="benefits_scan"),
    path("geldcheck/hulp/", views.help_request, name="help_request"),
    # Officers (case roles)
    path("hulpvragen/", views.help_requests, name="help_requests"),
    path("hulpvragen/<int:pk>/afgehandeld/", views.help_request_done, name="help_request_done"),
]
