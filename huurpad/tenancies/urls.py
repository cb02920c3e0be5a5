from django.urls import path

from . import views

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("inzage/", views.access_search, name="access_search"),
    path("huurcontract/<ref:ref>/", views.tenancy_detail, name="tenancy_detail"),
    path("huurcontract/<ref:ref>/afdrukken/", views.tenancy_print, name="tenancy_print"),
    path("huurcontract/<ref:ref>/contact/", views.record_contact, name="record_contact"),
    path("huurcontract/<ref:ref>/dossier/openen/", views.open_case, name="open_case"),
    path("huurcontract/<ref:ref>/dossier/sluiten/", views.close_case, name="close_case"),
    path("huurcontract/<ref:ref>/doorverwijzen/", views.refer, name="refer"),
    path("huurcontract/<ref:ref>/inzage/", views.access_log, name="tenancy_access_log"),
    path("huurcontract/<ref:ref>/bereikbaarheid/", views.channel_limits, name="channel_limits"),
    path("huurcontract/<ref:ref>/maatregelen/", views.apply_measure, name="apply_measure"),
    path("huurcontract/<ref:ref>/notitie/", views.add_note, name="add_note"),
    path("huurcontract/<ref:ref>/signaal/", views.record_outside_signal, name="record_outside_signal"),
    path("huurcontract/<ref:ref>/betaallink/", views.make_pay_link, name="make_pay_link"),
    path("huurcontract/<ref:ref>/incassokosten/", views.charge_costs, name="charge_costs"),
    path("huurcontract/<ref:ref>/bericht/", views.personal_message, name="personal_message"),
    path("huurcontract/<ref:ref>/formulier/<slug:name>/", views.page_form, name="page_form"),
]
