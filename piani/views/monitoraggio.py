"""Indicators (editor with targets per year) and monitoring: periods, values, objective statuses, closing."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.formato import decimali_significativi
from ambito.web import azione_post, modulo, pagina_modulo
from piani import selectors, services
from piani.forms import IndicatoreForm, PeriodoForm, RiaperturaForm, ValoreForm, ValutazioneForm
from piani.views import CHIUDI, GESTISCI, PROGETTI, VEDI
from piani.views.piano import _obiettivo, _piano
from piani.views.progetti import _progetto

MODULO = "piani/modulo.html"


def _nuovo_indicatore(request: HttpRequest, *, piano, padre, **legame) -> HttpResponse:
    form = IndicatoreForm(request.POST or None, piano=piano)
    return modulo(request, form,
                  esegui=lambda d: services.indicatore_create(actor=request.user, **legame, **form.dati_servizio()),
                  messaggio=lambda i: _("Indicatore registrato: %(i)s.") % {"i": i},
                  successo=lambda i: redirect(i.get_absolute_url()), template=MODULO,
                  contesto={"titolo": _("Nuovo indicatore di %(p)s") % {"p": padre}, "piano": piano})


@richiede(GESTISCI)
def indicatore_create_obiettivo(request: HttpRequest, ambito_slug: str, obiettivo_pk: int) -> HttpResponse:
    obiettivo = _obiettivo(request, obiettivo_pk)
    return _nuovo_indicatore(request, piano=obiettivo.piano, padre=obiettivo, obiettivo=obiettivo)


@richiede(GESTISCI)
def indicatore_create_progetto(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    progetto = _progetto(request, progetto_pk)
    return _nuovo_indicatore(request, piano=progetto.piano, padre=progetto, progetto=progetto)


def _indicatore(request: HttpRequest, indicatore_pk: int):
    return selectors.indicatore_get(ambito=request.ambito, pk=indicatore_pk, contesto=request.contesto)


@richiede(PROGETTI)
@require_safe
def indicatore_detail(request: HttpRequest, ambito_slug: str, indicatore_pk: int) -> HttpResponse:
    indicatore = _indicatore(request, indicatore_pk)
    valori = list(selectors.valore_list(ambito=request.ambito, indicatori=[indicatore],
                                        solo_chiusi=selectors.solo_chiusi_per(request.contesto)))
    return render(request, "piani/indicatore.html", {
        "indicatore": indicatore, "piano": indicatore.piano, "target": list(indicatore.target.order_by("anno")),
        "valori": valori, "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def indicatore_edit(request: HttpRequest, ambito_slug: str, indicatore_pk: int) -> HttpResponse:
    indicatore = _indicatore(request, indicatore_pk)
    piano = indicatore.piano
    iniziali = {nome: getattr(indicatore, nome) for nome in services.CAMPI_INDICATORE}
    iniziali["baseline"] = _senza_zeri(indicatore.baseline)
    iniziali.update({f"target_{t.anno}": _senza_zeri(t.valore) for t in indicatore.target.all()})
    form = IndicatoreForm(request.POST or None, piano=piano, initial=iniziali)
    return modulo(request, form,
                  esegui=lambda d: services.indicatore_update(indicatore=indicatore, actor=request.user,
                                                              **form.dati_servizio()),
                  messaggio=_("Indicatore salvato."), successo=lambda i: redirect(i.get_absolute_url()),
                  template=MODULO, contesto={"titolo": _("Modifica l'indicatore"), "piano": piano})


@richiede(GESTISCI)
def periodo_create(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    form = PeriodoForm(request.POST or None, initial={"anno": piano.triennio})
    return modulo(request, form, esegui=lambda d: services.periodo_create(piano=piano, actor=request.user, **d),
                  messaggio=lambda p: _("Periodo di monitoraggio aperto: %(p)s.") % {"p": p},
                  successo=lambda p: redirect(p.get_absolute_url()), template=MODULO,
                  contesto={"titolo": _("Nuovo periodo di monitoraggio"), "piano": piano})


def _periodo(request: HttpRequest, periodo_pk: int):
    return selectors.periodo_get(ambito=request.ambito, pk=periodo_pk,
                                 solo_chiusi=selectors.solo_chiusi_per(request.contesto))


def _senza_zeri(valore: Decimal | None) -> Decimal | None:
    """87.0000 → 87, 27.5000 → 27.5: what the form shows (the column keeps four decimals)."""
    if valore is None:
        return None
    return valore.quantize(Decimal(1).scaleb(-decimali_significativi(valore)))


def _con_moduli(righe: list) -> list:
    """Each row with its own inline value form (prefixed, so ids stay unique on the page)."""
    for riga in righe:
        v = riga.valore
        riga.form = ValoreForm(prefix=f"v{riga.indicatore.pk}",
                               initial={"valore": _senza_zeri(v.valore), "note": v.note} if v else None)
    return righe


def _contesto_periodo(request: HttpRequest, periodo) -> dict:
    piano = periodo.piano
    indicatori = list(selectors.indicatore_list(piano=piano))
    return {"periodo": periodo, "piano": piano, "puo_gestire": request.contesto.puo(GESTISCI),
            "puo_chiudere": request.contesto.puo(CHIUDI),
            "righe": _con_moduli(selectors.monitoraggio_periodo(periodo=periodo, indicatori=indicatori)),
            "obiettivi": list(selectors.obiettivo_list(piano=piano)),
            "valutazioni": {v.obiettivo_id: v for v in periodo.valutazioni.all()},
            "form_valutazione": ValutazioneForm(), "form_riapertura": RiaperturaForm()}


@richiede(VEDI)
@require_safe
def periodo_detail(request: HttpRequest, ambito_slug: str, periodo_pk: int) -> HttpResponse:
    """Monitoring entry for the period: each indicator with its target and value, each objective's status."""
    return render(request, "piani/periodo.html", _contesto_periodo(request, _periodo(request, periodo_pk)))


