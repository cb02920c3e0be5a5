from django.urls import path

from . import views

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("inzage/", views.access_search, name="access_search"),
    path("huurcontract/<str:ref>/", views.tenancy_detail, name="tenancy_detail"),
    path("huurcontract/<str:ref>/afdrukken/", views.tenancy_print, name="tenancy_print"),
    path("huurcontract/<str:ref>/contact/", views.record_contact, name="record_contact"),
    path("huurcontract/<str:ref>/dossier/openen/", views.open_case, name="open_case"),
    path("huurcontract/<str:ref>/dossier/sluiten/", views.close_case, name="close_case"),
    path("huurcontract/<str:ref>/doorverwijzen/", views.refer, name="refer"),
    path("huurcontract/<str:ref>/inzage/", views.access_log, name="tenancy_access_log"),
    path("huurcontract/<str:ref>/bereikbaarheid/", views.channel_limits, name="channel_limits"),
    path("huurcontract/<str:ref>/maatregelen/", views.apply_measure, name="apply_measure"),
    path("huurcontract/<str:ref>/notitie/", views.add_note, name="add_note"),
    path("huurcontract/<str:ref>/signaal/", views.record_outside_signal, name="record_outside_signal"),
    path("huurcontract/<str:ref>/betaallink/", views.make_pay_link, name="make_pay_link"),
    path("huurcontract/<str:ref>/incassokosten/", views.charge_costs, name="charge_costs"),
    path("huurcontract/<str:ref>/bericht/", views.personal_message, name="personal_message"),
    path("huurcontract/<str:ref>/formulier/<slug:name>/", views.page_form, name="page_form"),
]
