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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.allegati.pannello import pannello_allegati
from ambito.allegati.views import risposta_scaricamento
from ambito.approvazioni.selectors import richiesta_in_attesa_per
from ambito.atti import selectors, services
from ambito.atti.forms import AttoForm, CollegamentoForm, FiltroAttiForm, PubblicazioneOnlineForm
from ambito.atti.models import Atto, AttoCollegamento
from ambito.audit.selectors import oggetto_tenant_get
from ambito.errors import NonTrovato, RegolaViolata
from ambito.web import azione_post, modulo

VEDI = "ambito.atti.vedi_pubblicati"
GESTISCI = "ambito.atti.gestisci"
PUBBLICA_ONLINE = "ambito.atti.pubblicazione_online"
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
                                                                  solo_pubblicati=solo_pubblicati),
                            con_stato=not solo_pubblicati)
    dati = filtri.cleaned_data if filtri.is_valid() else {}
    atti = selectors.atto_list(ambito=request.ambito, solo_pubblicati=solo_pubblicati, tipo=dati.get("tipo"),
                               anno=dati.get("anno"), testo=dati.get("testo"), pubblicato=filtri.pubblicato())
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
        "puo_ritirare": request.contesto.puo(PUBBLICA_ONLINE),
        "puo_vedere_audit": request.contesto.puo("ambito.audit.vedi"),
        "richiesta_online": richiesta_in_attesa_per(ambito=request.ambito, oggetto=atto,
                                                    tipo=services.TIPO_APPROVAZIONE_PUBBLICAZIONE)
        if request.contesto.puo(GESTISCI) else None,
        "oggi": timezone.localdate(),
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
    dati = request.POST if request.method == "POST" else request.GET
    risultati = selectors.oggetti_collegabili(ambito=request.ambito, modello=dati.get("modello", ""),
                                              testo=dati.get("cerca", ""))
    return modulo(
        request, CollegamentoForm(request.POST or None, initial=request.GET.dict()),
        esegui=lambda dati: _atto_link(request, atto, dati),
        messaggio=lambda collegamento: _("Oggetto collegato: %(oggetto)s.") % {"oggetto": collegamento.oggetto},
        successo=lambda _collegamento: _atto_detail(request, atto_pk),
        template="ambito/atti/collegamento.html",
        contesto={"atto": atto, "risultati": risultati, "scelto": dati.get("oggetto", "")},
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


@richiede(GESTISCI)
def atto_online_request(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    """Ask a second person to approve the act's publication in the public area for a period."""
    atto = _atto_visibile(request, atto_pk)
    oggi = timezone.localdate()
    return modulo(
        request, PubblicazioneOnlineForm(request.POST or None, initial={"dal": max(oggi, atto.data)}),
        esegui=lambda dati: services.atto_online_request(atto=atto, actor=request.user, **dati),
        messaggio=_("Richiesta di pubblicazione inviata: la deve approvare un'altra persona con il permesso "
                    "di pubblicare nell'area pubblica."),
        successo=lambda richiesta: redirect("approvazioni:richiesta_detail", ambito_slug=request.ambito.slug,
                                            richiesta_pk=richiesta.pk),
        template="ambito/atti/pubblicazione_online.html", contesto={"atto": atto},
    )


@richiede(PUBBLICA_ONLINE)
@require_POST
def atto_online_withdraw(request: HttpRequest, ambito_slug: str, atto_pk: int) -> HttpResponse:
    """Take the act out of the public area now (no second person needed to remove)."""
    atto = _atto_visibile(request, atto_pk)
    return azione_post(
        request,
        esegui=lambda: services.atto_online_withdraw(atto=atto, actor=request.user),
        messaggio=_("L'atto è stato ritirato dall'area pubblica: da ora non è più consultabile senza accesso."),
        ritorno=_atto_detail(request, atto_pk),
    )
