"""Read-only selectors over the SIUSS outbox (``EventoSIUSS``) for the SIUSS return and the WaaS feed.

rendicontazione imports this module; nothing here imports rendicontazione. The event rows are plain dicts from
**one** set-based query (streamed with a server-side cursor: memory stays flat whatever the number of events), each
with what its record is built from: the person, the plan, the domanda, the strumento, whether the payment was
undone, the outbox's own data (``dati_mese``, ``dati_importo``: the month and amount of a payment; ``dati_dal``:
the day a suspension or end takes effect), and the sensitive parts — the DSU protocol of the person's latest ISEE
attestation (``dsu_*``) and the SINA dimensions of the domanda's latest assessment (``sina_*``). Those come with
the row because a query per chunk cost more than the file itself; the caller shows them only through the core
sensitive-read service (``ambito.audit.sensibili.leggi_sensibili_righe``, one log row per record, for the records
it uses: :func:`letture_dsu`, :func:`letture_sina`). The certifications behind the civil-invalidity codes come as
plain values (:func:`certificazioni_invalidita`), for ``leggi_sensibili_righe`` too;
:func:`eventi_siuss_per_trimestre` counts the events still to send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractQuarter, ExtractYear

from ambito.audit.sensibili import Lettura
from ambito.tenancy.models import Ambito
from misure.codice_fiscale import maschera_codice_fiscale
from misure.models import Certificazione, EventoSIUSS, TipoCertificazione, Valutazione

BLOCCO = 2000  # rows fetched per round trip from the server-side cursor

# The columns of one event row (the keys of the dicts the selectors yield), in the query's order.
CAMPI_EVENTO = (
    "evento_id", "chiave", "tipo", "data", "dati_mese", "dati_importo", "dati_dal", "creato_il", "beneficiario_id",
    "codice_fiscale", "cognome", "nome",
    "data_nascita", "luogo_nascita", "sesso", "cittadinanza", "comune_istat", "comune_regione", "piano_id",
    "piano_mese_inizio", "piano_importo_mensile", "domanda_id",
    "protocollo_numero", "protocollo_anno", "isee_tipo", "strumento_id", "strumento_nome", "misura_nome", "annullato",
    "dsu_id", "dsu_protocollo", "dsu_anno", "dsu_data", "sina_id", "sina_strumento", "sina_uvm",
    "sina_mobilita", "sina_attivita_quotidiane", "sina_disturbi_cognitivi", "sina_bisogni_sanitari",
    "sina_rete_supporto", "sina_area_reddituale",
)
CAMPI_SINA = ("sina_mobilita", "sina_attivita_quotidiane", "sina_disturbi_cognitivi", "sina_bisogni_sanitari",
              "sina_rete_supporto", "sina_area_reddituale")
CAMPI_DSU = ("protocollo_dsu", "anno_dsu")

# A payment wholly undone afterwards (an indebito for its whole amount): the reader sends a cancellation. Payments
# are unique per (domanda, month) and a plan has one domanda, so (plan, month) names the payment. One rule, read by
# the event rows and by the WaaS feed's list of cancellations.
_ANNULLATO = """EXISTS (SELECT FROM misure_indebito i JOIN misure_pagamento g ON g.id = i.pagamento_id
               WHERE g.piano_id = e.piano_id AND g.mese = e.data AND i.importo = g.importo)"""
_EVENTI = """
SELECT e.id, e.chiave, e.tipo, e.data, (e.dati->>'mese')::date, (e.dati->>'importo')::numeric(12, 2),
       (e.dati->>'dal')::date, {creato_il}, b.id, b.codice_fiscale, b.cognome, b.nome,
       b.data_nascita, b.luogo_nascita_belfiore, b.sesso, b.cittadinanza, c.codice_istat, c.codice_regione,
       pe.id, pe.mese_inizio, pe.importo_mensile, d.id, d.protocollo_numero,
       d.protocollo_anno, d.isee_tipo, st.id, st.nome, m.nome,
       {annullato},
       a.id, a.protocollo_dsu, a.anno_dsu, a.rilasciata_il, v.id, v.strumento, v.uvm_asst,
       v.sina_mobilita, v.sina_attivita_quotidiane, v.sina_disturbi_cognitivi, v.sina_bisogni_sanitari,
       v.sina_rete_supporto, v.sina_area_reddituale
