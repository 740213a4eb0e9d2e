"""Public statistics: /p/<slug_pubblico>/statistiche/ (mounted by ambito.pubblico.urls from the registry)."""

from __future__ import annotations

from django.urls import path

from rendicontazione import pubblico

app_name = "statistiche_pubbliche"

urlpatterns = [path("", pubblico.statistiche, name="statistiche")]
