"""The CPE pages: list, the wizard (new unit or variation), detail, the checklist and one page per procedure step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from udos.models import CPE, StatoCPE
from udos.scadenze import termini_cpe
from udos.views.comune import GESTISCI, PRESENTA, VEDI, T, alla_cpe, cpe_vista, ente_visto, unita_vista

# --- CPE --------------------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def cpe_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    stato = request.GET.get("stato", "")
    stato = stato if stato in StatoCPE.values else ""
    cpe = selectors.cpe_list(ambito=request.ambito, ente=ente_visto(request), stato=stato)
    return render(request, "udos/cpe_elenco.html", {
        "cpe": cpe, "stato": stato, "stati": StatoCPE.choices, "puo_presentare": request.contesto.puo(PRESENTA)})


@richiede(PRESENTA)
def cpe_wizard(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """Step 1: a new unit (CPE di avvio) or a change of a unit in the register (variation)."""
    form = f.WizardSceltaForm(request.POST or None, ambito=request.ambito, ente=ente_visto(request))
    if request.method == "POST" and form.is_valid():
        unita = form.cleaned_data["unita"]
        if unita is None:
            return redirect("udos:cpe_avvio", ambito_slug=ambito_slug)
        return redirect("udos:cpe_variazione", ambito_slug=ambito_slug, unita_pk=unita.pk)
    return render(request, "udos/cpe_wizard.html", {"form": form, "passo": 1},
                  status=400 if form.errors else 200)


@richiede(PRESENTA)
def cpe_avvio(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    ente = ente_visto(request)
    form = f.CPEAvvioForm(request.POST or None, ambito=request.ambito, ente=ente,
                          initial={"data_presentazione": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.cpe_avvio_create(ambito=request.ambito, actor=request.user,
                                                                solo_ente=ente, **dati),
                  messaggio=lambda cpe: _("CPE registrata: %(unita)s può operare dal %(data)s. Ora allega i "
                                          "documenti.") % {"unita": cpe.unita, "data": data_it(cpe.data_presentazione)},
                  successo=alla_cpe(ambito_slug), template="udos/cpe_wizard.html",
                  contesto={"passo": 2, "titolo": _("CPE di avvio di una nuova unità")})


@richiede(PRESENTA)
def cpe_variazione(request: HttpRequest, ambito_slug: str, unita_pk: int) -> HttpResponse:
    unita = unita_vista(request, unita_pk)
    form = f.CPEVariazioneForm(request.POST or None, ambito=request.ambito, initial={"data_presentazione": oggi()})
    return modulo(request, form,
                  esegui=lambda dati: services.cpe_variazione_create(unita=unita, actor=request.user,
                                                                     solo_ente=ente_visto(request), **dati),
                  messaggio=lambda cpe: _("CPE di variazione registrata per %(unita)s.") % {"unita": cpe.unita},
                  successo=alla_cpe(ambito_slug), template="udos/cpe_wizard.html",
                  contesto={"passo": 2, "titolo": _("CPE di variazione"), "unita": unita})


@richiede(VEDI)
@require_safe
def cpe_detail(request: HttpRequest, ambito_slug: str, cpe_pk: int) -> HttpResponse:
    cpe = cpe_vista(request, cpe_pk)
    return render(request, "udos/cpe_dettaglio.html", {
        "cpe": cpe, "verifiche": selectors.verifica_list(cpe=cpe), "termini": termini_cpe(cpe), "oggi": oggi(),
        "prossimi": services.TRANSIZIONI_CPE[cpe.stato], "allegati": pannello_allegati(request, cpe),
        "storia": storia_oggetto_leggibile(cpe), "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def cpe_checklist(request: HttpRequest, ambito_slug: str, cpe_pk: int) -> HttpResponse:
    cpe = cpe_vista(request, cpe_pk)
    form = f.ChecklistForm(request.POST or None, verifiche=list(selectors.verifica_list(cpe=cpe)))
    return modulo(request, form,
                  esegui=lambda dati: services.checklist_update(cpe=cpe, actor=request.user, esiti=form.esiti()),
                  messaggio=_("Verifica dei requisiti salvata."), successo=alla_cpe(ambito_slug),
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
    cpe = cpe_vista(request, cpe_pk)
    form_class, esegui, messaggio, titolo = _PASSI[passo]
    form = form_class(request.POST or None, initial={"data": oggi()})
    return modulo(request, form, esegui=lambda dati: esegui(cpe, request.user, dati),
                  messaggio=lambda c: _("%(fatto)s Stato: %(stato)s.") % {"fatto": messaggio,
                                                                          "stato": c.get_stato_display()},
                  successo=alla_cpe(ambito_slug), template=T, contesto={"titolo": titolo, "cpe": cpe})
