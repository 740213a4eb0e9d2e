"""Read-only selectors for rendicontazione (returns, dashboards): aggregated rows over the whole Ambito.

rendicontazione imports this module; nothing here imports rendicontazione. Every query is scoped by the
Ambito's managers and filtered by ``ambito``; none restricts to a comune (the dashboards are the Ambito's).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery

from ambito.formato import oggi
from ambito.tenancy.models import Ambito
from misure.models import AttestazioneISEE, Domanda, Misura, StatoDomanda, Strumento

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


def _presentate(*, ambito: Ambito, anno: int, misura: int | None) -> QuerySet[Domanda]:
    qs = Domanda.objects.filter(ambito=ambito, presentata_il__year=anno).exclude(stato=StatoDomanda.BOZZA)
    if misura:
        qs = qs.filter(bando__edizione__misura_id=misura)
    return qs


def righe_domande(*, ambito: Ambito, anno: int, misura: int | None = None) -> list[tuple]:
    """One row per domanda presented in ``anno``: (misura_id, strumento_id, comune_id, beneficiario_id, stato).
    One query; the dashboard aggregates in memory (distinct people need the rows anyway)."""
    return list(_presentate(ambito=ambito, anno=anno, misura=misura)
                .values_list("bando__edizione__misura_id", "strumento__strumento_id", "comune_id",
                             "beneficiario_id", "stato").order_by())


def tempi_decisione(*, ambito: Ambito, anno: int, misura: int | None = None) -> list[tuple]:
    """(misura_id, presented at, first decision at) for the domande of ``anno`` that have been decided, from
    their events (presentata → ammissibile / non ammissibile). One query."""
    return list(_presentate(ambito=ambito, anno=anno, misura=misura)
                .values("pk", "bando__edizione__misura_id")
                .annotate(presentata=Min("eventi__quando", filter=Q(eventi__a_stato=StatoDomanda.PRESENTATA)),
                          decisa=Min("eventi__quando", filter=Q(eventi__a_stato__in=STATI_DECISIONE)))
                .filter(presentata__isnull=False, decisa__isnull=False)
                .values_list("bando__edizione__misura_id", "presentata", "decisa").order_by())


def anni_con_domande(*, ambito: Ambito) -> list[int]:
    return sorted({d.year for d in Domanda.objects.filter(ambito=ambito, presentata_il__isnull=False)
                   .dates("presentata_il", "year")}, reverse=True) or [oggi().year]


def utenti_nell_anno(*, ambito: Ambito, anno: int) -> list[tuple[int, int, int]]:
    """(comune_id, strumento_id, beneficiario_id), distinct, of the domande financed and in force during ``anno``:
    in a financed state, presented by the end of the year, not closed before it began. One query."""
    return list(Domanda.objects.filter(ambito=ambito, stato__in=STATI_FINANZIATI, presentata_il__year__lte=anno)
                .filter(Q(chiusa_il__isnull=True) | Q(chiusa_il__year__gte=anno))
                .values_list("comune_id", "strumento__strumento_id", "beneficiario_id").distinct().order_by())


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
