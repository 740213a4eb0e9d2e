"""Charts that are tables first: one data object, rendered as an accessible table and drawn as a chart.

A view or widget builds a :class:`Grafico` and the template renders it with the component::

    {% load ambito_grafici %}
    {% grafico grafico_fondi %}

The component (``templates/includes/grafico.html``) always writes the figures as a ``<table>`` (Italian
format, the source of truth for screen readers, printing and copying) and, beside it, the same numbers
as JSON (``json_script``) from which ``static/js/grafici.js`` draws the chart with the vendored Chart.js
(``static/vendor/chartjs``, no CDN). Without JavaScript the table is all there is, and all that is needed.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ambito.formato import euro, formato_numero, numero_esatto

TIPI = ("bar", "line")
UNITA = ("euro", "numero")
_progressivo = itertools.count(1)


@dataclass(frozen=True)
class Serie:
    """One series (a bar colour, a line): its name and one value per category (None: no figure)."""

    nome: str
    valori: Sequence[Decimal | int | None]


@dataclass
class Grafico:
    """Categories (``etichette``, the table's rows) × series (the table's columns)."""

    titolo: str
    etichette: Sequence[str]
    serie: Sequence[Serie]
    intestazione_categorie: str = ""
    tipo: str = "bar"
    unita: str = "euro"
    descrizione: str = ""
    etichette_asse: Sequence[str] | None = None  # shorter labels for the chart's axis (e.g. a fund's code)
    id: str = field(default_factory=lambda: f"grafico-{next(_progressivo)}")

    def __post_init__(self) -> None:
        if self.etichette_asse is not None and len(self.etichette_asse) != len(self.etichette):
            raise ValueError("one axis label per category")
        if self.tipo not in TIPI or self.unita not in UNITA:
            raise ValueError(f"chart type {self.tipo!r} / unit {self.unita!r} not supported")
        for serie in self.serie:
            if len(serie.valori) != len(self.etichette):
                raise ValueError(f"series {serie.nome!r}: {len(serie.valori)} values for {len(self.etichette)} "
                                 "categories")

    @property
    def vuoto(self) -> bool:
        return not self.etichette

    def formatta(self, valore: Decimal | int | None) -> str:
        if valore is None:
            return "—"
        if self.unita == "euro":
            return euro(valore)
        # A count stays whole; a rate (beneficiaries per 1,000 residents: 0,13) keeps its decimals, not rounded to 0.
        return formato_numero(valore) if isinstance(valore, int) else numero_esatto(valore, 2)

    @property
    def righe(self) -> list[tuple[str, list[str]]]:
        """The table: one row per category, its values formatted the Italian way."""
        return [(str(etichetta), [self.formatta(s.valori[i]) for s in self.serie])
                for i, etichetta in enumerate(self.etichette)]

    @property
    def dati(self) -> dict[str, Any]:
        """What the chart is drawn from: the same categories and values, as plain JSON numbers (strings
        of the exact decimals, so nothing is rounded on the way)."""
        return {
            "tipo": self.tipo, "unita": self.unita, "titolo": str(self.titolo),
            "etichette": [str(e) for e in self.etichette],
            "etichette_asse": [str(e) for e in (self.etichette_asse or self.etichette)],
            "serie": [{"nome": str(s.nome), "valori": [None if v is None else str(v) for v in s.valori]}
                      for s in self.serie],
        }
