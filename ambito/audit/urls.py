"""Audit pages: /a/<ambito_slug>/storico/…"""

from __future__ import annotations

from django.urls import path

from ambito.audit import views

app_name = "audit"

urlpatterns = [
    path("accessi/", views.accessi_sensibili, name="accessi_sensibili"),
    path("<str:modello>/<int:oggetto_pk>/", views.audit_oggetto, name="oggetto"),
]
