"""Queries of the graduatorie part: the ranking snapshot (a constant number of queries per ranking, not per
domanda), graduatorie and their rows."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast

from ambito.errors import NonTrovato
from ambito.tenancy.models import Ambito
from misure.models import (
    Bando,
    Domanda,
    Graduatoria,
    PosizioneGraduatoria,
    SimulazioneGraduatoria,
    StatoDomanda,
    StrumentoBando,
    Valutazione,
)
from misure.regole.graduatoria import ZERO, Preparato, senza_gc
from misure.regole.lettura import importo_mensile
from misure.regole.schema import CRITERI_PARITA

CENT = Decimal("0.01")

# Domanda state → snapshot state. Finanziata domande of an earlier (monthly) graduatoria are not ranked again.
STATI_IN_GRADUATORIA = {
    StatoDomanda.AMMISSIBILE: "ammissibile",
    StatoDomanda.LISTA_ATTESA: "ammissibile",
    StatoDomanda.IN_SOSPESO: "in_sospeso",
    StatoDomanda.NON_AMMISSIBILE: "non_ammissibile",
}


def _mesi(sb: StrumentoBando) -> int | None:
    return sb.mesi or sb.strumento.mesi


def snapshot_domande(*, bando: Bando, strumento: StrumentoBando | None = None, fino_al: dt.date | None = None,
                     parita: list[str] | tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """What each domanda looks like for the ranking, as JSON-ready dicts (see :func:`snapshot_preparato`)."""
    return snapshot_preparato(bando=bando, strumento=strumento, fino_al=fino_al, parita=parita)[0]


def snapshot_preparato(*, bando: Bando, strumento: StrumentoBando | None = None, fino_al: dt.date | None = None,
                       parita: list[str] | tuple[str, ...] = (), sportello: bool = False
                       ) -> tuple[list[dict[str, Any]], Preparato | None]:
    """The snapshot and, when every domanda's points have the engine's usual shape, the per-row values the
    ranking would otherwise derive from it (:class:`misure.regole.graduatoria.Preparato`): the strumenti, the
    read's settings and the read (one more read when some points need the checked normalisation), never one
    query per domanda.

    Only what the ranking reads is kept: the ISEE value, birth date and assessment score only when a
    tie-breaker uses them (the snapshot is internal, never published)."""
    strumenti = {sb.pk: sb for sb in StrumentoBando.objects.filter(ambito_id=bando.ambito_id, bando=bando)
                 .select_related("strumento")}
    domande = _domande(bando, strumento, fino_al)
    parita = tuple(parita)
    veloce = _lettura_veloce(domande, parita, sportello, bando.ambito_id)
    with senza_gc():
        risultato = _voci_veloci(veloce, strumenti, parita, sportello)
        if risultato is not None:
            return risultato
    campi, righe = _lettura(domande, parita, bando.ambito_id)
    with senza_gc():
        return _voci(campi, righe, strumenti), None


def _domande(bando: Bando, strumento: StrumentoBando | None, fino_al: dt.date | None) -> QuerySet[Domanda]:
    domande = Domanda.objects.filter(ambito_id=bando.ambito_id, bando=bando, stato__in=list(STATI_IN_GRADUATORIA))
    if strumento is not None:
        domande = domande.filter(strumento=strumento)
    if fino_al is not None:
        domande = domande.filter(presentata_il__date__lte=fino_al)
    return domande


def _valutazione_ultima(ambito_id: int) -> Subquery:
    return Subquery(Valutazione.objects.filter(ambito_id=ambito_id, domanda=OuterRef("pk"))
                    .order_by("-data", "-pk").values("punteggio")[:1])


def _esegui(domande: QuerySet[Domanda], campi: list[str]) -> list[tuple]:
    # One read of plain tuples (the ORM builds the scoped SQL; row-level security applies as well): turning
    # 20,000 rows into model dicts would cost more than the ranking itself (bench/graduatorie.py).
    sql, parametri = domande.order_by("pk").values_list(*campi).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, parametri)
        return cursor.fetchall()


def _lettura(domande: QuerySet[Domanda], parita: tuple[str, ...], ambito_id: int) -> tuple[list[str], list[tuple]]:
    """The stored columns the ranking needs (the checked path)."""
    campi = ["pk", "codice_pubblico", "comune_id", "strumento_id", "stato", "motivo_esito", "punteggio_dettaglio",
             "protocollo_anno", "protocollo_numero", "parametro_fasce"]
    if "isee_crescente" in parita:
        campi.append("isee_valore")
    if {"eta_crescente", "eta_decrescente"} & set(parita):
        campi.append("beneficiario__data_nascita")
    if "valutazione_decrescente" in parita:
        domande = domande.annotate(valutazione_ultima=_valutazione_ultima(ambito_id))
        campi.append("valutazione_ultima")
    return campi, _esegui(domande, campi)


# The points' two fields as two JSON lists, read by PostgreSQL's JSON path from the stored dettaglio (not the
# descriptions and values the engine stores with them). Strict mode skips an element that is not an object or
# lacks the field: lists shorter than the dettaglio mean "not the usual shape", and the checked path reads that
# snapshot. Their types are checked in Python (a filter in the path cost a fifth of the read's server time).
_CAMPO = """jsonb_path_query_array(%%(expressions)s, 'strict $[*].%s', '{}', true)::text"""
_CRITERI, _PUNTI = _CAMPO % "criterio", _CAMPO % "punti"
_VOCI = "CASE WHEN jsonb_typeof(%(expressions)s) = 'array' THEN jsonb_array_length(%(expressions)s) END"


def _ordine_parita(parita: tuple[str, ...], sportello: bool) -> list[Any]:
    """The ORDER BY of the engine's tie-break key (:func:`misure.regole.graduatoria.funzione_chiave` without the
    score): missing values last, then the protocol (a missing number sorts last, its year then ignored), then id."""
    ordine: list[Any] = []
    for criterio in () if sportello else parita:
        if criterio == "isee_crescente":
            ordine.append(F("isee_valore").asc(nulls_last=True))
        elif criterio == "eta_decrescente":
            ordine.append(F("beneficiario__data_nascita").asc(nulls_last=True))
        elif criterio == "eta_crescente":
            ordine.append(F("beneficiario__data_nascita").desc(nulls_last=True))
        elif criterio == "valutazione_decrescente":
            ordine.append(F("valutazione_ultima").desc(nulls_last=True))
        elif criterio == "protocollo_crescente":
            ordine.extend(_ordine_protocollo())
    return [*ordine, *_ordine_protocollo(), F("pk").asc()]


def _ordine_protocollo() -> list[Any]:
    senza = ExpressionWrapper(Q(protocollo_numero__isnull=True), output_field=BooleanField())
    anno = Case(When(protocollo_numero__isnull=False, then=F("protocollo_anno")), output_field=IntegerField())
    return [senza.asc(), anno.asc(), F("protocollo_numero").asc()]


def _lettura_veloce(domande: QuerySet[Domanda], parita: tuple[str, ...], sportello: bool, ambito_id: int
                    ) -> list[tuple]:
    """One query, sorted by the tie-break key: the stored columns as the snapshot writes them (ISEE and birth
    date as text), the points' two JSON lists and their number, the latest assessment score."""
    testo = TextField()
    domande = domande.annotate(
        criteri=Func(F("punteggio_dettaglio"), template=_CRITERI, output_field=testo),
        punti=Func(F("punteggio_dettaglio"), template=_PUNTI, output_field=testo),
        voci=Func(F("punteggio_dettaglio"), template=_VOCI, output_field=IntegerField()),
        isee_testo=Cast("isee_valore", testo) if "isee_crescente" in parita else Value(None, output_field=testo),
        nascita_testo=(Func(F("beneficiario__data_nascita"), Value("YYYY-MM-DD"), function="to_char",
                            output_field=testo) if {"eta_crescente", "eta_decrescente"} & set(parita)
                       else Value(None, output_field=testo)),
        valutazione_ultima=(_valutazione_ultima(ambito_id) if "valutazione_decrescente" in parita
                            else Value(None, output_field=DecimalField())))
    campi = ["pk", "codice_pubblico", "comune_id", "strumento_id", "stato", "motivo_esito", "criteri", "punti",
             "voci", "protocollo_anno", "protocollo_numero", "parametro_fasce", "isee_testo", "nascita_testo",
             "valutazione_ultima"]
    sql, parametri = (domande.order_by(*_ordine_parita(tuple(c for c in parita if c in CRITERI_PARITA), sportello))
                      .values_list(*campi).query.sql_with_params())
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(IMPOSTAZIONI_LETTURA)
        cursor.execute(sql, parametri)
        return cursor.fetchall()


