"""Pages of the funds ledger, under /a/<ambito_slug>/fondi/.

Staff (``fondi.gestisci``) record assignments, allocations, riparti, movements and corrections;
whoever holds ``fondi.vedi`` (staff and, read-only, the Assemblea dei Sindaci) sees the dashboard,
the detail pages and the position report. Objects are fetched through selectors filtered by the
request's Ambito, so another Ambito's object is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.models import Ruolo
from ambito.accounts.permissions import richiede
from ambito.errors import NonTrovato, RegolaViolata
from ambito.formato import data_it, euro, oggi
from ambito.forms import DataForm, aggiungi_errore
from ambito.jobs.services import job_create
from ambito.paginazione import LIMITE_CONTEGGIO, pagina_keyset
from ambito.territorio.models import Comune
from ambito.territorio.selectors import comune_list
from ambito.web import modulo, pagina_modulo
from fondi import esportazioni, grafici, selectors, services
from fondi.esportazioni import FORMATI_ESPORTAZIONE, link_esportazione
from fondi.forms import (
    AssegnazioneForm,
    AssegnazioneModificaForm,
    CofinanziamentoForm,
    MovimentiFiltroForm,
    MovimentoForm,
    PosizioneForm,
    QuotaForm,
    QuotaRimodulaForm,
    RettificaForm,
    RipartoForm,
    RiportoForm,
    VersamentoForm,
    VincoloForm,
)
from fondi.riparto import RipartoNonValido

VEDI = "fondi.vedi"
GESTISCI = "fondi.gestisci"


@richiede(VEDI)
@require_safe
def dashboard(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    filtro = DataForm(request.GET or None)
    data = filtro.data_scelta()
    assegnazioni = selectors.con_saldi(selectors.assegnazione_list(ambito=request.ambito, data=data))
    totale = sum((a.saldi for a in assegnazioni), selectors.Saldi())
    return render(request, "fondi/dashboard.html", {
        "filtro": filtro, "data": data, "assegnazioni": assegnazioni, "totale": totale,
        "scadenze": selectors.scadenze_da(assegnazioni, data=data),  # the same rows, no second query
        "puo_gestire": request.contesto.puo(GESTISCI)})


ULTIMI_MOVIMENTI = 20
MOVIMENTI_PER_PAGINA = 100


@richiede(VEDI)
@require_safe
def assegnazione_detail(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    """The assegnazione at a date: balances, constraints, quote (a riparto's as one line) and the
    latest movements (all of them one click away)."""
    filtro = DataForm(request.GET or None)
    data = filtro.data_scelta()
    # Balances, quote and constraints read once (the constraints reuse them).
    assegnazione = selectors.assegnazione_dettaglio(ambito=request.ambito, pk=assegnazione_pk, data=data)
    movimenti = selectors.movimento_list(ambito=request.ambito,
                                         filtri=selectors.FiltriMovimenti(assegnazione=assegnazione.pk, data=data))
    quote, riparti = selectors.quota_list_per_riparto(assegnazione.quote_lette)
    # The latest movements without a riparto's allocations (61 comuni would fill the box: issue 14, defect 11);
    # each riparto is one line of the quote table above and its detail one click away.
    ultimi = list(selectors.movimento_list(ambito=request.ambito, filtri=selectors.FiltriMovimenti(
        assegnazione=assegnazione.pk, data=data, senza_allocazioni_dei_riparti=True)).reverse()[:ULTIMI_MOVIMENTI + 1])
    return render(request, "fondi/assegnazione.html", {
        "assegnazione": assegnazione, "filtro": filtro, "data": data, "quote": quote, "riparti": riparti,
        "saldi": assegnazione.saldi, "vincoli": assegnazione.vincoli_verificati,
        "movimenti": selectors.con_etichette(ultimi[:ULTIMI_MOVIMENTI]),
        # counted only up to a bound: "più di 1.000" (an exact count would read the whole history)
        "numero_movimenti": movimenti.order_by()[:LIMITE_CONTEGGIO + 1].count(), "limite_conteggio": LIMITE_CONTEGGIO,
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def assegnazione_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = AssegnazioneForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: services.assegnazione_create(ambito=request.ambito, actor=request.user, **dati),
                  messaggio=lambda assegnazione: _("Assegnazione registrata: %(assegnazione)s.")
                  % {"assegnazione": assegnazione},
                  successo=lambda assegnazione: redirect(a_dettaglio(assegnazione)),
                  template="fondi/modulo.html", contesto={"titolo": _("Nuova assegnazione")})


@richiede(GESTISCI)
def assegnazione_edit(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    assegnazione = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    iniziali = {k: getattr(assegnazione, k) for k in AssegnazioneModificaForm.base_fields}
    form = AssegnazioneModificaForm(request.POST or None, initial=iniziali)

    def esegui(dati: dict) -> Any:
        rendicontata = dati.pop("rendicontata_il")
        services.assegnazione_update(assegnazione=assegnazione, actor=request.user, **dati)
        if rendicontata and rendicontata != assegnazione.rendicontata_il:
            services.assegnazione_mark_rendicontata(assegnazione=assegnazione, data=rendicontata, actor=request.user)
        return assegnazione

    return modulo(request, form, esegui=esegui, messaggio=_("Modifiche all'assegnazione salvate."),
                  successo=lambda assegnazione: redirect(a_dettaglio(assegnazione)),
                  template="fondi/modulo.html",
                  contesto={"titolo": _("Modifica assegnazione"), "assegnazione": assegnazione})


@richiede(GESTISCI)
def vincolo_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    assegnazione = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    form = VincoloForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: services.vincolo_create(assegnazione=assegnazione, actor=request.user, **dati),
                  messaggio=_("Vincolo registrato: la sua verifica è nel riepilogo dell'assegnazione."),
                  successo=lambda vincolo: redirect(a_dettaglio(assegnazione)),
                  template="fondi/modulo.html", contesto={"titolo": _("Nuovo vincolo"), "assegnazione": assegnazione})


@richiede(GESTISCI)
def quota_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    """The allocation editor: the quote of the assegnazione and a form for a new one."""
    assegnazione = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    form = QuotaForm(request.POST or None, ambito=request.ambito)
    data = oggi()
    quote, riparti = selectors.quota_list_per_riparto(
        selectors.con_saldi(selectors.quota_list(ambito=request.ambito, assegnazione=assegnazione, data=data)))
    saldi = selectors.saldi_assegnazioni(ambito=request.ambito, data=data, ids=[assegnazione.pk]).get(assegnazione.pk)
    return modulo(request, form,
                  esegui=lambda dati: services.quota_create(assegnazione=assegnazione, actor=request.user, **dati),
                  messaggio=lambda quota: _("Quota registrata: %(quota)s, %(importo)s.")
                  % {"quota": quota.descrizione, "importo": euro(form.cleaned_data["importo"])},
                  successo=lambda quota: redirect("fondi:quota_create", ambito_slug=ambito_slug,
                                                  assegnazione_pk=assegnazione.pk),
                  template="fondi/quote.html",
                  contesto={"assegnazione": assegnazione, "quote": quote, "riparti": riparti, "saldi": saldi})


@richiede(GESTISCI)
def quota_resize(request: HttpRequest, ambito_slug: str, quota_pk: int) -> HttpResponse:
    quota = selectors.quota_get(ambito=request.ambito, pk=quota_pk)
    form = QuotaRimodulaForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: services.quota_resize(quota=quota, actor=request.user, **dati),
                  messaggio=lambda movimento: _("Quota rimodulata: %(quota)s ora vale %(importo)s.")
                  % {"quota": quota.descrizione, "importo": euro(form.cleaned_data["nuovo_importo"])},
                  successo=lambda movimento: redirect(a_dettaglio(quota.assegnazione)),
                  template="fondi/modulo.html",
                  contesto={"titolo": _("Rimodula la quota"), "assegnazione": quota.assegnazione, "quota": quota,
                            **_saldi_quota(request, quota)})


@richiede(GESTISCI)
def movimento_create(request: HttpRequest, ambito_slug: str, quota_pk: int) -> HttpResponse:
    """Movement entry: impegno, liquidazione or disimpegno on one quota, validated by the service."""
    quota = selectors.quota_get(ambito=request.ambito, pk=quota_pk)
    form = MovimentoForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: services.movimento_create(quota=quota, actor=request.user, **dati),
                  messaggio=_movimento_registrato,
                  successo=lambda movimento: redirect(a_dettaglio(quota.assegnazione)),
                  template="fondi/modulo.html",
                  contesto={"titolo": _("Registra un movimento"), "assegnazione": quota.assegnazione, "quota": quota,
                            **_saldi_quota(request, quota)})


def _movimento_registrato(movimento: Any) -> str:
    return _("%(tipo)s di %(importo)s registrato su %(quota)s.") % {
        "tipo": movimento.get_tipo_display(), "importo": euro(movimento.importo),
        "quota": movimento.quota.descrizione if movimento.quota else movimento.assegnazione}


def _saldi_quota(request: HttpRequest, quota: Any) -> dict[str, Any]:
    """Today's balances of one quota, shown above the forms that move it."""
    data = oggi()
    saldi = selectors.saldi_quote(ambito=request.ambito, data=data, quota=quota)
    return {"oggi": data, "saldi_quota": saldi.get(quota.pk, selectors.Saldi())}


@richiede(GESTISCI)
def rettifica_create(request: HttpRequest, ambito_slug: str, movimento_pk: int) -> HttpResponse:
    movimento = selectors.movimento_get(ambito=request.ambito, pk=movimento_pk)
    form = RettificaForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: services.rettifica_create(movimento=movimento, actor=request.user, **dati),
                  messaggio=lambda rettifica: _("Rettifica di %(importo)s registrata sul movimento del %(data)s.")
                  % {"importo": euro(rettifica.importo), "data": data_it(movimento.data_contabile)},
                  successo=lambda rettifica: redirect(a_dettaglio(movimento.assegnazione)),
                  template="fondi/modulo.html",
                  contesto={"titolo": _("Rettifica del movimento"), "assegnazione": movimento.assegnazione,
                            "movimento": movimento})


