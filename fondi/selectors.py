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
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    DecimalField,
    F,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
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
    TipoMovimento,
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


# The balances are read from the rows the ledger trigger keeps (fondi.models.SaldoQuota &c.): the
# balance of a quota at a date is its row with the greatest ``giorno`` on or before that date,
# one index probe whatever the number of movements behind it.
_SALDO_QUOTA_AL = ("SELECT {colonne} FROM fondi_saldoquota s WHERE s.quota_id = {quota} AND s.giorno <= %s "
                   "ORDER BY s.giorno DESC LIMIT 1")
_SALDO_ASSEGNAZIONE_AL = ("SELECT {colonne} FROM fondi_saldoassegnazione s WHERE s.assegnazione_id = {assegnazione} "
                          "AND s.giorno <= %s ORDER BY s.giorno DESC LIMIT 1")
_SPESA_ASSEGNAZIONE_AL = ("SELECT coalesce(sum(s.impegnato), 0) AS impegnato, "
                          "coalesce(sum(s.liquidato), 0) AS liquidato "
                          "FROM fondi_quota q CROSS JOIN LATERAL (" + _SALDO_QUOTA_AL.format(
                              colonne="s.impegnato, s.liquidato", quota="q.id") + ") s "
                          "WHERE q.assegnazione_id = {assegnazione}")


def _righe(sql: str, parametri: Sequence) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, parametri)
        return cursor.fetchall()


def saldi_assegnazioni(*, ambito: Ambito, data: dt.date, ids: Iterable[int] | None = None) -> dict[int, Saldi]:
    """Balances of every assegnazione (or of ``ids``) at ``data``, in one query (only those that
    exist at ``data``)."""
    filtro, parametri = "", [data, data, ambito.pk]
    if ids is not None:
        filtro, parametri = " AND a.id = ANY(%s)", [*parametri, list(ids)]
    righe = _righe(
        "SELECT a.id, sa.assegnato, sa.allocato, sq.impegnato, sq.liquidato FROM fondi_assegnazione a "  # noqa: S608 - fixed SQL, values as parameters
        "CROSS JOIN LATERAL (" + _SALDO_ASSEGNAZIONE_AL.format(colonne="s.assegnato, s.allocato",
                                                            assegnazione="a.id") + ") sa "
        "CROSS JOIN LATERAL (" + _SPESA_ASSEGNAZIONE_AL.format(assegnazione="a.id") + ") sq "
        "WHERE a.ambito_id = %s" + filtro, parametri)
    return {r[0]: Saldi(*r[1:]) for r in righe}


def saldi_quote(*, ambito: Ambito, data: dt.date, assegnazione: Assegnazione | None = None,
                quota: Quota | None = None) -> dict[int, Saldi]:
    """Balances of the quote (of one assegnazione, one quota, or all) at ``data``, in one query."""
    filtro, parametri = "", [data, ambito.pk]
    if assegnazione is not None:
        filtro, parametri = " AND q.assegnazione_id = %s", [*parametri, assegnazione.pk]
    if quota is not None:
        filtro, parametri = filtro + " AND q.id = %s", [*parametri, quota.pk]
    righe = _righe(
        "SELECT q.id, s.allocato, s.impegnato, s.liquidato FROM fondi_quota q CROSS JOIN LATERAL ("  # noqa: S608 - fixed SQL, values as parameters
        + _SALDO_QUOTA_AL.format(colonne="s.allocato, s.impegnato, s.liquidato", quota="q.id")
        + ") s WHERE q.ambito_id = %s" + filtro, parametri)
    return {r[0]: Saldi(ZERO, *r[1:]) for r in righe}


@dataclass(frozen=True)
class PuntoAndamento:
    giorno: dt.date
    saldi: Saldi


def andamento_get(*, ambito: Ambito, assegnazione: Assegnazione | None = None, quota: Quota | None = None,
              dal: dt.date | None = None) -> list[PuntoAndamento]:
    """Running balances of one assegnazione or quota at each date on which something moved.

    The services use it to find the smallest margin from a date on ("no balance negative at any
    date"), which is what a back-dated movement must respect. Read from the kept balance rows:
    with ``dal`` the first point is the balance at ``dal`` (the last row on or before it) and then
    one point per later day that moved — a movement recorded today reads one row, a back-dated
    one reads one row per later day, never the movements. For an assegnazione only the assigned
    and allocated amounts count (the quote's spending does not change its margins).
    """
    if quota is not None:
        tabella, chiave, pk, colonne = "fondi_saldoquota", "quota_id", quota.pk, "0, allocato, impegnato, liquidato"
    else:
        tabella, chiave, pk, colonne = ("fondi_saldoassegnazione", "assegnazione_id", assegnazione.pk,
                                        "assegnato, allocato, 0, 0")
    base = f"SELECT giorno, {colonne} FROM {tabella} WHERE ambito_id = %s AND {chiave} = %s"  # noqa: S608 - fixed SQL, values as parameters
    if dal is None:
        righe = _righe(base + " ORDER BY giorno", [ambito.pk, pk])
    else:
        righe = _righe(f"({base} AND giorno <= %s ORDER BY giorno DESC LIMIT 1) UNION ALL "
                       f"({base} AND giorno > %s) ORDER BY 1", [ambito.pk, pk, dal, ambito.pk, pk, dal])
    return [PuntoAndamento(max(r[0], dal) if dal else r[0], Saldi(*(Decimal(x) for x in r[1:]))) for r in righe]


