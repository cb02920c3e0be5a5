from django.urls import path

from . import views
from .benefit_views import urlpatterns as benefit_urls
from .writeoff_views import urlpatterns as write_off_urls

app_name = "solutions"
urlpatterns = [
    path("huurcontract/<ref:ref>/regeling/", views.propose, name="propose_arrangement"),
    path("huurcontract/<ref:ref>/regeling/voorstel/", views.preview, name="preview_arrangement"),
    path("regeling/<int:pk>/besluit/", views.decide, name="decide_arrangement"),
    path("regeling/<int:pk>/einde/", views.end, name="end_arrangement"),
    path("huurcontract/<ref:ref>/pauze/", views.start_pause, name="start_pause"),
    path("pauze/<int:pk>/einde/", views.end_pause, name="end_pause"),
    *benefit_urls,
    *write_off_urls,
]
