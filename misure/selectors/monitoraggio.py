"""Read-only selectors for the regional monitoring returns of rendicontazione (FNA Misura B2, Dopo di Noi) and
its graduatoria reports: plain rows, set-based (one query per selector, never one per row), streamed where the
rows may be many.

rendicontazione imports this module; nothing here imports rendicontazione. Queries filter by ``ambito`` and run
under row-level security (the caller's Ambito scope).

Payments (``Pagamento``) are placed in a period by the **month paid** (``mese``, the month of competence), not by
the date of the liquidazione; the fondi liquidazioni of a run are reached through the run (``Distinta``) they
reference (``riferimento``), so a return can check the payments against the ledger by another path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from ambito.audit.sensibili import Lettura
from ambito.tenancy.models import Ambito
from misure.codice_fiscale import maschera_codice_fiscale
from misure.models import (
    Distinta,
    EsitoPosizione,
    Graduatoria,
    Pagamento,
    PosizioneGraduatoria,
    StatoDistinta,
    StatoGraduatoria,
)

BLOCCO = 2000  # rows fetched per round trip from the server-side cursor


class RigaPagamenti(NamedTuple):
    """One beneficiary × strumento × comune with payments in the period (the B2 monitoring row; a named tuple:
    a quarter has tens of thousands, and a tuple is built at a fraction of a dataclass's cost).

    ``pagamenti``: the payments of the group (one per domanda and month): more than ``mesi`` when the person was
    paid twice for the same month on the same strumento through two domande.

    ISEE: the latest attestation issued by the period's end (``attestazione_id``), else the ISEE declared on the
    domanda paid last (``domanda_id``). Sensitive: the caller shows the values only through the logged read
    (:func:`isee_da_leggere` → ``ambito.audit.sensibili.leggi_sensibili_righe``)."""

    comune_istat: str
    comune: str
    beneficiario_id: int
    codice_fiscale: str
    sesso: str
    data_nascita: dt.date | None
    strumento_id: int
    strumento_codice: str
    strumento: str
    mesi: int
    importo: Decimal
    indebiti: Decimal
    primo_mese: dt.date
    ultimo_mese: dt.date
    domanda_id: int
    pagamenti: int
    attestazione_id: int | None
    isee_tipo: str | None
    isee_valore: Decimal | None
    dichiarato_tipo: str
    dichiarato_valore: Decimal | None


_AGGREGATO = """
WITH strumenti AS (
    SELECT sb.id, sb.strumento_id FROM misure_strumentobando sb
    JOIN misure_strumento s ON s.id = sb.strumento_id
    JOIN misure_edizionemisura e ON e.id = s.edizione_id
    JOIN misure_misura m ON m.id = e.misura_id
    WHERE sb.ambito_id = %(ambito)s AND m.codice = %(misura)s
), pagati AS (
    SELECT p.beneficiario_id, st.strumento_id, p.comune_id, count(DISTINCT p.mese) AS mesi, count(*) AS pagamenti,
           sum(p.importo) AS importo, coalesce(sum(i.importo), 0)::numeric(12, 2) AS indebiti, min(p.mese) AS primo,
           max(p.mese) AS ultimo, (array_agg(p.domanda_id ORDER BY p.mese DESC, p.domanda_id DESC))[1] AS domanda_id
    FROM misure_pagamento p
    JOIN misure_pianoerogazione pe ON pe.id = p.piano_id
    JOIN strumenti st ON st.id = pe.strumento_id
    LEFT JOIN misure_indebito i ON i.pagamento_id = p.id
    WHERE p.ambito_id = %(ambito)s AND p.mese BETWEEN %(dal)s AND %(al)s
    GROUP BY 1, 2, 3
)
SELECT c.codice_istat, c.denominazione, b.id, b.codice_fiscale, b.sesso, b.data_nascita, s.id, s.codice, s.nome,
       pg.mesi, pg.importo, pg.indebiti, pg.primo, pg.ultimo, pg.domanda_id, pg.pagamenti,
       a.id, a.tipo_isee, a.valore_isee, d.isee_tipo, d.isee_valore
FROM pagati pg
JOIN misure_beneficiario b ON b.id = pg.beneficiario_id
JOIN ambito_comune c ON c.id = pg.comune_id
JOIN misure_strumento s ON s.id = pg.strumento_id
JOIN misure_domanda d ON d.id = pg.domanda_id
LEFT JOIN LATERAL (
    SELECT x.id, x.tipo_isee, x.valore_isee FROM misure_attestazioneisee x
    WHERE x.beneficiario_id = pg.beneficiario_id AND x.rilasciata_il <= %(al)s
    ORDER BY x.rilasciata_il DESC, x.id DESC LIMIT 1
) a ON true
ORDER BY c.codice_istat, b.codice_fiscale, s.codice, b.id
"""


def pagamenti_per_beneficiario(*, ambito: Ambito, misura: str, dal: dt.date, al: dt.date
                               ) -> Iterator[list[RigaPagamenti]]:
    """The payments of the measure (``Misura.codice``) for the months in [dal, al], one row per beneficiary ×
    strumento (of the edition) × comune, in blocks of :data:`BLOCCO` rows: **one** query through a server-side
    cursor, so memory stays flat whatever the number of payments."""
    parametri = {"ambito": ambito.pk, "misura": misura, "dal": dal, "al": al}
    with connection.chunked_cursor() as cursor:
        cursor.execute(_AGGREGATO, parametri)
        while righe := cursor.fetchmany(BLOCCO):
            yield [RigaPagamenti(*r) for r in righe]


def isee_da_leggere(righe: list[RigaPagamenti], *, ambito_id: int) -> tuple[list[Lettura], list[Lettura]]:
    """The ISEE values the rows carry, as (attestations, domande) reads for the logged sensitive read
    (``ambito.audit.sensibili.leggi_sensibili_righe``, with ``AttestazioneISEE`` fields ``tipo_isee``,
    ``valore_isee``; ``Domanda`` field ``isee_valore``): no query, each record once (a person paid on two
    strumenti has one attestation), each naming its person by the masked codice fiscale, as the models do."""
    attestazioni: dict[int, Lettura] = {}
    domande: dict[int, Lettura] = {}
    for r in righe:
        if r.attestazione_id is not None:
            if r.attestazione_id not in attestazioni:
                attestazioni[r.attestazione_id] = Lettura(
                    ambito_id, r.attestazione_id, maschera_codice_fiscale(r.codice_fiscale),
                    {"tipo_isee": r.isee_tipo, "valore_isee": r.isee_valore})
        elif r.dichiarato_valore is not None and r.domanda_id not in domande:
            domande[r.domanda_id] = Lettura(ambito_id, r.domanda_id, maschera_codice_fiscale(r.codice_fiscale),
                                            {"isee_valore": r.dichiarato_valore})
    return list(attestazioni.values()), list(domande.values())


def _pagamenti(*, ambito: Ambito, misura: str, dal: dt.date, al: dt.date) -> QuerySet[Pagamento]:
    return Pagamento.objects.filter(ambito=ambito, mese__range=(dal, al),
                                    piano__strumento__strumento__edizione__misura__codice=misura)


def pagamenti_per_strumento(*, ambito: Ambito, misura: str, dal: dt.date, al: dt.date) -> list[tuple]:
    """(strumento_id, strumento codice, strumento nome, beneficiario_id, amount paid) per strumento of the edition
    and person, for the payments of the measure for the months in [dal, al]. One query (a caller counting people
    over several strumenti needs the people, not a count per strumento)."""
    return list(_pagamenti(ambito=ambito, misura=misura, dal=dal, al=al)
                .values("piano__strumento__strumento_id", "beneficiario_id")
                .annotate(importo=Sum("importo"))
                .values_list("piano__strumento__strumento_id", "piano__strumento__strumento__codice",
                             "piano__strumento__strumento__nome", "beneficiario_id", "importo")
                .order_by("piano__strumento__strumento__codice", "beneficiario_id"))


def distinte_del_periodo(*, ambito: Ambito, misura: str, dal: dt.date, al: dt.date) -> list[tuple[int, Decimal]]:
    """(id, total) of the confirmed runs of the measure's bandi for the months in [dal, al]: the fondi
    liquidazioni that paid them reference these runs. One query."""
    return list(Distinta.objects.filter(ambito=ambito, stato=StatoDistinta.CONFERMATA, mese__range=(dal, al),
                                        bando__edizione__misura__codice=misura)
                .values_list("pk", "totale").order_by("pk"))


# --- graduatorie: the internal report and the Assemblea's dossier ------------------------------------------


STATI_DA_APPROVARE = (StatoGraduatoria.BOZZA, StatoGraduatoria.PROVVISORIA)


def graduatorie_da_approvare(*, ambito: Ambito) -> list[dict[str, Any]]:
    """The graduatorie still awaiting approval (draft or provisional) with measure, bando, budget, funded total,
    funded and waiting rows (idonee non finanziate). One query."""
    return list(Graduatoria.objects.filter(ambito=ambito, stato__in=STATI_DA_APPROVARE)
                .values("pk", "titolo", "stato", "budget", "finanziato", "calcolata_il",
                        "bando__titolo", "bando__edizione__misura__nome")
                .annotate(finanziate=Count("posizioni", filter=Q(posizioni__esito=EsitoPosizione.FINANZIATA)),
                          in_attesa=Count("posizioni", filter=Q(posizioni__esito=EsitoPosizione.NON_FINANZIATA)),
                          non_idonee=Count("posizioni", filter=Q(posizioni__esito=EsitoPosizione.NON_IDONEA)))
                .order_by("bando__edizione__misura__nome", "bando__titolo", "pk"))


def graduatoria_list_scelte(*, ambito: Ambito) -> QuerySet[Graduatoria]:
    """The Ambito's graduatorie, newest first (the report's choice)."""
    return (Graduatoria.objects.filter(ambito=ambito).select_related("bando__edizione__misura")
            .order_by("-calcolata_il", "-pk"))


def graduatoria_per_report(*, ambito: Ambito, pk: int) -> Graduatoria:
    from misure.selectors.graduatorie import graduatoria_get

    return graduatoria_get(ambito=ambito, pk=pk)


def righe_graduatoria_interne(*, graduatoria: Graduatoria) -> QuerySet[PosizioneGraduatoria]:
    """The rows of a graduatoria in print order with the person's name, the comune and the strumento (the
    internal report: names are allowed there, never in the published one). One query."""
    return (PosizioneGraduatoria.objects.filter(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria)
            .select_related("domanda__comune", "domanda__beneficiario", "domanda__strumento__strumento")
            .only("posizione", "ordine", "esito", "punti", "punteggio", "importo_richiesto", "importo_assegnato",
                  "mesi_finanziati", "motivo", "domanda__protocollo_anno", "domanda__protocollo_numero",
                  "domanda__codice_pubblico", "domanda__comune__denominazione", "domanda__beneficiario__cognome",
                  "domanda__beneficiario__nome", "domanda__strumento__strumento__nome")
            .order_by("ordine"))


def totali_graduatoria_per_comune(*, graduatoria: Graduatoria) -> list[dict[str, Any]]:
    """Per comune: rows, funded rows and amount, waiting rows (idonee non finanziate). One query."""
    return list(PosizioneGraduatoria.objects.filter(ambito_id=graduatoria.ambito_id, graduatoria=graduatoria)
                .values("domanda__comune__denominazione")
                .annotate(domande=Count("pk"),
                          finanziate=Count("pk", filter=Q(esito=EsitoPosizione.FINANZIATA)),
                          importo=Sum("importo_assegnato", filter=Q(esito=EsitoPosizione.FINANZIATA)),
                          in_attesa=Count("pk", filter=Q(esito=EsitoPosizione.NON_FINANZIATA)))
                .order_by("domanda__comune__denominazione"))


def criteri_graduatoria(*, graduatoria: Graduatoria) -> dict[str, Any]:
    """How the graduatoria ranks and funds, for a report: the scoring rules of its rule version in Italian
    sentences, the weights of the criteria, the policy, partial funding, a minimum score. No query."""
    from misure.regole.descrizione import descrivi_regole

    parametri = graduatoria.parametri or {}
    versione = graduatoria.versione_regole
    frasi: list[str] = []
    if versione is not None:
        descritte = descrivi_regole(ammissibilita=versione.regole_ammissibilita,
                                    punteggio=versione.regole_punteggio,
                                    incompatibilita=versione.regole_incompatibilita)
        frasi = descritte.punteggio
    return {"frasi": frasi, "pesi": dict(parametri.get("pesi") or {}), "soglia": parametri.get("soglia"),
            "parziale": bool(parametri.get("parziale")), "politica": graduatoria.get_politica_display(),
            "sportello": bool(parametri.get("sportello"))}
