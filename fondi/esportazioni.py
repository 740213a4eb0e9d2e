"""The main lists of the funds module as XLSX or CSV downloads, with the page's filters applied
(issue 14 "list exports"), through the streaming kit of :mod:`ambito.exporters`.

A list page answers ``?esporta=xlsx`` / ``?esporta=csv`` (its own filters kept) with the file:
amounts typed in euro, dates as dates, text never a formula; the movements are read as values in
chunks with every label computed once, so a list of a million rows streams in flat memory.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ambito.atti.models import TipoAtto
from ambito.exporters import Colonna, Etichette, risposta_esportazione
from fondi import selectors
from fondi.models import TipoMovimento

FORMATI_ESPORTAZIONE = ("xlsx", "csv")
EURO = "euro"


def link_esportazione(request: HttpRequest) -> dict[str, str]:
    """The page's current query (filters) with ``esporta`` set, for the "Esporta XLSX / CSV" links."""
    query = request.GET.copy()
    for parametro in ("esporta", "dopo", "prima", "ultima", "pagina"):
        query.pop(parametro, None)
    base = query.urlencode()
    return {f"esporta_{formato}": f"?{base}&esporta={formato}" if base else f"?esporta={formato}"
            for formato in FORMATI_ESPORTAZIONE}


def _saldi(s: selectors.Saldi) -> list[Any]:
    return [s.assegnato, s.allocato, s.impegnato, s.liquidato, s.residuo]


def _colonne_saldi() -> list[Colonna]:
    return [Colonna(_("Assegnato"), EURO), Colonna(_("Allocato"), EURO), Colonna(_("Impegnato"), EURO),
            Colonna(_("Liquidato"), EURO), Colonna(_("Residuo da impegnare"), EURO)]


def movimenti(request: HttpRequest, filtri: selectors.FiltriMovimenti, formato: str) -> HttpResponse:
    tipi = {valore: str(etichetta) for valore, etichetta in TipoMovimento.choices}  # translated once
    tipi_atto = {valore: str(etichetta) for valore, etichetta in TipoAtto.choices}
    atti = Etichette(lambda k: f"{tipi_atto.get(k[0], k[0])} n. {k[1]} del {k[2]:%d/%m/%Y}")
    etichette_tipo = Etichette(lambda tipo: str(tipi[tipo]))
    qs = selectors.movimento_list(ambito=request.ambito, filtri=filtri).values_list(
        "data_contabile", "tipo", "assegnazione__fonte__codice", "assegnazione__annualita", "quota__descrizione",
        "comune__denominazione", "importo", "segno", "atto__tipo", "atto__numero", "atto__data", "descrizione",
        "motivo")

    def righe():
        for (giorno, tipo, fonte, annualita, quota, comune, importo, segno, atto_tipo, atto_numero, atto_data,
             descrizione, motivo) in qs.iterator(chunk_size=5000):
            yield [giorno, etichette_tipo[tipo], f"{fonte} {annualita}", quota or "", comune or "", importo * segno,
                   atti[(atto_tipo, atto_numero, atto_data)] if atto_tipo else "", descrizione, motivo]

    colonne = [Colonna(_("Data"), "data"), Colonna(_("Tipo"), larghezza=24), Colonna(_("Assegnazione")),
               Colonna(_("Quota"), larghezza=40), Colonna(_("Comune"), larghezza=24), Colonna(_("Importo"), EURO),
               Colonna(_("Atto"), larghezza=40), Colonna(_("Descrizione"), larghezza=40),
               Colonna(_("Motivo"), larghezza=40)]
    return risposta_esportazione(formato, "movimenti", colonne, righe(), titolo=_("Movimenti"))


def posizione(risultato: selectors.Posizione, formato: str) -> HttpResponse:
    colonne = [Colonna(i, larghezza=30) for i in risultato.intestazioni] + _colonne_saldi()
    righe = [[*r.etichette, *_saldi(r.saldi)] for r in risultato.righe]
    righe.append([_("Totale"), *[""] * (len(risultato.intestazioni) - 1), *_saldi(risultato.totale)])
    nome = "posizione-" + "-".join(risultato.dimensioni) + f"-{risultato.data:%Y%m%d}"
    return risposta_esportazione(formato, nome, colonne, righe, titolo=_("Posizione"))


def quote_riparto(riparto: Any, quote: list, formato: str) -> HttpResponse:
    colonne = [Colonna(_("Comune"), larghezza=30), Colonna(_("Allocato"), EURO), Colonna(_("Impegnato"), EURO),
               Colonna(_("Liquidato"), EURO), Colonna(_("Disponibile"), EURO)]
    righe = [[q.comune.denominazione if q.comune else q.descrizione, q.saldi.allocato, q.saldi.impegnato,
              q.saldi.liquidato, q.saldi.disponibile] for q in quote]
    return risposta_esportazione(formato, f"riparto-{slugify(riparto.descrizione)[:40]}", colonne, righe,
                                 titolo=_("Quote dei comuni"))


def quote_comunali(cofinanziamento: Any, quote: list, formato: str) -> HttpResponse:
    colonne = [Colonna(_("Comune"), larghezza=30), Colonna(_("Popolazione"), "intero"),
               Colonna(_("Importo atteso"), EURO), Colonna(_("Ricevuto"), EURO), Colonna(_("Da ricevere"), EURO)]
    righe = [[q.comune.denominazione, q.popolazione, q.importo_atteso, q.ricevuto, q.da_ricevere] for q in quote]
    return risposta_esportazione(formato, f"quote-comunali-{slugify(cofinanziamento.descrizione)[:40]}", colonne,
                                 righe, titolo=_("Quote comunali"))
