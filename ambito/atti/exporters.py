"""Row exporters: a subclass only yields rows; the base writes CSV or XLSX and reports progress.

pretix's ``ListExporter`` in our terms::

    @registra_esportatore("ambito.esporta_atti", etichetta=_("Atti dell'Ambito"), capacita="...")
    class EsportazioneAtti(EsportatoreRighe):
        nome_file = "atti"
        def intestazioni(self): return [_("Numero"), _("Data"), ...]
        def righe(self):
            atti = atto_list(ambito=self.ambito)
            yield Totale(atti.count())          # optional: progress becomes a percentage
            for atto in atti.iterator(): yield [atto.numero, atto.data, ...]

The class becomes a job kind (:func:`ambito.jobs.registry.tipo_job`) whose parameters form offers the formats.
Untrusted text is written safely: cells starting with ``= + - @`` (or a tab/CR) are plain text — in
XLSX forced to the string type, in CSV prefixed with an apostrophe (OWASP) — and characters XML
forbids are stripped (pretix's ``safe_openpyxl``). XLSX is written in openpyxl's write-only mode
(constant memory); CSV is the Italian Excel dialect (``;``, UTF-8 with BOM, decimal comma).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.atti.models import TipoAtto
from ambito.atti.selectors import atto_list, solo_pubblicati_per
from ambito.exporters import EsportatoreRighe, EsportazioneForm, Totale, registra_esportatore

# ---------------------------------------------------------------------------------------------
# Core exports
# ---------------------------------------------------------------------------------------------


class EsportazioneAttiForm(EsportazioneForm):
    anno = forms.IntegerField(label=_("Anno"), required=False, min_value=1990, max_value=2100,
                              help_text=_("Lascia vuoto per tutti gli anni."))
    tipo_atto = forms.ChoiceField(label=_("Tipo di atto"), required=False,
                             choices=[("", _("Tutti i tipi")), *TipoAtto.choices])
    solo_pubblicati = forms.BooleanField(label=_("Solo atti pubblicati"), required=False)


@registra_esportatore("ambito.esporta_atti", etichetta=_("Esportazione degli atti"),
                      capacita="ambito.elaborazioni.avvia",
                      descrizione=_("Elenco degli atti dell'Ambito in formato Excel o CSV."))
class EsportazioneAtti(EsportatoreRighe):
    nome_file = "atti"
    titolo_foglio = _("Atti")
    form_class = EsportazioneAttiForm

    def intestazioni(self) -> Sequence[str]:
        return [_("Tipo"), _("Numero"), _("Data"), _("Oggetto"), _("Organo"), _("Ente emittente"),
                _("Pubblicato"), _("Documento allegato")]

    def righe(self) -> Iterator[Sequence[Any] | Totale]:
        accesso = self.contesto.accesso
        solo_pubblicati = bool(self.dati.get("solo_pubblicati")) or (
            accesso is not None and solo_pubblicati_per(accesso))
        atti = atto_list(ambito=self.ambito, solo_pubblicati=solo_pubblicati,
                         tipo=self.dati.get("tipo_atto") or None, anno=self.dati.get("anno"))
        atti = atti.order_by("data", "numero", "pk")
        yield Totale(atti.count())
        for atto in atti.iterator(chunk_size=1000):
            yield [atto.get_tipo_display(), atto.numero, atto.data, atto.oggetto,
                   atto.organo.nome if atto.organo else "",
                   atto.ente_emittente.denominazione if atto.ente_emittente else "",
                   atto.pubblicato, bool(atto.allegato)]
