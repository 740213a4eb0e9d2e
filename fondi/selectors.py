"""Reads of the funds ledger. Every figure is a sum of movements with ``data_contabile ≤ data``.

All selectors take ``ambito`` and filter on it explicitly (the scope would add it anyway), and
name their joins. The main lists run a constant number of queries whatever the number of rows
(tests/fondi/test_query_count.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from urllib.parse import urlencode

from django.db.models import (
    DateField,
    DecimalField,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.atti.models import Atto
from ambito.errors import uno
from ambito.formato import oggi
from ambito.tenancy.models import Ambito
from ambito.territorio.models import Comune, Ente
from ambito.territorio.selectors import comune_list
from fondi.models import (
    Assegnazione,
    Cofinanziamento,
    FonteFinanziamento,
    MetodoRiparto,
    Movimento,
    Quota,
    QuotaComunale,
    Riparto,
    TipoDestinazione,
    Versamento,
    VincoloTipo,
    Voce,
)
from fondi.riparto import Partecipante, RipartoNonValido, Risultato, calcola

ZERO = Decimal("0.00")
_SOLDI = DecimalField(max_digits=16, decimal_places=2)
VOCI = tuple(Voce.values)  # computed once: ``Voce.values`` rebuilds the list at every access
VOCI_DI_ASSEGNAZIONE = (Voce.ASSEGNATO, Voce.ALLOCATO)


# --- balances ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saldi:
    """The four balances of an assegnazione, a quota or a group, and what follows from them."""

    assegnato: Decimal = ZERO
    allocato: Decimal = ZERO
    impegnato: Decimal = ZERO
    liquidato: Decimal = ZERO

    @property
    def da_allocare(self) -> Decimal:
        return self.assegnato - self.allocato

    @property
    def disponibile(self) -> Decimal:
        """Allocated but not yet committed: what an impegno may still use."""
        return self.allocato - self.impegnato

    @property
    def residuo(self) -> Decimal:
        """Assigned and not committed (residuo = assegnato − impegnato)."""
        return self.assegnato - self.impegnato

    @property
    def da_liquidare(self) -> Decimal:
        return self.impegnato - self.liquidato

    def __add__(self, other: Saldi) -> Saldi:
        return Saldi(self.assegnato + other.assegnato, self.allocato + other.allocato,
                     self.impegnato + other.impegnato, self.liquidato + other.liquidato)

    def as_dict(self) -> dict[str, Decimal]:
        return {"assegnato": self.assegnato, "allocato": self.allocato, "impegnato": self.impegnato,
                "liquidato": self.liquidato, "da_allocare": self.da_allocare, "disponibile": self.disponibile,
                "residuo": self.residuo, "da_liquidare": self.da_liquidare}


def _somme_per_voce(prefisso: str = "", data: dt.date | None = None) -> dict[str, Coalesce]:
    """Aggregates ``{voce: SUM(importo * segno)}`` over movements (through ``prefisso``)."""
    filtro_data = Q(**{f"{prefisso}data_contabile__lte": data}) if data else Q()
    return {
        voce: Coalesce(
            Sum(F(f"{prefisso}importo") * F(f"{prefisso}segno"), output_field=_SOLDI,
                filter=filtro_data & Q(**{f"{prefisso}voce": voce})),
            Value(ZERO), output_field=_SOLDI)
        for voce in VOCI
    }


def _saldi(riga: dict) -> Saldi:
    return Saldi(*(riga[voce] for voce in VOCI))


def saldi_assegnazioni(*, ambito: Ambito, data: dt.date, ids: Iterable[int] | None = None) -> dict[int, Saldi]:
    """Balances of every assegnazione (or of ``ids``) at ``data``, in one query."""
    qs = Movimento.objects.filter(ambito=ambito, data_contabile__lte=data)
    if ids is not None:
        qs = qs.filter(assegnazione_id__in=list(ids))
    righe = qs.values("assegnazione_id").annotate(**_somme_per_voce()).order_by()
    return {r["assegnazione_id"]: _saldi(r) for r in righe}


def saldi_quote(*, ambito: Ambito, data: dt.date, assegnazione: Assegnazione | None = None) -> dict[int, Saldi]:
    """Balances of the quote (of one assegnazione, or all) at ``data``, in one query."""
    qs = Movimento.objects.filter(ambito=ambito, data_contabile__lte=data, quota__isnull=False)
    if assegnazione is not None:
        qs = qs.filter(assegnazione=assegnazione)
    righe = qs.values("quota_id").annotate(**_somme_per_voce()).order_by()
    return {r["quota_id"]: _saldi(r) for r in righe}


@dataclass(frozen=True)
class PuntoAndamento:
    giorno: dt.date
    saldi: Saldi


def andamento_get(*, ambito: Ambito, assegnazione: Assegnazione | None = None, quota: Quota | None = None,
              dal: dt.date | None = None) -> list[PuntoAndamento]:
    """Running balances of one assegnazione or quota at each date on which something moved.

    The services use it to find the smallest margin from a date on ("no balance negative at any
    date"), which is what a back-dated movement must respect. With ``dal`` every earlier movement
    is counted as if on ``dal`` (one group, ``GREATEST(data_contabile, dal)``), so the first point
    is the balance at ``dal`` and only the dates after it come back one by one: a movement
    recorded today reads one or two rows, not the whole history. For an assegnazione only the
    assigned and allocated voci are read (the quote's spending does not change its margins).
    """
    qs = Movimento.objects.filter(ambito=ambito)
    if quota is not None:
        qs = qs.filter(quota=quota)
    else:
        qs = qs.filter(assegnazione=assegnazione, voce__in=VOCI_DI_ASSEGNAZIONE)
    giorno = Greatest("data_contabile", Value(dal, output_field=DateField())) if dal else F("data_contabile")
    righe = qs.annotate(giorno=giorno).values("giorno").annotate(**_somme_per_voce()).order_by("giorno")
    punti, cumulato = [], Saldi()
    for riga in righe:
        cumulato = cumulato + _saldi(riga)
        punti.append(PuntoAndamento(riga["giorno"], cumulato))
    return punti


def margine_minimo(punti: Sequence[PuntoAndamento], dal: dt.date, margine) -> tuple[Decimal, dt.date]:
    """The smallest ``margine(saldi)`` at ``dal`` and at every later date, and where it occurs."""
    precedente = Saldi()
    for punto in punti:
        if punto.giorno > dal:
            break
        precedente = punto.saldi
    minimo, quando = margine(precedente), dal
    for punto in punti:
        if punto.giorno > dal and margine(punto.saldi) < minimo:
            minimo, quando = margine(punto.saldi), punto.giorno
    return minimo, quando


# --- catalogue and objects ---------------------------------------------------------------------


def fonte_list(*, solo_attive: bool = True) -> QuerySet[FonteFinanziamento]:
    """The shared catalogue of sources (not tenant data)."""
    qs = FonteFinanziamento.objects.select_related("padre")
    return qs.filter(attiva=True) if solo_attive else qs


def assegnazione_list(*, ambito: Ambito, data: dt.date | None = None, fonte: FonteFinanziamento | None = None,
                      annualita: int | None = None) -> QuerySet[Assegnazione]:
    """Assegnazioni with their four balances at ``data`` annotated (one query)."""
    data = data or oggi()
    qs = Assegnazione.objects.filter(ambito=ambito).select_related("fonte", "atto")
    if fonte is not None:
        qs = qs.filter(Q(fonte=fonte) | Q(fonte__padre=fonte))
    if annualita is not None:
        qs = qs.filter(annualita=annualita)
    return qs.annotate(**_somme_per_voce("movimenti__", data)).order_by("-annualita", "fonte__ordine", "pk")


def saldi_di(oggetto: Assegnazione | Quota) -> Saldi:
    """Balances annotated by :func:`assegnazione_list` / :func:`quota_list`."""
    return Saldi(*(getattr(oggetto, voce) for voce in VOCI))


def assegnazione_get(*, ambito: Ambito, pk: int) -> Assegnazione:
    qs = Assegnazione.objects.filter(ambito=ambito).select_related("fonte", "atto", "ente_finanziatore")
    return uno(qs, _("Assegnazione inesistente."), pk=pk)


def con_saldi(oggetti: Iterable[Assegnazione] | Iterable[Quota]) -> list:
    """The rows of an annotated list (:func:`assegnazione_list`, :func:`quota_list`) with ``.saldi`` set."""
    elenco = list(oggetti)
    for oggetto in elenco:
        oggetto.saldi = saldi_di(oggetto)
    return elenco


def quota_list(*, ambito: Ambito, assegnazione: Assegnazione | None = None,
               data: dt.date | None = None) -> QuerySet[Quota]:
    data = data or oggi()
    qs = Quota.objects.filter(ambito=ambito).select_related("comune", "atto", "assegnazione__fonte", "riparto")
    if assegnazione is not None:
        qs = qs.filter(assegnazione=assegnazione)
    return qs.annotate(**_somme_per_voce("movimenti__", data)).order_by("tipo_destinazione", "descrizione", "pk")


@dataclass
class GruppoRiparto:
    """The quote one riparto created (one per comune), shown as one line with their totals."""

    riparto: Riparto
    quote: list[Quota]

    @property
    def saldi(self) -> Saldi:
        return sum((saldi_di(q) for q in self.quote), Saldi())


def quota_list_per_riparto(quote: Iterable[Quota]) -> tuple[list[Quota], list[GruppoRiparto]]:
    """Split the quote (of :func:`quota_list`) into those allocated one by one and the groups of
    the riparti, in order. No query."""
    singole: list[Quota] = []
    gruppi: dict[int, GruppoRiparto] = {}
    for q in quote:
        if q.riparto_id is None:
            singole.append(q)
        else:
            gruppi.setdefault(q.riparto_id, GruppoRiparto(q.riparto, [])).quote.append(q)
    return singole, list(gruppi.values())


def quota_get(*, ambito: Ambito, pk: int) -> Quota:
    qs = Quota.objects.filter(ambito=ambito).select_related("assegnazione__fonte", "comune", "atto")
    return uno(qs, _("Quota inesistente."), pk=pk)


@dataclass
class FiltriMovimenti:
    assegnazione: int | None = None
    quota: int | None = None
    fonte: int | None = None
    annualita: int | None = None
    tipo_destinazione: str | None = None
    comune: int | None = None
    voce: str | None = None
    tipo: str | None = None
    data: dt.date | None = None  # movements up to this date


def movimento_list(*, ambito: Ambito, filtri: FiltriMovimenti | None = None) -> QuerySet[Movimento]:
    """Movements, drillable with the same dimensions as the position report."""
    f = filtri or FiltriMovimenti()
    qs = Movimento.objects.filter(ambito=ambito).select_related(
        "assegnazione__fonte", "quota", "atto", "comune", "quota__comune", "creato_da", "rettifica_di")
    condizioni = {
        "assegnazione_id": f.assegnazione, "quota_id": f.quota, "assegnazione__annualita": f.annualita,
        "quota__tipo_destinazione": f.tipo_destinazione, "voce": f.voce, "tipo": f.tipo,
        "data_contabile__lte": f.data,
    }
    qs = qs.filter(**{k: v for k, v in condizioni.items() if v not in (None, "")})
    if f.fonte:
        qs = qs.filter(Q(assegnazione__fonte_id=f.fonte) | Q(assegnazione__fonte__padre_id=f.fonte))
    if f.comune:
        qs = qs.filter(Q(comune_id=f.comune) | Q(comune__isnull=True, quota__comune_id=f.comune))
    return qs.order_by("data_contabile", "pk")


def filtri_descritti(*, ambito: Ambito, filtri: FiltriMovimenti) -> list[str]:
    """The filters of a movement list that the form does not show (they come from a drill-down
    link), in words: "Assegnazione: FNA 2024 — Misura B2". At most one query each."""
    descrizioni = []
    if filtri.assegnazione:
        a = Assegnazione.objects.filter(ambito=ambito, pk=filtri.assegnazione).select_related("fonte").first()
        descrizioni.append(_("Assegnazione: %(a)s") % {"a": f"{a.fonte.codice} {a.annualita} — {a.descrizione}"
                                                       if a else "—"})
    if filtri.quota:
        q = Quota.objects.filter(ambito=ambito, pk=filtri.quota).first()
        descrizioni.append(_("Quota: %(q)s") % {"q": q.descrizione if q else "—"})
    if filtri.fonte:
        f = FonteFinanziamento.objects.filter(pk=filtri.fonte).first()
        descrizioni.append(_("Fonte: %(f)s") % {"f": f.codice if f else "—"})
    if filtri.comune:
        c = Comune.objects.filter(pk=filtri.comune).first()
        descrizioni.append(_("Comune: %(c)s") % {"c": c.denominazione if c else "—"})
    return descrizioni


def movimento_get(*, ambito: Ambito, pk: int) -> Movimento:
    qs = Movimento.objects.filter(ambito=ambito).select_related("assegnazione__fonte", "quota", "atto")
    return uno(qs, _("Movimento inesistente."), pk=pk)


def effettivo_movimento(*, movimento: Movimento) -> Decimal:
    """Amount of a movement after its rettifiche."""
    rettifiche = movimento.rettifiche.aggregate(t=Coalesce(Sum("importo"), Value(ZERO), output_field=_SOLDI))
    return movimento.importo + rettifiche["t"]


# --- position report ---------------------------------------------------------------------------

DIMENSIONI = {
    "fonte": ("assegnazione__fonte__codice", "assegnazione__fonte__denominazione"),
    "annualita": ("assegnazione__annualita",),
    "assegnazione": ("assegnazione_id", "assegnazione__descrizione"),
    "destinazione": ("quota__tipo_destinazione",),
    "quota": ("quota_id", "quota__descrizione"),
    "comune": ("comune_effettivo", "comune_nome"),
}


ETICHETTE_DIMENSIONI = {"fonte": _l("Fonte"), "annualita": _l("Annualità"), "assegnazione": _l("Assegnazione"),
                        "destinazione": _l("Destinazione"), "quota": _l("Quota"), "comune": _l("Comune")}


@dataclass
class RigaPosizione:
    chiavi: dict
    saldi: Saldi
    filtri: dict = field(default_factory=dict)  # to drill down to the movements
    etichette: list[str] = field(default_factory=list)  # one per dimension, for display

    @property
    def query(self) -> str:
        return urlencode(self.filtri)


@dataclass
class Posizione:
    data: dt.date
    dimensioni: list[str]
    righe: list[RigaPosizione]
    totale: Saldi

    @property
    def intestazioni(self) -> list[str]:
        return [str(ETICHETTE_DIMENSIONI[d]) for d in self.dimensioni]


def _etichetta(dimensione: str, chiavi: dict) -> str:
    non_attribuito = _("Non attribuito")
    if dimensione == "fonte":
        return f"{chiavi['assegnazione__fonte__codice']} — {chiavi['assegnazione__fonte__denominazione']}"
    if dimensione == "annualita":
        return str(chiavi["assegnazione__annualita"])
    if dimensione == "assegnazione":
        return chiavi["assegnazione__descrizione"]
    if dimensione == "destinazione":
        return etichetta_destinazione(chiavi["quota__tipo_destinazione"])
    if dimensione == "quota":
        return chiavi["quota__descrizione"] or non_attribuito
    return chiavi["comune_nome"] or non_attribuito


def posizione_get(*, ambito: Ambito, data: dt.date, per: Sequence[str] = ("fonte", "annualita"),
              fonte: int | None = None, annualita: int | None = None) -> Posizione:
    """The position of the funds at ``data`` grouped by ``per`` (fonte, annualita, assegnazione,
    destinazione, quota, comune): assigned, allocated, committed, paid and what follows. One query.

    By destinazione/comune the assigned amount is not attributed (it belongs to the assegnazione):
    those rows show allocations and spending, and one row with no destination carries the assigned
    amount. The comune of a movement is its own, or else its quota's (a riparto quota).
    """
    per = [d for d in per if d in DIMENSIONI] or ["fonte"]
    qs = Movimento.objects.filter(ambito=ambito, data_contabile__lte=data)
    if fonte:
        qs = qs.filter(Q(assegnazione__fonte_id=fonte) | Q(assegnazione__fonte__padre_id=fonte))
    if annualita:
        qs = qs.filter(assegnazione__annualita=annualita)
    qs = qs.annotate(comune_effettivo=Coalesce("comune_id", "quota__comune_id"))
    campi = [c for d in per for c in DIMENSIONI[d]]
    if "comune" in per:
        qs = qs.annotate(comune_nome=Coalesce("comune__denominazione", "quota__comune__denominazione"))
    righe_db = qs.values(*campi).annotate(**_somme_per_voce()).order_by(*campi)
    righe, totale = [], Saldi()
    for r in righe_db:
        saldi = _saldi(r)
        totale = totale + saldi
        chiavi = {c: r[c] for c in campi}
        righe.append(RigaPosizione(chiavi, saldi, _filtri_drill(chiavi, data), [_etichetta(d, chiavi) for d in per]))
    return Posizione(data, per, righe, totale)


def _filtri_drill(chiavi: dict, data: dt.date) -> dict:
    mappa = {"assegnazione__annualita": "annualita", "assegnazione_id": "assegnazione",
             "quota__tipo_destinazione": "tipo_destinazione", "quota_id": "quota", "comune_effettivo": "comune"}
    filtri = {"data": data.isoformat()}
    for campo, nome in mappa.items():
        if chiavi.get(campo) is not None:
            filtri[nome] = chiavi[campo]
    return filtri


def etichetta_destinazione(valore: str | None) -> str:
    return TipoDestinazione(valore).label if valore else _("Non attribuito")


# --- deadlines and constraints ------------------------------------------------------------------


@dataclass(frozen=True)
class Scadenza:
    assegnazione: Assegnazione
    tipo: str  # "impegno", "spesa", "rendicontazione"
    data: dt.date
    scaduta: bool
    importo_aperto: Decimal  # what is still to commit / to pay (zero for reporting)
    al: dt.date | None = None  # the date the deadlines are looked at from (today if None)

    @property
    def giorni(self) -> int:
        return (self.data - (self.al or oggi())).days


def scadenza_list(*, ambito: Ambito, data: dt.date | None = None, preavviso_giorni: int = 60) -> list[Scadenza]:
    """Assegnazioni whose commitment, spending or reporting deadline is within ``preavviso_giorni``
    or past while something is still open (uncommitted, unpaid, not reported). An assegnazione
    already reported to the Region (``rendicontata_il``) is closed: none of its deadlines is
    flagged any more. One query."""
    data = data or oggi()
    limite = data + dt.timedelta(days=preavviso_giorni)
    qs = assegnazione_list(ambito=ambito, data=data).filter(
        Q(scadenza_impegno__lte=limite) | Q(scadenza_spesa__lte=limite) | Q(scadenza_rendicontazione__lte=limite),
        Q(rendicontata_il__isnull=True) | Q(rendicontata_il__gt=data))
    risultato = []
    for a in qs:
        s = saldi_di(a)
        if a.scadenza_impegno and a.scadenza_impegno <= limite and s.residuo > 0:
            risultato.append(Scadenza(a, "impegno", a.scadenza_impegno, a.scadenza_impegno < data, s.residuo, data))
        if a.scadenza_spesa and a.scadenza_spesa <= limite and (s.assegnato - s.liquidato) > 0:
            risultato.append(Scadenza(a, "spesa", a.scadenza_spesa, a.scadenza_spesa < data,
                                      s.assegnato - s.liquidato, data))
        if a.scadenza_rendicontazione and a.scadenza_rendicontazione <= limite:
            risultato.append(Scadenza(a, "rendicontazione", a.scadenza_rendicontazione,
                                      a.scadenza_rendicontazione < data, ZERO, data))
    return sorted(risultato, key=lambda s: (s.data, s.assegnazione.pk, s.tipo))


@dataclass(frozen=True)
class EsitoVincolo:
    descrizione: str
    tipo: str
    percentuale: Decimal
    limite: Decimal
    allocato: Decimal
    rispettato: bool


def vincolo_esito_list(*, assegnazione: Assegnazione, data: dt.date | None = None) -> list[EsitoVincolo]:
    """How the allocations of an assegnazione stand against its constraints (two queries)."""
    data = data or oggi()
    saldi = saldi_assegnazioni(ambito=assegnazione.ambito, data=data, ids=[assegnazione.pk]).get(
        assegnazione.pk, Saldi())
    quote = list(quota_list(ambito=assegnazione.ambito, assegnazione=assegnazione, data=data))
    esiti = []
    for v in assegnazione.vincoli.all():
        allocato = sum((saldi_di(q).allocato for q in quote
                        if (v.tipo_destinazione and q.tipo_destinazione == v.tipo_destinazione)
                        or (v.area and q.area == v.area)), ZERO)
        limite = (saldi.assegnato * v.percentuale / 100).quantize(Decimal("0.01"))
        rispettato = allocato >= limite if v.tipo == VincoloTipo.MINIMO else allocato <= limite
        esiti.append(EsitoVincolo(str(v), v.tipo, v.percentuale, limite, allocato, rispettato))
    return esiti


# --- riparto and co-financing --------------------------------------------------------------------


def comune_appartiene(*, ambito: Ambito, comune: Comune, data: dt.date) -> bool:
    """Whether ``comune`` belongs to the Ambito on ``data`` (one EXISTS query)."""
    return comune_list(ambito=ambito, data=data).filter(pk=comune.pk).exists()


def riparto_list(*, ambito: Ambito, assegnazione: Assegnazione | None = None) -> QuerySet[Riparto]:
    qs = Riparto.objects.filter(ambito=ambito).select_related("assegnazione__fonte", "atto")
    return qs.filter(assegnazione=assegnazione) if assegnazione is not None else qs


def riparto_get(*, ambito: Ambito, pk: int) -> Riparto:
    return uno(riparto_list(ambito=ambito), _("Riparto inesistente."), pk=pk)


def cofinanziamento_list(*, ambito: Ambito) -> QuerySet[Cofinanziamento]:
    return (Cofinanziamento.objects.filter(ambito=ambito).select_related("atto")
            .annotate(atteso=Coalesce(Sum("quote_comunali__importo_atteso"), Value(ZERO), output_field=_SOLDI))
            .order_by("-anno", "descrizione"))


def cofinanziamento_get(*, ambito: Ambito, pk: int) -> Cofinanziamento:
    qs = Cofinanziamento.objects.filter(ambito=ambito).select_related("atto", "assegnazione")
    return uno(qs, _("Cofinanziamento inesistente."), pk=pk)


def quota_comunale_list(*, ambito: Ambito, cofinanziamento: Cofinanziamento,
                        data: dt.date | None = None) -> QuerySet[QuotaComunale]:
    """Expected vs received per comune (received = payments up to ``data``)."""
    filtro = Q(versamenti__data__lte=data) if data else Q()
    return (QuotaComunale.objects.filter(ambito=ambito, cofinanziamento=cofinanziamento)
            .select_related("comune")
            .prefetch_related(Prefetch("versamenti", queryset=Versamento.objects.order_by("data", "pk")))
            .annotate(ricevuto=Coalesce(Sum("versamenti__importo", filter=filtro), Value(ZERO),
                                        output_field=_SOLDI))
            .annotate(da_ricevere=F("importo_atteso") - F("ricevuto"))
            .order_by("comune__denominazione"))


def quota_comunale_get(*, ambito: Ambito, pk: int) -> QuotaComunale:
    qs = QuotaComunale.objects.filter(ambito=ambito).select_related("cofinanziamento", "comune")
    return uno(qs, _("Quota comunale inesistente."), pk=pk)


# --- choices for forms -------------------------------------------------------------------------


def assegnazione_list_scelte(*, ambito: Ambito) -> QuerySet[Assegnazione]:
    """The Ambito's assegnazioni by name (fund, year, description), newest first: for choice fields."""
    return Assegnazione.objects.filter(ambito=ambito).select_related("fonte").order_by("-annualita", "fonte__codice",
                                                                                        "descrizione")


def atto_list_scelte(*, ambito: Ambito) -> QuerySet[Atto]:
    return Atto.objects.filter(ambito=ambito).order_by("-data", "-numero")


def ente_list_scelte() -> QuerySet[Ente]:
    return Ente.objects.order_by("denominazione")



def riparto_calcola(*, ambito: Ambito, metodo: str, totale: Decimal, data_riferimento: dt.date,
                    anno_popolazione: int | None = None, percentuale_fissa: Decimal | None = None,
                    valori: dict[str, Decimal] | None = None) -> Risultato:
    """Preview a riparto among the comuni of the Ambito at ``data_riferimento`` (no write).

    Population methods use ``Comune.popolazione`` of ``anno_popolazione``: a comune whose recorded
    population is of another year (or missing) is refused by name, so a split never silently
    mixes years. Raises :class:`fondi.riparto.RipartoNonValido` with an Italian message.
    """
    comuni = list(comune_list(ambito=ambito, data=data_riferimento).order_by("codice_istat"))
    if not comuni:
        raise RipartoNonValido(_("L'Ambito non ha comuni alla data indicata."))
    valori = valori or {}
    if metodo in (MetodoRiparto.POPOLAZIONE, MetodoRiparto.FISSA_POPOLAZIONE):
        mancanti = [c.denominazione for c in comuni
                    if c.popolazione is None or c.popolazione_anno != anno_popolazione]
        if mancanti:
            raise RipartoNonValido(
                _("Popolazione %(anno)s non disponibile per: %(comuni)s. Usare i valori importati.")
                % {"anno": anno_popolazione, "comuni": ", ".join(mancanti)})
        partecipanti = [Partecipante(c.codice_istat, c.denominazione, Fraction(c.popolazione)) for c in comuni]
    elif metodo == MetodoRiparto.PESI_IMPORTATI:
        mancanti = [c.denominazione for c in comuni if c.codice_istat not in valori]
        if mancanti:
            raise RipartoNonValido(_("Valore mancante per: %(comuni)s.") % {"comuni": ", ".join(mancanti)})
        estranei = sorted(set(valori) - {c.codice_istat for c in comuni})
        if estranei:
            raise RipartoNonValido(_("Codici non dell'Ambito: %(codici)s.") % {"codici": ", ".join(estranei)})
        partecipanti = [Partecipante(c.codice_istat, c.denominazione, Fraction(valori[c.codice_istat]))
                        for c in comuni]
    else:
        partecipanti = [Partecipante(c.codice_istat, c.denominazione, Fraction(1)) for c in comuni]
    return calcola(metodo=metodo, totale=totale, partecipanti=partecipanti, percentuale_fissa=percentuale_fissa,
                   importi=valori if metodo == MetodoRiparto.IMPORTI_IMPORTATI else None)



def fonte_list_per_api(*, ambito: Ambito | None = None) -> QuerySet[FonteFinanziamento]:
    return fonte_list()


def ente_list_per_api(*, ambito: Ambito | None = None) -> QuerySet[Ente]:
    return ente_list_scelte()


# --- one object as its page and the API show it -----------------------------------------------


def assegnazione_dettaglio(*, ambito: Ambito, pk: int, data: dt.date) -> Assegnazione:
    """The assegnazione at ``data`` with ``.saldi``, ``.quote_lette`` (each with its balances) and
    ``.vincoli_verificati``."""
    assegnazione = assegnazione_get(ambito=ambito, pk=pk)
    assegnazione.saldi = saldi_assegnazioni(ambito=ambito, data=data, ids=[pk]).get(pk, Saldi())
    assegnazione.quote_lette = con_saldi(quota_list(ambito=ambito, assegnazione=assegnazione, data=data))
    assegnazione.vincoli_verificati = vincolo_esito_list(assegnazione=assegnazione, data=data)
    return assegnazione


def quota_dettaglio(*, ambito: Ambito, pk: int, data: dt.date | None = None) -> Quota:
    """The quota with ``.saldi`` at ``data`` (today)."""
    quota = quota_get(ambito=ambito, pk=pk)
    saldi = saldi_quote(ambito=ambito, data=data or oggi(), assegnazione=quota.assegnazione)
    quota.saldi = saldi.get(quota.pk, Saldi())
    return quota


def cofinanziamento_dettaglio(*, ambito: Ambito, pk: int, data: dt.date | None) -> Cofinanziamento:
    """The co-financing with ``.quote_comunali_lette``: expected and received per comune up to ``data``."""
    cofinanziamento = cofinanziamento_get(ambito=ambito, pk=pk)
    cofinanziamento.quote_comunali_lette = list(
        quota_comunale_list(ambito=ambito, cofinanziamento=cofinanziamento, data=data))
    return cofinanziamento


# --- what one comune received (the mayor's view; charts) -------------------------------------------


@dataclass(frozen=True)
class RicevutoComune:
    """What the Ambito's funds gave one comune, for one source and one year (annualità)."""

    fonte_codice: str
    fonte: str
    annualita: int
    saldi: Saldi


def ricevuto_comune_list(*, ambito: Ambito, comune: Comune, data: dt.date) -> list[RicevutoComune]:
    """Per source and year, the movements attributed to ``comune`` up to ``data``: their own comune, or
    else their quota's (a riparto share), as in the position by comune. Allocated is what was destined
    to the comune, liquidato what was paid. One query, whatever the number of rows."""
    righe = (
        Movimento.objects.filter(ambito=ambito, data_contabile__lte=data)
        .filter(Q(comune=comune) | Q(comune__isnull=True, quota__comune=comune))
        .values("assegnazione__fonte__codice", "assegnazione__fonte__denominazione", "assegnazione__annualita")
        .annotate(**_somme_per_voce())
        .order_by("assegnazione__fonte__codice", "assegnazione__annualita")
    )
    return [RicevutoComune(r["assegnazione__fonte__codice"], r["assegnazione__fonte__denominazione"],
                           r["assegnazione__annualita"], _saldi(r)) for r in righe]
