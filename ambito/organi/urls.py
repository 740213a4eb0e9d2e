"""Collegial bodies and their sessions: /a/<ambito_slug>/organi/…"""

from __future__ import annotations

from django.urls import path

from ambito.organi import views as organi

app_name = "organi"

urlpatterns = [
    path("", organi.organi_list, name="organi_list"),
    path("nuovo/", organi.organo_create, name="organo_create"),
    path("<int:organo_pk>/", organi.organo_detail, name="organo_detail"),
    path("<int:organo_pk>/modifica/", organi.organo_edit, name="organo_edit"),
    path("<int:organo_pk>/componenti/nuovo/", organi.componente_create, name="componente_create"),
    path("<int:organo_pk>/sedute/nuova/", organi.seduta_create, name="seduta_create"),
    path("componenti/<int:componente_pk>/modifica/", organi.componente_edit, name="componente_edit"),
    path("sedute/<int:seduta_pk>/", organi.seduta_detail, name="seduta_detail"),
    path("sedute/<int:seduta_pk>/presenze/", organi.seduta_presenze, name="seduta_presenze"),
    path("sedute/<int:seduta_pk>/punti/", organi.punto_create, name="punto_create"),
    path("sedute/<int:seduta_pk>/chiudi/", organi.seduta_close, name="seduta_close"),
    path("punti/<int:punto_pk>/voti/", organi.punto_voti, name="punto_voti"),
    path("punti/<int:punto_pk>/chiudi/", organi.punto_close, name="punto_close"),
]
