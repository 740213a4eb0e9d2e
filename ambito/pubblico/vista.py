"""The entry point of every public page: ``@vista_pubblica(noindex=…)``.

The fifth place that opens a tenant scope (beside the page middleware, the API base view, the Celery base
task and management commands): it resolves the Ambito from ``/p/<slug_pubblico>/`` (an inactive or unknown
one is 404), runs the view and renders its response inside that Ambito's scope with **no actor and no user
context** — a public view never looks at who is asking, so a logged-in user sees exactly what an anonymous
visitor sees. Only safe methods are accepted. ``noindex=True`` (pages with personal-adjacent data) adds
``X-Robots-Tag: noindex`` and puts ``noindex`` in the context for the ``<meta name="robots">`` of
``pubblico/base.html``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ambito.accounts.selectors import ambito_attivo
from ambito.errors import NonTrovato
from ambito.tenancy import ambito_scope
from ambito.tenancy.models import Ambito

VistaPubblica = Callable[..., HttpResponse]


def vista_pubblica(*, noindex: bool) -> Callable[[VistaPubblica], VistaPubblica]:
    """Decorate ``view(request, ambito, **kwargs)``; see the module docstring."""

    def decorator(view: VistaPubblica) -> VistaPubblica:
        @functools.wraps(view)
        @require_safe
        def wrapper(request: HttpRequest, slug_pubblico: str, **kwargs: Any) -> HttpResponse:
            ambito = ambito_attivo(slug_pubblico)
            if ambito is None:
                raise NonTrovato(_("Ambito inesistente."))
            with ambito_scope(ambito, actor=None):
                response = view(request, ambito, **kwargs)
                if isinstance(response, TemplateResponse) and not response.is_rendered:
                    response.render()
            if noindex:
                response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        wrapper.pubblica = True  # type: ignore[attr-defined]
        wrapper.noindex = noindex  # type: ignore[attr-defined]
        return wrapper

    return decorator


def pagina_pubblica(request: HttpRequest, ambito: Ambito, template: str, contesto: dict[str, Any], *,
                    noindex: bool) -> TemplateResponse:
    """Render a public page on ``pubblico/base.html`` (the context names the Ambito and ``noindex``)."""
    return TemplateResponse(request, template, {**contesto, "ambito_pubblico": ambito, "noindex": noindex})