# For the rest of the transaction (the caller's, or one opened for the read): the correlated assessment
# subquery makes the planner's estimate pass the JIT threshold, and compiling the query cost more than it saved
# (bench/graduatorie.py: 40-80 ms at 20,000 rows); the sort of 20,000 rows fits in memory instead of on disk.
IMPOSTAZIONI_LETTURA = "SET LOCAL jit = off; SET LOCAL work_mem = '32MB'"


def _voci_veloci(righe: list[tuple], strumenti: dict[int, StrumentoBando], parita: tuple[str, ...],
                 sportello: bool) -> tuple[list[dict[str, Any]], Preparato] | None:
    """The snapshot rows (by id, as the checked path gives them) and their :class:`Preparato` from the fast read
    (rows in the tie-break order: the rank is the row's place); None as soon as a row is not in the usual shape
    (points not a list of criterio/punti strings, a criterion repeated or empty, points not "12.50" or "12", a
    protocol number without its year): the checked path then reads the snapshot."""
    importi: dict[tuple, str | None] = {}
    mesi = {pk: _mesi(sb) for pk, sb in strumenti.items()}
    stati = {str(k): v for k, v in STATI_IN_GRADUATORIA.items()}
    forme: dict[str, tuple | None] = {}  # per distinct list of criteria (most domande share one)
    testi_numeri: dict[str, str] = {}  # per distinct points string of the usual shape: the text shown
    valori_numeri: dict[str, Decimal] = {}  # and its value
    voci: list[dict[str, Any]] = []
    totali: list[Decimal] = []
    coppie: list[str] = []
    testi: list[str] = []
    for (pk, codice, comune, strumento, stato, motivo, criteri, punti_testo, n, anno, numero, fasce, isee, nascita,
         valutazione) in righe:
        if n is None or (anno is None and numero is not None):  # dettaglio not a list; protocol without a year
            return None
        forma = forme.get(criteri, False)
        if forma is False:
            forma = forme[criteri] = _forma(criteri)
        if forma is None:
            return None
        chiavi, ordine_coppie, modello = forma
        # PostgreSQL writes a JSON list of strings as ["12.50", "3.00"]: cut there, every piece is then checked (a
        # value that is not a string, or a string with an escaped quote, leaves a piece that is not a number, an
        # unexpected first or last character, or too few pieces)
        if n and not (punti_testo.startswith('["') and punti_testo.endswith('"]')):
            return None
        valori = punti_testo[2:-2].split('", "') if n else []
        if n != len(chiavi) or n != len(valori):
            return None
        try:  # two C-level passes over the points strings seen before (a few dozen distinct ones)
            numeri_riga = list(map(testi_numeri.__getitem__, valori))
            totale = sum(map(valori_numeri.__getitem__, valori), ZERO)
        except KeyError:
            if not _registra_numeri(valori, testi_numeri, valori_numeri):
                return None
            numeri_riga = list(map(testi_numeri.__getitem__, valori))
            totale = sum(map(valori_numeri.__getitem__, valori), ZERO)
        chiave = (strumento, fasce)
        importo = importi.get(chiave, False)
        if importo is False:
            mensile = importo_mensile(strumenti[strumento], fasce)
            importo = importi[chiave] = None if mensile is None else str(mensile)
        stato, motivo = stati[stato], (motivo or "")[:300]
        protocollo = [anno, numero] if numero is not None else None
        valutazione = None if valutazione is None else str(valutazione)
        durata = mesi[strumento]
        voci.append({
            "id": pk, "codice": codice, "comune": comune, "strumento": strumento, "stato": stato, "motivo": motivo,
            "punti": dict(zip(chiavi, numeri_riga, strict=True)), "protocollo": protocollo, "isee": isee,
            "nascita": nascita, "valutazione": valutazione, "importo_mensile": importo, "mesi": durata,
        })
        totali.append(totale)
        testo_coppie = modello % (ordine_coppie(numeri_riga) if n > 1 else tuple(numeri_riga))
        coppie.append(testo_coppie)
        # the snapshot line of the hash (misure.regole.graduatoria._voce_testo: fields in CAMPI_SNAPSHOT order)
        testi.append(f"{pk!s}\x1f{codice!s}\x1f{comune!s}\x1f{strumento!s}\x1f{stato}\x1f{motivo}\x1f"
                     f"{protocollo!s}\x1f{isee!s}\x1f{nascita!s}\x1f{valutazione!s}\x1f{importo!s}\x1f{durata!s}"
                     f"{testo_coppie}")
    ordine = sorted(range(len(voci)), key=[v["id"] for v in voci].__getitem__)
    return [voci[i] for i in ordine], Preparato(parita=tuple(c for c in parita if c in CRITERI_PARITA),
                                                 sportello=sportello, totali=[totali[i] for i in ordine],
                                                 ranghi=[i + 1 for i in ordine], coppie=[coppie[i] for i in ordine],
                                                 testi=[testi[i] for i in ordine])


