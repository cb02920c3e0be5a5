"""The tenancy page and its forms, and Vandaag. The forms of solutions, the bank and the evidence
pack and the pages of Vandaag keep their apps' names (solutions:…, bank:…, signals:…, cases:…):
huurpad/urls.py adds `solutions`, `bank`, `signals` and `cases` below to those apps' namespaces."""

from django.urls import path

from . import form_views, search, team, today, views

urlpatterns = [
    path("zoeken/", search.find, name="search"),
    path("huurcontract/<ref:ref>/", views.tenancy_detail, name="tenancy_detail"),
    path("huurcontract/<ref:ref>/afdrukken/", views.tenancy_print, name="tenancy_print"),
    path("huurcontract/<ref:ref>/formulier/<slug:name>/", views.page_form, name="page_form"),
    path("huurcontract/<ref:ref>/contact/", form_views.record_contact, name="record_contact"),
    path("huurcontract/<ref:ref>/dossier/openen/", form_views.open_case, name="open_case"),
    path("huurcontract/<ref:ref>/dossier/sluiten/", form_views.close_case, name="close_case"),
    path("huurcontract/<ref:ref>/doorverwijzen/", form_views.refer, name="refer"),
    path("huurcontract/<ref:ref>/bereikbaarheid/", form_views.channel_limits, name="channel_limits"),
    path("huurcontract/<ref:ref>/maatregelen/", form_views.apply_measure, name="apply_measure"),
    path("huurcontract/<ref:ref>/notitie/", form_views.add_note, name="add_note"),
    path("huurcontract/<ref:ref>/signaal/", form_views.record_outside_signal, name="record_outside_signal"),
    path("huurcontract/<ref:ref>/betaallink/", form_views.make_pay_link, name="make_pay_link"),
    path("huurcontract/<ref:ref>/incassokosten/", form_views.charge_costs, name="charge_costs"),
    path("huurcontract/<ref:ref>/bericht/", form_views.personal_message, name="personal_message"),
]
solutions = [
    path("huurcontract/<ref:ref>/regeling/", form_views.propose_arrangement, name="propose_arrangement"),
    path("huurcontract/<ref:ref>/regeling/voorstel/", form_views.preview_arrangement, name="preview_arrangement"),
    path("regeling/<int:pk>/besluit/", form_views.decide_arrangement, name="decide_arrangement"),
    path("regeling/<int:pk>/einde/", form_views.end_arrangement, name="end_arrangement"),
    path("huurcontract/<ref:ref>/pauze/", form_views.start_pause, name="start_pause"),
    path("pauze/<int:pk>/einde/", form_views.end_pause, name="end_pause"),
    path("pauze/<int:pk>/verlengen/", form_views.extend_pause, name="extend_pause"),
    path("huurcontract/<ref:ref>/geregelde-betaling/", form_views.register_benefit, name="register_benefit"),
    path("huurcontract/<ref:ref>/kamerhuurder/", form_views.grant_lodger, name="grant_lodger"),
    path("huurcontract/<ref:ref>/kwijtschelding/", form_views.propose_write_off, name="propose_write_off"),
    path("huurcontract/<ref:ref>/nieuw-adres/", form_views.record_forwarding_address, name="record_forwarding_address"),
    path("huurcontract/<ref:ref>/incassobureau/", form_views.hand_over_to_agency, name="hand_over_to_agency"),
]
bank = [
    path("huurcontract/<ref:ref>/incassodag/", form_views.change_collection_day, name="change_collection_day"),
]
cases = [
    path("vandaag/", today.today, name="today"),
    path("vandaag/taken/", today.today_bulk, name="today_bulk"),
    path("vandaag/beoordeling/<int:pk>/", today.decide_review, name="decide_review"),
    path("team/", team.team, name="team"),
    path("team/medewerker/<int:pk>/", team.team_person, name="team_person"),
    path("team/rol/<slug:role>/", team.team_role, name="team_role"),
    path("team/taken/", team.team_reassign, name="team_reassign"),
]
signals = [
    path("huurcontract/<ref:ref>/bewijsdossier/", views.evidence_pack, name="evidence_pack"),
]
