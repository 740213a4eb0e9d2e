"""Background jobs of the funds module: the "rendiconto per assegnazione" as XLSX or PDF.

Registered with :func:`ambito.jobs.registry.tipo_job`; the function runs inside the Ambito's scope and
receives only ids and dates (validated again by the form when the job runs).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.exporters import scrivi_xlsx
from ambito.formato import euro, oggi
from ambito.forms import CampoData
from ambito.jobs.esecuzione import ContestoJob
from ambito.jobs.registry import ParametriForm, Risultato, tipo_job
from ambito.pdf import render_pdf
from fondi import selectors


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


def contesto_rendiconto(*, ambito: Any, assegnazione_pk: int, data: dt.date) -> dict[str, Any]:
    """Everything the rendiconto shows: the act, the balances, the quote and every movement."""
    assegnazione = selectors.assegnazione_dettaglio(ambito=ambito, pk=assegnazione_pk, data=data)
    return {
        "assegnazione": assegnazione, "data": data, "quote": assegnazione.quote_lette, "saldi": assegnazione.saldi,
        "movimenti": list(selectors.movimento_list(ambito=ambito, filtri=selectors.FiltriMovimenti(
            assegnazione=assegnazione.pk, data=data))),
    }


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
        return f"{nome}.pdf", render_pdf("fondi/pdf/rendiconto.html", c, ambito=ctx.ambito)
    percorso = ctx.file_temporaneo(".xlsx")
    s = c["saldi"]
    # Dates are dates and amounts Decimals: the spreadsheet shows them in the reader's (Italian)
    # format and they stay usable in formulas; act references are written out in full.
    righe: list[list[Any]] = [
        [None, _("Assegnazione"), str(a), a.importo, str(a.atto), ""],
        [dati["data"], _("Situazione al"), "", None, "", ""],
        [None, _("Assegnato"), "", s.assegnato, "", ""],
        [None, _("Allocato"), "", s.allocato, "", ""],
        [None, _("Impegnato"), "", s.impegnato, "", ""],
        [None, _("Liquidato"), "", s.liquidato, "", ""],
        [None, _("Residuo da impegnare"), "", s.residuo, "", ""],
    ]
    righe += [[None, _("Quota: %(destinazione)s") % {"destinazione": q.get_tipo_destinazione_display()},
               q.descrizione, q.saldi.allocato, str(q.atto),
               _("impegnato %(impegnato)s, liquidato %(liquidato)s") % {
                   "impegnato": euro(q.saldi.impegnato), "liquidato": euro(q.saldi.liquidato)}]
              for q in c["quote"]]
    righe += [[m.data_contabile, m.get_tipo_display(), m.quota.descrizione if m.quota else "", m.importo * m.segno,
               str(m.atto) if m.atto else "", m.motivo or m.descrizione] for m in c["movimenti"]]
    ctx.progresso(70, _("Movimenti scritti"))
    scrivi_xlsx(percorso, [_("Data"), _("Voce / tipo"), _("Quota"), _("Importo (€)"), _("Atto"),
                           _("Descrizione / motivo")], righe, titolo=_("Rendiconto"))
    return f"{nome}.xlsx", percorso