_CANONICO = re.compile(r"(0|-?[1-9][0-9]{0,19})([.][0-9][0-9])?")


def _registra_numeri(valori: list[str], testi: dict[str, str], numeri: dict[str, Decimal]) -> bool:
    """Add the new points strings of a row to the two tables; False if one is not of the usual shape."""
    for v in valori:
        if v not in testi:
            letto = _numero(v)
            if letto is None:
                return False
            testi[v], numeri[v] = letto
    return True


def _numero(testo: Any) -> tuple[str, Decimal] | None:
    """A points string of the usual shape: "12.50" as it is, "12" as the checked path shows it ("12.00"); None
    for anything else (the checked path normalises it)."""
    if testo.__class__ is not str or not _CANONICO.fullmatch(testo):
        return None
    if "." not in testo:
        testo += ".00"
    return testo, Decimal(testo)


def _forma(criteri: str) -> tuple[tuple[str, ...], Any, str] | None:
    """The criteria of a points list, how to pick its values in the hash's (sorted) order, and the text model of
    its ``criterio=punti`` pairs; a criterion not a string, empty or repeated makes it unusual (never matches)."""
    chiavi = tuple(json.loads(criteri))
    if len(set(chiavi)) != len(chiavi) or not all(c.__class__ is str and c for c in chiavi):
        return None
    ordine = sorted(range(len(chiavi)), key=chiavi.__getitem__)
    modello = "".join(f"\x1f{chiavi[i].replace('%', '%%')}=%s" for i in ordine)
    return chiavi, (itemgetter(*ordine) if len(ordine) > 1 else None), modello


