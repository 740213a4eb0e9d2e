"""Pure ranking of a graduatoria: ordering, funding line and verification hash (no database).

Input: the snapshot (one dict per domanda, JSON-ready: what the domanda looked like when the ranking was
computed — points per criterion from its rule version, tie-break data, monthly amount and months) and the
parameters (budget, policy, tie-breakers, optional weights/threshold/amount for what-ifs). Output: one
:class:`Riga` per domanda. The same input always gives the same output and the same hash.

Order: total score descending, then the configured tie-breakers (the rules engine's :func:`chiave_parita`),
then the protocol and the domanda id as the final deterministic key. *Sportello* bandi rank by protocol only.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import Any, NamedTuple

from misure.regole.schema import CRITERI_PARITA
from misure.regole.valutazione import chiave_parita

CENT = Decimal("0.01")
ZERO = Decimal(0)
AMMISSIBILE, IN_SOSPESO, NON_AMMISSIBILE = "ammissibile", "in_sospeso", "non_ammissibile"
FINANZIATA, NON_FINANZIATA, NON_IDONEA, SOSPESA = "finanziata", "non_finanziata", "non_idonea", "in_sospeso"
ORDINE, RIEMPIMENTO = "ordine", "riempimento"


@dataclass(frozen=True)
class Parametri:
    """How to rank and fund. ``pesi`` multiplies a criterion's points (what-if); ``soglia`` is a minimum total
    score to be idonea; ``importo_mensile`` replaces every row's monthly amount (what-if)."""

    budget: Decimal
    politica: str = ORDINE
    parziale: bool = False
    parita: tuple[str, ...] = ()
    sportello: bool = False
    pesi: dict[str, Decimal] = field(default_factory=dict)
    soglia: Decimal | None = None
    importo_mensile: Decimal | None = None

    def come_json(self) -> dict[str, Any]:
        dati = asdict(self)
        dati["budget"] = str(self.budget)
        dati["parita"] = list(self.parita)
        dati["pesi"] = {k: str(v) for k, v in sorted(self.pesi.items())}
        dati["soglia"] = None if self.soglia is None else str(self.soglia)
        dati["importo_mensile"] = None if self.importo_mensile is None else str(self.importo_mensile)
        return dati

    @classmethod
    def da_json(cls, dati: dict[str, Any]) -> Parametri:
        return cls(budget=Decimal(dati["budget"]), politica=dati.get("politica", ORDINE),
                   parziale=bool(dati.get("parziale")), parita=tuple(dati.get("parita", ())),
                   sportello=bool(dati.get("sportello")),
                   pesi={k: Decimal(v) for k, v in (dati.get("pesi") or {}).items()},
                   soglia=None if dati.get("soglia") is None else Decimal(dati["soglia"]),
                   importo_mensile=(None if dati.get("importo_mensile") is None
                                    else Decimal(dati["importo_mensile"])))


class Riga(NamedTuple):
    """One computed row. ``posizione`` is None for non idonea / in sospeso rows. Immutable (a named tuple: at
    20,000 rows a frozen dataclass's construction was a tenth of the ranking)."""

    domanda: int
    posizione: int | None
    esito: str
    punti: dict[str, str]
    punteggio: Decimal | None
    importo_richiesto: Decimal | None
    importo_assegnato: Decimal
    mesi_finanziati: int
    motivo: str = ""

    def come_json(self) -> dict[str, Any]:
        return {"domanda": self.domanda, "posizione": self.posizione, "esito": self.esito, "punti": self.punti,
                "punteggio": _testo(self.punteggio), "importo_richiesto": _testo(self.importo_richiesto),
                "importo_assegnato": str(self.importo_assegnato), "mesi_finanziati": self.mesi_finanziati,
                "motivo": self.motivo}


def _testo(valore: Decimal | None) -> str | None:
    return None if valore is None else str(valore)


@dataclass
class Risultato:
    righe: list[Riga]
    finanziato: Decimal
    residuo: Decimal
    hash: str

    @property
    def punteggio_soglia(self) -> Decimal | None:
        """The score of the last funded row (the cut-off)."""
        finanziate = [r.punteggio for r in self.righe if r.esito == FINANZIATA and r.punteggio is not None]
        return min(finanziate) if finanziate else None


def _dec(valore: Any) -> Decimal | None:
    return None if valore is None or valore == "" else Decimal(str(valore))


