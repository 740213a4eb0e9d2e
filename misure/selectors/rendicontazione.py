"""Read-only selectors for rendicontazione (returns, dashboards): aggregated rows over the whole Ambito.

rendicontazione imports this module; nothing here imports rendicontazione. Every query is scoped by the
Ambito's managers and filtered by ``ambito``; none restricts to a comune (the dashboards are the Ambito's).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, CharField, Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from ambito.formato import oggi
from ambito.tenancy.models import Ambito
from misure.models import (
    AttestazioneISEE,
    Bando,
    Beneficiario,
    Domanda,
    Misura,
    StatoDomanda,
    Strumento,
    StrumentoBando,
)

# A domanda counts as financed (its person a beneficiary of the measure) in these states.
STATI_FINANZIATI = (StatoDomanda.FINANZIATA, StatoDomanda.ATTIVA, StatoDomanda.SOSPESA, StatoDomanda.CESSATA)
# Eligible and waiting for money: the waiting list.
STATI_IN_ATTESA = (StatoDomanda.LISTA_ATTESA, StatoDomanda.AMMISSIBILE)
STATI_DECISIONE = (StatoDomanda.AMMISSIBILE, StatoDomanda.NON_AMMISSIBILE)


def misura_mappabile_list(*, ambito: Ambito) -> QuerySet[Misura]:
    return Misura.objects.filter(ambito=ambito).order_by("nome")


def strumento_mappabile_list(*, ambito: Ambito) -> QuerySet[Strumento]:
    """Every strumento of every edition, with its measure (one query)."""
    return (Strumento.objects.filter(ambito=ambito).select_related("edizione__misura")
            .order_by("edizione__misura__nome", "-edizione__annualita", "nome"))


CITTADINANZA_ITALIANA = frozenset({"italiana", "italia", "it", "ita"})
LUNGHEZZA_CHIAVE = 60  # the mapping table's object key


def chiave_cittadinanza(testo: str | None) -> str:
    """A citizenship as recorded on a beneficiary (free text), normalised to the mapping table's key: lower case,
    spaces collapsed, at most 60 characters ("Marocchina ", "marocchina" → "marocchina")."""
    return " ".join((testo or "").split()).lower()[:LUNGHEZZA_CHIAVE]


def cittadinanza_mappabile_list(*, ambito: Ambito) -> list[tuple[str, str]]:
    """The distinct citizenships recorded on the Ambito's beneficiaries other than the Italian one (which SIUSS
    codes 380 without a mapping): ``[(key, text as first recorded)]`` sorted by key (one query)."""
    scelte: dict[str, str] = {}
    for testo in (Beneficiario.objects.filter(ambito=ambito).values_list("cittadinanza", flat=True)
                  .distinct().order_by("cittadinanza")):
        chiave = chiave_cittadinanza(testo)
        if chiave and chiave not in CITTADINANZA_ITALIANA:
            scelte.setdefault(chiave, " ".join(testo.split()))
    return sorted(scelte.items())


def _della_misura(*, ambito: Ambito, anno: int, misura: int | None) -> tuple[QuerySet[Domanda], list, list]:
    """The year's domande without joins (so the index on the Ambito and the presentation date is used) and the
    arrays that map their bando to its measure (two small queries)."""
    bandi = list(Bando.objects.filter(ambito=ambito).values_list("pk", "edizione__misura_id").order_by())
    qs = Domanda.objects.filter(ambito=ambito, presentata_il__year=anno).exclude(stato=StatoDomanda.BOZZA)
    if misura:
        qs = qs.filter(bando_id__in=[b for b, m in bandi if m == misura])
    return qs, [b for b, _m in bandi], [m for _b, m in bandi]


def conteggi_domande(*, ambito: Ambito, anno: int, misura: int | None = None, gruppi: dict[int, str] | None = None
                     ) -> dict[str, dict[Any, tuple[int, int, int]]]:
    """Counts of the domande presented in ``anno`` — (domande, distinct beneficiaries with a financed domanda,
    domande on the waiting list) — per measure (``"misura"``: misura id), per group of strumenti (``"gruppo"``:
    ``gruppi`` maps a strumento id to the caller's group, e.g. an ISTAT area; "" for the others), per comune
    (``"comune"``) and in all (``"totale"``: key None). One query and one scan of the year's domande (GROUPING
    SETS): a row per key whatever the number of domande."""
    domande, bandi, misure = _della_misura(ambito=ambito, anno=anno, misura=misura)
    sql, parametri = domande.values_list("bando_id", "strumento_id", "comune_id", "beneficiario_id", "stato").order_by(
    ).query.sql_with_params()  # the ORM's own query; its parameters stay separate
    strumenti = dict(StrumentoBando.objects.filter(ambito=ambito).values_list("pk", "strumento_id"))
    gruppi = gruppi or {}
    per_bando = {sb: gruppi[s] for sb, s in strumenti.items() if s in gruppi}  # strumento del bando → group
    query = (
        "SELECT GROUPING(b.misura, g.gruppo, x.comune), b.misura, coalesce(g.gruppo, ''), x.comune, count(*), "
        "count(DISTINCT x.beneficiario) FILTER (WHERE x.stato = ANY(%s)), count(*) FILTER (WHERE x.stato = ANY(%s)) "
        "FROM (" + sql + ") AS x(bando, strumento, comune, beneficiario, stato) "
        "JOIN unnest(%s::bigint[], %s::bigint[]) AS b(bando, misura) ON b.bando = x.bando "
        "LEFT JOIN unnest(%s::bigint[], %s::text[]) AS g(strumento, gruppo) ON g.strumento = x.strumento "
        "GROUP BY GROUPING SETS ((b.misura), (g.gruppo), (x.comune), ())")
    with connection.cursor() as cursor:
        cursor.execute(query, [list(STATI_FINANZIATI), list(STATI_IN_ATTESA), *parametri, bandi, misure,
                               list(per_bando), list(per_bando.values())])
        righe = cursor.fetchall()
    # GROUPING(...) is a bit mask of the columns NOT grouped: 3 = by measure, 5 = by group, 6 = by comune, 7 = all.
    livelli = {3: ("misura", 1), 5: ("gruppo", 2), 6: ("comune", 3), 7: ("totale", None)}
    risultato: dict[str, dict[Any, tuple[int, int, int]]] = {nome: {} for nome, _i in livelli.values()}
    for riga in righe:
        nome, indice = livelli[riga[0]]
        risultato[nome][riga[indice] if indice else None] = (riga[4], riga[5], riga[6])
    return risultato


def tempi_decisione_per_misura(*, ambito: Ambito, anno: int, misura: int | None = None
                               ) -> list[tuple[int, int, Decimal, Decimal]]:
    """(misura_id, domande decided, mean days, median days) from presentation to the first decision of the
    domande of ``anno`` (their events: presentata → ammissibile / non ammissibile; a negative time counts 0).
    Aggregated in the database: one query, one row per measure."""
    domande, bandi, misure = _della_misura(ambito=ambito, anno=anno, misura=misura)
    sql, parametri = domande.values_list("pk", "bando_id").order_by().query.sql_with_params()
    # Each domanda's first presentation and first decision from its own events (an index probe per domanda:
    # faster than grouping the events of the year's domande).
    aggregato = ("SELECT m, count(*), avg(g), (percentile_cont(0.5) WITHIN GROUP (ORDER BY g))::numeric FROM ("  # noqa: S608
                 "SELECT b.m, greatest(extract(epoch FROM t.decisa - t.presentata), 0) / 86400 AS g "
                 "FROM (" + sql + ") AS x(id, bando) JOIN unnest(%s::bigint[], %s::bigint[]) AS b(bando, m) "
                 "ON b.bando = x.bando CROSS JOIN LATERAL ("
                 "SELECT min(ev.quando) FILTER (WHERE ev.a_stato = %s) AS presentata, "
                 "min(ev.quando) FILTER (WHERE ev.a_stato = ANY(%s)) AS decisa "
                 "FROM misure_eventodomanda ev WHERE ev.domanda_id = x.id) t "
                 "WHERE t.presentata IS NOT NULL AND t.decisa IS NOT NULL) d GROUP BY m")
    with connection.cursor() as cursor:
        cursor.execute(aggregato, [*parametri, bandi, misure, StatoDomanda.PRESENTATA.value, list(STATI_DECISIONE)])
        return cursor.fetchall()


def anni_con_domande(*, ambito: Ambito) -> list[int]:
    """The years from the first domanda presented to the last, newest first (the dashboards' year filter): the
    first and last dates come from the index on (ambito, presentata_il), whatever the number of domande — a
    distinct over every domanda's year took a fifth of the measures dashboard at a million payments."""
    estremi = Domanda.objects.filter(ambito=ambito, presentata_il__isnull=False).aggregate(
        primo=Min("presentata_il"), ultimo=Max("presentata_il"))
    if estremi["primo"] is None:
        return [oggi().year]
    primo, ultimo = (timezone.localtime(estremi[k]).year for k in ("primo", "ultimo"))
    return list(range(ultimo, primo - 1, -1))


def _in_forza_nell_anno(*, ambito: Ambito, anno: int) -> QuerySet[Domanda]:
    """The domande financed and in force during ``anno``: in a financed state, presented by the end of the year,
    not closed before it began."""
    return (Domanda.objects.filter(ambito=ambito, stato__in=STATI_FINANZIATI, presentata_il__year__lte=anno)
            .filter(Q(chiusa_il__isnull=True) | Q(chiusa_il__year__gte=anno)))


def strumenti_con_utenti(*, ambito: Ambito, anno: int) -> list[int]:
    """The strumenti (ids) with a domanda financed and in force during ``anno``. One query."""
    return list(_in_forza_nell_anno(ambito=ambito, anno=anno).values_list("strumento__strumento_id", flat=True)
                .distinct().order_by())


def utenti_per_gruppo(*, ambito: Ambito, anno: int, gruppi: dict[int, str]) -> list[tuple[int, str, int]]:
    """(comune_id, group, distinct beneficiaries) of the domande in force during ``anno`` whose strumento is in
    ``gruppi`` (strumento id → the caller's group, e.g. an ISTAT service): a person counts once per comune and
    group whatever their strumenti. Counted in the database (one query): memory does not grow with people."""
    if not gruppi:
        return []
    gruppo = Case(*(When(strumento__strumento_id=pk, then=Value(g)) for pk, g in gruppi.items()),
                  output_field=CharField())
    return list(_in_forza_nell_anno(ambito=ambito, anno=anno).filter(strumento__strumento_id__in=list(gruppi))
                .annotate(gruppo=gruppo).values("comune_id", "gruppo")
                .annotate(n=Count("beneficiario_id", distinct=True))
                .values_list("comune_id", "gruppo", "n").order_by())


STATI_CHIUSI = (StatoDomanda.NON_AMMISSIBILE, StatoDomanda.CESSATA, StatoDomanda.RITIRATA, StatoDomanda.DECADUTA)


def isee_in_scadenza(*, ambito: Ambito, dal, al) -> list[tuple[int, Any, int, int, int]]:
    """(attestazione_id, scade_il, beneficiario_id, domanda_id, assistente_sociale_id) for each open domanda
    (not closed) of a beneficiary whose latest ISEE attestation expires in [dal, al] and who has no later one.
    Reads only the expiry date (not the ISEE's sensitive fields). One query."""
    ultima = (AttestazioneISEE.objects.filter(beneficiario_id=OuterRef("beneficiario_id"))
              .order_by("-scade_il", "-pk").values("pk")[:1])
    aperti = [s for s in StatoDomanda.values if s not in STATI_CHIUSI]
    return list(AttestazioneISEE.objects.filter(ambito=ambito, scade_il__range=(dal, al), pk=Subquery(ultima))
                .filter(beneficiario__domande__stato__in=aperti,
                        beneficiario__domande__assistente_sociale__isnull=False)
                .values_list("pk", "scade_il", "beneficiario_id", "beneficiario__domande__pk",
                             "beneficiario__domande__assistente_sociale_id").order_by("pk"))
