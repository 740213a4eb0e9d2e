"""Forms of the import pages: upload, column mapping, save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import ConStileBootstrap
from ambito.importazioni.models import Importazione
from ambito.importazioni.registry import TipoImportazione

FORMATI_ACCETTATI = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CaricamentoForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Cosa importare"))
    file = forms.FileField(label=_("File CSV o Excel (XLSX)"), help_text=_(
        "Prima riga: le intestazioni delle colonne. CSV separato da punto e virgola o da virgola, in UTF-8 o "
        "Windows-1252 (come lo salva Excel)."),
        widget=forms.ClearableFileInput(attrs={"accept": FORMATI_ACCETTATI}))

    def __init__(self, *args: Any, tipi: list[TipoImportazione], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tipo"].choices = [(t.codice, t.etichetta) for t in tipi]


NON_PRESENTE = ""


class MappaturaForm(ConStileBootstrap, forms.Form):
    """One choice per target column: which column of the file holds it (guessed from the header)."""

    def __init__(self, *args: Any, tipo: TipoImportazione, importazione: Importazione, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scelte = [(NON_PRESENTE, _("— non presente nel file —"))] + [
            (str(i), nome or _("(colonna %(n)d senza intestazione)") % {"n": i + 1})
            for i, nome in enumerate(importazione.intestazioni)]
        for colonna in tipo.colonne:
            attuale = importazione.mappatura.get(colonna.nome)
            self.fields[colonna.nome] = forms.ChoiceField(
                label=colonna.etichetta, choices=scelte, required=False,
                initial=NON_PRESENTE if attuale is None else str(attuale),
                help_text=(_("Obbligatoria.") if colonna.obbligatoria else _("Facoltativa."))
                + (" " + str(_("Esempio: %(e)s")) % {"e": colonna.esempio} if colonna.esempio else ""))

    def mappatura(self) -> dict[str, int | None]:
        return {nome: (int(v) if v not in (None, NON_PRESENTE) else None) for nome, v in self.cleaned_data.items()}


class SalvataggioForm(forms.Form):
    modalita = forms.ChoiceField(choices=[("tutte", _("Tutte le righe")), ("solo_valide", _("Solo le righe valide"))],
                                 widget=forms.HiddenInput)
    conferma = forms.BooleanField(label=_("Confermo: salva solo le righe valide; quelle con errori non saranno "
                                          "importate."), required=False)