def punti_pesati(voce: dict[str, Any], pesi: dict[str, Decimal]) -> tuple[dict[str, str], Decimal]:
    """Points per criterion (weighted) and their total, rounded to the cent."""
    punti: dict[str, str] = {}
    totale = ZERO
    for criterio, valore in (voce.get("punti") or {}).items():  # the hash sorts them, the pages by name
        testo = str(valore)
        numero = Decimal(testo)
        peso = pesi.get(criterio)
        if peso is not None or testo[-3:-2] != ".":  # the snapshot keeps points with two decimals
            numero = (numero * (Decimal(1) if peso is None else peso)).quantize(CENT, ROUND_HALF_UP)
        punti[criterio] = str(numero)
        totale += numero
    return punti, totale


class _DatiParita:
    """The four values the engine's tie-break key reads (a :class:`DatiDomanda` would do, at 20,000 rows
    its construction costs more than the ranking)."""

    __slots__ = ("data_nascita", "isee_valore", "protocollo", "punteggio_valutazione")

    def __init__(self, voce: dict[str, Any], criteri: tuple[str, ...]) -> None:
        nascita = voce.get("nascita") if ("eta_decrescente" in criteri or "eta_crescente" in criteri) else None
        protocollo = voce.get("protocollo")
        self.data_nascita = dt.date.fromisoformat(nascita) if nascita else None
        self.isee_valore = _dec(voce.get("isee")) if "isee_crescente" in criteri else None
        self.punteggio_valutazione = (_dec(voce.get("valutazione")) if "valutazione_decrescente" in criteri
                                      else None)
        self.protocollo = tuple(protocollo) if protocollo else None


def _protocollo(voce: dict[str, Any]) -> tuple:
    protocollo = voce.get("protocollo")
    return (protocollo is None, *(protocollo or (0, 0)))


def chiave_ordinamento(voce: dict[str, Any], totale: Decimal, parametri: Parametri) -> tuple:
    """Score descending, tie-breakers, then protocol and id: a total order (ids are unique)."""
    if parametri.sportello:
        return (_protocollo(voce), voce["id"])
    if not parametri.parita:
        return (-totale, (), _protocollo(voce), voce["id"])
    return (-totale, chiave_parita(_DatiParita(voce, parametri.parita), list(parametri.parita)), _protocollo(voce),
            voce["id"])


def costo(voce: dict[str, Any], parametri: Parametri) -> tuple[Decimal | None, Decimal | None, int]:
    """(full cost, monthly amount, months) of a row; cost None if the amount or months are unknown."""
    mensile = parametri.importo_mensile if parametri.importo_mensile is not None else _dec(voce.get("importo_mensile"))
    mesi = int(voce.get("mesi") or 0)
    if mensile is None or mesi <= 0:
        return None, mensile, mesi
    return (mensile * mesi).quantize(CENT, ROUND_HALF_UP), mensile, mesi


