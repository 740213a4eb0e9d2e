"""Pages of the register, under /a/<ambito_slug>/udos/: fetch with a selector (limited to the gestore's own ente
for a referente of an ente gestore: ``selectors.ente_visibile``), change with a service through the kit's form
flow, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.allegati.pannello import pannello_allegati
from ambito.audit.selectors import storia_oggetto_leggibile
from ambito.formato import data_it, oggi
from ambito.web import modulo
from udos import forms as f
from udos import selectors, services
from udos.models import CPE, StatoCPE, UnitaOfferta
from udos.scadenze import termini_cpe

VEDI = "udos.vedi"
GESTISCI = "udos.gestisci"
PRESENTA = "udos.presenta"
T = "udos/modulo.html"


def _ente(request: HttpRequest) -> int | None:
    return selectors.ente_visibile(request.contesto)  # type: ignore[attr-defined]


def _unita(request: HttpRequest, unita_pk: int) -> UnitaOfferta:
    return selectors.unita_get(ambito=request.ambito, pk=unita_pk, ente=_ente(request))  # type: ignore[attr-defined]


def _cpe(request: HttpRequest, cpe_pk: int) -> CPE:
    return selectors.cpe_get(ambito=request.ambito, pk=cpe_pk, ente=_ente(request))  # type: ignore[attr-defined]


def _alla_unita(slug: str) -> Callable[[Any], HttpResponse]:
    return lambda x: redirect("udos:unita_detail", ambito_slug=slug, unita_pk=getattr(x, "unita_id", None) or x.pk)


def _alla_cpe(slug: str) -> Callable[[CPE], HttpResponse]:
    return lambda cpe: redirect("udos:cpe_detail", ambito_slug=slug, cpe_pk=cpe.pk)


# --- home-page box ---------------------------------------------------------------------------------------


def widget_dashboard(request: HttpRequest) -> dict[str, Any]:
    """Home-page box: active units and the open CPE (a gestore: their own), two queries."""
    ente = _ente(request)
    aperte = list(selectors.cpe_list(ambito=request.ambito, ente=ente, aperte=True)[:5])  # type: ignore[attr-defined]
    attive = selectors.unita_list(ambito=request.ambito, ente=ente, stato="attiva").count()  # type: ignore[attr-defined]
    return {"attive": attive, "aperte": aperte}


# --- register ---------------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def unita_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    filtro = f.FiltroUnitaForm(request.GET or None, ambito=request.ambito)
    unita = selectors.unita_list(ambito=request.ambito, ente=_ente(request), **filtro.filtri())
    return render(request, "udos/elenco.html", {
        "filtro": filtro, "unita": unita, "puo_presentare": request.contesto.puo(PRESENTA),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(VEDI)
@require_safe
def unita_detail(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = _unita(request, unita_pk)
    ente = _ente(request)
    return render(request, "udos/dettaglio.html", {
        "unita": unita, "cpe": selectors.cpe_list(ambito=request.ambito, ente=ente, unita=unita),
        "visite": selectors.visita_list(ambito=request.ambito, ente=ente, unita=unita),
        "accreditamenti": selectors.accreditamento_list(ambito=request.ambito, ente=ente, unita=unita),
        "comunicazioni": selectors.comunicazione_list(unita=unita),
        "consuntivi": selectors.consuntivo_list(ambito=request.ambito, ente=ente, unita=unita),
        "storia": storia_oggetto_leggibile(unita),
        "puo_gestire": request.contesto.puo(GESTISCI), "puo_presentare": request.contesto.puo(PRESENTA)})


def _registra_senza_cpe(request: HttpRequest, dati: dict[str, Any]) -> UnitaOfferta:
    dati = dict(dati)
    tipologia, atto = dati.pop("tipologia"), dati.pop("atto_sperimentazione")
    if tipologia is not None:
        return services.servizio_create(ambito=request.ambito, actor=request.user, tipologia=tipologia, **dati)
    return services.unita_sperimentale_create(ambito=request.ambito, actor=request.user, atto_sperimentazione=atto,
                                              **dati)


@richiede(GESTISCI)
def unita_senza_cpe(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """A service without a building (SAD, ADM, assistenza educativa scolastica) or an experimental unit."""
    form = f.UnitaSenzaCPEForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form, esegui=lambda dati: _registra_senza_cpe(request, dati),
                  messaggio=lambda u: _("Registrata nel registro: %(nome)s.") % {"nome": u.denominazione},
                  successo=_alla_unita(ambito_slug), template=T,
                  contesto={"titolo": _("Servizio senza struttura o unità sperimentale"),
                            "nota": _("Questi non presentano la CPE: i servizi domiciliari e di assistenza "
                                      "educativa si accreditano direttamente; le unità sperimentali richiedono "
                                      "l'atto che le autorizza.")})


@richiede(GESTISCI)
def unita_edit(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = _unita(request, unita_pk)
    iniziali = {campo: getattr(unita, campo) for campo in f.UnitaForm.base_fields}
    form = f.UnitaForm(request.POST or None, initial=iniziali)
    return modulo(request, form,
                  esegui=lambda dati: services.unita_update(unita=unita, actor=request.user, **dati),
                  messaggio=lambda u: _("Dati dell'unità salvati: %(nome)s.") % {"nome": u.denominazione},
                  successo=_alla_unita(ambito_slug), template=T,
                  contesto={"titolo": _("Modifica i dati dell'unità"), "unita": unita,
                            "nota": _("Tipologia, capacità, sede e gestore cambiano solo con una CPE.")})


@richiede(PRESENTA)
def comunicazione_create(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = _unita(request, unita_pk)
    form = f.ComunicazioneForm(request.POST or None, initial={"data": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.comunicazione_create(unita=unita, actor=request.user, **dati),
                  messaggio=lambda c: _("Comunicazione registrata: %(tipo)s del %(data)s.")
                  % {"tipo": c.get_tipo_display(), "data": data_it(c.data)},
                  successo=_alla_unita(ambito_slug), template=T,
                  contesto={"titolo": _("Comunicazione senza CPE"), "unita": unita,
                            "nota": _("Il cambio del legale rappresentante, di orari o rette si comunica: non "
                                      "serve una nuova CPE. Sospensione, ripresa e cessazione cambiano lo stato "
                                      "dell'unità.")})


@richiede(VEDI)
@require_safe
def tipologia_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    tipologie = selectors.tipologia_list(solo_sociali=False).prefetch_related("requisiti")
    return render(request, "udos/tipologie.html", {"tipologie": tipologie})


# --- CPE --------------------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def cpe_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    stato = request.GET.get("stato", "")
    stato = stato if stato in StatoCPE.values else ""
    cpe = selectors.cpe_list(ambito=request.ambito, ente=_ente(request), stato=stato)
    return render(request, "udos/cpe_elenco.html", {
        "cpe": cpe, "stato": stato, "stati": StatoCPE.choices, "puo_presentare": request.contesto.puo(PRESENTA)})


@richiede(PRESENTA)
def cpe_wizard(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Step 1: a new unit (CPE di avvio) or a change of a unit in the register (variation)."""
    form = f.WizardSceltaForm(request.POST or None, ambito=request.ambito, ente=_ente(request))
    if request.method == "POST" and form.is_valid():
        unita = form.cleaned_data["unita"]
        if unita is None:
            return redirect("udos:cpe_avvio", ambito_slug=ambito_slug)
        return redirect("udos:cpe_variazione", ambito_slug=ambito_slug, unita_pk=unita.pk)
    return render(request, "udos/cpe_wizard.html", {"form": form, "passo": 1},
                  status=400 if form.errors else 200)


