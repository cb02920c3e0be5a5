from django.urls import path

from . import views

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("inzage/", views.access_search, name="access_search"),
    path("huurcontract/<ref:ref>/inzage/", views.access_log, name="tenancy_access_log"),
]
