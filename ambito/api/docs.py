"""The API documentation page (Redoc from the vendored sidecar package, no CDN).

Redoc injects its styles at run time and renders the schema in a web worker, so this one page
relaxes style-src to allow injected styles and worker-src to allow blob: workers; scripts stay 'self'.
"""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView


@method_decorator(csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}), name="dispatch")
class DocumentazioneAPI(SpectacularRedocView):
    pass
