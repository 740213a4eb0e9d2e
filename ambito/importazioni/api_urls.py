"""API of imports: /api/v1/a/<ambito_slug>/importazioni/…"""

from __future__ import annotations

from django.urls import path

from ambito.importazioni import api

app_name = "importazioni_api"

urlpatterns = [
    path("", api.ImportazioneListCreateAPI.as_view(), name="importazione_list"),
    path("<int:importazione_pk>/", api.ImportazioneDetailAPI.as_view(), name="importazione_detail"),
    path("<int:importazione_pk>/verifica/", api.ImportazioneVerifyAPI.as_view(), name="importazione_verify"),
    path("<int:importazione_pk>/salva/", api.ImportazioneSaveAPI.as_view(), name="importazione_save"),
]
