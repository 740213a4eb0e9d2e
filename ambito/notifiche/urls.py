"""Notifications: /a/<ambito_slug>/notifiche/…"""

from __future__ import annotations

from django.urls import path

from ambito.notifiche import views as notifiche

app_name = "notifiche"

urlpatterns = [
    path("", notifiche.notifica_list, name="notifica_list"),
    path("campanella/", notifiche.campanella, name="campanella"),
    path("lette/", notifiche.notifica_mark_all_read, name="notifica_mark_all_read"),
    path("preferenze/", notifiche.preferenze, name="preferenze"),
    path("<int:notifica_pk>/letta/", notifiche.notifica_mark_read, name="notifica_mark_read"),
    path("<int:notifica_pk>/apri/", notifiche.notifica_open, name="notifica_open"),
]
