"""Notifications API of one Ambito: /api/v1/a/<ambito_slug>/notifiche/…"""

from __future__ import annotations

from django.urls import path

from ambito.notifiche import api as notifiche

app_name = "notifiche_api"

urlpatterns = [
    path("", notifiche.NotificheAPI.as_view(), name="notifiche"),
    path("non-lette/", notifiche.NonLetteAPI.as_view(), name="non_lette"),
    path("lette/", notifiche.TutteLetteAPI.as_view(), name="tutte_lette"),
    path("<int:notifica_pk>/letta/", notifiche.NotificaLettaAPI.as_view(), name="notifica_letta"),
]
