"""The background save of a large import (job kind ``ambito.importazione``).

Started by :func:`ambito.importazioni.services.importazione_save` when the file has more rows than
``AMBITO_IMPORT_RIGHE_JOB``; it receives only the import's id, checks that the requester may still
import that kind, saves in one transaction and returns a short CSV report.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.errors import NonTrovato, RegolaViolata
from ambito.exporters import scrivi_csv
from ambito.importazioni import selectors
from ambito.importazioni.models import StatoImportazione
from ambito.importazioni.registry import tipo_importazione_get
from ambito.importazioni.services import TIPO_JOB, importazione_run_job
from ambito.jobs.esecuzione import ContestoJob
from ambito.jobs.registry import ParametriForm, Risultato, tipo_job


class SalvataggioForm(ParametriForm):
    importazione = forms.IntegerField(label=_l("Importazione"))

    def clean_importazione(self) -> int:
        pk = self.cleaned_data["importazione"]
        try:
            importazione = selectors.importazione_get(ambito=self.ambito, pk=pk)
        except NonTrovato:
            raise forms.ValidationError(_("Importazione inesistente.")) from None
        if importazione.stato not in (StatoImportazione.IN_CORSO, StatoImportazione.COMPLETATA,
                                      StatoImportazione.FALLITA):
            raise forms.ValidationError(_("L'importazione si salva dalla sua pagina, dopo la verifica."))
        return pk


@tipo_job(TIPO_JOB, etichetta=_l("Salvataggio di un'importazione"), capacita="ambito.importazioni.vedi",
          form=SalvataggioForm, nel_menu=False,
          descrizione=_l("Salva le righe di un file CSV/XLSX già verificato; si avvia dalla pagina Importazioni."))
def salva_importazione(ctx: ContestoJob) -> Risultato:
    importazione = selectors.importazione_get(ambito=ctx.ambito, pk=ctx.dati["importazione"])
    tipo = tipo_importazione_get(importazione.tipo)
    if ctx.accesso is not None and not ctx.accesso.puo(tipo.capacita):
        raise RegolaViolata(_("Chi ha richiesto l'importazione non ha più il permesso di eseguirla."))
    ctx.progresso(10, _("Verifica delle righe"))
    importazione = importazione_run_job(importazione=importazione, actor=ctx.actor)
    esito = importazione.esito
    percorso = ctx.file_temporaneo(".csv")
    # The report repeats the summary, then every refused row (formula-safe, Italian Excel dialect).
    righe = [
        [_("Righe di dati"), "", "", esito.get("totale", 0)],
        [_("Righe salvate"), "", "", importazione.righe_salvate],
        [_("Righe scartate"), "", "", esito.get("righe_con_errori", 0)],
        *([e["riga"], e["colonna"], e["valore"], e["messaggio"]] for e in esito.get("errori", [])),
    ]
    scrivi_csv(percorso, [_("Riga"), _("Colonna"), _("Valore"), _("Errore")], righe)
    return f"importazione-{importazione.pk}.csv", percorso
