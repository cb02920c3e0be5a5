from django.urls import path

from . import post_views, views

app_name = "messaging"
urlpatterns = [
    path("betalen/webhook/<str:provider>/", views.webhook, name="webhook"),
    path("betalen/demo/<str:token>/", views.demo_checkout, name="demo_checkout"),
    path("betalen/klaar/", views.paid, name="paid"),
    path("berichten/status/cm/", views.cm_status_report, name="cm_status_report"),
    path("berichten/onzeker/", views.uncertain, name="uncertain"),
    path("berichten/<int:pk>/toch-verstuurd/", views.confirm_sent, name="confirm_sent"),
    path("berichten/<int:pk>/opnieuw/", views.send_again, name="send_again"),
    path("post/brieven/", post_views.letters_of_the_day, name="letters_of_the_day"),
    path("post/brieven/stand/", post_views.letters_status, name="letters_status"),
    path("post/brieven/maken/", post_views.make_letters, name="make_letters"),
    path("post/brieven/<str:name>", post_views.letters_file, name="letters_file"),
]
