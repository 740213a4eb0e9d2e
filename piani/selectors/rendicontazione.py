"""Read-only rows of the Piano di Zona for the data returns, reports and dashboards (the PdZ monitoring, the
Scheda Conoscenza, objectives by status).

Plain dataclasses, not models: the returns module reads piani only through these selectors (piani does not
import it back). Every read is filtered by the Ambito.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from ambito.tenancy.models import Ambito
from piani.models import (
    STATI_APPROVATI,
    BudgetProgetto,
    Indicatore,
    MacroArea,
    Obiettivo,
    PeriodoMonitoraggio,
    PianoDiZona,
    Progetto,
    StatoObiettivo,
    TargetIndicatore,
    ValoreIndicatore,
    ValutazioneObiettivo,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PianoRiga:
    pk: int
    titolo: str
    triennio: int
    stato: str
    approvato: bool
    url: str


def piano_dell_anno(*, ambito: Ambito, anno: int, solo_approvati: bool = False) -> PianoRiga | None:
    """The plan whose triennio covers ``anno`` (None: no plan for that year)."""
    qs = PianoDiZona.objects.filter(ambito=ambito, triennio__lte=anno, triennio__gte=anno - 2)
    if solo_approvati:
        qs = qs.filter(stato__in=STATI_APPROVATI)
    p = qs.order_by("-triennio", "-pk").first()
    if p is None:
        return None
    return PianoRiga(p.pk, p.titolo, p.triennio, p.stato, p.stato in STATI_APPROVATI,
                     reverse("piani:piano_detail", kwargs={"ambito_slug": ambito.slug, "piano_pk": p.pk}))


def stati_obiettivo() -> dict[str, str]:
    """The objectives' status codes → label."""
    return {str(v): str(e) for v, e in StatoObiettivo.choices}


# --- monitoring -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodoRiga:
    pk: int
    etichetta: str  # "2025" or "2025 – 1° semestre"
    chiuso: bool
    url: str


@dataclass(frozen=True)
class RigaMonitoraggioPdZ:
    """One indicator in one period (or an objective without indicators: ``indicatore_id`` None)."""

    periodo: PeriodoRiga
    codice_obiettivo: str
    obiettivo: str
    stato_obiettivo: str  # the objective's status assessed in the period, else its current status
    progetto: str
    indicatore_id: int | None
    indicatore: str
    tipo: str
    unita_misura: str
    baseline: Decimal | None
    target: Decimal | None
    valore: Decimal | None
    crescente: bool
    url: str


def periodi_dell_anno(*, ambito: Ambito, piano_pk: int, anno: int) -> list[PeriodoRiga]:
    return [PeriodoRiga(p.pk, str(p), p.chiuso, reverse("piani:periodo_detail", kwargs={
        "ambito_slug": ambito.slug, "periodo_pk": p.pk}))
        for p in PeriodoMonitoraggio.objects.filter(ambito=ambito, piano_id=piano_pk, anno=anno)
        .order_by("semestre", "pk")]


def monitoraggio_righe(*, ambito: Ambito, piano_pk: int, anno: int) -> list[RigaMonitoraggioPdZ]:
    """Every indicator of the plan (of its objectives and projects) in every monitoring period of ``anno``, with the
    year's target and the period's value; objectives without indicators get one row each. Five queries."""
    periodi = periodi_dell_anno(ambito=ambito, piano_pk=piano_pk, anno=anno)
    indicatori = list(Indicatore.objects.filter(Q(obiettivo__piano_id=piano_pk) | Q(progetto__piano_id=piano_pk),
                                                ambito=ambito).order_by("nome", "pk"))
    target = {t.indicatore_id: t.valore for t in TargetIndicatore.objects.filter(
        ambito=ambito, indicatore__in=[i.pk for i in indicatori], anno=anno)}
    valori = {(v.indicatore_id, v.periodo_id): v.valore for v in ValoreIndicatore.objects.filter(
        ambito=ambito, periodo_id__in=[p.pk for p in periodi])}
    obiettivi = {o.pk: o for o in Obiettivo.objects.filter(ambito=ambito, piano_id=piano_pk).prefetch_related(
        Prefetch("valutazioni", queryset=ValutazioneObiettivo.objects.filter(periodo_id__in=[p.pk for p in periodi]),
                 to_attr="valutazioni_anno"))}
    progetti = dict(Progetto.objects.filter(ambito=ambito, piano_id=piano_pk).values_list("pk", "titolo"))

    def stato(o: Obiettivo | None, periodo: PeriodoRiga) -> str:
        if o is None:
            return ""
        return next((v.stato for v in o.valutazioni_anno if v.periodo_id == periodo.pk), o.stato)

    righe = []
    for periodo in periodi:
        for i in indicatori:
            o = obiettivi.get(i.obiettivo_id)
            url = reverse("piani:indicatore_detail", kwargs={"ambito_slug": ambito.slug, "indicatore_pk": i.pk})
            righe.append(RigaMonitoraggioPdZ(
                periodo, o.codice if o else "", o.titolo if o else "", stato(o, periodo),
                progetti.get(i.progetto_id, ""), i.pk, i.nome, i.tipo, i.unita, i.baseline, target.get(i.pk),
                valori.get((i.pk, periodo.pk)), i.crescente, url))
        con_indicatori = {i.obiettivo_id for i in indicatori}
        for o in sorted(obiettivi.values(), key=lambda o: (o.codice, o.pk)):
            if o.pk not in con_indicatori:
                url = reverse("piani:obiettivo_detail", kwargs={"ambito_slug": ambito.slug, "obiettivo_pk": o.pk})
                righe.append(RigaMonitoraggioPdZ(periodo, o.codice, o.titolo, stato(o, periodo), "", None, "", "",
                                                 "", None, None, None, True, url))
    return righe