@richiede(GESTISCI)
def riporto_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    assegnazione = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    form = RiportoForm(request.POST or None, ambito=request.ambito, assegnazione=assegnazione)
    saldi = selectors.saldi_assegnazioni(ambito=request.ambito, data=oggi(), ids=[assegnazione.pk])
    return modulo(request, form,
                  esegui=lambda dati: services.riporto_create(assegnazione=assegnazione, actor=request.user, **dati),
                  messaggio=lambda riporto: _("Riporto di %(importo)s ad altra annualità registrato.")
                  % {"importo": euro(form.cleaned_data["importo"])},
                  successo=lambda riporto: redirect(a_dettaglio(assegnazione)),
                  template="fondi/modulo.html",
                  contesto={"titolo": _("Riporto dei residui ad altra annualità"), "assegnazione": assegnazione,
                            "saldi_assegnazione": saldi.get(assegnazione.pk, selectors.Saldi())})


@richiede(GESTISCI)
def riparto_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    """Riparto calculator: "Anteprima" shows the computation; "Registra" records it with its act."""
    assegnazione = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    form = RipartoForm(request.POST or None, ambito=request.ambito)
    saldi = selectors.saldi_assegnazioni(ambito=request.ambito, data=oggi(), ids=[assegnazione.pk])
    contesto = {"assegnazione": assegnazione, "saldi": saldi.get(assegnazione.pk, selectors.Saldi())}
    if request.method == "POST" and form.is_valid() and "registra" not in request.POST:
        parametri = {k: form.cleaned_data[k] for k in ("metodo", "totale", "data_riferimento", "anno_popolazione",
                                                       "percentuale_fissa", "valori")}
        try:
            contesto["calcolo"] = selectors.riparto_calcola(ambito=request.ambito, **parametri).come_dict()
        except RipartoNonValido as exc:
            aggiungi_errore(form, RegolaViolata(exc.messaggio, campo=exc.campo))  # next to its field
        return pagina_modulo(request, "fondi/riparto_modulo.html", contesto, form)

    def registra(dati: dict) -> Any:
        if dati["atto"] is None:
            raise RegolaViolata(_("Indicare l'atto che approva il riparto."), campo="atto")
        return services.riparto_create(assegnazione=assegnazione, actor=request.user, **dati)

    return modulo(request, form, esegui=registra,
                  messaggio=lambda riparto: _("Riparto registrato: %(importo)s tra %(n)s comuni.")
                  % {"importo": euro(form.cleaned_data["totale"]), "n": riparto.quote.count()},
                  successo=lambda riparto: redirect("fondi:riparto_detail", ambito_slug=ambito_slug,
                                                    riparto_pk=riparto.pk),
                  template="fondi/riparto_modulo.html", contesto=contesto)


