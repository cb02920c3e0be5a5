from django.urls import path

from . import views

urlpatterns = [
    path("", views.policy, name="policy"),
    path("wijzigen/", views.policy_edit, name="policy_edit"),
    path("instellingen/", views.policy_form, name="policy_form"),
    path("versies/", views.policy_history, name="policy_history"),
    path("versies/<int:number>/", views.policy_version, name="policy_version"),
    path("controles/", views.policy_runs, name="policy_runs"),
]
