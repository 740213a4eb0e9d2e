"""What the funds returns share: the fund family's quote at the period's end, read through fondi's selectors,
each with its mapping row (a quota's own row first, else its destination's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse

from ambito.tenancy.models import Ambito
from fondi import selectors as fondi_selectors
from rendicontazione import selectors
from rendicontazione.models import VoceMappatura


@dataclass(frozen=True)
class QuotaMappata:
    quota_id: int
    fonte: str
    annualita: int
    descrizione: str
    allocato: Decimal
    impegnato: Decimal
    liquidato: Decimal
    voce: VoceMappatura | None
    url_mappatura: str


def famiglia(codice: str) -> Q:
    """A source and its lines (Fondo Povertà: the quota servizi, povertà estrema, care leavers…)."""
    return Q(assegnazione__fonte__codice=codice) | Q(assegnazione__fonte__padre__codice=codice)


def quote_mappate(*, ambito: Ambito, fonte: str, data: dt.date, annualita: int | None = None
                  ) -> Iterator[QuotaMappata]:
    """The quote of the source family at ``data`` with balances and mapping (three queries)."""
    per_quota = selectors.mappatura_per(ambito=ambito, tipo_oggetto="fondi.quota")
    per_destinazione = selectors.mappatura_per(ambito=ambito, tipo_oggetto="fondi.destinazione")
    quote = fondi_selectors.quota_list(ambito=ambito, data=data).filter(famiglia(fonte))
    if annualita is not None:
        quote = quote.filter(assegnazione__annualita=annualita)
    for q in quote:
        voce = per_quota.get(str(q.pk)) or per_destinazione.get(q.tipo_destinazione)
        url = reverse("rendicontazione:voce_mappatura_create", kwargs={"ambito_slug": ambito.slug})
        yield QuotaMappata(q.pk, q.assegnazione.fonte.codice, q.assegnazione.annualita, q.descrizione,
                           q.allocato, q.impegnato, q.liquidato, voce,
                           f"{url}?tipo_oggetto=fondi.quota&chiave_oggetto={q.pk}")


def totali_ledger(*, ambito: Ambito, fonte: str, data: dt.date, annualita: int | None = None) -> dict[str, Decimal]:
    """The same figures from the assegnazioni's kept balances (another path through the ledger)."""
    assegnazioni = fondi_selectors.assegnazione_list(ambito=ambito, data=data).filter(
        Q(fonte__codice=fonte) | Q(fonte__padre__codice=fonte))
    if annualita is not None:
        assegnazioni = assegnazioni.filter(annualita=annualita)
    saldi = fondi_selectors.saldi_assegnazioni(ambito=ambito, data=data, ids=[a.pk for a in assegnazioni])
    totale = sum(saldi.values(), fondi_selectors.Saldi())
    return {"allocato": totale.allocato, "impegnato": totale.impegnato, "liquidato": totale.liquidato}
