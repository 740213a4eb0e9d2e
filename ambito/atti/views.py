"""Pages of governance acts, under /a/<ambito_slug>/atti/.

Everybody with ``ambito.atti.vedi_pubblicati`` reads published acts; staff
(``ambito.atti.vedi_tutti``) read all of them and, with ``ambito.atti.gestisci``, register, edit,
attach the PDF and publish. An act the user may not see is a 404, like one of another Ambito.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.allegati.pannello import pannello_allegati
from ambito.allegati.views import risposta_scaricamento
from ambito.atti import selectors, services
from ambito.atti.forms import AttoForm, CollegamentoForm, FiltroAttiForm
from ambito.atti.models import Atto, AttoCollegamento
from ambito.audit.selectors import oggetto_tenant_get
from ambito.errors import NonTrovato, RegolaViolata
from ambito.web import azione_post, modulo

VEDI = "ambito.atti.vedi_pubblicati"
GESTISCI = "ambito.atti.gestisci"
PER_PAGINA = 25


def _atto_visibile(request: HttpRequest, atto_pk: int) -> Atto:
    """The act of the URL if this user may see it (unpublished acts only for staff), else NonTrovato."""
    solo_pubblicati = selectors.solo_pubblicati_per(request.contesto)
    return selectors.atto_get(ambito=request.ambito, pk=atto_pk, solo_pubblicati=solo_pubblicati)


def _atto_detail(request: HttpRequest, atto_pk: int) -> HttpResponse:
    return redirect("atti:atto_detail", ambito_slug=request.ambito.slug, atto_pk=atto_pk)


@richiede(VEDI)
@require_safe
def atti_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    solo_pubblicati = selectors.solo_pubblicati_per(request.contesto)
    filtri = FiltroAttiForm(request.GET, anni=selectors.atto_anni(ambito=request.ambito,
                                                                  solo_pubblicati=solo_pubblicati))
    dati = filtri.cleaned_data if filtri.is_valid() else {}
    atti = selectors.atto_list(ambito=request.ambito, solo_pubblicati=solo_pubblicati, tipo=dati.get("tipo"),
                               anno=dati.get("anno"), testo=dati.get("testo"))
    pagina = Paginator(atti, PER_PAGINA).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "ambito/atti/elenco.html", {
        "filtri": filtri, "pagina": pagina, "query": query.urlencode(), "puo_gestire": request.contesto.puo(GESTISCI),
    })


@richiede(VEDI)
@require_safe
def atto_detail(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    atto = _atto_visibile(request, atto_pk)
    return render(request, "ambito/atti/dettaglio.html", {
        "atto": atto,
        "collegamenti": selectors.collegamento_list(atto=atto),
        "punto": getattr(atto, "punto_odg", None) if request.contesto.puo("ambito.organi.vedi") else None,
        "puo_gestire": request.contesto.puo(GESTISCI),
        "puo_vedere_audit": request.contesto.puo("ambito.audit.vedi"),
        "allegati": pannello_allegati(request, atto),
    })


@richiede(GESTISCI)
def atto_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return modulo(
        request, AttoForm(request.POST or None, request.FILES or None, ambito=request.ambito),
        esegui=lambda dati: services.atto_create(ambito=request.ambito, actor=request.user, **dati),
        messaggio=lambda atto: _("Atto registrato: %(atto)s.") % {"atto": atto},
        successo=lambda atto: _atto_detail(request, atto.pk),
        template="ambito/atti/modulo.html", contesto={"atto": None},
    )


@richiede(GESTISCI)
def atto_edit(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    atto = _atto_visibile(request, atto_pk)
    iniziali = {campo: getattr(atto, campo) for campo in services.CAMPI_MODIFICABILI}
    return modulo(
        request, AttoForm(request.POST or None, request.FILES or None, initial=iniziali, ambito=request.ambito),
        esegui=lambda dati: services.atto_update(atto=atto, actor=request.user, **dati),
        messaggio=lambda modificato: _("Atto modificato: %(atto)s.") % {"atto": modificato},
        successo=lambda _atto: _atto_detail(request, atto_pk),
        template="ambito/atti/modulo.html", contesto={"atto": atto},
    )


@richiede(VEDI)
@require_safe
def atto_download(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    """The act's document (current version), through the attachment service: the download is recorded."""
    atto = _atto_visibile(request, atto_pk)
    return risposta_scaricamento(request, atto.documento, nome=selectors.nome_documento(atto))


@richiede(GESTISCI)
@require_POST
def atto_publish(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    atto = _atto_visibile(request, atto_pk)
    return azione_post(
        request,
        esegui=lambda: services.atto_publish(atto=atto, actor=request.user),
        messaggio=_("L'atto è pubblicato: ora è visibile all'Assemblea e ai partner."),
        ritorno=_atto_detail(request, atto_pk),
    )


def _atto_link(request: HttpRequest, atto: Atto, dati: dict[str, Any]) -> AttoCollegamento:
    """Link the object the form names; another Ambito's object does not exist for this one."""
    try:
        oggetto = oggetto_tenant_get(ambito=request.ambito, modello=dati["modello"], pk=dati["oggetto"])
    except NonTrovato as exc:
        raise RegolaViolata(exc.messaggio, campo="oggetto", codice="non_trovato") from exc
    return services.atto_link(atto=atto, actor=request.user, oggetto=oggetto, descrizione=dati["descrizione"])


@richiede(GESTISCI)
def atto_link(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    """Record that the act approves an object of this Ambito (of any module)."""
    atto = _atto_visibile(request, atto_pk)
    return modulo(
        request, CollegamentoForm(request.POST or None),
        esegui=lambda dati: _atto_link(request, atto, dati),
        messaggio=lambda collegamento: _("Oggetto collegato: %(oggetto)s.") % {"oggetto": collegamento.oggetto},
        successo=lambda _collegamento: _atto_detail(request, atto_pk),
        template="ambito/atti/collegamento.html", contesto={"atto": atto},
    )


@richiede(GESTISCI)
@require_POST
def atto_unlink(request: HttpRequest, ambito_slug: str, collegamento_pk: int) -> HttpResponse:
    """Remove a link (the history keeps it)."""
    collegamento = selectors.collegamento_get(ambito=request.ambito, pk=collegamento_pk)
    return azione_post(
        request,
        esegui=lambda: services.atto_unlink(collegamento=collegamento, actor=request.user),
        messaggio=_("Collegamento rimosso dall'atto %(atto)s.") % {"atto": collegamento.atto},
        ritorno=_atto_detail(request, collegamento.atto_id),
    )
