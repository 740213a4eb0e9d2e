"""Background jobs of the Piano di Zona: the PDF of the whole plan, of a project card, and the annual
monitoring report (indicators target vs actual). Each is a context builder plus a template (``ambito.pdf``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.errors import NonTrovato, RegolaViolata
from ambito.jobs.esecuzione import ContestoJob
from ambito.jobs.registry import ParametriForm, Risultato, tipo_job
from ambito.pdf import render_pdf
from piani import selectors
from piani.models import PianoDiZona, Progetto
from piani.selectors import ZERO


class PianoPdfForm(ParametriForm):
    piano = forms.TypedChoiceField(label=_l("Piano di Zona"), coerce=int, choices=(), error_messages={
        "invalid_choice": _l("Piano inesistente in questo Ambito.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["piano"].choices = [(p.pk, str(p)) for p in selectors.piano_list(ambito=self.ambito)]


class ProgettoPdfForm(ParametriForm):
    progetto = forms.TypedChoiceField(label=_l("Progetto"), coerce=int, choices=(), error_messages={
        "invalid_choice": _l("Progetto inesistente in questo Ambito.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["progetto"].choices = [(p.pk, str(p)) for p in selectors.progetto_scelte(ambito=self.ambito)]


def contesto_progetto(progetto: Progetto) -> dict[str, Any]:
    indicatori = list(progetto.indicatori.prefetch_related("target").order_by("nome"))
    valori = list(selectors.valore_list(ambito=progetto.ambito, indicatori=indicatori))
    for indicatore in indicatori:
        indicatore.valori_pdf = [v for v in valori if v.indicatore_id == indicatore.pk]
    return {"progetto": progetto, "indicatori": indicatori, **selectors.progetto_dettaglio(progetto)}


def contesto_piano(*, piano: PianoDiZona) -> dict[str, Any]:
    """The whole plan: index by area, objectives, projects (each card), budget by area and by source."""
    aree = list(selectors.macroarea_list(ambito=piano.ambito, triennio=piano.triennio))
    obiettivi = list(selectors.obiettivo_list(piano=piano))
    progetti = list(Progetto.objects.filter(ambito=piano.ambito, piano=piano)
                    .prefetch_related("macro_aree").order_by("titolo", "pk"))
    per_fonte: dict[str, Any] = defaultdict(lambda: ZERO)
    for progetto in progetti:
        for voce in progetto.budget.all():
            per_fonte[voce.fonte] += voce.importo
    return {
        "piano": piano, "sottoscrittori": list(selectors.sottoscrittore_list(piano=piano)),
        "indice": [(a, [o for o in obiettivi if a in o.macro_aree.all()],
                    [p for p in progetti if a in p.macro_aree.all()]) for a in aree],
        "obiettivi": obiettivi, "schede": [contesto_progetto(p) for p in progetti],
        "spesa": selectors.spesa_per_area(piano=piano), "per_fonte": sorted(per_fonte.items()),
        "totale_budget": sum(per_fonte.values(), ZERO),
    }


def contesto_monitoraggio(*, piano: PianoDiZona) -> dict[str, Any]:
    """Every closed period with its indicators (target vs actual, a bar of the ratio) and objective statuses."""
    indicatori = list(selectors.indicatore_list(piano=piano))
    periodi = []
    for periodo in selectors.periodo_list(piano=piano, solo_chiusi=True):
        righe = selectors.monitoraggio_periodo(periodo=periodo, indicatori=indicatori)
        for riga in righe:
            riga.percento = (min(int(riga.valore.valore * 100 / riga.target), 100)
                             if riga.valore is not None and riga.target else None)
        periodi.append({"periodo": periodo, "righe": righe,
                        "valutazioni": list(periodo.valutazioni.select_related("obiettivo"))})
    return {"piano": piano, "periodi": periodi}


def _contesto(ctx: ContestoJob) -> Any:
    """The requester's access as of now (a job may run later: a revoked member or grant sees nothing)."""
    from ambito.accounts.permissions import contesto_per

    contesto = contesto_per(ctx.job.richiesto_da, ctx.ambito) if ctx.job.richiesto_da_id else None
    if contesto is None:
        raise RegolaViolata(_("Chi ha chiesto il documento non ha più accesso a questo Ambito."))
    return contesto


def _piano(ctx: ContestoJob) -> PianoDiZona:
    """The plan as the requester may see it (the Assemblea: approved plans only)."""
    try:
        return selectors.piano_get(ambito=ctx.ambito, pk=ctx.dati["piano"],
                                   solo_approvati=selectors.solo_approvati_per(_contesto(ctx)))
    except NonTrovato:
        raise RegolaViolata(_("Piano inesistente o non ancora approvato.")) from None


@tipo_job("piani.piano_pdf", etichetta=_l("Piano di Zona (PDF)"), capacita="piani.vedi", form=PianoPdfForm,
          nel_menu=False,
          descrizione=_l("Il piano intero: indice per macro-area, obiettivi, schede dei progetti, budget."))
def piano_pdf(ctx: ContestoJob) -> Risultato:
    piano = _piano(ctx)
    c = contesto_piano(piano=piano)
    ctx.progresso(40, _("Dati raccolti"))
    return f"piano-di-zona-{piano.periodo}.pdf", render_pdf("piani/pdf/piano.html", c, ambito=ctx.ambito)


@tipo_job("piani.monitoraggio_pdf", etichetta=_l("Rapporto di monitoraggio del Piano di Zona (PDF)"),
          capacita="piani.vedi", form=PianoPdfForm, nel_menu=False,
          descrizione=_l("Indicatori: valore atteso e rilevato nei periodi chiusi; stato degli obiettivi."))
def monitoraggio_pdf(ctx: ContestoJob) -> Risultato:
    piano = _piano(ctx)
    c = contesto_monitoraggio(piano=piano)
    return f"monitoraggio-{piano.periodo}.pdf", render_pdf("piani/pdf/monitoraggio.html", c, ambito=ctx.ambito)


@tipo_job("piani.progetto_pdf", etichetta=_l("Scheda di progetto (PDF)"), capacita="piani.progetti",
          form=ProgettoPdfForm, nel_menu=False, descrizione=_l("La scheda di un progetto del Piano di Zona."))
def progetto_pdf(ctx: ContestoJob) -> Risultato:
    """The card of a project the requester may see (a partner: one granted to them)."""
    try:
        progetto = selectors.progetto_get(ambito=ctx.ambito, contesto=_contesto(ctx), pk=ctx.dati["progetto"])
    except NonTrovato:
        raise RegolaViolata(_("Progetto inesistente o non visibile.")) from None
    c = contesto_progetto(progetto)
    return f"scheda-progetto-{progetto.pk}.pdf", render_pdf("piani/pdf/progetto.html", {"scheda": c},
                                                            ambito=ctx.ambito)
