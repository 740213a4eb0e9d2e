"""API of the audit: /api/v1/a/<ambito_slug>/storico/…"""

from __future__ import annotations

from django.urls import path

from ambito.audit import api

app_name = "audit_api"

urlpatterns = [
    path("accessi/", api.AccessoListAPI.as_view(), name="accessi_sensibili"),
]