FROM misure_eventosiuss e
JOIN misure_beneficiario b ON b.id = e.beneficiario_id
LEFT JOIN ambito_comune c ON c.id = b.comune_id
JOIN misure_pianoerogazione pe ON pe.id = e.piano_id
JOIN misure_domanda d ON d.id = pe.domanda_id
JOIN misure_strumentobando sb ON sb.id = pe.strumento_id
JOIN misure_strumento st ON st.id = sb.strumento_id
JOIN misure_edizionemisura ed ON ed.id = st.edizione_id
JOIN misure_misura m ON m.id = ed.misura_id
LEFT JOIN LATERAL (
    SELECT x.id, x.protocollo_dsu, x.anno_dsu, x.rilasciata_il FROM misure_attestazioneisee x
    WHERE x.beneficiario_id = b.id ORDER BY x.rilasciata_il DESC, x.id DESC LIMIT 1
) a ON true
LEFT JOIN LATERAL (
    SELECT y.id, y.strumento, y.uvm_asst, y.sina_mobilita, y.sina_attivita_quotidiane, y.sina_disturbi_cognitivi,
           y.sina_bisogni_sanitari, y.sina_rete_supporto, y.sina_area_reddituale
    FROM misure_valutazione y WHERE y.domanda_id = d.id ORDER BY y.data DESC, y.id DESC LIMIT 1
) v ON true
WHERE e.ambito_id = %(ambito)s AND {filtro}
ORDER BY {ordine}
""".replace("{annullato}", _ANNULLATO)


def _righe(*, ambito: Ambito, filtro: str, ordine: str, parametri: dict[str, Any], creato_il: bool = True
           ) -> Iterator[dict[str, Any]]:
    """``creato_il`` False: the rows leave out when each event was written (the WaaS feed's cursor; the quarter's
    file does not need it, and a time zone-aware timestamp is the costliest value to load)."""
    sql = _EVENTI.format(filtro=filtro, ordine=ordine, creato_il="e.creato_il" if creato_il else "NULL")
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, {"ambito": ambito.pk, **parametri})
        while righe := cursor.fetchmany(BLOCCO):
            for valori in righe:
                yield dict(zip(CAMPI_EVENTO, valori, strict=True))


def eventi_siuss(*, ambito: Ambito, dal: dt.date, al: dt.date) -> Iterator[dict[str, Any]]:
    """The outbox events dated in [dal, al] as plain rows, grouped by beneficiary (ordered by beneficiary, date,
    id): one query, streamed."""
    return _righe(ambito=ambito, filtro="e.data BETWEEN %(dal)s AND %(al)s", ordine="e.beneficiario_id, e.data, e.id",
                  parametri={"dal": dal, "al": al}, creato_il=False)


def _letture(righe: Iterable[dict[str, Any]], *, ambito_id: int, chiave: str, colonne: dict[str, str]
             ) -> list[Lettura]:
    """The sensitive values the rows carry for one kind of record (its id in column ``chiave``; field → column in
    ``colonne``), each record once, naming its person by the masked codice fiscale."""
    letture: dict[int, Lettura] = {}
    for r in righe:
        pk = r[chiave]
        if pk is not None and pk not in letture:
            letture[pk] = Lettura(ambito_id, pk, maschera_codice_fiscale(r["codice_fiscale"]),
                                  {campo: r[colonna] for campo, colonna in colonne.items()})
    return list(letture.values())


def letture_dsu(righe: Iterable[dict[str, Any]], *, ambito_id: int) -> list[Lettura]:
    """The DSU protocols the rows carry, for the logged sensitive read of ``AttestazioneISEE`` (fields
    :data:`CAMPI_DSU`)."""
    return _letture(righe, ambito_id=ambito_id, chiave="dsu_id",
                    colonne={"protocollo_dsu": "dsu_protocollo", "anno_dsu": "dsu_anno"})


def letture_sina(righe: Iterable[dict[str, Any]], *, ambito_id: int) -> list[Lettura]:
    """The SINA dimensions the rows carry, for the logged sensitive read of ``Valutazione`` (fields
    :data:`CAMPI_SINA`)."""
    return _letture(righe, ambito_id=ambito_id, chiave="sina_id", colonne={nome: nome for nome in CAMPI_SINA})


def eventi_siuss_count(*, ambito: Ambito, dal: dt.date, al: dt.date) -> int:
    return EventoSIUSS.objects.filter(ambito=ambito, data__range=(dal, al)).count()


def eventi_siuss_per_trimestre(*, ambito: Ambito, dal: dt.date) -> list[tuple[int, int, int, int]]:
    """``(anno, trimestre, eventi, non ancora inviati)`` per quarter of the events dated from ``dal`` and of any
    quarter with events not sent yet, newest first (one query): the SIUSS page shows what still has to leave."""
    return list(EventoSIUSS.objects.filter(Q(data__gte=dal) | Q(inviato_il__isnull=True), ambito=ambito)
                .annotate(anno=ExtractYear("data"), trimestre=ExtractQuarter("data"))
                .values_list("anno", "trimestre")
                .annotate(n=Count("pk"), da_inviare=Count("pk", filter=Q(inviato_il__isnull=True)))
                .order_by("-anno", "-trimestre"))


def eventi_siuss_dopo(*, ambito: Ambito, dopo: tuple[dt.datetime, int] | None, limite: int
                      ) -> list[dict[str, Any]]:
    """Up to ``limite`` outbox events after the cursor (``creato_il``, id), in the order they were written (the
    WaaS feed): one query."""
    filtro, parametri = "true", {"limite": limite}
    if dopo is not None:
        filtro = "(e.creato_il, e.id) > (%(creato_il)s, %(id)s)"
        parametri |= {"creato_il": dopo[0], "id": dopo[1]}
    return list(_righe(ambito=ambito, filtro=filtro, ordine="e.creato_il, e.id LIMIT %(limite)s",
                       parametri=parametri))


def eventi_siuss_per_id(*, ambito: Ambito, ids: Iterable[int]) -> list[dict[str, Any]]:
    """The rows of the given outbox events (one query)."""
    return list(_righe(ambito=ambito, filtro="e.id = ANY(%(ids)s)", ordine="e.creato_il, e.id",
                       parametri={"ids": list(ids)}))


_ANNULLATI = """
SELECT e.id FROM misure_eventosiuss e
WHERE e.ambito_id = %(ambito)s AND e.tipo = 'pagamento' AND (e.creato_il, e.id) <= (%(creato_il)s, %(id)s)
      AND {annullato}
