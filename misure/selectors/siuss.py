"""Read-only selectors over the SIUSS outbox (``EventoSIUSS``) for the SIUSS return and the WaaS feed.

rendicontazione imports this module; nothing here imports rendicontazione. The rows are plain dicts from **one**
set-based query (streamed with a server-side cursor: memory stays flat whatever the number of events): one per
benefit (:func:`prestazioni_siuss`, the quarter's file) with what its records share — the person, the plan, the
domanda, the strumento, and the sensitive parts: the DSU protocol of the person's latest ISEE attestation
(``dsu_*``) and the SINA dimensions of the domanda's latest assessment (``sina_*``) — and its events (``eventi``:
whether the payment was undone, the outbox's own data: ``dati_mese``, ``dati_importo``, the month and amount of a
payment; ``dati_dal``, the day a suspension or end takes effect), or one per event with its benefit's keys
(:func:`eventi_siuss_dopo`, :func:`eventi_siuss_per_id`: the WaaS feed). The sensitive parts come with the rows
because a query per chunk cost more than the file itself; the caller shows them only through the core
sensitive-read service (``ambito.audit.sensibili``, one log row per record, for the records it uses:
:func:`letture_dsu`, :func:`letture_sina`). The certifications behind the civil-invalidity codes come as plain
values (:func:`certificazioni_invalidita`), for that service too; :func:`eventi_siuss_per_trimestre` counts the
events still to send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractQuarter, ExtractYear

from ambito.audit.sensibili import Lettura
from ambito.tenancy.models import Ambito
from misure.codice_fiscale import maschera_codice_fiscale
from misure.models import Certificazione, EventoSIUSS, TipoCertificazione, Valutazione

BLOCCO = 2000  # rows fetched per round trip from the server-side cursor

# The keys of a benefit (a payment plan) the rows carry, in the query's order: the person, the plan, the domanda,
# the strumento, and the sensitive parts.
CAMPI_PRESTAZIONE = (
    "beneficiario_id", "codice_fiscale", "cognome", "nome", "data_nascita", "luogo_nascita", "sesso", "cittadinanza",
    "comune_istat", "comune_regione", "piano_id", "piano_mese_inizio", "piano_importo_mensile", "domanda_id",
    "protocollo_numero", "protocollo_anno", "isee_tipo", "strumento_id", "strumento_nome", "misura_nome",
    "dsu_id", "dsu_protocollo", "dsu_anno", "dsu_data", "sina_id", "sina_strumento", "sina_uvm",
    "sina_mobilita", "sina_attivita_quotidiane", "sina_disturbi_cognitivi", "sina_bisogni_sanitari",
    "sina_rete_supporto", "sina_area_reddituale",
)
# The keys of one event (a benefit's ``eventi``), in the query's order.
CAMPI_SOLO_EVENTO = ("evento_id", "chiave", "tipo", "data", "dati_mese", "dati_importo", "dati_dal", "annullato",
                     "creato_il")
# The keys of one event row (:func:`eventi_siuss_dopo`, :func:`eventi_siuss_per_id`): the event's and its benefit's.
CAMPI_EVENTO = CAMPI_SOLO_EVENTO + CAMPI_PRESTAZIONE
CAMPI_SINA = ("sina_mobilita", "sina_attivita_quotidiane", "sina_disturbi_cognitivi", "sina_bisogni_sanitari",
              "sina_rete_supporto", "sina_area_reddituale")
CAMPI_DSU = ("protocollo_dsu", "anno_dsu")

# A payment wholly undone afterwards (an indebito for its whole amount): the reader sends a cancellation. Payments
# are unique per (domanda, month) and a plan has one domanda, so (plan, month) names the payment. One rule, read by
# the event rows and by the WaaS feed's list of cancellations.
_ANNULLATO = """EXISTS (SELECT FROM misure_indebito i JOIN misure_pagamento g ON g.id = i.pagamento_id
               WHERE g.piano_id = e.piano_id AND g.mese = e.data AND i.importo = g.importo)"""
# One row per benefit (plan) with events among those asked for (``ev``: the filter, and for the WaaS feed its order
# and limit): what the benefit's records share — the person, domanda, strumento, the person's latest ISEE
# attestation and the domanda's latest SINA assessment — read once, and its events in date order as one text
# (:func:`_eventi`; and an array of when each was written, when asked). A plan has an event per month: a row per
# event repeated all of it, and a text is the cheapest way, for PostgreSQL and for Python, to hand a row's list
# over (an array per key cost twice the query).
# An event names its plan's beneficiary (``misure.services.erogazioni`` writes them so): the person is the plan's.
_PRESTAZIONI = """
WITH ev AS MATERIALIZED (
    SELECT e.id, e.chiave, e.tipo, e.data, e.dati, e.creato_il, e.piano_id, {annullato} AS annullato
    FROM misure_eventosiuss e
    WHERE e.ambito_id = %(ambito)s AND {filtro}
    {primi}
), eventi AS (
    SELECT e.piano_id,
           string_agg(concat_ws(chr(31), e.id, e.tipo, to_char(e.data, 'YYYY-MM-DD'), coalesce(e.dati->>'mese', ''),
                                coalesce(e.dati->>'importo', ''), coalesce(e.dati->>'dal', ''), e.annullato::int,
                                e.chiave), chr(30) ORDER BY e.data, e.id) AS eventi,
           {creati} AS creati
    FROM ev e GROUP BY e.piano_id
)
SELECT b.id, b.codice_fiscale, b.cognome, b.nome, b.data_nascita, b.luogo_nascita_belfiore, b.sesso,
       b.cittadinanza, c.codice_istat, c.codice_regione, pe.id, pe.mese_inizio, pe.importo_mensile, d.id,
       d.protocollo_numero, d.protocollo_anno, d.isee_tipo, st.id, st.nome, m.nome,
       a.id, a.protocollo_dsu, a.anno_dsu, a.rilasciata_il, v.id, v.strumento, v.uvm_asst,
       v.sina_mobilita, v.sina_attivita_quotidiane, v.sina_disturbi_cognitivi, v.sina_bisogni_sanitari,
       v.sina_rete_supporto, v.sina_area_reddituale,
       g.eventi, g.creati
