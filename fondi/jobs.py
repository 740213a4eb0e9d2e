"""Background jobs of the funds module: the "rendiconto per assegnazione" as XLSX or PDF.

Registered with :func:`ambito.jobs.registry.tipo_job`; the function runs inside the Ambito's scope and
receives only ids and dates (validated again by the form when the job runs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.atti.models import TipoAtto
from ambito.exporters import Colonna, Etichette, Foglio, scrivi_xlsx_fogli
from ambito.formato import oggi
from ambito.forms import CampoData
from ambito.jobs.esecuzione import ContestoJob
from ambito.jobs.registry import ParametriForm, Risultato, tipo_job
from ambito.pdf import render_pdf
from fondi import selectors
from fondi.models import TipoMovimento


class RendicontoForm(ParametriForm):
    # Chosen by name from the Ambito's assegnazioni (another Ambito's is not a choice here); stored as its id.
    assegnazione = forms.TypedChoiceField(label=_l("Assegnazione"), coerce=int, choices=(), error_messages={
        "invalid_choice": _l("Assegnazione inesistente in questo Ambito.")})
    formato = forms.ChoiceField(label=_l("Formato"), choices=[("xlsx", "Excel (XLSX)"), ("pdf", "PDF")])
    data = CampoData(label=_l("Situazione al"), initial=oggi)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assegnazione"].choices = [
            ("", _("Scegli l'assegnazione…")),
            *((a.pk, str(a)) for a in selectors.assegnazione_list_scelte(ambito=self.ambito))]


# The PDF is a summary that never runs to thousands of pages: balances, quote (a riparto as one
# line, its comuni in an annex), totals per comune, and at most this many movements in an annex,
# with a note pointing to the XLSX for all of them.
MOVIMENTI_NEL_PDF = 100


def contesto_rendiconto(*, ambito: Any, assegnazione_pk: int, data: dt.date) -> dict[str, Any]:
    """The summary the rendiconto shows (from the kept balances): the act, the balances, the quote
    (single ones and riparti as groups), the totals per comune, and how many movements there are.
    The movements themselves are streamed by :func:`righe_movimenti`."""
    assegnazione = selectors.assegnazione_dettaglio(ambito=ambito, pk=assegnazione_pk, data=data)
    singole, riparti = selectors.quota_list_per_riparto(assegnazione.quote_lette)
    posizione = selectors.posizione_get(ambito=ambito, data=data, per=["assegnazione", "comune"])
    per_comune = [r for r in posizione.righe if r.chiavi["assegnazione_id"] == assegnazione.pk
                  and r.chiavi["comune_effettivo"] is not None]
    movimenti = _movimenti(ambito, assegnazione, data)
    return {
        "assegnazione": assegnazione, "data": data, "quote": assegnazione.quote_lette, "saldi": assegnazione.saldi,
        "quote_singole": singole, "riparti": riparti, "per_comune": per_comune,
        "totale_comuni": sum((r.saldi for r in per_comune), selectors.Saldi()),
        "numero_movimenti": movimenti.count(), "limite_movimenti": MOVIMENTI_NEL_PDF,
    }


def _movimenti(ambito: Any, assegnazione: Any, data: dt.date) -> Any:
    return selectors.movimento_list(ambito=ambito, filtri=selectors.FiltriMovimenti(
        assegnazione=assegnazione.pk, data=data))


COLONNE_MOVIMENTI = ("data_contabile", "tipo", "quota_id", "comune__denominazione", "importo", "segno",
                     "atto__tipo", "atto__numero", "atto__data", "motivo", "descrizione")


def righe_movimenti(*, ambito: Any, assegnazione: Any, data: dt.date, limite: int | None = None) -> Iterator[list]:
    """The movements as rows (date, type, quota, comune, signed amount, act, description), read as
    plain values in chunks — no model objects — with every label computed once per distinct value."""
    tipi = {valore: str(etichetta) for valore, etichetta in TipoMovimento.choices}  # translated once
    tipi_atto = {valore: str(etichetta) for valore, etichetta in TipoAtto.choices}
    quote = {q.pk: q.descrizione for q in assegnazione.quote_lette}
    atti = Etichette(lambda chiave: f"{tipi_atto.get(chiave[0], chiave[0])} n. {chiave[1]} del {chiave[2]:%d/%m/%Y}")
    qs = _movimenti(ambito, assegnazione, data).values_list(*COLONNE_MOVIMENTI)
    if limite is not None:
        qs = qs[:limite]
    for (giorno, tipo, quota_id, comune, importo, segno, atto_tipo, atto_numero, atto_data, motivo,
         descrizione) in qs.iterator(chunk_size=5000):
        yield [giorno, tipi[tipo], quote.get(quota_id, ""), comune or "", importo * segno,
               atti[(atto_tipo, atto_numero, atto_data)] if atto_tipo else "", motivo or descrizione]


def fogli_rendiconto(c: dict[str, Any], *, ambito: Any) -> list[Foglio]:
    """The rendiconto as one sheet per table, amounts typed in euro, dates as dates."""
    a, s, data = c["assegnazione"], c["saldi"], c["data"]
    euro_ = "euro"
    riepilogo = [
        [_("Assegnazione"), f"{a.fonte.codice} {a.annualita} — {a.descrizione}", None],
        [_("Atto di assegnazione"), str(a.atto), a.importo],
        [_("Situazione al"), data, None],
        [_("Assegnato"), "", s.assegnato], [_("Allocato"), "", s.allocato], [_("Impegnato"), "", s.impegnato],
        [_("Liquidato"), "", s.liquidato], [_("Residuo da impegnare"), "", s.residuo],
        [_("Da liquidare"), "", s.da_liquidare],
    ]
    quote = [[q.get_tipo_destinazione_display(), q.descrizione, q.comune.denominazione if q.comune else "",
              q.riparto.descrizione if q.riparto_id else "", str(q.atto), q.saldi.allocato, q.saldi.impegnato,
              q.saldi.liquidato, q.saldi.disponibile] for q in c["quote"]]
    per_comune = [[r.etichette[1], r.saldi.allocato, r.saldi.impegnato, r.saldi.liquidato, r.saldi.da_liquidare]
                  for r in c["per_comune"]]
    return [
        Foglio(_("Riepilogo"), [Colonna(_("Voce"), larghezza=26), Colonna(_("Descrizione"), larghezza=60),
                                Colonna(_("Importo"), euro_)], riepilogo),
        Foglio(_("Quote"), [Colonna(_("Destinazione")), Colonna(_("Descrizione"), larghezza=40),
                            Colonna(_("Comune")), Colonna(_("Riparto"), larghezza=30),
                            Colonna(_("Atto di approvazione"), larghezza=40), Colonna(_("Allocato"), euro_),
                            Colonna(_("Impegnato"), euro_), Colonna(_("Liquidato"), euro_),
                            Colonna(_("Disponibile"), euro_)], quote),
        Foglio(_("Per comune"), [Colonna(_("Comune"), larghezza=30), Colonna(_("Allocato"), euro_),
                                 Colonna(_("Impegnato"), euro_), Colonna(_("Liquidato"), euro_),
                                 Colonna(_("Da liquidare"), euro_)], per_comune),
        Foglio(_("Movimenti"), [Colonna(_("Data"), "data"), Colonna(_("Tipo"), larghezza=24),
                                Colonna(_("Quota"), larghezza=40), Colonna(_("Comune"), larghezza=24),
                                Colonna(_("Importo"), euro_), Colonna(_("Atto"), larghezza=40),
                                Colonna(_("Descrizione / motivo"), larghezza=60)],
               righe_movimenti(ambito=ambito, assegnazione=a, data=data)),
    ]


@tipo_job("fondi.rendiconto_assegnazione", etichetta=_l("Rendiconto per assegnazione"), capacita="fondi.gestisci",
          form=RendicontoForm,
          descrizione=_l("Saldi, quote e movimenti di un'assegnazione a una data, con i riferimenti agli atti."))
def rendiconto_assegnazione(ctx: ContestoJob) -> Risultato:
    dati = ctx.dati
    c = contesto_rendiconto(ambito=ctx.ambito, assegnazione_pk=dati["assegnazione"], data=dati["data"])
    ctx.progresso(30, _("Dati raccolti"))
    a = c["assegnazione"]
    nome = f"rendiconto-{a.fonte.codice}-{a.annualita}-{dati['data']:%Y%m%d}"
    if dati["formato"] == "pdf":
        c["movimenti"] = list(righe_movimenti(ambito=ctx.ambito, assegnazione=a, data=dati["data"],
                                              limite=MOVIMENTI_NEL_PDF))
        return f"{nome}.pdf", render_pdf("fondi/pdf/rendiconto.html", c, ambito=ctx.ambito)
    percorso = ctx.file_temporaneo(".xlsx")
    scrivi_xlsx_fogli(percorso, fogli_rendiconto(c, ambito=ctx.ambito))
    ctx.progresso(95, _("Movimenti scritti"))
    return f"{nome}.xlsx", percorso