ORDER BY e.id
""".replace("{annullato}", _ANNULLATO)


def pagamenti_annullati(*, ambito: Ambito, fino_a: tuple[dt.datetime, int] | None) -> list[int]:
    """Ids of the payment events up to the cursor whose payment was wholly undone (one query, the same rule as the
    rows' ``annullato``): the WaaS feed sends them again as cancellations."""
    if fino_a is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_ANNULLATI, {"ambito": ambito.pk, "creato_il": fino_a[0], "id": fino_a[1]})
        return [pk for (pk,) in cursor.fetchall()]


# The certifications the SIUSS InvCiv codes are made of (a sensory disability has no code of its own).
TIPI_INVALIDITA = (TipoCertificazione.INVALIDITA, TipoCertificazione.ACCOMPAGNAMENTO, TipoCertificazione.NPI,
                   TipoCertificazione.L104_C1, TipoCertificazione.L104_C3)
CAMPI_INVALIDITA = ("tipo_certificazione", "percentuale_invalidita")
MODELLO_INVALIDITA = Certificazione  # the model the sensitive-read log names for these rows (no instance is built)


_CERTIFICAZIONI = """
SELECT c.id, c.ambito_id, c.beneficiario_id, c.data, b.codice_fiscale, c.tipo_certificazione,
       c.percentuale_invalidita
FROM misure_certificazione c JOIN misure_beneficiario b ON b.id = c.beneficiario_id
WHERE c.ambito_id = %(ambito)s AND c.beneficiario_id = ANY(%(persone)s::bigint[]) AND c.data <= %(al)s
      AND c.tipo_certificazione = ANY(%(tipi)s::text[])
ORDER BY c.beneficiario_id, c.data, c.id
"""


def certificazioni_invalidita(*, ambito: Ambito, beneficiario_ids: Iterable[int], al: dt.date
                              ) -> list[dict[str, Any]]:
    """The certifications of the beneficiaries dated by ``al`` that the SIUSS civil-invalidity codes read, as plain
    rows (one query, no model instance; the people as one array parameter — an ``IN`` list of a chunk's people
    cost more to build than to run): ``pk``, ``ambito_id``, ``beneficiario_id``, ``data``, ``interessato`` (the
    masked codice fiscale) and the sensitive ``valori`` (type, percentage). Sensitive (disability): the caller
    reads ``valori`` through ``ambito.audit.sensibili.leggi_sensibili_righe``."""
    with connection.cursor() as cursor:
        persone = "{" + ",".join(str(int(pk)) for pk in beneficiario_ids) + "}"  # an array literal
        cursor.execute(_CERTIFICAZIONI, {"ambito": ambito.pk, "persone": persone, "al": al,
                                         "tipi": [str(t) for t in TIPI_INVALIDITA]})
        righe = cursor.fetchall()
    return [{"pk": pk, "ambito_id": ambito_id, "beneficiario_id": beneficiario_id, "data": data,
             "interessato": maschera_codice_fiscale(codice_fiscale),
             "valori": {"tipo_certificazione": tipo, "percentuale_invalidita": percentuale}}
            for pk, ambito_id, beneficiario_id, data, codice_fiscale, tipo, percentuale in righe]


def nomi_beneficiari(*, ambito: Ambito, ids: Iterable[int]) -> dict[int, str]:
    """``{id: "Cognome Nome"}`` of the beneficiaries visible in the scope (one query): the SIUSS page names the
    people its flows are about."""
    from misure.models import Beneficiario

    return {pk: f"{cognome} {nome}" for pk, cognome, nome in Beneficiario.objects
            .filter(ambito=ambito, pk__in=list(ids)).values_list("pk", "cognome", "nome")}


def domande_con_piano_senza_sina(*, ambito: Ambito) -> list[Any]:
    """The domande with a payment plan and no assessment with the SINA mobility dimension (the demo completes
    them so its SIUSS file has the SINA block): one query."""
    from misure.models import Domanda

    con_sina = Valutazione.objects.filter(domanda_id=OuterRef("pk"), sina_mobilita__isnull=False)
    return list(Domanda.objects.filter(ambito=ambito, piano_erogazione__isnull=False)
                .exclude(Exists(con_sina)).select_related("bando").order_by("pk"))
