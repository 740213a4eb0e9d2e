"""Audit pages, under /a/<ambito_slug>/storico/: an object's change history and the log of reads
of sensitive data. Both only read: audit rows are append-only (see :mod:`ambito.audit.selectors`)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.audit import selectors
from ambito.audit.forms import FiltroAccessiForm


@richiede("ambito.audit.vedi")
@require_safe
def audit_oggetto(request: HttpRequest, ambito_slug: str, modello: str, oggetto_pk: int) -> HttpResponse:
    """Who changed what and when on one object of this Ambito (``modello`` = "app_label.modelname")."""
    oggetto = selectors.oggetto_tenant_get(ambito=request.ambito, modello=modello, pk=oggetto_pk)
    return render(request, "ambito/audit/oggetto.html", {
        "oggetto": oggetto, "tipo": oggetto._meta.verbose_name, "voci": selectors.storia_oggetto_leggibile(oggetto),
        "url_oggetto": oggetto.get_absolute_url() if hasattr(oggetto, "get_absolute_url") else None,
    })


@richiede("ambito.audit.accessi")
@require_safe
def accessi_sensibili(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """The log of who read whose sensitive data, filterable by user and dates."""
    filtri = FiltroAccessiForm(request.GET, utenti=selectors.utenti_negli_accessi(ambito=request.ambito))
    dati = filtri.cleaned_data if filtri.is_valid() else {}
    accessi = selectors.accesso_sensibile_list(ambito=request.ambito, utente=dati.get("utente"),
                                               dal=dati.get("dal"), al=dati.get("al"))
    pagina = Paginator(accessi, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "ambito/audit/accessi.html", {"filtri": filtri, "pagina": pagina,
                                                           "query": query.urlencode()})
