"""The public home of each Ambito, its institutional pages, the index of public areas, and the page where
the responsabile writes the institutional pages (``/a/<slug>/area-pubblica/``).

Public views (``@vista_pubblica``) take the Ambito from the URL and nothing from the user; they read only
through :mod:`ambito.pubblico.selectors` and render only ``templates/pubblico/``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.errors import NonTrovato
from ambito.pubblico import selectors, services
from ambito.pubblico.forms import PaginaIstituzionaleForm
from ambito.pubblico.models import TipoPaginaIstituzionale
from ambito.pubblico.registry import pagine_registrate
from ambito.pubblico.vista import pagina_pubblica, vista_pubblica
from ambito.tenancy.models import Ambito
from ambito.web import modulo

GESTISCI = "ambito.pubblico.gestisci"


@require_safe
def indice(request: HttpRequest) -> HttpResponse:
    """``/p/``: the public area of every active Ambito (the footer's link outside any Ambito)."""
    return render(request, "pubblico/indice.html", {"ambiti": selectors.ambito_pubblico_list()})


@vista_pubblica(noindex=False)
def home(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    """The public home of the Ambito: the registered sections, then privacy and accessibility."""
    sezioni = [{"titolo": p.titolo, "descrizione": p.descrizione,
                "url": reverse(f"pubblico:{p.url_name}", kwargs={"slug_pubblico": ambito.slug})}
               for p in pagine_registrate() if p.visibile is None or p.visibile(ambito)]
    return pagina_pubblica(request, ambito, "pubblico/home.html", {"sezioni": sezioni}, noindex=False)


def _istituzionale(request: HttpRequest, ambito: Ambito, tipo: str) -> HttpResponse:
    pagina = selectors.testo_istituzionale_get(ambito=ambito, tipo=tipo)
    return pagina_pubblica(request, ambito, "pubblico/istituzionale.html", {"pagina": pagina}, noindex=False)


@vista_pubblica(noindex=False)
def privacy(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    return _istituzionale(request, ambito, TipoPaginaIstituzionale.PRIVACY)


@vista_pubblica(noindex=False)
def accessibilita(request: HttpRequest, ambito: Ambito) -> HttpResponse:
    return _istituzionale(request, ambito, TipoPaginaIstituzionale.ACCESSIBILITA)


# --- Management, inside the Ambito ----------------------------------------------------------------

@richiede(GESTISCI)
@require_safe
def pagine_istituzionali(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "ambito/pubblico/pagine.html",
                  {"pagine": selectors.pagina_istituzionale_list(ambito=request.ambito),
                   "puo_vedere_audit": request.contesto.puo("ambito.audit.vedi")})


@richiede(GESTISCI)
def pagina_istituzionale_edit(request: HttpRequest, ambito_slug: str, pagina_tipo: str) -> HttpResponse:
    if pagina_tipo not in TipoPaginaIstituzionale.values:
        raise NonTrovato(_("Pagina inesistente."))
    attuale = selectors.testo_istituzionale_get(ambito=request.ambito, tipo=pagina_tipo)
    return modulo(
        request, PaginaIstituzionaleForm(request.POST or None, initial={"testo": attuale.testo}),
        esegui=lambda dati: services.pagina_istituzionale_set(ambito=request.ambito, actor=request.user,
                                                              tipo=pagina_tipo, testo=dati["testo"]),
        messaggio=lambda pagina: _("Pagina aggiornata: %(pagina)s. È già visibile nell'area pubblica.")
        % {"pagina": pagina},
        successo=lambda _pagina: redirect("pubblico_gestione:pagine", ambito_slug=request.ambito.slug),
        template="ambito/pubblico/pagina_form.html", contesto={"pagina": attuale},
    )
