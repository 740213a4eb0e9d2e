"""Approval requests: /a/<ambito_slug>/approvazioni/…"""

from __future__ import annotations

from django.urls import path

from ambito.approvazioni import views

app_name = "approvazioni"

urlpatterns = [
    path("", views.richieste_list, name="richieste_list"),
    path("<int:richiesta_pk>/", views.richiesta_detail, name="richiesta_detail"),
    path("<int:richiesta_pk>/approva/", views.richiesta_approve, name="richiesta_approve"),
    path("<int:richiesta_pk>/rifiuta/", views.richiesta_reject, name="richiesta_reject"),
    path("<int:richiesta_pk>/annulla/", views.richiesta_cancel, name="richiesta_cancel"),
]
