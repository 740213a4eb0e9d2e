"""Queries of the graduatorie part: the ranking snapshot (a constant number of queries per ranking, not per
domanda), graduatorie and their rows."""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery

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
from misure.regole.graduatoria import senza_gc
from misure.regole.lettura import importo_mensile

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
    """What each domanda looks like for the ranking, as JSON-ready dicts, in two queries.

    Only what the ranking reads is kept: the ISEE value, birth date and assessment score only when a
    tie-breaker uses them (the snapshot is internal, never published)."""
    strumenti = {sb.pk: sb for sb in StrumentoBando.objects.filter(ambito_id=bando.ambito_id, bando=bando)
                 .select_related("strumento")}
    domande = Domanda.objects.filter(ambito_id=bando.ambito_id, bando=bando, stato__in=list(STATI_IN_GRADUATORIA))
    if strumento is not None:
        domande = domande.filter(strumento=strumento)
    if fino_al is not None:
        domande = domande.filter(presentata_il__date__lte=fino_al)
    campi = ["pk", "codice_pubblico", "comune_id", "strumento_id", "stato", "motivo_esito", "punteggio_dettaglio",
             "protocollo_anno", "protocollo_numero", "parametro_fasce"]
    if "isee_crescente" in parita:
        campi.append("isee_valore")
    if {"eta_crescente", "eta_decrescente"} & set(parita):
        campi.append("beneficiario__data_nascita")
    if "valutazione_decrescente" in parita:
        ultima = (Valutazione.objects.filter(ambito_id=bando.ambito_id, domanda=OuterRef("pk"))
                  .order_by("-data", "-pk").values("punteggio")[:1])
        domande = domande.annotate(valutazione_ultima=Subquery(ultima))
        campi.append("valutazione_ultima")
    # One read of plain tuples (the ORM builds the scoped SQL; row-level security applies as well): turning
    # 20,000 rows into model dicts would cost more than the ranking itself (bench/graduatorie.py).
    sql, parametri = domande.order_by("pk").values_list(*campi).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, parametri)
        righe = cursor.fetchall()
    with senza_gc():
        return _voci(campi, righe, strumenti)


def _voci(campi: list[str], righe: list[tuple], strumenti: dict[int, StrumentoBando]) -> list[dict[str, Any]]:
    """The snapshot rows, read by position (a per-row dict of the columns would double the cost)."""
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
