"""Approvals API of one Ambito: /api/v1/a/<ambito_slug>/approvazioni/…"""

from __future__ import annotations

from django.urls import path

from ambito.approvazioni import api

app_name = "approvazioni_api"

urlpatterns = [
    path("", api.RichiesteAPI.as_view(), name="richieste"),
    path("<int:richiesta_pk>/", api.RichiestaDetailAPI.as_view(), name="richiesta_detail"),
    path("<int:richiesta_pk>/approva/", api.RichiestaApproveAPI.as_view(), name="richiesta_approve"),
    path("<int:richiesta_pk>/rifiuta/", api.RichiestaRejectAPI.as_view(), name="richiesta_reject"),
    path("<int:richiesta_pk>/annulla/", api.RichiestaCancelAPI.as_view(), name="richiesta_cancel"),
]
