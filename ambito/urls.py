"""Project URLs. Every tenant page lives under ``/a/<ambito_slug>/`` and every tenant API
endpoint under ``/api/v1/a/<ambito_slug>/``; ``tests/tenancy/test_isolation_matrix.py``
walks this URLconf and fails on any route it cannot classify.

Every URL module has its own namespace (``app_name``): ``atti:atto_detail``, ``fondi:dashboard``,
``fondi_api:quote``. The core's features are listed below with the path they live under; domain
apps are discovered, not listed: an app in ``AMBITO_MODULI`` that has ``urls.py`` is mounted at
``/a/<slug>/<app>/`` and one with ``api/urls.py`` at ``/api/v1/a/<slug>/<app>/``. Account pages
keep Django's own bare names (``login``, ``password_reset_done``…): django.contrib.auth and
django-two-factor-auth reverse them by those names.
"""

from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from ambito.api.docs import DocumentazioneAPI
from ambito.pubblico import views as pubblico
from ambito.ui import views as ui

# Core features with pages and an API: (path under /a/<slug>/ and /api/v1/a/<slug>/, package).
FUNZIONI_CORE = [
    ("membri", "ambito.membri"),
    ("territorio", "ambito.territorio"),
    ("atti", "ambito.atti"),
    ("organi", "ambito.organi"),
    ("allegati", "ambito.allegati"),
    ("elaborazioni", "ambito.jobs"),
    ("importazioni", "ambito.importazioni"),
    ("approvazioni", "ambito.approvazioni"),
    ("notifiche", "ambito.notifiche"),
    ("scadenze", "ambito.scadenze"),
]

urlpatterns = [
    path("", include("ambito.ui.urls")),
    path("account/", include("ambito.accounts.urls")),
    path("a/<slug:ambito_slug>/storico/", include("ambito.audit.urls")),
    path("api/v1/a/<slug:ambito_slug>/storico/", include("ambito.audit.api_urls")),
    path("a/<slug:ambito_slug>/area-pubblica/", include("ambito.pubblico.urls_gestione")),
    # The public area of each Ambito, outside the login (ambito.pubblico): read-only, no user context.
    path("p/", pubblico.indice, name="pubblico_indice"),
    path("p/<slug:slug_pubblico>/", include("ambito.pubblico.urls")),
    *[path(f"a/<slug:ambito_slug>/{prefisso}/", include(f"{pacchetto}.urls")) for prefisso, pacchetto in FUNZIONI_CORE],
    *[path(f"api/v1/a/<slug:ambito_slug>/{prefisso}/", include(f"{pacchetto}.api_urls"))
      for prefisso, pacchetto in FUNZIONI_CORE],
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", DocumentazioneAPI.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

for modulo in settings.AMBITO_MODULI:
    if find_spec(f"{modulo}.urls"):
        urlpatterns.append(path(f"a/<slug:ambito_slug>/{modulo}/", include(f"{modulo}.urls")))
    if find_spec(f"{modulo}.api") and find_spec(f"{modulo}.api.urls"):
        urlpatterns.append(path(f"api/v1/a/<slug:ambito_slug>/{modulo}/", include(f"{modulo}.api.urls")))
    # APIs that other administrations' systems call (INPS's WaaS pull): the Ambito comes from their credential.
    if find_spec(f"{modulo}.api") and find_spec(f"{modulo}.api.esterne_urls"):
        urlpatterns.append(path(f"api/esterne/{modulo}/", include(f"{modulo}.api.esterne_urls")))

handler403 = ui.permesso_negato
handler404 = ui.non_trovato
handler500 = ui.errore_server