@richiede(VEDI)
@require_safe
def riparto_detail(request: HttpRequest, ambito_slug: str, riparto_pk: int) -> HttpResponse:
    """The recorded computation, and what has been committed and paid on each comune's quota."""
    riparto = selectors.riparto_get(ambito=request.ambito, pk=riparto_pk)
    filtro = DataForm(request.GET or None)
    quote = selectors.con_saldi(selectors.quota_list(ambito=request.ambito, assegnazione=riparto.assegnazione,
                                            data=filtro.data_scelta()).filter(riparto=riparto))
    if request.GET.get("esporta") in FORMATI_ESPORTAZIONE:
        return esportazioni.quote_riparto(riparto, quote, request.GET["esporta"])
    return render(request, "fondi/riparto.html", {**link_esportazione(request),
        "riparto": riparto, "assegnazione": riparto.assegnazione, "quote": quote, "filtro": filtro,
        "data": filtro.data_scelta(), "gruppo": selectors.GruppoRiparto(riparto, quote),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(VEDI)
@require_safe
def posizione(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """The position report at any date, by source, annualità, destination, comune…, drillable."""
    form = PosizioneForm(request.GET or None)
    dati = form.cleaned_data if form.is_valid() else {}
    fonte = dati.get("fonte")
    risultato = selectors.posizione_get(ambito=request.ambito, data=form.data_scelta(),
                                    per=dati.get("per") or ["fonte", "annualita"],
                                    fonte=fonte.pk if fonte else None, annualita=dati.get("annualita"))
    if request.GET.get("esporta") in FORMATI_ESPORTAZIONE:
        return esportazioni.posizione(risultato, request.GET["esporta"])
    return render(request, "fondi/posizione.html", {"form": form, "posizione": risultato,
                                                    **link_esportazione(request)})


@richiede(VEDI)
@require_safe
def movimento_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Every movement, filterable (and reached from the position report's drill-down), paged."""
    form = MovimentiFiltroForm(request.GET or None)
    filtri = form.filtri()
    if request.GET.get("esporta") in FORMATI_ESPORTAZIONE:
        return esportazioni.movimenti(request, filtri, request.GET["esporta"])
    # Keyset pages: the last page costs what the first does; the count stops at a bound.
    pagina = pagina_keyset(selectors.movimento_list(ambito=request.ambito, filtri=filtri),
                           campi=("data_contabile", "pk"), tipi=(dt.date, int), richiesta=request.GET,
                           per_pagina=MOVIMENTI_PER_PAGINA)
    query = request.GET.copy()
    for parametro in ("pagina", "dopo", "prima", "ultima"):
        query.pop(parametro, None)
    return render(request, "fondi/movimenti.html", {
        "form": form, "pagina": pagina, "movimenti": selectors.con_etichette(pagina.oggetti),
        "query": query.urlencode(), **link_esportazione(request),
        "filtri_nascosti": selectors.filtri_descritti(ambito=request.ambito, filtri=filtri),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(VEDI)
@require_safe
def cofinanziamento_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "fondi/cofinanziamenti.html", {
        "cofinanziamenti": selectors.cofinanziamento_list(ambito=request.ambito),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def cofinanziamento_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = CofinanziamentoForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: services.cofinanziamento_create(ambito=request.ambito, actor=request.user,
                                                                      **dati),
                  messaggio=lambda cofinanziamento: _("Cofinanziamento registrato: %(descrizione)s, quote di %(n)s "
                                                      "comuni.") % {"descrizione": cofinanziamento.descrizione,
                                                                     "n": cofinanziamento.quote_comunali.count()},
                  successo=lambda cofinanziamento: redirect("fondi:cofinanziamento_detail", ambito_slug=ambito_slug,
                                                            cofinanziamento_pk=cofinanziamento.pk),
                  template="fondi/modulo.html", contesto={"titolo": _("Nuovo cofinanziamento comunale")})


@richiede(VEDI)
@require_safe
def cofinanziamento_detail(request: HttpRequest, ambito_slug: str, cofinanziamento_pk: int) -> HttpResponse:
    cofinanziamento = selectors.cofinanziamento_get(ambito=request.ambito, pk=cofinanziamento_pk)
    filtro = DataForm(request.GET or None)
    data = filtro.data_scelta()
    quote = list(selectors.quota_comunale_list(ambito=request.ambito, cofinanziamento=cofinanziamento, data=data))
    if request.GET.get("esporta") in FORMATI_ESPORTAZIONE:
        return esportazioni.quote_comunali(cofinanziamento, quote, request.GET["esporta"])
    atteso, ricevuto = sum(q.importo_atteso for q in quote), sum(q.ricevuto for q in quote)
    return render(request, "fondi/cofinanziamento.html", {
        **link_esportazione(request), "cofinanziamento": cofinanziamento, "quote": quote, "filtro": filtro,
        "data": data, "atteso": atteso,
        "ricevuto": ricevuto, "da_ricevere": atteso - ricevuto, "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def versamento_create(request: HttpRequest, ambito_slug: str, quota_comunale_pk: int) -> HttpResponse:
    quota_comunale = selectors.quota_comunale_get(ambito=request.ambito, pk=quota_comunale_pk)
    form = VersamentoForm(request.POST or None)
    dettaglio = reverse("fondi:cofinanziamento_detail",
                        kwargs={"ambito_slug": ambito_slug, "cofinanziamento_pk": quota_comunale.cofinanziamento_id})
    comune = quota_comunale.comune.denominazione
    return modulo(request, form,
                  esegui=lambda dati: services.versamento_create(quota_comunale=quota_comunale, actor=request.user,
                                                                 **dati),
                  messaggio=lambda versamento: _("Versamento di %(importo)s di %(comune)s registrato.")
                  % {"importo": euro(versamento.importo), "comune": comune},
                  successo=lambda versamento: redirect(dettaglio),
                  template="fondi/modulo.html",
                  contesto={"titolo": _("Versamento di %(comune)s") % {"comune": comune},
                            "quota_comunale": quota_comunale, "annulla": dettaglio})


@richiede(GESTISCI)
@require_POST
def rendiconto_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    """Start the "rendiconto per assegnazione" (XLSX or PDF) as a background job."""
    assegnazione = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    formato = "pdf" if request.POST.get("formato") == "pdf" else "xlsx"
    job = job_create(ambito=request.ambito, actor=request.user, tipo="fondi.rendiconto_assegnazione",
                     parametri={"assegnazione": assegnazione.pk, "formato": formato,
                                "data": request.POST.get("data") or oggi().isoformat()})
    return redirect("jobs:job_detail", ambito_slug=ambito_slug, job_uuid=job.uuid)


def a_dettaglio(assegnazione: Any) -> str:
    return reverse("fondi:assegnazione_detail",
                   kwargs={"ambito_slug": assegnazione.ambito.slug, "assegnazione_pk": assegnazione.pk})


WIDGET_SCADENZE = 5


def widget_dashboard(request: HttpRequest) -> dict[str, Any]:
    """Home-page box: totals of the funds and the first deadlines to watch, from one read of the
    assegnazioni with their kept balances (one query)."""
    data = oggi()
    assegnazioni = [a for a in selectors.con_saldi(selectors.assegnazione_list(ambito=request.ambito, data=data))
                    if a.data_assegnazione <= data]
    scadenze = selectors.scadenze_da(assegnazioni, data=data)
    return {"totale": sum((a.saldi for a in assegnazioni), selectors.Saldi()), "assegnazioni": len(assegnazioni),
            "scadenze": scadenze[:WIDGET_SCADENZE], "altre_scadenze": len(scadenze[WIDGET_SCADENZE:])}


# --- charts: the Assemblea's home and "il mio comune" --------------------------------------------


def widget_grafici(request: HttpRequest) -> dict[str, Any] | None:
    """Home-page box of the Assemblea dei Sindaci: the funds as charts (each with its table; two queries)."""
    if not request.contesto.puo("fondi.vedi"):
        return None
    return {"grafici": grafici.grafici_fondi(ambito=request.ambito, data=oggi())}


def _comuni_visibili(request: HttpRequest) -> list[Comune]:
    """A member of the Assemblea sees the comune they represent; staff choose any comune of the Ambito."""
    contesto = request.contesto
    if contesto.ruolo == Ruolo.ASSEMBLEA:
        return list(contesto.membro.comuni.all())  # prefetched with the access context
    return list(comune_list(ambito=request.ambito))


@richiede("fondi.vedi")
@require_safe
def mio_comune(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """What a comune received from the Ambito's funds, by fund and year, also per 1,000 residents."""
    comuni = _comuni_visibili(request)
    scelto = request.GET.get("comune")
    comune = comuni[0] if comuni else None
    if scelto:
        comune = next((c for c in comuni if str(c.pk) == scelto), None)
        if comune is None:
            raise NonTrovato(_("Comune non visibile."))
    return render(request, "fondi/mio_comune.html", {
        "comuni": comuni, "comune": comune, "sindaco": request.contesto.ruolo == Ruolo.ASSEMBLEA,
        "dati": grafici.mio_comune(ambito=request.ambito, comune=comune, data=oggi()) if comune else None})
