"""Pages of the erogazioni part: the bando's disbursements (funded domande, plans, monthly runs), the run page with
its exclusions and confirmation, the plan page (payments, events, indebiti), the payment outputs. Thin: the rules
are in misure.services.erogazioni, the reads in misure.selectors.erogazioni."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.errors import NonTrovato, RegolaViolata
from ambito.formato import oggi
from ambito.forms import aggiungi_errore
from ambito.jobs.services import job_create
from ambito.web import azione_post, modulo, pagina_modulo
from misure import erogazioni_uscite as uscite
from misure.erogazioni_forms import ConfermaForm, DistintaForm, EventoForm, PianoForm, SepaForm
from misure.erogazioni_jobs import CODICE_JOB
from misure.models import Bando, Distinta, PianoErogazione
from misure.selectors import domande as selectors_domande
from misure.selectors import erogazioni as selectors
from misure.services import erogazioni as services

VEDI, GESTISCI = services.VEDI, services.GESTISCI
LIMITE_PIANI = 500


def _bando(request: HttpRequest, bando_pk: int) -> Bando:
    return selectors.bando_get(ambito=request.ambito, pk=bando_pk)


def _distinta(request: HttpRequest, distinta_pk: int) -> Distinta:
    return selectors.distinta_get(ambito=request.ambito, pk=distinta_pk)


def _piano(request: HttpRequest, piano_pk: int) -> PianoErogazione:
    return selectors.piano_get(ambito=request.ambito, pk=piano_pk, comuni=request.contesto.comuni)


@richiede(GESTISCI)
def erogazioni_bando(request: HttpRequest, ambito_slug: str, bando_pk: int) -> HttpResponse:
    """The bando's disbursements: funded domande waiting for a plan, plans, runs; start the monthly run (a job)."""
    bando = _bando(request, bando_pk)
    form = DistintaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = job_create(ambito=request.ambito, actor=request.user, tipo=CODICE_JOB,
                             parametri={"bando": bando.pk, "mese": form.cleaned_data["mese"].replace(day=1)})
        except RegolaViolata as exc:
            aggiungi_errore(form, exc)
        else:
            messages.success(request, _("Distinta in preparazione: la trovi qui sotto appena l'elaborazione finisce."))
            return redirect("jobs:job_detail", request.ambito.slug, job.uuid)
    piani = selectors.piano_list(ambito=request.ambito, bando=bando).order_by("beneficiario__cognome", "pk")
    return pagina_modulo(request, "misure/erogazioni/bando.html", {
        "bando": bando, "finanziate": selectors.domande_finanziate(bando), "piani": piani[:LIMITE_PIANI],
        "piani_totale": piani.count(), "limite": LIMITE_PIANI,
        "distinte": selectors.distinta_list(ambito=request.ambito, bando=bando)}, form)


@richiede(GESTISCI)
def piano_create(request: HttpRequest, ambito_slug: str, domanda_pk: int) -> HttpResponse:
    domanda = selectors_domande.domanda_get(ambito=request.ambito, pk=domanda_pk, comuni=request.contesto.comuni)
    form = PianoForm(request.POST or None, initial={"mese_inizio": oggi().replace(day=1)})

    def esegui(dati: dict[str, Any]) -> PianoErogazione:
        return services.piano_create(domanda=domanda, actor=request.user, **dati)

    return modulo(request, form, esegui=esegui, messaggio=_("Piano di erogazione creato: la domanda è attiva."),
                  successo=lambda p: redirect("misure:erogazioni_piano", request.ambito.slug, p.pk),
                  template="misure/erogazioni/piano_nuovo.html",
                  contesto={"domanda": domanda, "finanziamento": selectors.finanziamento_di(domanda)})


