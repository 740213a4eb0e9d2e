"""Pages of approval requests, under /a/<ambito_slug>/approvazioni/.

Staff (``ambito.approvazioni.vedi``) see every request of the Ambito; who may decide one is the kind's
capability, checked by the service (403 otherwise), with the other rules (not one's own request, second
factor verified in this session). Requests are prepared on the pages of the objects they concern.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.approvazioni import selectors, services
from ambito.approvazioni.forms import FiltroRichiesteForm, RifiutoForm
from ambito.approvazioni.models import RichiestaApprovazione, StatoRichiesta
from ambito.approvazioni.registry import tipo_approvazione
from ambito.web import azione_post, modulo

VEDI = "ambito.approvazioni.vedi"
PER_PAGINA = 25


def secondo_fattore_verificato(request: Any) -> bool:
    """Whether the user has verified a second factor *in this session* (django-otp's ``is_verified``).

    An API token carries no session, hence no verification: decisions need a verified session.
    """
    verifica = getattr(request.user, "is_verified", None)
    return bool(callable(verifica) and verifica())


def _dettaglio(request: HttpRequest, richiesta_pk: int) -> HttpResponse:
    return redirect("approvazioni:richiesta_detail", ambito_slug=request.ambito.slug, richiesta_pk=richiesta_pk)


def _contesto_richiesta(request: HttpRequest, richiesta: RichiestaApprovazione) -> dict[str, Any]:
    tipo = tipo_approvazione(richiesta.tipo)
    in_attesa = richiesta.stato == StatoRichiesta.IN_ATTESA
    return {
        "richiesta": richiesta,
        "tipo": tipo,
        "dettagli": tipo.dettagli(richiesta) if tipo and tipo.dettagli else [],
        "puo_decidere": in_attesa and tipo is not None and request.contesto.puo(tipo.capacita)
        and richiesta.preparata_da_id != request.user.pk,
        "e_preparatore": in_attesa and richiesta.preparata_da_id == request.user.pk,
        "verificato": secondo_fattore_verificato(request),
        "puo_vedere_audit": request.contesto.puo("ambito.audit.vedi"),
    }


@richiede(VEDI)
@require_safe
def richieste_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Pending requests first (the ones to decide), then every other, newest first."""
    filtri = FiltroRichiesteForm(request.GET)
    stato = filtri.cleaned_data.get("stato") if filtri.is_valid() else None
    if stato:
        in_attesa, altre = [], selectors.richiesta_list(ambito=request.ambito, stato=stato)
    else:
        in_attesa = list(selectors.richiesta_list(ambito=request.ambito, stato=StatoRichiesta.IN_ATTESA))
        altre = selectors.richiesta_list(ambito=request.ambito).exclude(stato=StatoRichiesta.IN_ATTESA)
    pagina = Paginator(altre, PER_PAGINA).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    for richiesta in [*in_attesa, *pagina]:
        tipo = tipo_approvazione(richiesta.tipo)
        richiesta.etichetta_tipo = tipo.etichetta if tipo else richiesta.tipo
    return render(request, "ambito/approvazioni/elenco.html", {
        "filtri": filtri, "in_attesa": in_attesa, "pagina": pagina, "query": query.urlencode(),
    })


@richiede(VEDI)
@require_safe
def richiesta_detail(request: HttpRequest, ambito_slug: str, richiesta_pk: int) -> HttpResponse:
    richiesta = selectors.richiesta_get(ambito=request.ambito, pk=richiesta_pk)
    return render(request, "ambito/approvazioni/dettaglio.html",
                  {**_contesto_richiesta(request, richiesta), "form": RifiutoForm()})


@richiede(VEDI)
@require_POST
def richiesta_approve(request: HttpRequest, ambito_slug: str, richiesta_pk: int) -> HttpResponse:
    """Approve and run the operation; the kind's capability is checked by the service (403)."""
    richiesta = selectors.richiesta_get(ambito=request.ambito, pk=richiesta_pk)
    return azione_post(
        request,
        esegui=lambda: services.richiesta_approve(richiesta=richiesta, actor=request.user,
                                                  secondo_fattore_verificato=secondo_fattore_verificato(request)),
        messaggio=lambda approvata: _("Richiesta approvata ed eseguita: %(richiesta)s.") % {"richiesta": approvata},
        ritorno=_dettaglio(request, richiesta_pk),
    )


@richiede(VEDI)
def richiesta_reject(request: HttpRequest, ambito_slug: str, richiesta_pk: int) -> HttpResponse:
    """Refuse with a reason (the form sits on the request's page)."""
    richiesta = selectors.richiesta_get(ambito=request.ambito, pk=richiesta_pk)
    if request.method != "POST":
        return _dettaglio(request, richiesta_pk)
    return modulo(
        request, RifiutoForm(request.POST),
        esegui=lambda dati: services.richiesta_reject(
            richiesta=richiesta, actor=request.user, motivo=dati["motivo"],
            secondo_fattore_verificato=secondo_fattore_verificato(request)),
        messaggio=lambda rifiutata: _("Richiesta rifiutata: %(richiesta)s.") % {"richiesta": rifiutata},
        successo=lambda _rifiutata: _dettaglio(request, richiesta_pk),
        template="ambito/approvazioni/dettaglio.html", contesto=_contesto_richiesta(request, richiesta),
    )


@richiede(VEDI)
@require_POST
def richiesta_cancel(request: HttpRequest, ambito_slug: str, richiesta_pk: int) -> HttpResponse:
    """Withdraw one's own pending request."""
    richiesta = selectors.richiesta_get(ambito=request.ambito, pk=richiesta_pk)
    return azione_post(
        request,
        esegui=lambda: services.richiesta_cancel(richiesta=richiesta, actor=request.user),
        messaggio=lambda annullata: _("Richiesta annullata: %(richiesta)s.") % {"richiesta": annullata},
        ritorno=_dettaglio(request, richiesta_pk),
    )
