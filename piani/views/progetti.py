"""Projects: the project card (form in the card's sections), actions, budget, fondi quotas, partners, the
sovrazonale header."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.allegati.pannello import pannello_allegati
from ambito.formato import oggi
from ambito.jobs.services import job_create
from ambito.web import azione_post, modulo
from piani import selectors, services
from piani.forms import (
    AzioneForm,
    BudgetForm,
    ParteSovrazonaleForm,
    PartnerForm,
    ProgettoForm,
    QuotaProgettoForm,
    SovrazonaleForm,
)
from piani.sovrazonale import sovrazonale_parti
from piani.views import GESTISCI, PROGETTI, VEDI
from piani.views.piano import _piano

MODULO = "piani/modulo.html"


def _progetto(request: HttpRequest, progetto_pk: int):
    return selectors.progetto_get(ambito=request.ambito, contesto=request.contesto, pk=progetto_pk)


def _alla_scheda(progetto) -> HttpResponse:
    return redirect(progetto.get_absolute_url())


@richiede(GESTISCI)
def progetto_create(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    form = ProgettoForm(request.POST or None, piano=piano)
    return modulo(request, form, esegui=lambda d: services.progetto_create(piano=piano, actor=request.user, **d),
                  messaggio=lambda p: _("Progetto registrato: %(p)s.") % {"p": p}, successo=_alla_scheda,
                  template="piani/progetto_modulo.html", contesto={"titolo": _("Nuovo progetto"), "piano": piano})


@richiede(PROGETTI)
@require_safe
def progetto_detail(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    """The project card. A partner reaches only the projects granted to them (404 otherwise)."""
    progetto = _progetto(request, progetto_pk)
    contesto = request.contesto
    puo_gestire = contesto.puo(GESTISCI)
    indicatori = list(progetto.indicatori.prefetch_related("target").order_by("nome"))
    valori = list(selectors.valore_list(ambito=request.ambito, indicatori=indicatori,
                                        solo_chiusi=selectors.solo_chiusi_per(contesto)))
    for indicatore in indicatori:
        indicatore.valori_visibili = [v for v in valori if v.indicatore_id == indicatore.pk]
    return render(request, "piani/progetto.html", {
        "progetto": progetto, "piano": progetto.piano, "puo_gestire": puo_gestire,
        "vede_piano": contesto.puo(VEDI), **selectors.progetto_dettaglio(progetto),
        "indicatori": indicatori,
        "partner": selectors.partner_list(progetto=progetto) if puo_gestire else [],
        "parti": sovrazonale_parti(testata=progetto.sovrazonale, ambito_id=request.ambito.pk)
        if progetto.sovrazonale_id else [],
        "form_partner": PartnerForm(ambito=request.ambito) if puo_gestire else None,
        "allegati": pannello_allegati(request, progetto)})


@richiede(GESTISCI)
def progetto_edit(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    progetto = _progetto(request, progetto_pk)
    iniziali = {nome: getattr(progetto, nome) for nome in services.CAMPI_PROGETTO}
    iniziali.update(macro_aree=list(progetto.macro_aree.all()), obiettivi=list(progetto.obiettivi.all()))
    form = ProgettoForm(request.POST or None, piano=progetto.piano, initial=iniziali)
    return modulo(request, form,
                  esegui=lambda d: services.progetto_update(progetto=progetto, actor=request.user, **d),
                  messaggio=_("Scheda del progetto salvata."), successo=_alla_scheda,
                  template="piani/progetto_modulo.html",
                  contesto={"titolo": _("Modifica la scheda del progetto"), "piano": progetto.piano,
                            "progetto": progetto})


@richiede(GESTISCI)
def azione_create(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    progetto = _progetto(request, progetto_pk)
    form = AzioneForm(request.POST or None, initial={"anno": progetto.piano.triennio})
    return modulo(request, form, esegui=lambda d: services.azione_create(progetto=progetto, actor=request.user, **d),
                  messaggio=_("Azione aggiunta."), successo=lambda a: _alla_scheda(progetto), template=MODULO,
                  contesto={"titolo": _("Nuova azione di %(p)s") % {"p": progetto}, "piano": progetto.piano})


@richiede(GESTISCI)
def budget_set(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    progetto = _progetto(request, progetto_pk)
    form = BudgetForm(request.POST or None, initial={"anno": progetto.piano.triennio})
    return modulo(request, form, esegui=lambda d: services.budget_set(progetto=progetto, actor=request.user, **d),
                  messaggio=_("Budget del progetto aggiornato."), successo=lambda b: _alla_scheda(progetto),
                  template=MODULO, contesto={"titolo": _("Budget di %(p)s") % {"p": progetto},
                                             "piano": progetto.piano})


@richiede(GESTISCI, "fondi.gestisci")
def quota_create(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    """Allocate a fondi quota to the project (``quota_create(..., oggetto=progetto)``)."""
    progetto = _progetto(request, progetto_pk)
    form = QuotaProgettoForm(request.POST or None, ambito=request.ambito, initial={"data_contabile": oggi()})
    return modulo(request, form,
                  esegui=lambda d: services.progetto_quota_create(progetto=progetto, actor=request.user, **d),
                  messaggio=_("Quota dei fondi assegnata al progetto."), successo=lambda q: _alla_scheda(progetto),
                  template=MODULO, contesto={"titolo": _("Risorse dei fondi per %(p)s") % {"p": progetto},
                                             "piano": progetto.piano})


@richiede(GESTISCI)
@require_POST
def partner_grant(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    progetto = _progetto(request, progetto_pk)
    form = PartnerForm(request.POST, ambito=request.ambito)
    if not form.is_valid():
        messages.error(request, _("Scegli un referente partner di questo Ambito."))
        return _alla_scheda(progetto)
    utente = form.cleaned_data["utente"]
    return azione_post(request, esegui=lambda: services.progetto_partner_grant(progetto=progetto, actor=request.user,
                                                                              utente=utente),
                       messaggio=_("%(u)s vede ora il progetto.") % {"u": utente.email},
                       ritorno=_alla_scheda(progetto))


@richiede(GESTISCI)
@require_POST
def partner_revoke(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    progetto = _progetto(request, progetto_pk)
    form = PartnerForm(request.POST, ambito=request.ambito)
    if not form.is_valid():
        messages.error(request, _("Scegli un referente partner di questo Ambito."))
        return _alla_scheda(progetto)
    return azione_post(request, esegui=lambda: services.progetto_partner_revoke(
        progetto=progetto, actor=request.user, utente=form.cleaned_data["utente"]),
        messaggio=_("Accesso al progetto revocato."), ritorno=_alla_scheda(progetto))


@richiede(PROGETTI)
@require_POST
def progetto_pdf(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    progetto = _progetto(request, progetto_pk)
    job = job_create(ambito=request.ambito, actor=request.user, tipo="piani.progetto_pdf",
                     parametri={"progetto": progetto.pk})
    return redirect("jobs:job_detail", ambito_slug=ambito_slug, job_uuid=job.uuid)


@richiede(VEDI)
@require_safe
def sovrazonale_detail(request: HttpRequest, ambito_slug: str, sovrazonale_pk: int) -> HttpResponse:
    """The shared header: every participating Ambito sees it; of the parts, only its own in full."""
    testata = selectors.sovrazonale_get(ambito=request.ambito, pk=sovrazonale_pk)
    propri = list(selectors.progetto_list(ambito=request.ambito, contesto=request.contesto)
                  .filter(sovrazonale=testata))
    return render(request, "piani/sovrazonale.html", {
        "testata": testata, "ambiti": list(testata.ambiti.order_by("denominazione")),
        "parti": sovrazonale_parti(testata=testata, ambito_id=request.ambito.pk), "propri": propri,
        "puo_modificare": request.contesto.puo(GESTISCI) and testata.ambito_capofila_id == request.ambito.pk})


@richiede(GESTISCI)
def sovrazonale_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """A sovrazonale header led by this Ambito; each participant then adds its own part."""
    form = SovrazonaleForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda d: services.sovrazonale_create(ambito=request.ambito, actor=request.user, **d),
                  messaggio=lambda t: _("Progetto sovrazonale registrato: %(t)s.") % {"t": t},
                  successo=lambda t: redirect("piani:sovrazonale_detail", ambito_slug=ambito_slug, sovrazonale_pk=t.pk),
                  template=MODULO, contesto={"titolo": _("Nuovo progetto sovrazonale")})


@richiede(GESTISCI)
def progetto_sovrazonale(request: HttpRequest, ambito_slug: str, progetto_pk: int) -> HttpResponse:
    """Make the project this Ambito's part of a sovrazonale project it takes part in (or detach it)."""
    progetto = _progetto(request, progetto_pk)
    form = ParteSovrazonaleForm(request.POST or None, ambito=request.ambito, initial={"testata": progetto.sovrazonale})
    return modulo(request, form,
                  esegui=lambda d: services.progetto_sovrazonale_set(progetto=progetto, actor=request.user, **d),
                  messaggio=_("Progetto sovrazonale aggiornato."), successo=_alla_scheda, template=MODULO,
                  contesto={"titolo": _("Parte di un progetto sovrazonale: %(p)s") % {"p": progetto},
                            "piano": progetto.piano})


@richiede(GESTISCI)
def sovrazonale_edit(request: HttpRequest, ambito_slug: str, sovrazonale_pk: int) -> HttpResponse:
    """Edit the shared header (the leading Ambito only: the service refuses the others)."""
    testata = selectors.sovrazonale_get(ambito=request.ambito, pk=sovrazonale_pk)
    form = SovrazonaleForm(request.POST or None, ambito=request.ambito, initial={
        "titolo": testata.titolo, "descrizione": testata.descrizione, "ente": testata.ente,
        "ambiti": [a for a in testata.ambiti.all() if a.pk != request.ambito.pk]})
    return modulo(request, form,
                  esegui=lambda d: services.sovrazonale_update(testata=testata, ambito=request.ambito,
                                                               actor=request.user, **d),
                  messaggio=_("Progetto sovrazonale aggiornato."),
                  successo=lambda t: redirect("piani:sovrazonale_detail", ambito_slug=ambito_slug, sovrazonale_pk=t.pk),
                  template=MODULO, contesto={"titolo": _("Modifica il progetto sovrazonale")})
