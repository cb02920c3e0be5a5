"""Staff pages of the portal app: the subject-access file for a written request."""

from django.urls import path

from . import staff_views

urlpatterns = [
    path("huurcontract/<ref:ref>/gegevens-huurder/", staff_views.subject_file, name="subject_file"),
]
