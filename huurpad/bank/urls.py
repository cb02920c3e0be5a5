from django.urls import path

from . import views

app_name = "bank"
urlpatterns = [
    path("bank/onbekend/", views.unknown_payments, name="unknown_payments"),
    path("bank/onbekend/<int:pk>/toewijzen/", views.assign_payment, name="assign_payment"),
]