@contextmanager
def senza_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many short-lived containers (20,000 rows of dicts and
    tuples trigger repeated full collections that cost a third of the ranking); restored on exit."""
    attivo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if attivo:
            gc.enable()


def _punti_veloci(voce: dict[str, Any]) -> tuple[dict[str, str], Decimal]:
    """:func:`punti_pesati` without weights, same result: a "12.50" string is kept as it is."""
    punti: dict[str, str] = {}
    totale = ZERO
    for criterio, valore in (voce.get("punti") or {}).items():
        if valore.__class__ is str and valore[-3:-2] == ".":
            numero = Decimal(valore)
        else:
            numero = Decimal(str(valore)).quantize(CENT, ROUND_HALF_UP)
        punti[criterio] = str(numero)
        totale += numero
    return punti, totale


def _estrattore_parita(criterio: str) -> Callable[[dict[str, Any]], tuple]:
    """One tie-breaker's key part read straight from a snapshot row (the same tuple :func:`chiave_parita` builds
    from a :class:`_DatiParita`)."""
    if criterio == "isee_crescente":
        def isee(voce: dict[str, Any]) -> tuple:
            valore = _dec(voce.get("isee"))
            return (valore is None, valore if valore is not None else ZERO)
        return isee
    if criterio in ("eta_decrescente", "eta_crescente"):
        segno = 1 if criterio == "eta_decrescente" else -1

        def eta(voce: dict[str, Any]) -> tuple:
            nascita = voce.get("nascita")
            if not nascita:
                return (True, 0)
            return (False, segno * dt.date.fromisoformat(nascita).toordinal())
        return eta
    if criterio == "protocollo_crescente":
        def protocollo(voce: dict[str, Any]) -> tuple:
            valore = voce.get("protocollo")
            return (not valore, *(tuple(valore) if valore else (0, 0)))
        return protocollo

    def valutazione(voce: dict[str, Any]) -> tuple:
        valore = _dec(voce.get("valutazione"))
        return (valore is None, -valore if valore is not None else ZERO)
    return valutazione


def funzione_chiave(parametri: Parametri) -> Callable[[dict[str, Any], Decimal], tuple]:
    """:func:`chiave_ordinamento` specialised once per rule set (the tie-breakers are not re-read per row)."""
    if parametri.sportello:
        return lambda voce, _totale: (_protocollo(voce), voce["id"])
    estrattori = tuple(_estrattore_parita(c) for c in parametri.parita if c in CRITERI_PARITA)
    return lambda voce, totale: (-totale, tuple(e(voce) for e in estrattori), _protocollo(voce), voce["id"])


@dataclass(frozen=True)
class Preparato:
    """Per-row values read together with the snapshot (one entry per snapshot row, same order), so that the
    ranking does not derive them again from the snapshot's strings: the total score, the row's rank in the order
    of the tie-breakers, protocol and id (the database sorts on the same key), and the row's text in the hash:
    its canonical snapshot line (:func:`_voce_testo`) and its sorted ``criterio=punti`` pairs, each preceded by
    the field separator (the end of its ranking line). :func:`prepara` is the reference of what they must be;
    the selector's fast read (:func:`misure.selectors.graduatorie.snapshot_preparato`) computes them with its
    query.

    The contract: every snapshot row's points are canonical two-decimal strings (``str(Decimal(p)) == p``), so
    the rows' points are the snapshot's. Valid only for the tie-breakers and mode it was computed for, without
    weights (:meth:`vale_per`)."""

    parita: tuple[str, ...]
    sportello: bool
    totali: list[Decimal]
    ranghi: list[int]
    coppie: list[str]
    testi: list[str]

    def vale_per(self, snapshot: list[dict[str, Any]], parametri: Parametri) -> bool:
        return (not parametri.pesi and self.sportello == parametri.sportello
                and self.parita == _parita_note(parametri.parita) and len(self.totali) == len(snapshot)
                and len(self.ranghi) == len(snapshot) and len(self.coppie) == len(snapshot)
                and len(self.testi) == len(snapshot))


def _parita_note(parita: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(c for c in parita if c in CRITERI_PARITA)


def prepara(snapshot: list[dict[str, Any]], parametri: Parametri) -> Preparato | None:
    """The reference :class:`Preparato` of a snapshot, computed from its strings (None when a row's points are not
    canonical: the fast path does not apply). Used by the tests to pin what the selector's query computes."""
    totali, coppie, testi = [], [], []
    for voce in snapshot:
        punti, totale = _punti_veloci(voce)
        if punti != (voce.get("punti") or {}):  # e.g. "5" or "07.50": not the text the rows will show
            return None
        totali.append(totale)
        coppie.append("".join(f"\x1f{k}={v}" for k, v in sorted(punti.items())))
        testi.append(_voce_testo(voce, _coppia))
    chiave = funzione_chiave(Parametri(budget=ZERO, parita=parametri.parita, sportello=parametri.sportello))
    ordine = sorted(range(len(snapshot)), key=lambda i: chiave(snapshot[i], ZERO))
    ranghi = [0] * len(snapshot)
    for rango, i in enumerate(ordine, start=1):
        ranghi[i] = rango
    return Preparato(parita=_parita_note(parametri.parita), sportello=parametri.sportello, totali=totali,
                     ranghi=ranghi, coppie=coppie, testi=testi)


def calcola(snapshot: list[dict[str, Any]], parametri: Parametri, preparato: Preparato | None = None) -> Risultato:
    """Rank and fund. Pure: the same (snapshot, parametri) always give the same rows and hash; a valid
    ``preparato`` (see :class:`Preparato`) only makes it faster."""
    with senza_gc():
        if preparato is not None and preparato.vale_per(snapshot, parametri):
            return _calcola_preparato(snapshot, parametri, preparato)
        return _calcola(snapshot, parametri)


