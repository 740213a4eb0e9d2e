"""Attachments: /a/<ambito_slug>/allegati/…"""

from __future__ import annotations

from django.urls import path

from ambito.allegati import views

app_name = "allegati"

urlpatterns = [
    path("oggetti/<str:modello>/<int:oggetto_pk>/", views.allegati_oggetto, name="allegati_oggetto"),
    path("<int:allegato_pk>/", views.allegato_detail, name="allegato_detail"),
    path("<int:allegato_pk>/sostituisci/", views.allegato_replace, name="allegato_replace"),
    path("<int:allegato_pk>/scarica/", views.allegato_download, name="allegato_download"),
    path("versioni/<int:versione_pk>/scarica/", views.versione_download, name="versione_download"),
]
