from django.urls import path

from . import views

app_name = "debthelp"
urlpatterns = [
    path("schuldhulp/bericht/<int:pk>/beantwoorden/", views.answer, name="answer"),
    path("schuldhulp/bericht/<int:pk>/besluiten/", views.decide, name="decide"),
    path("schuldhulp/<int:pk>/kwijtschelden/", views.write_off, name="write_off"),
]