FROM eventi g
JOIN misure_pianoerogazione pe ON pe.id = g.piano_id
JOIN misure_beneficiario b ON b.id = pe.beneficiario_id
LEFT JOIN ambito_comune c ON c.id = b.comune_id
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
ORDER BY b.id, pe.id
""".replace("{annullato}", _ANNULLATO)


def sql_prestazioni(*, filtro: str, primi: str = "", creato_il: bool = True) -> str:
    """The benefits' query: the events matching ``filtro`` (SQL on the outbox row ``e``), ``primi`` (e.g.
    ``ORDER BY e.creato_il, e.id LIMIT %(limite)s``: only the first of them) grouped by benefit, ordered by person
    and plan. ``creato_il`` False: the events leave out when each was written (the WaaS feed's cursor; the quarter's
    file does not need it, and a time zone-aware timestamp is the costliest value to load)."""
    creati = "array_agg(e.creato_il ORDER BY e.data, e.id)" if creato_il else "NULL::timestamptz[]"
    return _PRESTAZIONI.format(filtro=filtro, primi=primi, creati=creati)


class _Valori(dict[str, Any]):
    """The dates and amounts a query's events hold, each parsed once: a quarter's events share a few months and
    amounts (one object each, whose hash is then computed once too). Bounded: it starts over past 10,000."""

    def __init__(self, converti: Any) -> None:
        super().__init__()
        self.converti = converti

    def __missing__(self, testo: str) -> Any:
        if len(self) >= 10_000:
            self.clear()
        valore = self[testo] = self.converti(testo) if testo else None
        return valore


def _eventi(testo: str, creati: list[dt.datetime] | None, date: _Valori, importi: _Valori) -> list[dict[str, Any]]:
    """The events of one benefit from the query's text: events separated by the ASCII record separator (30), their
    values by the unit separator (31) — id, type, date, month paid, amount, effective date, undone (1/0), key (last:
    the only free text, written by the platform) — "" for none; ``creati`` (when asked) in the same order."""
    eventi = []
    for numero, valori in enumerate(testo.split("\x1e")):
        pk, tipo, giorno, mese, importo, dal, annullato, chiave = valori.split("\x1f", 7)
        eventi.append({"evento_id": int(pk), "chiave": chiave, "tipo": tipo, "data": date[giorno],
                       "dati_mese": date[mese], "dati_importo": importi[importo], "dati_dal": date[dal],
                       "annullato": annullato == "1", "creato_il": creati[numero] if creati else None})
    return eventi


def _prestazioni(*, ambito: Ambito, filtro: str, parametri: dict[str, Any], primi: str = "",
                 creato_il: bool = True) -> Iterator[dict[str, Any]]:
    sql = sql_prestazioni(filtro=filtro, primi=primi, creato_il=creato_il)
    date, importi = _Valori(dt.date.fromisoformat), _Valori(Decimal)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, {"ambito": ambito.pk, **parametri})
        while righe := cursor.fetchmany(BLOCCO):
            for *valori, eventi, creati in righe:
                prestazione = dict(zip(CAMPI_PRESTAZIONE, valori, strict=True))
                prestazione["eventi"] = _eventi(eventi, creati, date, importi)
                yield prestazione


def prestazioni_siuss(*, ambito: Ambito, dal: dt.date, al: dt.date) -> Iterator[dict[str, Any]]:
    """The benefits with outbox events dated in [dal, al], each with those events (``eventi``, in date order),
    ordered by person and plan: one query, streamed (the quarter's file)."""
    return _prestazioni(ambito=ambito, filtro="e.data BETWEEN %(dal)s AND %(al)s", parametri={"dal": dal, "al": al},
                        creato_il=False)


def righe_eventi(prestazioni: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """One row per event of the benefits: the event's keys and its benefit's (:data:`CAMPI_EVENTO`)."""
    for prestazione in prestazioni:
        comune = {k: v for k, v in prestazione.items() if k != "eventi"}
        for evento in prestazione["eventi"]:
            yield comune | evento


def eventi_siuss(*, ambito: Ambito, dal: dt.date, al: dt.date) -> Iterator[dict[str, Any]]:
    """The outbox events dated in [dal, al] as event rows, ordered by person, plan and date: one query,
    streamed."""
    return righe_eventi(prestazioni_siuss(ambito=ambito, dal=dal, al=al))


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
    return _in_ordine_di_scrittura(_prestazioni(ambito=ambito, filtro=filtro, parametri=parametri,
                                                primi="ORDER BY e.creato_il, e.id LIMIT %(limite)s"))


def eventi_siuss_per_id(*, ambito: Ambito, ids: Iterable[int]) -> list[dict[str, Any]]:
    """The rows of the given outbox events (one query)."""
    return _in_ordine_di_scrittura(_prestazioni(ambito=ambito, filtro="e.id = ANY(%(ids)s)",
                                                parametri={"ids": list(ids)}))


def _in_ordine_di_scrittura(prestazioni: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(righe_eventi(prestazioni), key=itemgetter("creato_il", "evento_id"))


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
