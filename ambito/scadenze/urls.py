"""Deadlines: /a/<ambito_slug>/scadenze/"""

from __future__ import annotations

from django.urls import path

from ambito.scadenze import views as scadenze

app_name = "scadenze"

urlpatterns = [
    path("", scadenze.calendario, name="calendario"),
]
