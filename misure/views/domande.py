"""Pages of the misure module: domande (owned by the domande part; mounted by misure/urls.py).

The social worker's "Le mie domande" and the office's queue are the same list, narrowed by the selector to the
user's comuni; the detail page is the status timeline for the worker and the istruttoria page for the office.
Every change goes through ``misure.services.domande`` (capability, state and comune are checked there too).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.allegati.pannello import pannello_allegati
from ambito.audit.sensibili import leggi_sensibili, leggi_sensibili_elenco
from ambito.errors import NonTrovato, RegolaViolata
from ambito.formato import oggi
from ambito.forms import aggiungi_errore
from ambito.paginazione import pagina_keyset
from ambito.web import azione_post, modulo, pagina_modulo
from misure.domande.forms import (
    DecisioneUfficioForm,
    DichiaratiForm,
    DocumentoForm,
    DomandaForm,
    FiltroDomandeForm,
    MotivoForm,
    ProgettoForm,
    ProtocolloCapofilaForm,
    ValutazioneForm,
)
from misure.models import Domanda, StatoDomanda
from misure.selectors import domande as selectors
from misure.services import domande as services
from misure.services import valutazioni as servizi_valutazioni

VEDI = services.VEDI
PRESENTA = services.PRESENTA
ISTRUISCI = services.ISTRUISCI
SENSIBILI = "misure.sensibili.vedi"
PER_PAGINA = 50
WIDGET_RIGHE = 8


def _domanda(request: HttpRequest, domanda_pk: int) -> Domanda:
    return selectors.domanda_get(ambito=request.ambito, pk=domanda_pk, comuni=request.contesto.comuni)


def _al_dettaglio(domanda: Domanda) -> HttpResponse:
    return redirect("misure:domanda_detail", domanda.ambito.slug, domanda.pk)


@richiede(VEDI)
@require_safe
def domanda_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """"Le mie domande" for an assistente (their comuni only), the queue with filters for the office."""
    comuni = request.contesto.comuni
    filtro = FiltroDomandeForm(request.GET or None, ambito=request.ambito, comuni=comuni)
    domande = selectors.domanda_list(ambito=request.ambito, comuni=comuni, filtri=filtro.filtri(), oggi=oggi())
    pagina = pagina_keyset(domande, campi=("pk",), tipi=(int,), richiesta=request.GET, per_pagina=PER_PAGINA)
    righe = [(d, selectors.stato_termine(d, oggi())) for d in pagina.oggetti]
    return render(request, "misure/domande/elenco.html", {
        "filtro": filtro, "pagina": pagina, "righe": righe, "assistente": comuni is not None,
        "puo_presentare": request.contesto.puo(PRESENTA), "puo_istruire": request.contesto.puo(ISTRUISCI),
        "puo_importare": request.contesto.puo("misure.domande.importa")})


@richiede(VEDI, PRESENTA)
def domanda_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """The new-domanda wizard: beneficiary (or register one and come back), bando and strumento, declared data.
    With htmx, each change is validated inline (``_verifica``) without saving anything."""
    iniziali = {"beneficiario": request.GET.get("beneficiario"), "strumento": request.GET.get("strumento")}
    form = DomandaForm(request.POST or None, initial=iniziali, ambito=request.ambito,
                       comuni=request.contesto.comuni)
    contesto = {"titolo": _("Nuova domanda"), "nuovo_beneficiario": _url_nuovo_beneficiario(request)}
    if request.method == "POST" and request.POST.get("_verifica"):
        form.is_valid()
        da_compilare = [nome for nome, errori in form.errors.as_data().items()
                        if all(e.code == "required" for e in errori)]
        for nome in da_compilare:
            del form.errors[nome]  # inline: what is still to fill is not an error yet
        return render(request, "misure/domande/_modulo_domanda.html", {**contesto, "form": form})

    def esegui(dati: dict[str, Any]) -> Domanda:
        strumento = dati["strumento"]
        return services.domanda_create(ambito=request.ambito, actor=request.user, bando=strumento.bando,
                                       strumento=strumento, beneficiario=dati["beneficiario"], **form.dichiarati())

    return modulo(request, form, esegui=esegui,
                  messaggio=lambda d: _("Bozza salvata per %(b)s: allega i documenti richiesti e presentala.")
                  % {"b": d.beneficiario},
                  successo=_al_dettaglio, template="misure/domande/nuova.html", contesto=contesto)


def _url_nuovo_beneficiario(request: HttpRequest) -> str:
    """The beneficiary form, coming back here (``?next=``) with the strumento already chosen, if any."""
    ritorno = reverse("misure:domanda_create", kwargs={"ambito_slug": request.ambito.slug})
    strumento = request.POST.get("strumento") or request.GET.get("strumento")
    if strumento and strumento.isdigit():
        ritorno = f"{ritorno}?{urlencode({'strumento': strumento})}"
    base = reverse("misure:beneficiario_create", kwargs={"ambito_slug": request.ambito.slug})
    return f"{base}?{urlencode({'next': ritorno})}"


@richiede(VEDI)
@require_safe
def domanda_detail(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    """Status timeline for the worker; the istruttoria page for the office (lines, assessment, decision)."""
    domanda = _domanda(request, domanda_pk)
    contesto = request.contesto
    esiti = list(selectors.esito_list(domanda=domanda))
    valutazioni = list(selectors.valutazione_list(domanda=domanda))
    progetti = list(selectors.progetto_list(domanda=domanda))
    puo_sensibili = contesto.puo(SENSIBILI)
    motivo = _("scheda della domanda")
    return render(request, "misure/domande/dettaglio.html", {
        "domanda": domanda, "eventi": selectors.evento_list(domanda=domanda), "esiti": esiti,
        "esito_automatico": selectors.esito_automatico(esiti),
        "ammissibile": selectors.ammissibilita_effettiva(domanda, esiti),
        "termine": selectors.stato_termine(domanda, oggi()),
        "documenti": selectors.documenti_della_domanda(domanda=domanda),
        "dichiarati_sensibili": leggi_sensibili(domanda, utente=request.user, motivo=motivo)
        if puo_sensibili else None,
        "valutazioni_sensibili": list(zip(valutazioni, leggi_sensibili_elenco(
            valutazioni, utente=request.user, motivo=motivo), strict=True)) if puo_sensibili and valutazioni else [],
        "progetti_sensibili": list(zip(progetti, leggi_sensibili_elenco(
            progetti, utente=request.user, motivo=motivo), strict=True)) if puo_sensibili and progetti else [],
        "azioni": services.azioni_possibili(domanda, contesto),
        "allegati": pannello_allegati(request, domanda),
        "puo_presentare": contesto.puo(PRESENTA), "puo_istruire": contesto.puo(ISTRUISCI),
        "puo_sensibili": puo_sensibili, "modificabile": domanda.stato in services.STATI_MODIFICABILI,
        # the person may have moved to a comune this user does not follow (the domanda stays with its comune)
        "link_beneficiario": contesto.comuni is None or domanda.beneficiario.comune_id in contesto.comuni,
        "valutabile": domanda.stato in services.STATI_VALUTABILI,
        "documento_form": DocumentoForm(), "motivo_form": MotivoForm(), "decisione_form": DecisioneUfficioForm(),
        "valutazione_form": ValutazioneForm(), "progetto_form": ProgettoForm()})


@richiede(VEDI, PRESENTA)
def domanda_edit(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    domanda = _domanda(request, domanda_pk)
    if request.method == "POST":
        form = DichiaratiForm(request.POST)
    else:  # the current declared values (shown to who may file the domanda: their own declaration), logged
        dati = leggi_sensibili(domanda, utente=request.user, motivo=_("correzione dei dati dichiarati"))
        form = DichiaratiForm(initial=_iniziali(domanda, dati))
    return modulo(request, form,
                  esegui=lambda dati: services.domanda_update(domanda=domanda, actor=request.user,
                                                              **form.dichiarati()),
                  messaggio=_("Dati dichiarati aggiornati."), successo=_al_dettaglio,
                  template="misure/domande/modulo.html",
                  contesto={"titolo": _("Correggi i dati dichiarati"), "domanda": domanda})


def _iniziali(domanda: Domanda, dati_sensibili: Any) -> dict[str, Any]:
    si_no = {True: "si", False: "no", None: ""}
    valori = dict(dati_sensibili)
    for nome in ("l104_c3", "l104_c1", "indennita_accompagnamento"):
        valori[nome] = si_no[valori.get(nome)]
    return {**valori, "isee_tipo": domanda.isee_tipo, "vive_al_domicilio": si_no[domanda.vive_al_domicilio],
            "benefici_dichiarati": ", ".join(domanda.benefici_dichiarati or []),
            "costo_effettivo_mensile": domanda.costo_effettivo_mensile, "parametro_fasce": domanda.parametro_fasce,
            "protocollo_capofila": domanda.protocollo_capofila,
            "data_protocollo_capofila": domanda.data_protocollo_capofila}


@richiede(VEDI, PRESENTA)
@require_POST
def domanda_submit(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    domanda = _domanda(request, domanda_pk)
    return azione_post(request, esegui=lambda: services.domanda_submit(domanda=domanda, actor=request.user),
                       messaggio=lambda d: _("Domanda presentata: protocollo %(p)s.") % {"p": d},
                       ritorno=_al_dettaglio(domanda))


@richiede(VEDI, PRESENTA)
@require_POST
def domanda_delete(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    domanda = _domanda(request, domanda_pk)
    try:
        services.domanda_delete(domanda=domanda, actor=request.user)
    except RegolaViolata as exc:
        messages.error(request, exc.messaggio)
        return _al_dettaglio(domanda)
    messages.success(request, _("Bozza eliminata."))
    return redirect("misure:domanda_list", ambito_slug)


@richiede(VEDI, PRESENTA)
@require_POST
def documento_upload(request: HttpRequest, ambito_slug: str, domanda_pk: int, documento_pk: int) -> HttpResponse:
    """Upload the file of one required document (content-checked, private, a new version if replaced)."""
    domanda = _domanda(request, domanda_pk)
    documento = next((d.documento for d in selectors.documenti_della_domanda(domanda=domanda)
                      if d.documento.pk == documento_pk), None)
    if documento is None:
        raise NonTrovato(_("Documento non richiesto per questa domanda."))
    form = DocumentoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.documento_domanda_set(domanda=domanda, documento=documento, file=form.cleaned_data["file"],
                                           actor=request.user)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Documento caricato: %(d)s.") % {"d": documento.descrizione})
            return _al_dettaglio(domanda)
    return pagina_modulo(request, "misure/domande/modulo.html",
                         {"titolo": _("Carica: %(d)s") % {"d": documento.descrizione}, "domanda": domanda,
                          "multipart": True}, form)


def _transizione(request: HttpRequest, domanda: Domanda, azione: str) -> HttpResponse:
    form = MotivoForm(request.POST)
    form.is_valid()
    motivo = form.cleaned_data.get("motivo", "")
    return azione_post(request, esegui=lambda: services.domanda_transition(domanda=domanda, azione=azione,
                                                                         actor=request.user, motivo=motivo),
                       messaggio=lambda d: _("Domanda %(p)s: %(stato)s.") % {"p": d, "stato": d.get_stato_display()},
                       ritorno=_al_dettaglio(domanda))


@richiede(VEDI, ISTRUISCI)
@require_POST
def domanda_istruttoria(request: HttpRequest, ambito_slug: str, domanda_pk: int, azione: str) -> HttpResponse:
    """The office's transitions (prendi in istruttoria, integrazione, sospendi, riprendi, esito)."""
    domanda = _domanda(request, domanda_pk)
    if azione not in services.TRANSIZIONI or services.TRANSIZIONI[azione].capacita != ISTRUISCI:
        raise NonTrovato(_("Operazione sconosciuta."))
    return _transizione(request, domanda, azione)