def _voci(campi: list[str], righe: list[tuple], strumenti: dict[int, StrumentoBando]) -> list[dict[str, Any]]:
    """The snapshot rows of the checked path, read by position (a per-row dict of the columns would double the
    cost)."""
    indice = {nome: i for i, nome in enumerate(campi)}
    i_isee, i_nascita = indice.get("isee_valore"), indice.get("beneficiario__data_nascita")
    i_valutazione = indice.get("valutazione_ultima")
    importi: dict[tuple, str | None] = {}
    mesi = {pk: _mesi(sb) for pk, sb in strumenti.items()}
    stati = {str(k): v for k, v in STATI_IN_GRADUATORIA.items()}
    voci = []
    for riga in righe:
        (pk, codice, comune, strumento, stato, motivo, dettaglio, anno, numero, fasce) = riga[:10]
        chiave = (strumento, fasce)
        if chiave not in importi:
            mensile = importo_mensile(strumenti[strumento], fasce)
            importi[chiave] = None if mensile is None else str(mensile)
        isee = None if i_isee is None else riga[i_isee]
        nascita = None if i_nascita is None else riga[i_nascita]
        valutazione = None if i_valutazione is None else riga[i_valutazione]
        voci.append({
            "id": pk, "codice": codice, "comune": comune, "strumento": strumento, "stato": stati[stato],
            "motivo": (motivo or "")[:300], "punti": _punti(dettaglio),
            "protocollo": [anno, numero] if numero is not None else None,
            "isee": None if isee is None else str(isee),
            "nascita": nascita.isoformat() if nascita else None,
            "valutazione": None if valutazione is None else str(valutazione),
            "importo_mensile": importi[chiave], "mesi": mesi[strumento],
        })
    return voci


