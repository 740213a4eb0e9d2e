"""Acts in the public area: /p/<slug_pubblico>/atti/… (mounted by ambito.pubblico.urls from the registry)."""

from __future__ import annotations

from django.urls import path

from ambito.atti import pubblico

app_name = "atti_pubblici"

urlpatterns = [
    path("", pubblico.atti_list, name="atti_list"),
    path("dati.json", pubblico.atti_json, name="atti_json"),
    path("<int:atto_pk>/", pubblico.atto_detail, name="atto_detail"),
    path("<int:atto_pk>/documento/", pubblico.atto_download, name="atto_download"),
]
