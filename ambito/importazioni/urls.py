"""Imports of one Ambito: /a/<ambito_slug>/importazioni/…"""

from __future__ import annotations

from django.urls import path

from ambito.importazioni import views as importazioni

app_name = "importazioni"

urlpatterns = [
    path("", importazioni.importazione_list, name="importazione_list"),
    path("nuova/", importazioni.importazione_create, name="importazione_create"),
    path("<int:importazione_pk>/", importazioni.importazione_detail, name="importazione_detail"),
    path("<int:importazione_pk>/verifica/", importazioni.importazione_verify, name="importazione_verify"),
    path("<int:importazione_pk>/salva/", importazioni.importazione_save, name="importazione_save"),
]
