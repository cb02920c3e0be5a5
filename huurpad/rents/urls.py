"""The rent increase (toolkit 1.7, 1.8, 1.10) and the move candidates (1.9)."""

from django.urls import path

from . import views

app_name = "rents"
urlpatterns = [
    path("huurverhoging/", views.overview, name="overview"),
    path("huurverhoging/<int:year>/beleid/", views.policy, name="policy"),
    path("huurverhoging/<int:year>/voorstellen/", views.propose, name="propose"),
    path("huurverhoging/<int:year>/akkoord/", views.approve_all, name="approve_all"),
    path("huurverhoging/voorstel/<int:pk>/", views.decide, name="decide"),
    path("huurverhoging/<int:year>/doorvoeren/", views.apply, name="apply"),
    path("verhuiskandidaten/", views.move_candidates, name="moves"),
]