@richiede(VEDI, PRESENTA)
@require_POST
def domanda_integra(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    """The worker declares the integrazione done (documents uploaded): the clock starts again."""
    return _transizione(request, _domanda(request, domanda_pk), "integra")


@richiede(VEDI, PRESENTA)
@require_POST
def domanda_ritira(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    return _transizione(request, _domanda(request, domanda_pk), "ritira")


@richiede(VEDI, ISTRUISCI)
@require_POST
def domanda_evaluate(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    domanda = _domanda(request, domanda_pk)
    return azione_post(request, esegui=lambda: services.domanda_evaluate(domanda=domanda, actor=request.user),
                       messaggio=_("Requisiti e incompatibilità valutati di nuovo."), ritorno=_al_dettaglio(domanda))


@richiede(VEDI, ISTRUISCI)
def domanda_override(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    domanda = _domanda(request, domanda_pk)
    form = DecisioneUfficioForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: services.domanda_override(domanda=domanda, actor=request.user,
                                                                ammissibile=dati["ammissibile"], motivo=dati["motivo"]),
                  messaggio=_("Decisione dell'ufficio sull'ammissibilità registrata."), successo=_al_dettaglio,
                  template="misure/domande/modulo.html",
                  contesto={"titolo": _("Decisione dell'ufficio sull'ammissibilità"), "domanda": domanda})


@richiede(VEDI, PRESENTA)
def protocollo_capofila(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    domanda = _domanda(request, domanda_pk)
    form = ProtocolloCapofilaForm(request.POST or None, initial={"numero": domanda.protocollo_capofila,
                                                                 "data": domanda.data_protocollo_capofila})
    return modulo(request, form,
                  esegui=lambda dati: services.domanda_set_protocollo_capofila(
                      domanda=domanda, actor=request.user, numero=dati["numero"], data=dati["data"]),
                  messaggio=_("Protocollo dell'ente capofila registrato."), successo=_al_dettaglio,
                  template="misure/domande/modulo.html",
                  contesto={"titolo": _("Protocollo dell'ente capofila"), "domanda": domanda})


@richiede(VEDI, ISTRUISCI, SENSIBILI)
def valutazione_create(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    domanda = _domanda(request, domanda_pk)
    form = ValutazioneForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: servizi_valutazioni.valutazione_create(domanda=domanda, actor=request.user,
                                                                             **dati),
                  messaggio=_("Valutazione registrata: requisiti e punteggio sono stati ricalcolati."),
                  successo=lambda v: _al_dettaglio(domanda), template="misure/domande/modulo.html",
                  contesto={"titolo": _("Nuova valutazione multidimensionale"), "domanda": domanda})


@richiede(VEDI, ISTRUISCI, SENSIBILI)
def progetto_create(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    """A new progetto individuale, or (``?revisione_di=``) a revision of the latest one."""
    domanda = _domanda(request, domanda_pk)
    ultimo = selectors.progetto_list(domanda=domanda).first()
    form = ProgettoForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: servizi_valutazioni.progetto_create(
                      domanda=domanda, actor=request.user, revisione_di=ultimo, **dati),
                  messaggio=_("Progetto individuale registrato."), successo=lambda p: _al_dettaglio(domanda),
                  template="misure/domande/modulo.html",
                  contesto={"titolo": _("Revisione del progetto individuale") if ultimo
                            else _("Progetto individuale"), "domanda": domanda})


@richiede(VEDI, ISTRUISCI)
@require_POST
def domanda_bulk(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """"Prendi in istruttoria" for the domande ticked in the queue (each checked on its own)."""
    ids = [int(v) for v in request.POST.getlist("domande") if v.isdigit()][:PER_PAGINA]
    domande = selectors.domanda_list(ambito=request.ambito, comuni=request.contesto.comuni).filter(pk__in=ids)
    try:
        fatte, rifiutate = services.domanda_bulk_transition(
            domande=list(domande), azione=request.POST.get("azione", ""), actor=request.user)
    except RegolaViolata as exc:
        messages.error(request, exc.messaggio)
    else:
        if fatte:
            messages.success(request, _("Prese in istruttoria: %(elenco)s.") % {"elenco": ", ".join(map(str, fatte))})
        for domanda, motivo in rifiutate:
            messages.warning(request, f"{domanda}: {motivo}")
        if not fatte and not rifiutate:
            messages.warning(request, _("Nessuna domanda selezionata."))
    return redirect(reverse("misure:domanda_list", args=[ambito_slug]) + _query(request))


def _query(request: HttpRequest) -> str:
    ritorno = request.POST.get("ritorno", "")
    return ritorno if ritorno.startswith("?") else ""


def widget_domande(request: HttpRequest) -> dict[str, Any] | None:
    """Home-page box: the domande of the user's comuni (all of them for the office) by state, and the latest."""
    comuni = request.contesto.comuni
    domande = selectors.domanda_list(ambito=request.ambito, comuni=comuni).order_by("-pk")
    righe = list(domande[:WIDGET_RIGHE])
    conteggi = selectors.conteggi_per_stato(ambito=request.ambito, comuni=comuni)
    da_fare = sum(conteggi.get(s, 0) for s in (StatoDomanda.BOZZA, StatoDomanda.INTEGRAZIONE_RICHIESTA,
                                                StatoDomanda.IN_SOSPESO))
    return {"righe": [(d, selectors.stato_termine(d, oggi())) for d in righe], "totale": sum(conteggi.values()),
            "da_fare": da_fare, "assistente": comuni is not None}


urlpatterns = [
    path("domande/", domanda_list, name="domanda_list"),
    path("domande/nuova/", domanda_create, name="domanda_create"),
    path("domande/azioni-multiple/", domanda_bulk, name="domanda_bulk"),
    path("domande/<int:domanda_pk>/", domanda_detail, name="domanda_detail"),
    path("domande/<int:domanda_pk>/modifica/", domanda_edit, name="domanda_edit"),
    path("domande/<int:domanda_pk>/presenta/", domanda_submit, name="domanda_submit"),
    path("domande/<int:domanda_pk>/elimina/", domanda_delete, name="domanda_delete"),
    path("domande/<int:domanda_pk>/documenti/<int:documento_pk>/", documento_upload, name="documento_upload"),
    path("domande/<int:domanda_pk>/istruttoria/<slug:azione>/", domanda_istruttoria, name="domanda_istruttoria"),
    path("domande/<int:domanda_pk>/integra/", domanda_integra, name="domanda_integra"),
    path("domande/<int:domanda_pk>/ritira/", domanda_ritira, name="domanda_ritira"),
    path("domande/<int:domanda_pk>/valuta/", domanda_evaluate, name="domanda_evaluate"),
    path("domande/<int:domanda_pk>/decisione-ufficio/", domanda_override, name="domanda_override"),
    path("domande/<int:domanda_pk>/protocollo-capofila/", protocollo_capofila, name="protocollo_capofila"),
    path("domande/<int:domanda_pk>/valutazioni/nuova/", valutazione_create, name="valutazione_create"),
    path("domande/<int:domanda_pk>/progetto/", progetto_create, name="progetto_create"),
]