def allocato_quote(*, assegnazione: Assegnazione, tipo_destinazione: str = "", area: str = "") -> Decimal:
    """What is allocated today (latest rows) to the quote of one destination or area of an
    assegnazione: only those quote are read."""
    campo, valore = ("q.tipo_destinazione", tipo_destinazione) if tipo_destinazione else ("q.area", area)
    righe = _righe("SELECT coalesce(sum(s.allocato), 0) FROM fondi_quota q CROSS JOIN LATERAL ("  # noqa: S608 - fixed SQL, values as parameters
                   + _SALDO_QUOTA_AL.format(colonne="s.allocato", quota="q.id")
                   + f") s WHERE q.ambito_id = %s AND q.assegnazione_id = %s AND {campo} = %s",
                   [dt.date.max, assegnazione.ambito_id, assegnazione.pk, valore])
    return righe[0][0]


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
    return qs.annotate(**_saldi_annotati_assegnazione(data)).order_by("-annualita", "fonte__ordine", "pk")


def _saldi_annotati_assegnazione(data: dt.date) -> dict[str, RawSQL]:
    """The four balances of each assegnazione at ``data`` from the kept rows (index probes)."""
    esterna = '"fondi_assegnazione"."id"'
    propria = _SALDO_ASSEGNAZIONE_AL.format(colonne="{voce}", assegnazione=esterna)
    spesa = _SPESA_ASSEGNAZIONE_AL.format(assegnazione=esterna)
    return {
        "assegnato": RawSQL(f"coalesce(({propria.format(voce='s.assegnato')}), 0)", (data,), output_field=_SOLDI),  # noqa: S611 - fixed SQL, values as parameters
        "allocato": RawSQL(f"coalesce(({propria.format(voce='s.allocato')}), 0)", (data,), output_field=_SOLDI),  # noqa: S611 - fixed SQL, values as parameters
        "impegnato": RawSQL(f"(SELECT impegnato FROM ({spesa}) x)", (data,), output_field=_SOLDI),  # noqa: S608, S611 - fixed SQL, values as parameters
        "liquidato": RawSQL(f"(SELECT liquidato FROM ({spesa}) x)", (data,), output_field=_SOLDI),  # noqa: S608, S611 - fixed SQL, values as parameters
    }


def _saldi_annotati_quota(data: dt.date) -> dict[str, Any]:
    esterna = '"fondi_quota"."id"'
    return {"assegnato": Value(ZERO, output_field=_SOLDI), **{
        voce: RawSQL(f"coalesce(({_SALDO_QUOTA_AL.format(colonne='s.' + voce, quota=esterna)}), 0)", (data,),  # noqa: S611 - fixed SQL, values as parameters
                     output_field=_SOLDI)
        for voce in ("allocato", "impegnato", "liquidato")}}


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
    return qs.annotate(**_saldi_annotati_quota(data)).order_by("tipo_destinazione", "descrizione", "pk")


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
    quota: int | str | None = None  # NESSUNO: movements of no quota (the assigned amount)
    fonte: int | None = None
    annualita: int | None = None
    tipo_destinazione: str | None = None
    comune: int | str | None = None  # NESSUNO: movements with no comune (own or of their quota)
    fonte_esatta: int | None = None
    voce: str | None = None
    tipo: str | None = None
    data: dt.date | None = None  # movements up to this date
    # without the allocations a riparto made (one per comune): a riparto is one line of the quote table
    senza_allocazioni_dei_riparti: bool = False


NESSUNO = "nessuno"  # a drill-down filter value: "not attributed" (no destination, no comune)


