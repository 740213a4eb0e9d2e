"""The Fondo Sociale Regionale per unit: accounts, the Assemblea's criteria, contributions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ambito.accounts.permissions import richiede
from ambito.formato import data_it, oggi
from ambito.web import modulo
from udos import forms as f
from udos import selectors, services
from udos.views.comune import GESTISCI, PRESENTA, VEDI, T, alla_unita, ente_visto, unita_vista

# --- FSR ------------------------------------------------------------------------------------------------


@richiede(VEDI)
@require_safe
def consuntivo_list(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    ente = ente_visto(request)
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
        "avvisi": selectors.avviso_fsr_list(ambito=request.ambito)[:3],
        "puo_gestire": request.contesto.puo(GESTISCI)})


@richiede(GESTISCI)
def avviso_fsr_create(request: HttpRequest, ambito_slug: str) -> HttpResponse:
    form = f.AvvisoFSRForm(request.POST or None, ambito=request.ambito, initial={"anno": oggi().year - 1})
    return modulo(request, form,
                  esegui=lambda dati: services.avviso_fsr_create(ambito=request.ambito, actor=request.user, **dati),
                  messaggio=lambda a: _("Avviso FSR %(anno)d registrato: consuntivi entro il %(data)s.") % {
                      "anno": a.anno, "data": data_it(a.scadenza)},
                  successo=lambda a: redirect(f"{reverse('udos:consuntivo_list', args=[ambito_slug])}?anno={a.anno}"),
                  template=T, contesto={"titolo": _("Avviso FSR ai gestori"),
                                        "nota": _("Sono ammesse le unità attive alla data di riferimento, nel "
                                                  "registro regionale (AFAM), con sbilancio di gestione nell'anno "
                                                  "rendicontato.")})


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
    unita = unita_vista(request, unita_pk)
    form = f.ConsuntivoForm(request.POST or None, initial={"anno": oggi().year - 1})
    return modulo(request, form,
                  esegui=lambda dati: services.consuntivo_create(unita=unita, actor=request.user, **dati),
                  messaggio=lambda c: _("Consuntivo FSR %(anno)d presentato.") % {"anno": c.anno},
                  successo=alla_unita(ambito_slug), template=T,
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