@richiede(PRESENTA)
def cpe_avvio(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    ente = _ente(request)
    form = f.CPEAvvioForm(request.POST or None, ambito=request.ambito, ente=ente,
                          initial={"data_presentazione": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.cpe_avvio_create(ambito=request.ambito, actor=request.user,
                                                                solo_ente=ente, **dati),
                  messaggio=lambda cpe: _("CPE registrata: %(unita)s può operare dal %(data)s. Ora allega i "
                                          "documenti.") % {"unita": cpe.unita, "data": data_it(cpe.data_presentazione)},
                  successo=_alla_cpe(ambito_slug), template="udos/cpe_wizard.html",
                  contesto={"passo": 2, "titolo": _("CPE di avvio di una nuova unità")})


@richiede(PRESENTA)
def cpe_variazione(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = _unita(request, unita_pk)
    form = f.CPEVariazioneForm(request.POST or None, ambito=request.ambito, initial={"data_presentazione": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.cpe_variazione_create(unita=unita, actor=request.user,
                                                                     solo_ente=_ente(request), **dati),
                  messaggio=lambda cpe: _("CPE di variazione registrata per %(unita)s.") % {"unita": cpe.unita},
                  successo=_alla_cpe(ambito_slug), template="udos/cpe_wizard.html",
                  contesto={"passo": 2, "titolo": _("CPE di variazione"), "unita": unita})


@richiede(VEDI)
@require_safe
def cpe_detail(request: HttpRequest, ambito_slug: str, cpe_pk: int) -> HttpResponse:
    cpe = _cpe(request, cpe_pk)
    return render(request, "udos/cpe_dettaglio.html", {
        "cpe": cpe, "verifiche": selectors.verifica_list(cpe=cpe), "termini": termini_cpe(cpe), "oggi": oggi(),
        "prossimi": services.TRANSIZIONI_CPE[cpe.stato], "allegati": pannello_allegati(request, cpe),
        "storia": storia_oggetto_leggibile(cpe), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def cpe_checklist(request: HttpRequest, ambito_slug: str, cpe_pk: int) -> HttpResponse:
    cpe = _cpe(request, cpe_pk)
    form = f.ChecklistForm(request.POST or None, verifiche=list(selectors.verifica_list(cpe=cpe)))
    return modulo(request, form,
                  esegui=lambda dati: services.checklist_update(cpe=cpe, actor=request.user, esiti=form.esiti()),
                  messaggio=_("Verifica dei requisiti salvata."), successo=_alla_cpe(ambito_slug),
                  template="udos/cpe_checklist.html", contesto={"cpe": cpe})


# One page per step of the procedure: (form, service call, message, title).
_PASSI: dict[str, tuple[type, Callable[..., CPE], Any, Any]] = {
    "verifica": (f.DataForm, lambda cpe, actor, dati: services.cpe_verifica_start(cpe=cpe, actor=actor, **dati),
                 _l("Verifica documentale avviata."), _l("Avvia la verifica documentale")),
    "integrazioni": (f.IntegrazioniForm,
                     lambda cpe, actor, dati: services.cpe_integrazioni_request(cpe=cpe, actor=actor, **dati),
                     _l("Integrazioni richieste al gestore."), _l("Richiedi integrazioni")),
    "integrazioni_ricevute": (f.DataForm, lambda cpe, actor, dati: services.cpe_integrazioni_receive(
        cpe=cpe, actor=actor, **dati), _l("Integrazioni ricevute: la verifica riprende."), _l("Integrazioni ricevute")),
    "vigilanza": (f.DataForm, lambda cpe, actor, dati: services.cpe_vigilanza_request(cpe=cpe, actor=actor, **dati),
                  _l("Vigilanza richiesta all'ATS."), _l("Richiedi la vigilanza all'ATS")),
    "esito": (f.EsitoATSForm, lambda cpe, actor, dati: services.cpe_esito_record(cpe=cpe, actor=actor, **dati),
              _l("Esito dell'ATS registrato."), _l("Registra l'esito dell'ATS")),
    "prescrizioni": (f.PrescrizioniForm,
                     lambda cpe, actor, dati: services.cpe_prescrizioni_close(cpe=cpe, actor=actor, **dati),
                     _l("Verifica delle prescrizioni registrata."), _l("Chiudi le prescrizioni")),
}


@richiede(GESTISCI)
def cpe_passo(request: HttpRequest, ambito_slug: str, cpe_pk: int, passo: str) -> HttpResponse:
    cpe = _cpe(request, cpe_pk)
    form_class, esegui, messaggio, titolo = _PASSI[passo]
    form = form_class(request.POST or None, initial={"data": oggi()})
    return modulo(request, form, esegui=lambda dati: esegui(cpe, request.user, dati),
                  messaggio=lambda c: _("%(fatto)s Stato: %(stato)s.") % {"fatto": messaggio,
                                                                          "stato": c.get_stato_display()},
                  successo=_alla_cpe(ambito_slug), template=T, contesto={"titolo": titolo, "cpe": cpe})


# --- vigilance ------------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def visita_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    da_ottemperare = request.GET.get("aperte") == "1"
    visite = selectors.visita_list(ambito=request.ambito, ente=_ente(request), da_ottemperare=da_ottemperare)
    return render(request, "udos/vigilanza.html", {"visite": visite, "aperte": da_ottemperare,
                                                   "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def visita_create(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = _unita(request, unita_pk)
    form = f.VisitaForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: services.visita_create(unita=unita, actor=request.user, **dati),
                  messaggio=lambda v: _("Visita di vigilanza del %(data)s registrata: %(esito)s.")
                  % {"data": data_it(v.data), "esito": v.get_esito_display()},
                  successo=_alla_unita(ambito_slug), template=T,
                  contesto={"titolo": _("Visita di vigilanza dell'ATS"), "unita": unita})


@richiede(GESTISCI)
def visita_ottemperanza(request: HttpRequest, ambito_slug: str, visita_pk: int) -> HttpResponse:
    visita = selectors.visita_get(ambito=request.ambito, pk=visita_pk, ente=_ente(request))
    form = f.DataForm(request.POST or None, initial={"data": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.visita_ottemperanza_record(visita=visita, actor=request.user, **dati),
                  messaggio=_("Prescrizioni ottemperate."),
                  successo=lambda v: redirect("udos:visita_list", ambito_slug=ambito_slug), template=T,
                  contesto={"titolo": _("Ottemperanza alle prescrizioni"), "unita": visita.unita})


# --- accreditation --------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def accreditamento_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "udos/accreditamenti.html", {
        "accreditamenti": selectors.accreditamento_list(ambito=request.ambito, ente=_ente(request)),
        "albo": selectors.albo_accreditati(ambito=request.ambito) if _ente(request) is None else [],
        "bandi": selectors.bando_list(ambito=request.ambito), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def bando_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = f.BandoForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda dati: services.bando_create(ambito=request.ambito, actor=request.user, **dati),
                  messaggio=lambda b: _("Bando di accreditamento registrato: %(t)s.") % {"t": b.titolo},
                  successo=lambda b: redirect("udos:accreditamento_list", ambito_slug=ambito_slug), template=T,
                  contesto={"titolo": _("Nuovo bando di accreditamento")})


@richiede(GESTISCI)
def accreditamento_create(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = _unita(request, unita_pk)
    form = f.AccreditamentoForm(request.POST or None, ambito=request.ambito,
                                initial={"data_domanda": oggi(), "posti": unita.capacita_autorizzata})
    return modulo(request, form,
                  esegui=lambda dati: services.accreditamento_create(unita=unita, actor=request.user, **dati),
                  messaggio=_("Domanda di accreditamento registrata."),
                  successo=lambda a: redirect("udos:accreditamento_detail", ambito_slug=ambito_slug,
                                              accreditamento_pk=a.pk),
                  template=T, contesto={"titolo": _("Domanda di accreditamento"), "unita": unita})


@richiede(VEDI)
@require_safe
def accreditamento_detail(request: HttpRequest, ambito_slug: str, accreditamento_pk: int) -> HttpResponse:
    acc = selectors.accreditamento_get(ambito=request.ambito, pk=accreditamento_pk, ente=_ente(request))
    return render(request, "udos/accreditamento.html", {
        "acc": acc, "contratti": selectors.contratto_list(accreditamento=acc),
        "storia": storia_oggetto_leggibile(acc), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def accreditamento_stato(request: HttpRequest, ambito_slug: str, accreditamento_pk: int) -> HttpResponse:
    acc = selectors.accreditamento_get(ambito=request.ambito, pk=accreditamento_pk, ente=_ente(request))
    form = f.AccreditamentoStatoForm(request.POST or None, ambito=request.ambito, initial={"data": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.accreditamento_transition(accreditamento=acc, actor=request.user,
                                                                         **dati),
                  messaggio=lambda a: _("Accreditamento: %(stato)s.") % {"stato": a.get_stato_display()},
                  successo=lambda a: redirect("udos:accreditamento_detail", ambito_slug=ambito_slug,
                                              accreditamento_pk=a.pk),
                  template=T, contesto={"titolo": _("Avanza l'accreditamento"), "unita": acc.unita})


@richiede(GESTISCI)
def contratto_create(request: HttpRequest, ambito_slug: str, accreditamento_pk: int) -> HttpResponse:
    acc = selectors.accreditamento_get(ambito=request.ambito, pk=accreditamento_pk, ente=_ente(request))
    form = f.ContrattoForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda dati: services.contratto_create(accreditamento=acc, actor=request.user, **dati),
                  messaggio=lambda c: _("Contratto registrato: %(n)d posti.") % {"n": c.posti},
                  successo=lambda c: redirect("udos:accreditamento_detail", ambito_slug=ambito_slug,
                                              accreditamento_pk=acc.pk),
                  template=T, contesto={"titolo": _("Nuovo contratto"), "unita": acc.unita})


# --- FSR ------------------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def consuntivo_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    ente = _ente(request)
    anno = request.GET.get("anno", "")
    anno = int(anno) if anno.isdigit() and 2000 <= int(anno) <= 2100 else oggi().year - 1
    proposte = ({} if ente is not None else {
        p.consuntivo.pk: p.importo for p in selectors.contributi_proposti(ambito=request.ambito, anno=anno)})
    consuntivi = list(selectors.consuntivo_list(ambito=request.ambito, ente=ente))
    for c in consuntivi:
        c.proposta = proposte.get(c.pk)
    return render(request, "udos/fsr.html", {
        "anno": anno, "consuntivi": consuntivi,
        "criteri": selectors.criterio_fsr_list(ambito=request.ambito, anno=anno) if ente is None else [],
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def criterio_fsr_set(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = f.CriterioFSRForm(request.POST or None, ambito=request.ambito, initial={"anno": oggi().year - 1})
    return modulo(request, form,
                  esegui=lambda dati: services.criterio_fsr_set(ambito=request.ambito, actor=request.user, **dati),
                  messaggio=lambda c: _("Criterio FSR %(anno)d salvato: %(area)s.") % {
                      "anno": c.anno, "area": c.get_area_display()},
                  successo=lambda c: redirect(f"{reverse('udos:consuntivo_list', args=[ambito_slug])}?anno={c.anno}"),
                  template=T, contesto={"titolo": _("Criterio di riparto FSR dell'Assemblea"),
                                        "nota": _("La quota dell'area si divide tra le sue unità in proporzione a "
                                                  "utenti × giornate, fino allo sbilancio di ciascuna.")})


@richiede(PRESENTA)
def consuntivo_create(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = _unita(request, unita_pk)
    form = f.ConsuntivoForm(request.POST or None, initial={"anno": oggi().year - 1})
    return modulo(request, form,
                  esegui=lambda dati: services.consuntivo_create(unita=unita, actor=request.user, **dati),
                  messaggio=lambda c: _("Consuntivo FSR %(anno)d presentato.") % {"anno": c.anno},
                  successo=_alla_unita(ambito_slug), template=T,
                  contesto={"titolo": _("Consuntivo per il Fondo Sociale Regionale"), "unita": unita})


@richiede(GESTISCI)
def contributo_assign(request: HttpRequest, ambito_slug: str, consuntivo_pk: int) -> HttpResponse:
    consuntivo = selectors.consuntivo_get(ambito=request.ambito, pk=consuntivo_pk)
    proposto = selectors.contributo_proposto(consuntivo=consuntivo)
    form = f.ContributoForm(request.POST or None, ambito=request.ambito,
                            initial={"importo": consuntivo.sbilancio if proposto is None else proposto,
                                     "data_contabile": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.contributo_assign(consuntivo=consuntivo, actor=request.user, **dati),
                  messaggio=_("Contributo FSR assegnato e impegnato."),
                  successo=lambda c: redirect("udos:consuntivo_list", ambito_slug=ambito_slug), template=T,
                  contesto={"titolo": _("Contributo FSR"), "unita": consuntivo.unita})