def _calcola_preparato(snapshot: list[dict[str, Any]], parametri: Parametri, preparato: Preparato) -> Risultato:
    """:func:`_calcola` with the totals, ranks and points text already known: one stable sort on the rank (the
    tie-break order), then one on the score (descending, stable), gives the order of :func:`chiave_ordinamento`."""
    idonee: list[tuple[int, dict[str, Any], dict[str, str], Decimal]] = []
    altre: list[Riga] = []
    soglia = parametri.soglia
    for voce, totale, rango in zip(snapshot, preparato.totali, preparato.ranghi, strict=True):
        stato, punti = voce.get("stato"), voce.get("punti") or {}  # the snapshot's texts (read, never changed)
        if stato == AMMISSIBILE:
            if soglia is not None and totale < soglia:
                altre.append(Riga(voce["id"], None, NON_IDONEA, punti, totale, None, ZERO, 0,
                                  f"Punteggio {totale} sotto la soglia di {soglia}"))
            else:
                idonee.append((rango, voce, punti, totale))
        elif stato == IN_SOSPESO:
            altre.append(Riga(voce["id"], None, SOSPESA, punti, totale, None, ZERO, 0,
                              voce.get("motivo") or "Documenti mancanti"))
        else:
            altre.append(Riga(voce["id"], None, NON_IDONEA, punti, None, None, ZERO, 0,
                              voce.get("motivo") or "Requisiti non soddisfatti"))
    idonee.sort(key=itemgetter(0))
    if not parametri.sportello:
        idonee.sort(key=itemgetter(3), reverse=True)
    righe, finanziato = _linea_di_finanziamento(idonee, parametri)
    altre.sort(key=lambda r: (r.esito, r.domanda))
    righe.extend(altre)
    return Risultato(righe=righe, finanziato=finanziato, residuo=parametri.budget - finanziato,
                     hash=_hash_preparato(snapshot, parametri, righe, preparato))


def _calcola(snapshot: list[dict[str, Any]], parametri: Parametri) -> Risultato:
    idonee: list[tuple[tuple, dict[str, Any], dict[str, str], Decimal]] = []
    altre: list[Riga] = []
    pesi, soglia, chiave = parametri.pesi, parametri.soglia, funzione_chiave(parametri)
    for voce in snapshot:
        punti, totale = punti_pesati(voce, pesi) if pesi else _punti_veloci(voce)
        stato = voce.get("stato")
        if stato == AMMISSIBILE:
            if soglia is not None and totale < soglia:
                altre.append(Riga(voce["id"], None, NON_IDONEA, punti, totale, None, ZERO, 0,
                                  f"Punteggio {totale} sotto la soglia di {soglia}"))
            else:
                idonee.append((chiave(voce, totale), voce, punti, totale))
        elif stato == IN_SOSPESO:
            altre.append(Riga(voce["id"], None, SOSPESA, punti, totale, None, ZERO, 0,
                              voce.get("motivo") or "Documenti mancanti"))
        else:
            altre.append(Riga(voce["id"], None, NON_IDONEA, punti, None, None, ZERO, 0,
                              voce.get("motivo") or "Requisiti non soddisfatti"))
    idonee.sort(key=lambda t: t[0])
    righe, finanziato = _linea_di_finanziamento(idonee, parametri)
    altre.sort(key=lambda r: (r.esito, r.domanda))
    righe.extend(altre)
    residuo = parametri.budget - finanziato
    return Risultato(righe=righe, finanziato=finanziato, residuo=residuo,
                     hash=hash_calcolo(snapshot, parametri, righe))


