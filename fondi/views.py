"""Pages of the funds ledger, under /a/<ambito_slug>/fondi/.

Staff (``fondi.gestisci``) record assignments, allocations, riparti, movements and corrections;
whoever holds ``fondi.vedi`` (staff and, read-only, the Assemblea dei Sindaci) sees the dashboard,
the detail pages and the position report. Objects are fetched through selectors filtered by the
request's Ambito, so another Ambito's object is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.errors import RegolaViolata
from ambito.formato import oggi
from ambito.forms import aggiungi_errore
from ambito.jobs.services import job_create
from fondi import selectors, services
from fondi.forms import (
    AssegnazioneForm,
    AssegnazioneModificaForm,
    CofinanziamentoForm,
    DataForm,
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


def _modulo(request: HttpRequest, form: forms.Form, esegui: Callable[[dict], Any], template: str,
            dopo: Callable[[Any], HttpResponse], contesto: dict | None = None) -> HttpResponse:
    """The one form flow: on a valid POST call the service; a refusal is shown next to its field
    and nothing the user typed is lost."""
    if request.method == "POST" and form.is_valid():
        try:
            risultato = esegui(form.cleaned_data)
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Operazione registrata."))
            return dopo(risultato)
    return render(request, template, {**(contesto or {}), "form": form}, status=400 if form.errors else 200)


def _con_saldi(oggetti: Any) -> list:
    elenco = list(oggetti)
    for o in elenco:
        o.saldi = selectors.saldi_di(o)
    return elenco


@richiede(VEDI)
@require_safe
def dashboard(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    filtro = DataForm(request.GET or None)
    data = filtro.data_scelta()
    assegnazioni = _con_saldi(selectors.assegnazione_list(ambito=request.ambito, data=data))
    totale = sum((a.saldi for a in assegnazioni), selectors.Saldi())
    return render(request, "fondi/dashboard.html", {
        "filtro": filtro, "data": data, "assegnazioni": assegnazioni, "totale": totale,
        "scadenze": selectors.scadenze(ambito=request.ambito, data=data),
        "puo_gestire": request.contesto.puo(GESTISCI)})


ULTIMI_MOVIMENTI = 20
MOVIMENTI_PER_PAGINA = 100


@richiede(VEDI)
@require_safe
def assegnazione_detail(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    """The assegnazione at a date: balances, constraints, quote (a riparto's as one line) and the
    latest movements (all of them one click away)."""
    a = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    filtro = DataForm(request.GET or None)
    data = filtro.data_scelta()
    movimenti = selectors.movimento_list(ambito=request.ambito,
                                         filtri=selectors.FiltriMovimenti(assegnazione=a.pk, data=data))
    quote, riparti = selectors.quote_per_riparto(
        _con_saldi(selectors.quota_list(ambito=request.ambito, assegnazione=a, data=data)))
    return render(request, "fondi/assegnazione.html", {
        "a": a, "filtro": filtro, "data": data, "quote": quote, "riparti": riparti,
        "saldi": selectors.saldi_assegnazioni(ambito=request.ambito, data=data, ids=[a.pk]).get(a.pk,
                                                                                             selectors.Saldi()),
        "vincoli": selectors.vincoli_verifica(assegnazione=a, data=data),
        "movimenti": movimenti.reverse()[:ULTIMI_MOVIMENTI], "numero_movimenti": movimenti.count(),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def assegnazione_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = AssegnazioneForm(request.POST or None, ambito=request.ambito)
    return _modulo(request, form, lambda d: services.assegnazione_create(ambito=request.ambito, actor=request.user,
                                                                         **d),
                   "fondi/modulo.html", lambda a: redirect(a_dettaglio(a)),
                   {"titolo": _("Nuova assegnazione")})


@richiede(GESTISCI)
def assegnazione_edit(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    a = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    iniziali = {k: getattr(a, k) for k in AssegnazioneModificaForm.base_fields}
    form = AssegnazioneModificaForm(request.POST or None, initial=iniziali)

    def esegui(d: dict) -> Any:
        rendicontata = d.pop("rendicontata_il")
        services.assegnazione_update(assegnazione=a, actor=request.user, **d)
        if rendicontata and rendicontata != a.rendicontata_il:
            services.assegnazione_mark_rendicontata(assegnazione=a, data=rendicontata, actor=request.user)
        return a

    return _modulo(request, form, esegui, "fondi/modulo.html", lambda a: redirect(a_dettaglio(a)),
                   {"titolo": _("Modifica assegnazione"), "a": a})


@richiede(GESTISCI)
def vincolo_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    a = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    form = VincoloForm(request.POST or None)
    return _modulo(request, form, lambda d: services.vincolo_create(assegnazione=a, actor=request.user, **d),
                   "fondi/modulo.html", lambda v: redirect(a_dettaglio(a)),
                   {"titolo": _("Nuovo vincolo"), "a": a})


@richiede(GESTISCI)
def quota_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    """The allocation editor: the quote of the assegnazione and a form for a new one."""
    a = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    form = QuotaForm(request.POST or None, ambito=request.ambito)
    data = oggi()
    quote, riparti = selectors.quote_per_riparto(
        _con_saldi(selectors.quota_list(ambito=request.ambito, assegnazione=a, data=data)))
    return _modulo(request, form, lambda d: services.quota_create(assegnazione=a, actor=request.user, **d),
                   "fondi/quote.html", lambda q: redirect("fondi:quota_create", ambito_slug=ambito_slug,
                                                          assegnazione_pk=a.pk),
                   {"a": a, "quote": quote, "riparti": riparti,
                    "saldi": selectors.saldi_assegnazioni(ambito=request.ambito, data=data, ids=[a.pk]).get(a.pk)})


@richiede(GESTISCI)
def quota_resize(request: HttpRequest, ambito_slug: str, quota_pk: int) -> HttpResponse:
    q = selectors.quota_get(ambito=request.ambito, pk=quota_pk)
    form = QuotaRimodulaForm(request.POST or None, ambito=request.ambito)
    return _modulo(request, form, lambda d: services.quota_resize(quota=q, actor=request.user, **d),
                   "fondi/modulo.html", lambda m: redirect(a_dettaglio(q.assegnazione)),
                   {"titolo": _("Rimodula la quota"), "a": q.assegnazione, "quota": q, **_saldi_quota(request, q)})


@richiede(GESTISCI)
def movimento_create(request: HttpRequest, ambito_slug: str, quota_pk: int) -> HttpResponse:
    """Movement entry: impegno, liquidazione or disimpegno on one quota, validated by the service."""
    q = selectors.quota_get(ambito=request.ambito, pk=quota_pk)
    form = MovimentoForm(request.POST or None, ambito=request.ambito)
    return _modulo(request, form, lambda d: services.movimento_create(quota=q, actor=request.user, **d),
                   "fondi/modulo.html", lambda m: redirect(a_dettaglio(q.assegnazione)),
                   {"titolo": _("Registra un movimento"), "a": q.assegnazione, "quota": q, **_saldi_quota(request, q)})


def _saldi_quota(request: HttpRequest, q: Any) -> dict[str, Any]:
    """Today's balances of one quota, shown above the forms that move it."""
    data = oggi()
    saldi = selectors.saldi_quote(ambito=request.ambito, data=data, assegnazione=q.assegnazione)
    return {"oggi": data, "saldi_quota": saldi.get(q.pk, selectors.Saldi())}


@richiede(GESTISCI)
def rettifica_create(request: HttpRequest, ambito_slug: str, movimento_pk: int) -> HttpResponse:
    m = selectors.movimento_get(ambito=request.ambito, pk=movimento_pk)
    form = RettificaForm(request.POST or None, ambito=request.ambito)
    return _modulo(request, form, lambda d: services.rettifica_create(movimento=m, actor=request.user, **d),
                   "fondi/modulo.html", lambda r: redirect(a_dettaglio(m.assegnazione)),
                   {"titolo": _("Rettifica del movimento"), "a": m.assegnazione, "movimento": m})


@richiede(GESTISCI)
def riporto_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    a = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    form = RiportoForm(request.POST or None, ambito=request.ambito, assegnazione=a)
    return _modulo(request, form, lambda d: services.riporto_create(assegnazione=a, actor=request.user, **d),
                   "fondi/modulo.html", lambda m: redirect(a_dettaglio(a)),
                   {"titolo": _("Riporto dei residui ad altra annualità"), "a": a,
                    "saldi_assegnazione": selectors.saldi_assegnazioni(ambito=request.ambito, data=oggi(),
                                                                       ids=[a.pk]).get(a.pk, selectors.Saldi())})


@richiede(GESTISCI)
def riparto_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    """Riparto calculator: "Anteprima" shows the computation; "Registra" records it with its act."""
    a = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    form = RipartoForm(request.POST or None, ambito=request.ambito)
    contesto = {"a": a, "saldi": selectors.saldi_assegnazioni(ambito=request.ambito, data=oggi(),
                                                               ids=[a.pk]).get(a.pk, selectors.Saldi())}
    if request.method == "POST" and form.is_valid() and "registra" not in request.POST:
        d = {k: form.cleaned_data[k] for k in ("metodo", "totale", "data_riferimento", "anno_popolazione",
                                               "percentuale_fissa", "valori")}
        try:
            contesto["calcolo"] = selectors.riparto_calcola(ambito=request.ambito, **d).come_dict()
        except RipartoNonValido as exc:
            form.add_error(None, str(exc))
        return render(request, "fondi/riparto_modulo.html", {**contesto, "form": form},
                      status=400 if form.errors else 200)

    def registra(d: dict) -> Any:
        if d["atto"] is None:
            raise RegolaViolata(_("Indicare l'atto che approva il riparto."), campo="atto")
        return services.riparto_create(assegnazione=a, actor=request.user, **d)

    return _modulo(request, form, registra, "fondi/riparto_modulo.html",
                   lambda r: redirect("fondi:riparto_detail", ambito_slug=ambito_slug, riparto_pk=r.pk), contesto)


@richiede(VEDI)
@require_safe
def riparto_detail(request: HttpRequest, ambito_slug: str, riparto_pk: int) -> HttpResponse:
    """The recorded computation, and what has been committed and paid on each comune's quota."""
    r = selectors.riparto_get(ambito=request.ambito, pk=riparto_pk)
    filtro = DataForm(request.GET or None)
    quote = _con_saldi(selectors.quota_list(ambito=request.ambito, assegnazione=r.assegnazione,
                                            data=filtro.data_scelta()).filter(riparto=r))
    return render(request, "fondi/riparto.html", {
        "r": r, "a": r.assegnazione, "quote": quote, "filtro": filtro, "data": filtro.data_scelta(),
        "gruppo": selectors.GruppoRiparto(r, quote), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(VEDI)
@require_safe
def posizione(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """The position report at any date, by source, annualità, destination, comune…, drillable."""
    form = PosizioneForm(request.GET or None)
    dati = form.cleaned_data if form.is_valid() else {}
    fonte = dati.get("fonte")
    risultato = selectors.posizione(ambito=request.ambito, data=form.data_scelta(),
                                    per=dati.get("per") or ["fonte", "annualita"],
                                    fonte=fonte.pk if fonte else None, annualita=dati.get("annualita"))
    return render(request, "fondi/posizione.html", {"form": form, "p": risultato})


@richiede(VEDI)
@require_safe
def movimento_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Every movement, filterable (and reached from the position report's drill-down), paged."""
    form = MovimentiFiltroForm(request.GET or None)
    filtri = form.filtri()
    pagina = Paginator(selectors.movimento_list(ambito=request.ambito, filtri=filtri),
                       MOVIMENTI_PER_PAGINA).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "fondi/movimenti.html", {
        "form": form, "pagina": pagina, "movimenti": pagina.object_list, "query": query.urlencode(),
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
    return _modulo(request, form, lambda d: services.cofinanziamento_create(ambito=request.ambito,
                                                                            actor=request.user, **d),
                   "fondi/modulo.html", lambda c: redirect("fondi:cofinanziamento_detail", ambito_slug=ambito_slug,
                                                           cofinanziamento_pk=c.pk),
                   {"titolo": _("Nuovo cofinanziamento comunale")})


@richiede(VEDI)
@require_safe
def cofinanziamento_detail(request: HttpRequest, ambito_slug: str, cofinanziamento_pk: int) -> HttpResponse:
    c = selectors.cofinanziamento_get(ambito=request.ambito, pk=cofinanziamento_pk)
    filtro = DataForm(request.GET or None)
    data = filtro.data_scelta()
    quote = list(selectors.quota_comunale_list(ambito=request.ambito, cofinanziamento=c, data=data))
    atteso, ricevuto = sum(q.importo_atteso for q in quote), sum(q.ricevuto for q in quote)
    return render(request, "fondi/cofinanziamento.html", {
        "c": c, "quote": quote, "filtro": filtro, "data": data, "atteso": atteso, "ricevuto": ricevuto,
        "da_ricevere": atteso - ricevuto, "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def versamento_create(request: HttpRequest, ambito_slug: str, quota_comunale_pk: int) -> HttpResponse:
    q = selectors.quota_comunale_get(ambito=request.ambito, pk=quota_comunale_pk)
    form = VersamentoForm(request.POST or None)
    dettaglio = reverse("fondi:cofinanziamento_detail", kwargs={"ambito_slug": ambito_slug,
                                                                 "cofinanziamento_pk": q.cofinanziamento_id})
    return _modulo(request, form, lambda d: services.versamento_create(quota_comunale=q, actor=request.user, **d),
                   "fondi/modulo.html", lambda v: redirect(dettaglio),
                   {"titolo": _("Versamento di %(comune)s") % {"comune": q.comune.denominazione},
                    "quota_comunale": q, "annulla": dettaglio})


@richiede(GESTISCI)
@require_POST
def rendiconto_create(request: HttpRequest, ambito_slug: str, assegnazione_pk: int) -> HttpResponse:
    """Start the "rendiconto per assegnazione" (XLSX or PDF) as a background job."""
    a = selectors.assegnazione_get(ambito=request.ambito, pk=assegnazione_pk)
    formato = "pdf" if request.POST.get("formato") == "pdf" else "xlsx"
    job = job_create(ambito=request.ambito, actor=request.user, tipo="fondi.rendiconto_assegnazione",
                     parametri={"assegnazione": a.pk, "formato": formato,
                                "data": request.POST.get("data") or oggi().isoformat()})
    return redirect("jobs:job_detail", ambito_slug=ambito_slug, job_uuid=job.uuid)


def a_dettaglio(a: Any) -> str:
    return reverse("fondi:assegnazione_detail", kwargs={"ambito_slug": a.ambito.slug, "assegnazione_pk": a.pk})


WIDGET_SCADENZE = 5


def widget_dashboard(request: HttpRequest) -> dict[str, Any]:
    """Home-page box: totals of the funds and the first deadlines to watch (two queries)."""
    data = oggi()
    saldi = selectors.saldi_assegnazioni(ambito=request.ambito, data=data)
    scadenze = selectors.scadenze(ambito=request.ambito, data=data)
    return {"totale": sum(saldi.values(), selectors.Saldi()), "assegnazioni": len(saldi),
            "scadenze": scadenze[:WIDGET_SCADENZE], "altre_scadenze": len(scadenze[WIDGET_SCADENZE:])}