@richiede(VEDI)
def piano_detail(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    """The plan with its payments, events and indebiti; the office records events here."""
    piano = _piano(request, piano_pk)
    puo_gestire = request.contesto.puo(GESTISCI)
    form = EventoForm(request.POST or None) if puo_gestire else None
    if request.method == "POST":
        if form is None:
            raise NonTrovato()
        return modulo(request, form, esegui=lambda d: services.evento_create(piano=piano, actor=request.user, **d),
                      messaggio=_("Evento registrato."),
                      successo=lambda _e: redirect("misure:erogazioni_piano", request.ambito.slug, piano.pk),
                      template="misure/erogazioni/piano.html", contesto=_contesto_piano(request, piano, puo_gestire))
    return render(request, "misure/erogazioni/piano.html",
                  {**_contesto_piano(request, piano, puo_gestire), "form": form})


def _contesto_piano(request: HttpRequest, piano: PianoErogazione, puo_gestire: bool) -> dict[str, Any]:
    return {"piano": piano, "puo_gestire": puo_gestire,
            "pagamenti": selectors.pagamento_list(ambito=request.ambito, piano=piano),
            "eventi": selectors.evento_list(piano=piano),
            "indebiti": selectors.indebito_list(ambito=request.ambito, piano=piano)}


@richiede(GESTISCI)
@require_POST
def indebito_recupera(request: HttpRequest, ambito_slug: str, indebito_pk: int) -> HttpResponse:
    indebito = selectors.indebito_get(ambito=request.ambito, pk=indebito_pk)
    return azione_post(request, esegui=lambda: services.indebito_recupera(indebito=indebito, actor=request.user,
                                                                          data=oggi()),
                       messaggio=_("Recupero registrato: il pagamento è rettificato nei fondi."),
                       ritorno=redirect("misure:erogazioni_piano", request.ambito.slug, indebito.pagamento.piano_id))


@richiede(GESTISCI)
def distinta_detail(request: HttpRequest, ambito_slug: str, distinta_pk: int) -> HttpResponse:
    """The run: lines to pay, exclusions with the reason, and the request for the two-person confirmation."""
    distinta = _distinta(request, distinta_pk)
    form = ConfermaForm(request.POST or None, ambito=request.ambito)
    contesto = {"distinta": distinta, "incluse": selectors.riga_list(distinta=distinta, esclusa=False),
                "escluse": selectors.riga_list(distinta=distinta, esclusa=True), "sepa": SepaForm()}
    return modulo(request, form, esegui=lambda d: services.distinta_richiedi_conferma(
        distinta=distinta, actor=request.user, atto=d["atto"]),
        messaggio=_("Distinta inviata in approvazione: la conferma una seconda persona con il secondo fattore."),
        successo=lambda _r: redirect("misure:erogazioni_distinta", request.ambito.slug, distinta.pk),
        template="misure/erogazioni/distinta.html", contesto=contesto)


COLONNE = {"righe": uscite.intestazioni_righe, "pagamenti": uscite.intestazioni_pagamenti}


@richiede(GESTISCI)
@require_safe
def distinta_esporta(request: HttpRequest, ambito_slug: str, distinta_pk: int, formato: str) -> HttpResponse:
    """The payment list (XLSX/CSV) for the ente capofila's accounting, or the draft determina (PDF)."""
    return uscite.file_distinta(_distinta(request, distinta_pk), formato, request.ambito)


@richiede(GESTISCI)
@require_POST
def distinta_sepa(request: HttpRequest, ambito_slug: str, distinta_pk: int) -> HttpResponse:
    distinta = _distinta(request, distinta_pk)
    form = SepaForm(request.POST)
    if form.is_valid():
        try:
            return uscite.file_sepa(distinta, debitore=form.cleaned_data["debitore"], iban=form.cleaned_data["iban"])
        except RegolaViolata as exc:
            messages.error(request, exc.messaggio)
    else:
        messages.error(request, _("Indica l'ordinante e il suo IBAN per il file SEPA."))
    return redirect("misure:erogazioni_distinta", request.ambito.slug, distinta.pk)


urlpatterns = [
    path("bandi/<int:bando_pk>/erogazioni/", erogazioni_bando, name="erogazioni_bando"),
    path("domande/<int:domanda_pk>/piano/nuovo/", piano_create, name="erogazioni_piano_create"),
    path("erogazioni/piani/<int:piano_pk>/", piano_detail, name="erogazioni_piano"),
    path("erogazioni/indebiti/<int:indebito_pk>/recupero/", indebito_recupera, name="erogazioni_recupero"),
    path("erogazioni/distinte/<int:distinta_pk>/", distinta_detail, name="erogazioni_distinta"),
    path("erogazioni/distinte/<int:distinta_pk>/esporta/<str:formato>/", distinta_esporta,
         name="erogazioni_distinta_esporta"),
    path("erogazioni/distinte/<int:distinta_pk>/sepa/", distinta_sepa, name="erogazioni_distinta_sepa"),
]