def _riga(request: HttpRequest, periodo, indicatore, form: ValoreForm | None, salvato: bool) -> HttpResponse:
    """The period page's row of one indicator, for htmx (a refusal comes back as 200 with the errors in the row:
    htmx swaps only 2xx answers)."""
    riga = selectors.monitoraggio_periodo(periodo=periodo, indicatori=[indicatore])[0]
    _con_moduli([riga])
    if form is not None:
        riga.form = form
    riga.salvato = salvato
    return render(request, "piani/_riga_monitoraggio.html", {"r": riga, "periodo": periodo, "puo_gestire": True})


@richiede(GESTISCI)
def valore_set(request: HttpRequest, ambito_slug: str, periodo_pk: int, indicatore_pk: int) -> HttpResponse:
    """Enter an indicator's value for the period: inline in the period page's row (htmx swaps the row), or on a
    page of its own."""
    periodo = _periodo(request, periodo_pk)
    indicatore = _indicatore(request, indicatore_pk)
    esistente = selectors.valore_list(ambito=request.ambito, indicatori=[indicatore]).filter(periodo=periodo).first()
    iniziali = ({"valore": _senza_zeri(esistente.valore), "note": esistente.note, "evidenza": esistente.evidenza}
                if esistente else {})
    prefisso = f"v{indicatore.pk}" if request.GET.get("riga") else None
    form = ValoreForm(request.POST or None, initial=iniziali, prefix=prefisso)
    if request.htmx and request.method == "POST":
        salvato = False
        if form.is_valid():
            try:
                services.valore_set(indicatore=indicatore, periodo=periodo, actor=request.user, **form.cleaned_data)
                salvato, form = True, None
            except services.RegolaViolata as exc:
                from ambito.forms import aggiungi_errore

                aggiungi_errore(form, exc)
        return _riga(request, periodo, indicatore, form, salvato)
    return modulo(request, form,
                  esegui=lambda d: services.valore_set(indicatore=indicatore, periodo=periodo, actor=request.user,
                                                       **d),
                  messaggio=lambda v: _("Valore registrato: %(i)s, %(p)s.") % {"i": indicatore, "p": periodo},
                  successo=lambda v: redirect(periodo.get_absolute_url()), template=MODULO,
                  contesto={"titolo": _("%(i)s — %(p)s") % {"i": indicatore, "p": periodo}, "piano": periodo.piano})


@richiede(GESTISCI)
@require_POST
def valore_compute(request: HttpRequest, ambito_slug: str, periodo_pk: int, indicatore_pk: int) -> HttpResponse:
    periodo = _periodo(request, periodo_pk)
    indicatore = _indicatore(request, indicatore_pk)
    return azione_post(request, esegui=lambda: services.valore_compute(indicatore=indicatore, periodo=periodo,
                                                                      actor=request.user),
                       messaggio=lambda v: _("Valore calcolato dai dati: %(v)s.") % {"v": v.valore},
                       ritorno=redirect(periodo.get_absolute_url()))


@richiede(GESTISCI)
def valutazione_set(request: HttpRequest, ambito_slug: str, periodo_pk: int, obiettivo_pk: int) -> HttpResponse:
    periodo = _periodo(request, periodo_pk)
    obiettivo = _obiettivo(request, obiettivo_pk)
    form = ValutazioneForm(request.POST or None, initial={"stato": obiettivo.stato,
                                                          "motivazione": obiettivo.motivazione_stato})
    return modulo(request, form,
                  esegui=lambda d: services.valutazione_set(obiettivo=obiettivo, periodo=periodo, actor=request.user,
                                                            **d),
                  messaggio=lambda v: _("Stato dell'obiettivo registrato: %(s)s.") % {"s": v.get_stato_display()},
                  successo=lambda v: redirect(periodo.get_absolute_url()), template=MODULO,
                  contesto={"titolo": _("%(o)s — %(p)s") % {"o": obiettivo, "p": periodo}, "piano": periodo.piano})


@richiede(CHIUDI)
@require_POST
def periodo_close(request: HttpRequest, ambito_slug: str, periodo_pk: int) -> HttpResponse:
    periodo = _periodo(request, periodo_pk)
    return azione_post(request, esegui=lambda: services.periodo_close(periodo=periodo, actor=request.user),
                       messaggio=lambda p: _("Periodo %(p)s chiuso: i dati sono congelati e visibili "
                                             "all'Assemblea.") % {"p": p},
                       ritorno=redirect(periodo.get_absolute_url()))


@richiede(CHIUDI)
@require_POST
def periodo_reopen(request: HttpRequest, ambito_slug: str, periodo_pk: int) -> HttpResponse:
    periodo = _periodo(request, periodo_pk)
    form = RiaperturaForm(request.POST)
    if form.is_valid():
        try:
            services.periodo_reopen(periodo=periodo, actor=request.user, **form.cleaned_data)
        except services.RegolaViolata as exc:
            form.add_error("motivo", exc.messaggio)
        else:
            from django.contrib import messages

            messages.success(request, _("Periodo %(p)s riaperto.") % {"p": periodo})
            return redirect(periodo.get_absolute_url())
    contesto = _contesto_periodo(request, periodo)
    contesto["form_riapertura"] = form
    return pagina_modulo(request, "piani/periodo.html", contesto, form)
