from django.urls import path

from . import import_views, views

app_name = "bank"
urlpatterns = [
    path("bank/onbekend/", views.unknown_payments, name="unknown_payments"),
    path("bank/onbekend/<int:pk>/toewijzen/", views.assign_payment, name="assign_payment"),
    path("bank/afschriften/", import_views.statement_imports, name="statement_imports"),
    path("bank/afschriften/<int:pk>/", import_views.statement_import, name="statement_import"),
]
