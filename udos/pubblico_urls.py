"""The public map of the offer: /p/<slug_pubblico>/offerta/… (mounted by ambito.pubblico.urls from the registry)."""

from django.urls import path

from udos import pubblico

app_name = "udos_pubblico"

urlpatterns = [
    path("", pubblico.mappa, name="mappa"),
    path("dati.geojson", pubblico.mappa_geojson, name="mappa_geojson"),
]
