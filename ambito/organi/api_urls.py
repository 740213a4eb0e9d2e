"""Collegial bodies API of one Ambito: /api/v1/a/<ambito_slug>/organi/…"""

from __future__ import annotations

from django.urls import path

from ambito.organi import api as organi

urlpatterns = [
    path("", organi.OrganiAPI.as_view(), name="api_organi"),
    path("<int:organo_pk>/", organi.OrganoDetailAPI.as_view(), name="api_organo_detail"),
    path("<int:organo_pk>/sedute/", organi.SeduteAPI.as_view(), name="api_sedute"),
    path("sedute/<int:seduta_pk>/", organi.SedutaDetailAPI.as_view(), name="api_seduta_detail"),
    path("sedute/<int:seduta_pk>/presenze/", organi.PresenzeAPI.as_view(), name="api_seduta_presenze"),
    path("punti/<int:punto_pk>/voti/", organi.VotiAPI.as_view(), name="api_punto_voti"),
    path("punti/<int:punto_pk>/chiudi/", organi.VotazioneCloseAPI.as_view(), name="api_punto_close"),
]
