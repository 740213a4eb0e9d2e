"""The plan: list, editor (areas → objectives → projects), states, Accordo di Programma, events, objectives."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ambito import collegabili
from ambito.accounts.permissions import richiede
from ambito.allegati.pannello import pannello_allegati
from ambito.formato import oggi
from ambito.jobs.services import job_create
from ambito.web import azione_post, modulo
from piani import selectors, services
from piani.forms import (
    AccordoForm,
    EventoForm,
    FirmaForm,
    MacroAreaForm,
    ObiettivoForm,
    PianoForm,
    SottoscrittoreForm,
    TransizioneForm,
)
from piani.views import GESTISCI, PROGETTI, VEDI

MODULO = "piani/modulo.html"
LIMITE_SCELTE = 200  # objects offered per linkable kind (most recent first is the owning module's order)


def _al_piano(piano_pk: int, slug: str) -> HttpResponse:
    return redirect("piani:piano_detail", ambito_slug=slug, piano_pk=piano_pk)


def _piano(request: HttpRequest, piano_pk: int):
    return selectors.piano_get(ambito=request.ambito, pk=piano_pk,
                               solo_approvati=selectors.solo_approvati_per(request.contesto))


@richiede(PROGETTI)
@require_safe
def home(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    """The plans (staff and Assemblea) and the projects this user may see (a partner: those granted)."""
    contesto = request.contesto
    piani = (list(selectors.piano_list(ambito=request.ambito, solo_approvati=selectors.solo_approvati_per(contesto)))
             if contesto.puo(VEDI) else [])
    progetti = [] if contesto.puo(VEDI) else list(selectors.progetto_list(ambito=request.ambito, contesto=contesto))
    return render(request, "piani/home.html", {"piani": piani, "progetti": progetti,
                                               "puo_gestire": contesto.puo(GESTISCI),
                                               "sovrazonali": list(selectors.sovrazonale_list(ambito=request.ambito))
                                               if contesto.puo(VEDI) else []})


@richiede(GESTISCI)
def piano_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = PianoForm(request.POST or None, ambito=request.ambito, initial={"triennio": oggi().year})
    return modulo(request, form,
                  esegui=lambda d: services.piano_create(ambito=request.ambito, actor=request.user,
                                                         responsabile=request.user, **d),
                  messaggio=lambda p: _("Piano di Zona registrato: %(p)s.") % {"p": p},
                  successo=lambda p: _al_piano(p.pk, ambito_slug), template=MODULO,
                  contesto={"titolo": _("Nuovo Piano di Zona")})


@richiede(VEDI)
@require_safe
def piano_detail(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    """The plan editor: macro-areas, each with its objectives and projects; the Accordo; the periods."""
    piano = _piano(request, piano_pk)
    contesto = request.contesto
    aree = list(selectors.macroarea_list(ambito=request.ambito, triennio=piano.triennio))
    obiettivi = list(selectors.obiettivo_list(piano=piano))
    progetti = list(selectors.progetto_list(ambito=request.ambito, contesto=contesto, piano=piano))
    per_area = [(a, [o for o in obiettivi if a in o.macro_aree.all()], [p for p in progetti if a in p.macro_aree.all()])
                for a in aree]
    return render(request, "piani/piano.html", {
        "piano": piano, "per_area": per_area, "puo_gestire": contesto.puo(GESTISCI),
        "sottoscrittori": list(selectors.sottoscrittore_list(piano=piano)),
        "eventi": list(selectors.evento_list(piano=piano)),
        "periodi": list(selectors.periodo_list(piano=piano, solo_chiusi=selectors.solo_chiusi_per(contesto))),
        "transizione": TransizioneForm(piano=piano) if contesto.puo(GESTISCI) else None,
        "tavoli": selectors.tavoli_list(ambito=request.ambito),
        "allegati": pannello_allegati(request, piano)})


@richiede(GESTISCI)
def piano_edit(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    form = PianoForm(request.POST or None, ambito=request.ambito, modifica=True, initial={
        "titolo": piano.titolo, "atto_linee_guida": piano.atto_linee_guida, "note": piano.note})
    return modulo(request, form,
                  esegui=lambda d: services.piano_update(piano=piano, actor=request.user,
                                                         responsabile=piano.responsabile, **d),
                  messaggio=_("Modifiche al piano salvate."), successo=lambda p: _al_piano(p.pk, ambito_slug),
                  template=MODULO, contesto={"titolo": _("Modifica il piano"), "piano": piano})


@richiede(GESTISCI)
def piano_transition(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    form = TransizioneForm(request.POST or None, piano=piano)
    return modulo(request, form,
                  esegui=lambda d: services.piano_transition(piano=piano, actor=request.user, **d),
                  messaggio=lambda p: _("Il piano è ora «%(s)s».") % {"s": p.get_stato_display()},
                  successo=lambda p: _al_piano(p.pk, ambito_slug), template=MODULO,
                  contesto={"titolo": _("Cambia lo stato del piano"), "piano": piano})


@richiede(GESTISCI)
def accordo_set(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    form = AccordoForm(request.POST or None, ambito=request.ambito,
                       initial={"atto": piano.accordo, "valido_al": piano.accordo_valido_al})
    return modulo(request, form, esegui=lambda d: services.accordo_set(piano=piano, actor=request.user, **d),
                  messaggio=lambda p: _("Accordo di Programma registrato: %(a)s.") % {"a": p.accordo},
                  successo=lambda p: _al_piano(p.pk, ambito_slug), template=MODULO,
                  contesto={"titolo": _("Accordo di Programma"), "piano": piano})


@richiede(GESTISCI)
def sottoscrittore_create(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    form = SottoscrittoreForm(request.POST or None, ambito=request.ambito)
    return modulo(request, form, esegui=lambda d: services.sottoscrittore_add(piano=piano, actor=request.user, **d),
                  messaggio=lambda s: _("Sottoscrittore aggiunto: %(s)s.") % {"s": s},
                  successo=lambda s: _al_piano(piano.pk, ambito_slug), template=MODULO,
                  contesto={"titolo": _("Aggiungi un sottoscrittore"), "piano": piano})


@richiede(GESTISCI)
@require_POST
def sottoscrittori_seed(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    return azione_post(request, esegui=lambda: services.sottoscrittori_seed(piano=piano, actor=request.user,
                                                                           alla_data=oggi()),
                       messaggio=lambda nuovi: _("Sottoscrittori aggiunti: %(n)d.") % {"n": len(nuovi)},
                       ritorno=_al_piano(piano.pk, ambito_slug))


@richiede(GESTISCI)
def sottoscrittore_sign(request: HttpRequest, ambito_slug: str, sottoscrittore_pk: int) -> HttpResponse:
    s = selectors.sottoscrittore_get(ambito=request.ambito, pk=sottoscrittore_pk)
    form = FirmaForm(request.POST or None, initial={"data_firma": oggi(), "rappresentante": s.rappresentante})
    return modulo(request, form, esegui=lambda d: services.sottoscrittore_sign(sottoscrittore=s, actor=request.user,
                                                                               **d),
                  messaggio=lambda s: _("Firma registrata: %(s)s.") % {"s": s},
                  successo=lambda _s: _al_piano(s.piano_id, ambito_slug), template=MODULO,
                  contesto={"titolo": _("Firma di %(s)s") % {"s": s}, "piano": s.piano})


@richiede(GESTISCI)
def evento_create(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    form = EventoForm(request.POST or None, ambito=request.ambito, initial={"anno": oggi().year})
    return modulo(request, form, esegui=lambda d: services.evento_create(piano=piano, actor=request.user, **d),
                  messaggio=lambda e: _("Registrato: %(e)s.") % {"e": e},
                  successo=lambda e: _al_piano(piano.pk, ambito_slug), template=MODULO,
                  contesto={"titolo": _("Proroga, aggiornamento o verifica"), "piano": piano})


@richiede(GESTISCI)
def macroarea_create(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    form = MacroAreaForm(request.POST or None)
    return modulo(request, form,
                  esegui=lambda d: services.macroarea_create(ambito=request.ambito, actor=request.user,
                                                             triennio=piano.triennio, **d),
                  messaggio=lambda a: _("Macro-area aggiunta: %(a)s.") % {"a": a},
                  successo=lambda a: _al_piano(piano.pk, ambito_slug), template=MODULO,
                  contesto={"titolo": _("Nuova macro-area del triennio %(p)s") % {"p": piano.periodo}, "piano": piano})


@richiede(GESTISCI)
def macroarea_edit(request: HttpRequest, ambito_slug: str, piano_pk: int, macroarea_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    area = selectors.macroarea_get(ambito=request.ambito, pk=macroarea_pk)
    form = MacroAreaForm(request.POST or None, initial={"codice": area.codice, "denominazione": area.denominazione,
                                                        "ordine": area.ordine})
    return modulo(request, form, esegui=lambda d: services.macroarea_update(area=area, actor=request.user, **d),
                  messaggio=_("Macro-area modificata."), successo=lambda a: _al_piano(piano.pk, ambito_slug),
                  template=MODULO, contesto={"titolo": _("Modifica la macro-area %(a)s") % {"a": area.codice},
                                            "piano": piano})


# --- objectives -------------------------------------------------------------------------------------


@richiede(GESTISCI)
def obiettivo_create(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    piano = _piano(request, piano_pk)
    form = ObiettivoForm(request.POST or None, piano=piano)
    return modulo(request, form, esegui=lambda d: services.obiettivo_create(piano=piano, actor=request.user, **d),
                  messaggio=lambda o: _("Obiettivo registrato: %(o)s.") % {"o": o},
                  successo=lambda o: redirect(o.get_absolute_url()), template=MODULO,
                  contesto={"titolo": _("Nuovo obiettivo"), "piano": piano})


def _obiettivo(request: HttpRequest, obiettivo_pk: int):
    return selectors.obiettivo_get(ambito=request.ambito, pk=obiettivo_pk,
                                   solo_approvati=selectors.solo_approvati_per(request.contesto))


@richiede(VEDI)
@require_safe
def obiettivo_detail(request: HttpRequest, ambito_slug: str, obiettivo_pk: int) -> HttpResponse:
    obiettivo = _obiettivo(request, obiettivo_pk)
    collegamenti = selectors.collegamento_list(obiettivo=obiettivo)
    aree = list(obiettivo.macro_aree.order_by("ordine"))
    for c in collegamenti:
        c.url = collegabili.url_di(c.oggetto, ambito_slug) if c.oggetto is not None else ""
    return render(request, "piani/obiettivo.html", {
        "obiettivo": obiettivo, "piano": obiettivo.piano, "puo_gestire": request.contesto.puo(GESTISCI),
        "aree": aree, "partner": list(obiettivo.partner.all()),
        "dati_comunita": selectors.dati_per_aree(ambito=request.ambito, aree=aree),
        "progetti": list(selectors.progetto_list(ambito=request.ambito, contesto=request.contesto)
                         .filter(obiettivi=obiettivo)),
        "indicatori": list(obiettivo.indicatori.order_by("nome")), "collegamenti": collegamenti,
        "specifici": list(obiettivo.specifici.order_by("codice", "pk")),
        "collegabili": [(t, list(collegabili.oggetti(ambito=request.ambito, codice=t.codice)[:LIMITE_SCELTE]))
                        for t in collegabili.tipi_collegabili()] if request.contesto.puo(GESTISCI) else []})


@richiede(GESTISCI)
def obiettivo_edit(request: HttpRequest, ambito_slug: str, obiettivo_pk: int) -> HttpResponse:
    obiettivo = _obiettivo(request, obiettivo_pk)
    iniziali = {nome: getattr(obiettivo, nome) for nome in services.CAMPI_OBIETTIVO}
    iniziali.update(macro_aree=list(obiettivo.macro_aree.all()), partner=list(obiettivo.partner.all()))
    form = ObiettivoForm(request.POST or None, piano=obiettivo.piano, initial=iniziali)
    return modulo(request, form,
                  esegui=lambda d: services.obiettivo_update(obiettivo=obiettivo, actor=request.user, **d),
                  messaggio=_("Modifiche all'obiettivo salvate."), successo=lambda o: redirect(o.get_absolute_url()),
                  template=MODULO, contesto={"titolo": _("Modifica l'obiettivo"), "piano": obiettivo.piano})


@richiede(GESTISCI)
@require_POST
def obiettivo_link(request: HttpRequest, ambito_slug: str, obiettivo_pk: int) -> HttpResponse:
    """Link a measure or bando of another module (a kind registered in ``ambito.collegabili``)."""
    obiettivo = _obiettivo(request, obiettivo_pk)
    tipo, _sep, pk = request.POST.get("oggetto", "").rpartition(":")
    return azione_post(request, esegui=lambda: services.obiettivo_link(
        obiettivo=obiettivo, actor=request.user, tipo=tipo, pk=int(pk) if pk.isdigit() else 0,
        descrizione=request.POST.get("descrizione", "")),
        messaggio=lambda c: _("Collegato: %(c)s.") % {"c": c}, ritorno=redirect(obiettivo.get_absolute_url()))


@richiede(GESTISCI)
@require_POST
def collegamento_delete(request: HttpRequest, ambito_slug: str, collegamento_obiettivo_pk: int) -> HttpResponse:
    collegamento = selectors.collegamento_get(ambito=request.ambito, pk=collegamento_obiettivo_pk)
    obiettivo = collegamento.obiettivo
    return azione_post(request, esegui=lambda: services.obiettivo_unlink(collegamento=collegamento,
                                                                        actor=request.user),
                       messaggio=_("Collegamento rimosso."), ritorno=redirect(obiettivo.get_absolute_url()))


# --- dashboard and PDF ------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def dashboard(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    """Objectives by status and area, indicators off target, spending vs plan by area (the Assemblea: the
    figures of closed periods only)."""
    from piani.grafici import grafici_piano

    piano = _piano(request, piano_pk)
    solo_chiusi = selectors.solo_chiusi_per(request.contesto)
    return render(request, "piani/dashboard.html", {
        "piano": piano, "grafici": grafici_piano(piano=piano, solo_chiusi=solo_chiusi),
        "fuori_target": selectors.indicatori_fuori_target(piano=piano, solo_chiusi=solo_chiusi)})


@richiede(VEDI)
@require_POST
def piano_pdf(request: HttpRequest, ambito_slug: str, piano_pk: int) -> HttpResponse:
    """Start the PDF of the whole plan (or the annual monitoring report) as a background job."""
    piano = _piano(request, piano_pk)
    tipo = "piani.monitoraggio_pdf" if request.POST.get("documento") == "monitoraggio" else "piani.piano_pdf"
    job = job_create(ambito=request.ambito, actor=request.user, tipo=tipo, parametri={"piano": piano.pk})
    return redirect("jobs:job_detail", ambito_slug=ambito_slug, job_uuid=job.uuid)
