"""The platform pages outside any Ambito: the home that lists the user's Ambiti."""

from __future__ import annotations

from django.urls import path

from ambito.ui import views as home

urlpatterns = [
    path("", home.home, name="home"),
]
