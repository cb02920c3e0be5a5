from django.urls import path

from . import views

app_name = "signals"
urlpatterns = [
    path("vroegsignalen/", views.overview, name="overview"),
    path("vroegsignalen/klaarzetten/", views.prepare, name="prepare"),
    path("vroegsignalen/export/<str:code>/", views.make_export, name="export"),
    path("vroegsignalen/bestand/<int:pk>/", views.download, name="download"),
    path("vroegsignalen/<int:pk>/akkoord/", views.approve, name="approve"),
    path("vroegsignalen/<int:pk>/terugkoppeling/", views.feedback, name="feedback"),
]
