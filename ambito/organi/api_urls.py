"""Collegial bodies API of one Ambito: /api/v1/a/<ambito_slug>/organi/…"""

from __future__ import annotations

from django.urls import path

from ambito.organi import api as organi

app_name = "organi_api"

urlpatterns = [
    path("", organi.OrganiAPI.as_view(), name="organi"),
    path("<int:organo_pk>/", organi.OrganoDetailAPI.as_view(), name="organo_detail"),
    path("<int:organo_pk>/sedute/", organi.SeduteAPI.as_view(), name="sedute"),
    path("sedute/<int:seduta_pk>/", organi.SedutaDetailAPI.as_view(), name="seduta_detail"),
    path("sedute/<int:seduta_pk>/presenze/", organi.PresenzeAPI.as_view(), name="seduta_presenze"),
    path("punti/<int:punto_pk>/voti/", organi.VotiAPI.as_view(), name="punto_voti"),
    path("punti/<int:punto_pk>/chiudi/", organi.VotazioneCloseAPI.as_view(), name="punto_close"),
]
