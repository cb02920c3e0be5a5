"""Mijn Huurpad, under /mijn/. No URL names a tenancy: the session says whose pages these are."""

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("inloggen/", views.login, name="login"),
    path("inloggen/verstuurd/", views.link_sent, name="link_sent"),
    path("inloggen/sms/", views.login_sms, name="login_sms"),
    path("inloggen/code/", views.enter_code, name="enter_code"),
    path("inloggen/<str:token>/", views.use_link, name="use_link"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("betalen/", views.pay, name="pay"),
    path("incassodag/", views.collection_day, name="collection_day"),
    path("regeling/", views.arrangement, name="arrangement"),
    path("regeling/voorstel/", views.arrangement_preview, name="arrangement_preview"),
    path("bel-mij/", views.call_me, name="call_me"),
    path("bericht/", views.message, name="message"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/download/", views.my_data_file, name="my_data_file"),
]
