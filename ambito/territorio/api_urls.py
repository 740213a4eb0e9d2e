"""Territory API of one Ambito: /api/v1/a/<ambito_slug>/territorio/…"""

from __future__ import annotations

from django.urls import path

from ambito.territorio import api as territorio

app_name = "territorio_api"

urlpatterns = [
    path("comuni/", territorio.ComuniAPI.as_view(), name="territorio_comuni"),
    path("enti/", territorio.EntiAPI.as_view(), name="territorio_enti"),
    path("enti/<int:ente_pk>/", territorio.EnteDetailAPI.as_view(), name="territorio_ente"),
    path("impostazioni/", territorio.ImpostazioniAPI.as_view(), name="territorio_impostazioni"),
]
