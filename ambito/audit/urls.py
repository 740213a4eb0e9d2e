"""Audit pages: /a/<ambito_slug>/storico/…"""

from __future__ import annotations

from django.urls import path

from ambito.audit import views as storico

app_name = "audit"

urlpatterns = [
    path("accessi/", storico.accessi_sensibili, name="accessi_sensibili"),
    path("<str:modello>/<int:oggetto_pk>/", storico.storico_oggetto, name="storico_oggetto"),
]
