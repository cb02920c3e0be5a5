from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("betalen/webhook/<str:provider>/", views.webhook, name="webhook"),
    path("betalen/demo/<str:token>/", views.demo_checkout, name="demo_checkout"),
    path("betalen/klaar/", views.paid, name="paid"),
    path("berichten/status/cm/", views.cm_status_report, name="cm_status_report"),
    path("berichten/onzeker/", views.uncertain, name="uncertain"),
    path("berichten/<int:pk>/toch-verstuurd/", views.confirm_sent, name="confirm_sent"),
    path("berichten/<int:pk>/opnieuw/", views.send_again, name="send_again"),
]
