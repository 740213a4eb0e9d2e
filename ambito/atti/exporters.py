"""The export of the Ambito's acts (a job kind): one row per act, filtered by year and type, and limited to
published acts for whom may see only those (:func:`ambito.atti.selectors.solo_pubblicati_per`).

The writing (XLSX or CSV, formula-safe, progress) is :mod:`ambito.exporters`'.
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
    """The filters of the acts list, with the same names: the list's "Esporta" button passes them as they are."""

    anno = forms.IntegerField(label=_("Anno"), required=False, min_value=1990, max_value=2100,
                              help_text=_("Lascia vuoto per tutti gli anni."))
    tipo = forms.ChoiceField(label=_("Tipo di atto"), required=False,
                             choices=[("", _("Tutti i tipi")), *TipoAtto.choices])
    testo = forms.CharField(label=_("Cerca nel numero o nell'oggetto"), required=False, max_length=100)
    stato = forms.ChoiceField(label=_("Pubblicazione"), required=False, choices=[
        ("", _("Pubblicati e non")), ("pubblicati", _("Pubblicati")), ("da_pubblicare", _("Non pubblicati"))])


@registra_esportatore("ambito.esporta_atti", etichetta=_("Esportazione degli atti"),
                      capacita="ambito.jobs.avvia",
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
        solo_pubblicati = accesso is not None and solo_pubblicati_per(accesso)
        stato = self.dati.get("stato") or ""
        atti = atto_list(ambito=self.ambito, solo_pubblicati=solo_pubblicati, tipo=self.dati.get("tipo") or None,
                         anno=self.dati.get("anno"), testo=self.dati.get("testo") or None,
                         pubblicato={"pubblicati": True, "da_pubblicare": False}.get(stato))
        atti = atti.order_by("data", "numero", "pk")
        yield Totale(atti.count())
        for atto in atti.iterator(chunk_size=1000):
            yield [atto.get_tipo_display(), atto.numero, atto.data, atto.oggetto,
                   atto.organo.nome if atto.organo else "",
                   atto.ente_emittente.denominazione if atto.ente_emittente else "",
                   atto.pubblicato, atto.ha_documento]
