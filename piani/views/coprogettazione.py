"""Co-programming and co-design with the Terzo Settore (art. 55 CTS): the procedure, its notice (published
online through the core's public area, with the second person's approval), the enti, the table, the
convenzione with its budget and reporting dates."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito.accounts.permissions import richiede
from ambito.atti import services as servizi_atti
from ambito.formato import oggi
from ambito.web import azione_post, modulo
from piani import selectors, services
from piani.forms import (
    AvvisoOnlineForm,
    CandidaturaForm,
    CoprogettazioneForm,
    ProceduraStatoForm,
    QuotaProgettoForm,
    ScadenzaForm,
)
from piani.views import GESTISCI, VEDI

MODULO = "piani/modulo.html"


def _procedura(request: HttpRequest, coprogettazione_pk: int):
    return selectors.coprogettazione_get(ambito=request.ambito, pk=coprogettazione_pk)


def _alla_procedura(procedura) -> HttpResponse:
    return redirect(procedura.get_absolute_url())


@richiede(VEDI)
@require_safe
def coprogettazione_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    return render(request, "piani/coprogettazioni.html", {
        "procedure": list(selectors.coprogettazione_list(ambito=request.ambito)),
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def coprogettazione_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = CoprogettazioneForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda d: services.coprogettazione_create(ambito=request.ambito, actor=request.user, **d),
                  messaggio=lambda p: _("Procedura avviata: %(p)s.") % {"p": p}, successo=_alla_procedura,
                  template=MODULO, contesto={"titolo": _("Nuova co-programmazione o co-progettazione")})


@richiede(VEDI)
@require_safe
def coprogettazione_detail(request: HttpRequest, ambito_slug: str, coprogettazione_pk: int) -> HttpResponse:
    procedura = _procedura(request, coprogettazione_pk)
    puo = request.contesto.puo(GESTISCI)
    return render(request, "piani/coprogettazione.html", {
        "procedura": procedura, "puo_gestire": puo, **selectors.coprogettazione_dettaglio(procedura),
        "form_stato": ProceduraStatoForm(ambito=request.ambito) if puo else None,
        "form_online": AvvisoOnlineForm(initial={"dal": oggi(), "al": procedura.scadenza_candidature})
        if puo and procedura.avviso_id else None})


@richiede(GESTISCI)
def coprogettazione_transition(request: HttpRequest, ambito_slug: str, coprogettazione_pk: int) -> HttpResponse:
    procedura = _procedura(request, coprogettazione_pk)
    form = ProceduraStatoForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form,
                  esegui=lambda d: services.coprogettazione_transition(procedura=procedura, actor=request.user, **d),
                  messaggio=lambda p: _("Fase della procedura: %(s)s.") % {"s": p.get_stato_display()},
                  successo=_alla_procedura, template=MODULO, contesto={"titolo": _("Fase della procedura")})


@richiede(GESTISCI)
def candidatura_set(request: HttpRequest, ambito_slug: str, coprogettazione_pk: int) -> HttpResponse:
    procedura = _procedura(request, coprogettazione_pk)
    form = CandidaturaForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda d: services.ente_candidatura_set(procedura=procedura, actor=request.user, **d),
                  messaggio=lambda e: _("%(e)s: %(esito)s.") % {"e": e, "esito": e.get_esito_display()},
                  successo=lambda e: _alla_procedura(procedura), template=MODULO,
                  contesto={"titolo": _("Ente del Terzo Settore della procedura")})


@richiede(GESTISCI)
def scadenza_create(request: HttpRequest, ambito_slug: str, coprogettazione_pk: int) -> HttpResponse:
    procedura = _procedura(request, coprogettazione_pk)
    form = ScadenzaForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda d: services.scadenza_rendicontazione_create(procedura=procedura, actor=request.user,
                                                                            **d),
                  messaggio=lambda s: _("Scadenza registrata: %(s)s.") % {"s": s},
                  successo=lambda s: _alla_procedura(procedura), template=MODULO,
                  contesto={"titolo": _("Nuova scadenza di rendicontazione")})


@richiede(GESTISCI)
@require_POST
def scadenza_done(request: HttpRequest, ambito_slug: str, scadenza_rendicontazione_pk: int) -> HttpResponse:
    scadenza = selectors.scadenza_rendicontazione_get(ambito=request.ambito, pk=scadenza_rendicontazione_pk)
    return azione_post(request, esegui=lambda: services.scadenza_rendicontazione_mark_done(
        scadenza=scadenza, actor=request.user, data=oggi()),
        messaggio=_("Rendicontazione registrata."), ritorno=_alla_procedura(scadenza.procedura))


@richiede(GESTISCI, "fondi.gestisci")
def quota_create(request: HttpRequest, ambito_slug: str, coprogettazione_pk: int) -> HttpResponse:
    procedura = _procedura(request, coprogettazione_pk)
    form = QuotaProgettoForm(request.POST or None, ambito=request.ambito, initial={"data_contabile": oggi()})
    return modulo(request, form,
                  esegui=lambda d: services.coprogettazione_quota_create(procedura=procedura, actor=request.user, **d),
                  messaggio=_("Quota dei fondi destinata alla convenzione."),
                  successo=lambda q: _alla_procedura(procedura), template=MODULO,
                  contesto={"titolo": _("Budget della convenzione")})


@richiede(GESTISCI)
@require_POST
def avviso_online(request: HttpRequest, ambito_slug: str, coprogettazione_pk: int) -> HttpResponse:
    """Ask to publish the notice in the Ambito's public area (a second person approves it)."""
    procedura = _procedura(request, coprogettazione_pk)
    form = AvvisoOnlineForm(request.POST)
    if not form.is_valid() or procedura.avviso is None:
        from django.contrib import messages

        messages.error(request, _("Indica il periodo di pubblicazione dell'avviso."))
        return _alla_procedura(procedura)
    return azione_post(request, esegui=lambda: servizi_atti.atto_online_request(
        atto=procedura.avviso, actor=request.user, **form.cleaned_data),
        messaggio=_("Richiesta di pubblicazione dell'avviso inviata: la approva una seconda persona."),
        ritorno=_alla_procedura(procedura))
