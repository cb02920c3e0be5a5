from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("huurcontract/<ref:ref>/juridisch/stap/", views.record, name="record"),
    path("juridisch/stap/<int:pk>/kosten/", views.charge_costs, name="charge_costs"),
    path("juridisch/<int:pk>/niet-meer-aanhouden/", views.release, name="release"),
]
