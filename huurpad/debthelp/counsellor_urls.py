from django.urls import path

from . import counsellor_views

app_name = "counsellor"
urlpatterns = [
    path("schuldhulp/", counsellor_views.household_list, name="households"),
    path("schuldhulp/<int:pk>/", counsellor_views.household_detail, name="household"),
    path("schuldhulp/<int:pk>/saldo.pdf", counsellor_views.statement_file, {"format": "pdf"}, name="statement_pdf"),
    path("schuldhulp/<int:pk>/saldo.csv", counsellor_views.statement_file, {"format": "csv"}, name="statement_csv"),
]