def monitoraggio_totali(*, ambito: Ambito, piano_pk: int, anno: int) -> dict[str, Decimal]:
    """The sums of the year's values and targets of the plan's indicators, by SQL aggregates (for the checks)."""
    valori = ValoreIndicatore.objects.filter(ambito=ambito, periodo__piano_id=piano_pk, periodo__anno=anno).aggregate(
        s=Coalesce(Sum("valore"), Decimal(0)))["s"]
    return {"valore": valori}


# --- Scheda Conoscenza --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RigaProgettoPdZ:
    pk: int
    titolo: str
    macroaree: list[str]  # codes, in the areas' order
    obiettivi: list[str]  # codes of the objectives it implements
    integrazione_sociosanitaria: bool
    sovrazonale: bool
    utenti_stimati: int | None
    budget_anno: Decimal
    quote_ids: list[int]
    url: str


def progetti_righe(*, ambito: Ambito, piano_pk: int, anno: int) -> list[RigaProgettoPdZ]:
    """The plan's projects with their areas, objectives, the year's planned budget and their fondi quotas
    (four queries)."""
    budget: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for progetto_id, importo in BudgetProgetto.objects.filter(ambito=ambito, progetto__piano_id=piano_pk,
                                                              anno=anno).values_list("progetto_id", "importo"):
        budget[progetto_id] += importo
    ct = ContentType.objects.get_for_model(Progetto)
    from fondi.selectors import quota_list

    quote: dict[int, list[int]] = defaultdict(list)
    for pk, object_id in quota_list(ambito=ambito).filter(content_type=ct).values_list("pk", "object_id"):
        quote[object_id].append(pk)
    qs = (Progetto.objects.filter(ambito=ambito, piano_id=piano_pk)
          .prefetch_related(Prefetch("macro_aree", queryset=MacroArea.objects.order_by("ordine", "codice")),
                            Prefetch("obiettivi", queryset=Obiettivo.objects.order_by("codice", "pk")))
          .order_by("titolo", "pk"))
    return [RigaProgettoPdZ(p.pk, p.titolo, [a.codice for a in p.macro_aree.all()],
                            [o.codice or str(o.pk) for o in p.obiettivi.all()], p.integrazione_sociosanitaria,
                            p.sovrazonale_id is not None, p.utenti_stimati, budget[p.pk], quote.get(p.pk, []),
                            reverse("piani:progetto_detail", kwargs={"ambito_slug": ambito.slug, "progetto_pk": p.pk}))
            for p in qs]


def budget_totale(*, ambito: Ambito, piano_pk: int, anno: int) -> Decimal:
    """The plan's planned budget of ``anno`` by one SQL sum."""
    return BudgetProgetto.objects.filter(ambito=ambito, progetto__piano_id=piano_pk, anno=anno).aggregate(
        s=Coalesce(Sum("importo"), ZERO))["s"]


# --- objectives by status (dashboards) ------------------------------------------------------------------


@dataclass(frozen=True)
class ObiettiviPerStato:
    piano: PianoRiga | None
    stati: list[tuple[str, str]]  # (value, label) in the model's order
    per_stato: dict[str, int]  # each objective once
    aree: list[tuple[str, str]]  # (code, name) of the plan's areas
    per_area: dict[tuple[str, str], int]  # (area code, status) → objectives (an objective counts in each area)


def obiettivi_per_stato(*, ambito: Ambito, data: dt.date, solo_approvati: bool) -> ObiettiviPerStato:
    """The objectives of the plan in force at ``data`` by status, and by macro-area and status (the Assemblea:
    approved plans only). Four queries whatever the number of objectives."""
    stati = [(str(v), str(e)) for v, e in StatoObiettivo.choices]
    piano = piano_dell_anno(ambito=ambito, anno=data.year, solo_approvati=solo_approvati)
    if piano is None:
        return ObiettiviPerStato(None, stati, {}, [], {})
    obiettivi = Obiettivo.objects.filter(ambito=ambito, piano_id=piano.pk)
    per_stato = dict(obiettivi.values("stato").annotate(n=Count("pk")).values_list("stato", "n").order_by())
    per_area = {(codice, stato): n for codice, stato, n in obiettivi.values("macro_aree__codice", "stato")
                .annotate(n=Count("pk")).values_list("macro_aree__codice", "stato", "n").order_by() if codice}
    aree = list(MacroArea.objects.filter(ambito=ambito, triennio=piano.triennio).order_by("ordine", "codice")
                .values_list("codice", "denominazione"))
    return ObiettiviPerStato(piano, stati, per_stato, aree, per_area)