def movimento_list(*, ambito: Ambito, filtri: FiltriMovimenti | None = None) -> QuerySet[Movimento]:
    """Movements, drillable with the same dimensions as the position report. A lean join: what the
    list shows (fund, quota, act, corrected movement), nothing else."""
    f = filtri or FiltriMovimenti()
    qs = Movimento.objects.filter(ambito=ambito).select_related("assegnazione__fonte", "quota", "atto", "rettifica_di")
    condizioni = {
        "assegnazione_id": f.assegnazione, "quota_id": f.quota if f.quota != NESSUNO else None,
        "assegnazione__annualita": f.annualita,
        "voce": f.voce, "tipo": f.tipo, "data_contabile__lte": f.data, "assegnazione__fonte_id": f.fonte_esatta,
    }
    qs = qs.filter(**{k: v for k, v in condizioni.items() if v not in (None, "")})
    if f.tipo_destinazione == NESSUNO or f.quota == NESSUNO:
        qs = qs.filter(quota__isnull=True)
    elif f.tipo_destinazione:
        qs = qs.filter(quota__tipo_destinazione=f.tipo_destinazione)
    if f.fonte:
        qs = qs.filter(Q(assegnazione__fonte_id=f.fonte) | Q(assegnazione__fonte__padre_id=f.fonte))
    if f.comune == NESSUNO:
        qs = qs.filter(comune__isnull=True).filter(Q(quota__isnull=True) | Q(quota__comune__isnull=True))
    elif f.comune:
        qs = qs.filter(Q(comune_id=f.comune) | Q(comune__isnull=True, quota__comune_id=f.comune))
    if f.senza_allocazioni_dei_riparti:
        qs = qs.exclude(tipo=TipoMovimento.ALLOCAZIONE, quota__riparto__isnull=False)
    return qs.order_by("data_contabile", "pk")


def con_etichette(movimenti: Iterable[Movimento]) -> list[Movimento]:
    """The movements with ``tipo_etichetta`` (and their rettificato's) and ``atto_etichetta`` set,
    each label translated once per request, not once per row (``get_tipo_display`` rebuilds the
    translated choices at every call). No query."""
    tipi = {valore: str(etichetta) for valore, etichetta in TipoMovimento.choices}
    atti: dict[int, str] = {}
    elenco = list(movimenti)
    for m in elenco:
        m.tipo_etichetta = tipi[m.tipo]
        if m.rettifica_di_id:
            m.rettifica_di.tipo_etichetta = tipi[m.rettifica_di.tipo]
        if m.atto_id:
            if m.atto_id not in atti:
                atti[m.atto_id] = str(m.atto)
            m.atto_etichetta = atti[m.atto_id]
    return elenco