def _punti(dettaglio: Any) -> dict[str, str]:
    if isinstance(dettaglio, str):
        dettaglio = json.loads(dettaglio)
    try:  # the usual shape, read in one comprehension; anything unusual goes through the checked loop
        punti = {voce["criterio"]: voce["punti"] for voce in dettaglio}
        if all(k.__class__ is str and k and v.__class__ is str and v[-3:-2] == "." for k, v in punti.items()):
            return punti
    except (KeyError, TypeError):
        pass
    punti = {}
    for voce in dettaglio or ():
        if voce.__class__ is not dict:
            continue
        criterio, valore = voce.get("criterio"), voce.get("punti")
        if not criterio:
            continue
        # The engine stores "12.50"; anything else (an int, "5") is normalised to two decimals.
        if valore.__class__ is not str or valore[-3:-2] != ".":
            valore = str(Decimal(str(valore or 0)).quantize(CENT, ROUND_HALF_UP))
        punti[criterio if criterio.__class__ is str else str(criterio)] = valore
    return punti


def graduatoria_list(*, bando: Bando) -> QuerySet[Graduatoria]:
    return (Graduatoria.objects.filter(ambito_id=bando.ambito_id, bando=bando)
            .select_related("strumento__strumento", "atto_provvisoria", "atto_definitiva"))


def graduatoria_get(*, ambito: Ambito, pk: int) -> Graduatoria:
    try:
        return (Graduatoria.objects.select_related("bando__edizione__misura", "strumento__strumento",
                                                   "atto_provvisoria", "atto_definitiva", "versione_regole")
                .get(ambito=ambito, pk=pk))
    except Graduatoria.DoesNotExist as exc:
        raise NonTrovato() from exc


def posizione_list(*, graduatoria: Graduatoria) -> QuerySet[PosizioneGraduatoria]:
    return (PosizioneGraduatoria.objects.filter(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria)
            .select_related("domanda__comune", "domanda__strumento__strumento").order_by("ordine"))


def bilancio_bando(*, bando: Bando) -> tuple[Decimal, Any]:
    """The bando's budget still available on its fondi quotas (allocated − committed) and the quota when
    there is exactly one (read through the fondi selectors; never written here)."""
    from fondi.selectors import saldi_di
    from misure.selectors.bandi import quote_del_bando

    quote = quote_del_bando(bando=bando)
    disponibile = sum((saldi_di(q).disponibile for q in quote), Decimal(0))
    return disponibile, (quote[0] if len(quote) == 1 else None)


def simulazione_get(*, graduatoria: Graduatoria, pk: int) -> SimulazioneGraduatoria:
    simulazione = SimulazioneGraduatoria.objects.filter(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria,
                                                        pk=pk).first()
    if simulazione is None:
        raise NonTrovato()
    return simulazione


def strumenti_del_bando(*, bando: Bando) -> QuerySet[StrumentoBando]:
    return StrumentoBando.objects.filter(ambito_id=bando.ambito_id, bando=bando).select_related("strumento")
