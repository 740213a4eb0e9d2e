"""The public area of one Ambito: /p/<slug_pubblico>/…, with every registered section mounted under its code.

The URL keyword is ``slug_pubblico``, not ``ambito_slug``: the page middleware (login, membership) must not
treat these pages as the Ambito's own; :func:`ambito.pubblico.vista.vista_pubblica` resolves it instead.
"""

from __future__ import annotations

from django.urls import include, path

from ambito.pubblico import views
from ambito.pubblico.registry import pagine_registrate

app_name = "pubblico"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibilita/", views.accessibilita, name="accessibilita"),
    *[path(f"{pagina.codice}/", include(pagina.urls)) for pagina in pagine_registrate()],
]
