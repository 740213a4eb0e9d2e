"""Filters of the audit pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.forms import CampoData, ConStileBootstrap


class FiltroAccessiForm(ConStileBootstrap, forms.Form):
    utente = forms.ModelChoiceField(label=_("Utente"), required=False, queryset=None,
                                    empty_label=_("Tutti gli utenti"))
    dal = CampoData(label=_("Dal"), required=False)
    al = CampoData(label=_("Al"), required=False)

    def __init__(self, *args: Any, utenti: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["utente"].queryset = utenti

    def clean(self) -> dict[str, Any]:
        dati = super().clean()
        if dati.get("dal") and dati.get("al") and dati["al"] < dati["dal"]:
            self.add_error("al", _("La data finale precede quella iniziale."))
        return dati
