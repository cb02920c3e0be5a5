from django.urls import path

from . import partner_views, views

app_name = "cases"
urlpatterns = [
    path("vandaag/", views.today, name="today"),
    path("vandaag/taken/", views.today_bulk, name="today_bulk"),
    path("vandaag/beoordeling/<int:pk>/", views.decide_review, name="decide_review"),
    path("partner/", partner_views.referral_list, name="partner_list"),
    path("partner/<int:pk>/", partner_views.referral_detail, name="partner_detail"),
]
