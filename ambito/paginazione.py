"""Keyset pagination for long lists (the module kit, issue 13).

``Paginator`` counts every row (``COUNT(*)``) and pages by ``OFFSET``, so the last page of a million
rows reads a million rows. A keyset page asks for the rows *after* (or *before*) the last row shown,
in the list's own order, through the index of that order: every page costs the same. The number of
rows is counted only up to a bound ("più di 1.000 movimenti").

    pagina = pagina_keyset(qs, campi=("data_contabile", "pk"), richiesta=request.GET, per_pagina=100)
    pagina.oggetti, pagina.link_successiva, pagina.link_precedente, pagina.conteggio, pagina.oltre

The order must be ascending on ``campi`` and ``campi`` unique together (end with ``pk``). Cursor
values travel in the query string as ``dopo`` / ``prima`` (``ultima=1`` jumps to the end); a
malformed cursor shows the first page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

LIMITE_CONTEGGIO = 1000
SEPARATORE = "_"
PARAMETRI = ("dopo", "prima", "ultima", "pagina")


@dataclass
class PaginaKeyset:
    oggetti: list
    conteggio: int  # rows of the whole list, counted up to LIMITE_CONTEGGIO
    oltre: bool  # more rows than the count says ("più di")
    successiva: str | None = None  # cursor of the next page
    precedente: str | None = None  # cursor of the previous page
    query: dict = field(default_factory=dict)  # the other parameters of the list (filters)

    def _link(self, **parametri: Any) -> str:
        return "?" + urlencode({**self.query, **parametri}, doseq=True)

    @property
    def link_successiva(self) -> str | None:
        return self._link(dopo=self.successiva) if self.successiva else None

    @property
    def link_precedente(self) -> str | None:
        return self._link(prima=self.precedente) if self.precedente else None

    @property
    def link_prima(self) -> str | None:
        return self._link() if self.precedente else None

    @property
    def link_ultima(self) -> str | None:
        return self._link(ultima=1) if self.successiva else None

    @property
    def ha_altre_pagine(self) -> bool:
        return bool(self.successiva or self.precedente)


def _codifica(valori: Sequence[Any]) -> str:
    return SEPARATORE.join(v.isoformat() if isinstance(v, dt.date) else str(v) for v in valori)


def _decodifica(testo: str, tipi: Sequence[type]) -> list[Any] | None:
    parti = testo.split(SEPARATORE)
    if len(parti) != len(tipi):
        return None
    try:
        return [dt.date.fromisoformat(p) if t is dt.date else t(p) for p, t in zip(parti, tipi, strict=True)]
    except ValueError:
        return None


def _dopo(campi: Sequence[str], valori: Sequence[Any], *, verso: str) -> Q:
    """Rows after (``gt``) or before (``lt``) ``valori`` in the lexicographic order of ``campi``."""
    condizione = Q()
    for i, campo in enumerate(campi):
        parte = Q(**{f"{campo}__{verso}": valori[i]})
        for uguale, valore in zip(campi[:i], valori[:i], strict=True):
            parte &= Q(**{uguale: valore})
        condizione |= parte
    return condizione


def pagina_keyset(qs: QuerySet, *, campi: Sequence[str], tipi: Sequence[type], richiesta: Mapping[str, Any],
                  per_pagina: int = 100, limite_conteggio: int = LIMITE_CONTEGGIO) -> PaginaKeyset:
    """One page of ``qs`` ordered by ``campi`` (ascending), positioned by the request's cursor.
    Three queries at most, whatever the page: the rows, and the bounded count."""
    query = {k: richiesta.getlist(k) if hasattr(richiesta, "getlist") else richiesta[k]
             for k in richiesta if k not in PARAMETRI}
    avanti = list(campi)
    indietro = [f"-{c}" for c in campi]
    dopo = _decodifica(str(richiesta.get("dopo") or ""), tipi) if richiesta.get("dopo") else None
    prima = _decodifica(str(richiesta.get("prima") or ""), tipi) if richiesta.get("prima") else None
    if prima is not None:
        righe = list(qs.filter(_dopo(campi, prima, verso="lt")).order_by(*indietro)[:per_pagina + 1])
        altre_prima, righe = len(righe) > per_pagina, righe[:per_pagina][::-1]
        altre_dopo = True
    elif richiesta.get("ultima"):
        righe = list(qs.order_by(*indietro)[:per_pagina + 1])
        altre_prima, righe = len(righe) > per_pagina, righe[:per_pagina][::-1]
        altre_dopo = False
    else:
        qs_pagina = qs.filter(_dopo(campi, dopo, verso="gt")) if dopo is not None else qs
        righe = list(qs_pagina.order_by(*avanti)[:per_pagina + 1])
        altre_dopo, righe = len(righe) > per_pagina, righe[:per_pagina]
        altre_prima = dopo is not None
    chiave = lambda oggetto: [getattr(oggetto, c) for c in campi]  # noqa: E731
    conteggio = qs.order_by()[:limite_conteggio + 1].count()
    return PaginaKeyset(
        oggetti=righe, conteggio=min(conteggio, limite_conteggio), oltre=conteggio > limite_conteggio,
        successiva=_codifica(chiave(righe[-1])) if righe and altre_dopo else None,
        precedente=_codifica(chiave(righe[0])) if righe and altre_prima else None, query=query)