def filtri_descritti(*, ambito: Ambito, filtri: FiltriMovimenti) -> list[str]:
    """The filters of a movement list that the form does not show (they come from a drill-down
    link), in words: "Assegnazione: FNA 2024 — Misura B2". At most one query each."""
    descrizioni = []
    if filtri.assegnazione:
        a = Assegnazione.objects.filter(ambito=ambito, pk=filtri.assegnazione).select_related("fonte").first()
        descrizioni.append(_("Assegnazione: %(a)s") % {"a": f"{a.fonte.codice} {a.annualita} — {a.descrizione}"
                                                       if a else "—"})
    if filtri.quota == NESSUNO:
        descrizioni.append(_("Quota: nessuna"))
    elif filtri.quota:
        q = Quota.objects.filter(ambito=ambito, pk=filtri.quota).first()
        descrizioni.append(_("Quota: %(q)s") % {"q": q.descrizione if q else "—"})
    if filtri.fonte:
        f = FonteFinanziamento.objects.filter(pk=filtri.fonte).first()
        descrizioni.append(_("Fonte: %(f)s") % {"f": f.codice if f else "—"})
    if filtri.fonte_esatta:
        f = FonteFinanziamento.objects.filter(pk=filtri.fonte_esatta).first()
        descrizioni.append(_("Fonte: %(f)s") % {"f": f.codice if f else "—"})
    if filtri.comune == NESSUNO:
        descrizioni.append(_("Comune: nessuno"))
    elif filtri.comune:
        c = Comune.objects.filter(pk=filtri.comune).first()
        descrizioni.append(_("Comune: %(c)s") % {"c": c.denominazione if c else "—"})
    if filtri.tipo_destinazione == NESSUNO:
        descrizioni.append(_("Destinazione: nessuna"))
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
    "fonte": ("assegnazione__fonte_id", "assegnazione__fonte__codice", "assegnazione__fonte__denominazione"),
    "annualita": ("assegnazione__annualita",),
    "assegnazione": ("assegnazione_id", "assegnazione__descrizione"),
    "destinazione": ("quota__tipo_destinazione",),
    "quota": ("quota_id", "quota__descrizione"),
    "comune": ("comune_effettivo", "comune_nome"),
}
# The SQL expression of each grouping column of the position report (posizione_get).
_COLONNE_POSIZIONE = {
    "assegnazione__fonte_id": "f.id", "assegnazione__fonte__codice": "f.codice",
    "assegnazione__fonte__denominazione": "f.denominazione", "assegnazione__annualita": "a.annualita",
    "assegnazione_id": "a.id", "assegnazione__descrizione": "a.descrizione",
    "quota__tipo_destinazione": "r.tipo_destinazione", "quota_id": "r.quota_id", "quota__descrizione": "qd.descrizione",
    "comune_effettivo": "r.comune_id", "comune_nome": "c.denominazione",
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


# The rows the position report groups, at a date, from the kept balances: each assegnazione's
# assigned amount (no destination, no comune), each quota's allocated/committed/paid (its
# destination and comune), and the parts of a quota its movements attribute to another comune
# (moved from the quota's comune to theirs). Only kept rows are read, never the movements.
_RIGHE_POSIZIONE = """
SELECT a.id AS assegnazione_id, NULL::bigint AS quota_id, NULL::varchar AS tipo_destinazione,
       NULL::bigint AS comune_id, sa.assegnato, 0::numeric AS allocato, 0::numeric AS impegnato,
       0::numeric AS liquidato
FROM fondi_assegnazione a CROSS JOIN LATERAL (
    SELECT s.assegnato FROM fondi_saldoassegnazione s WHERE s.assegnazione_id = a.id AND s.giorno <= %(data)s
    ORDER BY s.giorno DESC LIMIT 1) sa
WHERE a.ambito_id = %(ambito)s
UNION ALL
SELECT q.assegnazione_id, q.id, q.tipo_destinazione, q.comune_id, 0, s.allocato, s.impegnato, s.liquidato
FROM fondi_quota q CROSS JOIN LATERAL (
    SELECT s.allocato, s.impegnato, s.liquidato FROM fondi_saldoquota s WHERE s.quota_id = q.id
    AND s.giorno <= %(data)s ORDER BY s.giorno DESC LIMIT 1) s
WHERE q.ambito_id = %(ambito)s
UNION ALL
SELECT e.assegnazione_id, e.quota_id, q.tipo_destinazione, x.comune_id, 0, x.segno * e.allocato,
       x.segno * e.impegnato, x.segno * e.liquidato
FROM (SELECT DISTINCT ON (quota_id, comune_id) * FROM fondi_saldocomune
      WHERE ambito_id = %(ambito)s AND giorno <= %(data)s ORDER BY quota_id, comune_id, giorno DESC) e
JOIN fondi_quota q ON q.id = e.quota_id
CROSS JOIN LATERAL (VALUES (e.comune_id, 1), (q.comune_id, -1)) x(comune_id, segno)
"""


def posizione_get(*, ambito: Ambito, data: dt.date, per: Sequence[str] = ("fonte", "annualita"),
              fonte: int | None = None, annualita: int | None = None) -> Posizione:
    """The position of the funds at ``data`` grouped by ``per`` (fonte, annualita, assegnazione,
    destinazione, quota, comune): assigned, allocated, committed, paid and what follows. One query,
    over the kept balance rows (one per assegnazione and quota), not over the movements.

    By destinazione/comune the assigned amount is not attributed (it belongs to the assegnazione):
    those rows show allocations and spending, and one row with no destination carries the assigned
    amount. The comune of a movement is its own, or else its quota's (a riparto quota).
    """
    per = [d for d in per if d in DIMENSIONI] or ["fonte"]
    campi = [c for d in per for c in DIMENSIONI[d]]
    colonne = ", ".join(f'{_COLONNE_POSIZIONE[c]} AS "{c}"' for c in campi)
    gruppi = ", ".join(_COLONNE_POSIZIONE[c] for c in campi)
    filtri, parametri = "", {"ambito": ambito.pk, "data": data}
    if fonte:
        filtri += " AND (f.id = %(fonte)s OR f.padre_id = %(fonte)s)"
        parametri["fonte"] = fonte
    if annualita:
        filtri += " AND a.annualita = %(annualita)s"
        parametri["annualita"] = annualita
    # MATERIALIZED: the rows are computed once (one probe per quota), whatever the planner
    # estimates for the joins that follow.
    sql = (f"WITH r AS MATERIALIZED ({_RIGHE_POSIZIONE}) "  # noqa: S608 - fixed SQL, values as parameters
           f"SELECT {colonne}, sum(r.assegnato), sum(r.allocato), sum(r.impegnato), sum(r.liquidato) "
           f"FROM r JOIN fondi_assegnazione a ON a.id = r.assegnazione_id "
           f"JOIN fondi_fontefinanziamento f ON f.id = a.fonte_id "
           f"LEFT JOIN fondi_quota qd ON qd.id = r.quota_id "
           f"LEFT JOIN {Comune._meta.db_table} c ON c.id = r.comune_id "
           f"WHERE a.ambito_id = %(ambito)s{filtri} GROUP BY {gruppi} ORDER BY {gruppi}")
    righe, totale = [], Saldi()
    etichette = _EtichetteDimensioni()  # each distinct label translated once, not once per row
    for r in _righe(sql, parametri):
        saldi = Saldi(*r[len(campi):])
        totale = totale + saldi
        chiavi = dict(zip(campi, r[:len(campi)], strict=True))
        righe.append(RigaPosizione(chiavi, saldi, _filtri_drill(chiavi, data, fonte=fonte, annualita=annualita),
                                   [etichette[(d, *(chiavi[c] for c in DIMENSIONI[d]))] for d in per]))
    return Posizione(data, per, righe, totale)


class _EtichetteDimensioni(dict):
    def __missing__(self, chiave: tuple) -> str:
        dimensione, *valori = chiave
        valore = self[chiave] = str(_etichetta(dimensione, dict(zip(DIMENSIONI[dimensione], valori, strict=True))))
        return valore


def _filtri_drill(chiavi: dict, data: dt.date, *, fonte: int | None = None, annualita: int | None = None) -> dict:
    """The movement-list filters that select exactly the movements of one report row: its keys
    (the fund exactly, not its lines), the report's own filters, and "none" for a row of the
    assigned amount or of movements with no comune."""
    mappa = {"assegnazione__fonte_id": "fonte_esatta", "assegnazione__annualita": "annualita",
             "assegnazione_id": "assegnazione", "quota__tipo_destinazione": "tipo_destinazione", "quota_id": "quota",
             "comune_effettivo": "comune"}
    filtri: dict = {"data": data.isoformat()}
    if fonte:
        filtri["fonte"] = fonte
    if annualita:
        filtri["annualita"] = annualita
    for campo, nome in mappa.items():
        if campo not in chiavi:
            continue
        filtri[nome] = chiavi[campo] if chiavi[campo] is not None else NESSUNO
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
    flagged any more. One query (over the kept balances)."""
    data = data or oggi()
    limite = data + dt.timedelta(days=preavviso_giorni)
    qs = assegnazione_list(ambito=ambito, data=data).filter(
        Q(scadenza_impegno__lte=limite) | Q(scadenza_spesa__lte=limite) | Q(scadenza_rendicontazione__lte=limite),
        Q(rendicontata_il__isnull=True) | Q(rendicontata_il__gt=data))
    return scadenze_da(qs, data=data, preavviso_giorni=preavviso_giorni)


def scadenze_da(assegnazioni: Iterable[Assegnazione], *, data: dt.date, preavviso_giorni: int = 60) -> list[Scadenza]:
    """The deadlines of :func:`scadenza_list` computed from assegnazioni already read with their
    balances (:func:`assegnazione_list` at ``data``): the dashboard and the home widget read the
    list once and take totals and deadlines from the same rows. No query."""
    limite = data + dt.timedelta(days=preavviso_giorni)
    risultato = []
    for a in assegnazioni:
        if a.rendicontata_il is not None and a.rendicontata_il <= data:
            continue
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


def vincolo_esito_list(*, assegnazione: Assegnazione, data: dt.date | None = None, saldi: Saldi | None = None,
                       quote: Sequence[Quota] | None = None) -> list[EsitoVincolo]:
    """How the allocations of an assegnazione stand against its constraints (one query for the
    constraints; the balances and the quote are read only if the caller has not read them)."""
    data = data or oggi()
    if saldi is None:
        saldi = saldi_assegnazioni(ambito=assegnazione.ambito, data=data, ids=[assegnazione.pk]).get(
            assegnazione.pk, Saldi())
    if quote is None:
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
    assegnazione.vincoli_verificati = vincolo_esito_list(assegnazione=assegnazione, data=data,
                                                         saldi=assegnazione.saldi, quote=assegnazione.quote_lette)
    return assegnazione


def quota_dettaglio(*, ambito: Ambito, pk: int, data: dt.date | None = None) -> Quota:
    """The quota with ``.saldi`` at ``data`` (today)."""
    quota = quota_get(ambito=ambito, pk=pk)
    quota.saldi = saldi_quote(ambito=ambito, data=data or oggi(), quota=quota).get(quota.pk, Saldi())
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
