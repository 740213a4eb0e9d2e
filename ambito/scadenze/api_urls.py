"""Deadlines API of one Ambito: /api/v1/a/<ambito_slug>/scadenze/"""

from __future__ import annotations

from django.urls import path

from ambito.scadenze import api as scadenze

app_name = "scadenze_api"

urlpatterns = [
    path("", scadenze.ScadenzeAPI.as_view(), name="scadenze"),
]
