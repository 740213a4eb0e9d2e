"""APIs called by other administrations' systems (not by the platform's users), mounted at
``/api/esterne/rendicontazione/``: the Ambito comes from the caller's credential, never from the URL."""

from django.urls import path

from rendicontazione.api import waas

app_name = "rendicontazione_esterne"

urlpatterns = [
    path("waas/v1/flussi", waas.flussi, name="waas_flussi"),
    path("waas/v1/esiti", waas.esiti, name="waas_esiti"),
    path("waas/v1/status", waas.status, name="waas_status"),
]