def _linea_di_finanziamento(idonee: list, parametri: Parametri) -> tuple[list[Riga], Decimal]:
    residuo = parametri.budget
    righe: list[Riga] = []
    chiusa = False  # strict order: once a row does not fit, every later row waits
    costi: dict[tuple, tuple[Decimal | None, Decimal | None, int]] = {}  # few distinct (amount, months)
    for posizione, (_chiave, voce, punti, totale) in enumerate(idonee, start=1):
        chiave_costo = (voce.get("importo_mensile"), voce.get("mesi"))
        if chiave_costo not in costi:
            costi[chiave_costo] = costo(voce, parametri)
        pieno, mensile, mesi = costi[chiave_costo]
        assegnato, mesi_finanziati, motivo = ZERO, 0, ""
        if pieno is None:
            motivo = "Importo o mesi non determinabili"
        elif not chiusa and pieno <= residuo:
            assegnato, mesi_finanziati = pieno, mesi
        elif not chiusa and parametri.politica == ORDINE:
            chiusa = True
            mesi_possibili = int(residuo // mensile) if parametri.parziale and mensile and mensile > 0 else 0
            if mesi_possibili >= 1:
                assegnato, mesi_finanziati = (mensile * mesi_possibili).quantize(CENT, ROUND_HALF_UP), mesi_possibili
                motivo = f"Finanziata per {mesi_possibili} mesi su {mesi}"
            else:
                motivo = "Budget esaurito"
        else:
            motivo = "Budget esaurito" if chiusa else "Costo oltre il residuo disponibile"
        residuo -= assegnato
        esito = FINANZIATA if assegnato > 0 else NON_FINANZIATA
        righe.append(Riga(voce["id"], posizione, esito, punti, totale, pieno, assegnato, mesi_finanziati, motivo))
    return righe, parametri.budget - residuo


def _canonico(dati: Any) -> bytes:
    return json.dumps(dati, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


CAMPI_SNAPSHOT = ("id", "codice", "comune", "strumento", "stato", "motivo", "protocollo", "isee", "nascita",
                  "valutazione", "importo_mensile", "mesi")


def hash_calcolo(snapshot: list[dict[str, Any]], parametri: Parametri, righe: list[Riga]) -> str:
    """SHA-256 of inputs (snapshot, parameters) and outputs (rows): the published verification hash.

    Canonical form (UTF-8, one line each, unit separator between fields): the parameters as sorted JSON; the
    snapshot sorted by domanda id, fields in :data:`CAMPI_SNAPSHOT` order then ``criterio=punti`` sorted; the
    rows in ranking order (domanda, position, esito, total, cost, amount, months, reason, points)."""
    sha = hashlib.sha256(_canonico(parametri.come_json()))
    sha.update(b"\nS")
    # The same canonical text as the first version (stored hashes still verify), built in one pass per part;
    # "=".join on the (criterio, punti) pairs is the fast spelling of f"{k}={v}" when both are strings.
    ordinate = sorted(snapshot, key=lambda v: v["id"])
    try:
        voci = [_voce_testo(v, "=".join) for v in ordinate]
    except TypeError:
        voci = [_voce_testo(v, _coppia) for v in ordinate]
    try:
        testo_righe = [_riga_testo(r, "=".join) for r in righe]
    except TypeError:
        testo_righe = [_riga_testo(r, _coppia) for r in righe]
    sha.update("\n".join(["", *voci, "R", *testo_righe]).encode())
    return sha.hexdigest()


def _hash_preparato(snapshot: list[dict[str, Any]], parametri: Parametri, righe: list[Riga],
                    preparato: Preparato) -> str:
    """:func:`hash_calcolo` with each snapshot row's canonical line and sorted ``criterio=punti`` text known
    (the same text)."""
    sha = hashlib.sha256(_canonico(parametri.come_json()))
    sha.update(b"\nS")
    ids = [v["id"] for v in snapshot]
    ordine = sorted(range(len(ids)), key=ids.__getitem__)
    coppie = dict(zip(ids, preparato.coppie, strict=True))
    testi = ["", *map(preparato.testi.__getitem__, ordine), "R"]
    testi.extend(f"{r.domanda!s}\x1f{r.posizione!s}\x1f{r.esito}\x1f{r.punteggio!s}\x1f{r.importo_richiesto!s}\x1f"
                 f"{r.importo_assegnato!s}\x1f{r.mesi_finanziati!s}\x1f{r.motivo}{coppie[r.domanda]}" for r in righe)
    sha.update("\n".join(testi).encode())
    return sha.hexdigest()


def _coppia(coppia: tuple[Any, Any]) -> str:
    return f"{coppia[0]}={coppia[1]}"


def _voce_testo(voce: dict[str, Any], coppia: Callable[[tuple], str]) -> str:
    return "\x1f".join([*map(str, map(voce.get, CAMPI_SNAPSHOT)),
                         *map(coppia, sorted((voce.get("punti") or {}).items()))])


def _riga_testo(r: Riga, coppia: Callable[[tuple], str]) -> str:
    return "\x1f".join([str(r.domanda), str(r.posizione), r.esito, str(r.punteggio), str(r.importo_richiesto),
                         str(r.importo_assegnato), str(r.mesi_finanziati), r.motivo,
                         *map(coppia, sorted(r.punti.items()))])
