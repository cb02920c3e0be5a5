from django.urls import path

from . import partner_views

app_name = "cases"
urlpatterns = [
    path("partner/", partner_views.referral_list, name="partner_list"),
    path("partner/<int:pk>/", partner_views.referral_detail, name="partner_detail"),
]
