from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("huurcontract/<ref:ref>/plan/starten/", views.start, name="start"),
    path("plan/<int:pk>/", views.plan_page, name="plan"),
    path("plan/<int:pk>/hulpverlener/", views.add_helper, name="add_helper"),
    path("plan/<int:pk>/meedoen/", views.join, name="join"),
    path("plan/<int:pk>/regisseur/", views.coordinator, name="coordinator"),
    path("plan/<int:pk>/doel/", views.add_goal, name="add_goal"),
    path("plan/<int:pk>/actie/", views.add_action, name="add_action"),
    path("plan/<int:pk>/bijdrage/", views.add_contribution, name="add_contribution"),
    path("plan/<int:pk>/doorbraak/", views.register_request, name="register_request"),
    path("plan/hulpverlener/<int:pk>/stoppen/", views.stop_helper, name="stop_helper"),
    path("plan/actie/<int:pk>/gedaan/", views.mark_done, name="mark_done"),
    path("plan/doorbraak/<int:pk>/antwoord/", views.answer, name="answer"),
    path("partner/plannen/", views.partner_list, name="partner_list"),
]
