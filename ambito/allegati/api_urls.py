"""Attachments API of one Ambito: /api/v1/a/<ambito_slug>/allegati/…"""

from __future__ import annotations

from django.urls import path

from ambito.allegati import api

app_name = "allegati_api"

urlpatterns = [
    path("oggetti/<str:modello>/<int:oggetto_pk>/", api.AllegatiOggettoAPI.as_view(), name="allegati_oggetto"),
    path("<int:allegato_pk>/", api.AllegatoDetailAPI.as_view(), name="allegato_detail"),
    path("<int:allegato_pk>/versioni/", api.AllegatoVersioniAPI.as_view(), name="allegato_versioni"),
    path("<int:allegato_pk>/file/", api.AllegatoFileAPI.as_view(), name="allegato_file"),
    path("versioni/<int:versione_pk>/file/", api.VersioneFileAPI.as_view(), name="versione_file"),
]
