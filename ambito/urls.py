"""Project URLs. Every tenant page lives under ``/a/<ambito_slug>/`` and every tenant API
endpoint under ``/api/v1/a/<ambito_slug>/``; ``tests/tenancy/test_isolation_matrix.py``
walks this URLconf and fails on any route it cannot classify.

Domain apps are discovered, not listed: an app in ``AMBITO_MODULI`` that has ``urls.py``
is mounted at ``/a/<slug>/<app>/`` and one with ``api/urls.py`` at ``/api/v1/a/<slug>/<app>/``.
"""

from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from ambito.api.docs import DocumentazioneAPI
from ambito.ui import views as errori

urlpatterns = [
    path("", include("ambito.ui.urls_piattaforma")),
    path("account/", include("ambito.accounts.urls")),
    path("a/<slug:ambito_slug>/", include("ambito.ui.urls")),
    path("api/v1/", include("ambito.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", DocumentazioneAPI.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

for modulo in settings.AMBITO_MODULI:
    if find_spec(f"{modulo}.urls"):
        urlpatterns.append(path(f"a/<slug:ambito_slug>/{modulo}/", include(f"{modulo}.urls")))
    if find_spec(f"{modulo}.api") and find_spec(f"{modulo}.api.urls"):
        urlpatterns.append(path(f"api/v1/a/<slug:ambito_slug>/{modulo}/", include(f"{modulo}.api.urls")))

handler403 = errori.permesso_negato
handler404 = errori.non_trovato
handler500 = errori.errore_server
