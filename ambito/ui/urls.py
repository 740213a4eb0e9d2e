"""The platform's home (the user's Ambiti) and the home page of one Ambito (its dashboard)."""

from __future__ import annotations

from django.urls import path

from ambito.ui import views

app_name = "ui"

urlpatterns = [
    path("", views.home, name="home"),
    path("a/<slug:ambito_slug>/", views.dashboard, name="dashboard"),
]
