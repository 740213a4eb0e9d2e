"""Forms of the acts pages.

Choice querysets come from selectors, set in ``__init__``; business rules are the services'.
The document check (by content: PDF, PDF/A, signed .p7m) runs here too, so a wrong file is reported
next to its field before anything is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.allegati.services import verifica_file
from ambito.atti import documenti
from ambito.atti.models import TipoAtto
from ambito.atti.selectors import enti_per_atti, modelli_collegabili, organi_per_atti
from ambito.errors import RegolaViolata
from ambito.forms import CampoData, ConStileBootstrap
from ambito.tenancy.models import Ambito


class AttoForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo di atto"), choices=TipoAtto.choices)
    numero = forms.CharField(label=_("Numero"), max_length=40)
    data = CampoData(label=_("Data"))
    oggetto = forms.CharField(label=_("Oggetto"), widget=forms.Textarea(attrs={"rows": 3}))
    organo = forms.ModelChoiceField(label=_("Organo che lo ha adottato"), required=False, queryset=None)
    ente_emittente = forms.ModelChoiceField(label=_("Ente emittente"), required=False, queryset=None,
                                            help_text=_("Per decreti e DGR: la Regione; per le determine: "
                                                        "l'ente capofila."))
    allegato = forms.FileField(label=_("Documento (PDF, PDF/A o PDF firmato .p7m)"), required=False,
                               allow_empty_file=True,
                               widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf,.p7m"}))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organo"].queryset = organi_per_atti(ambito=ambito)
        self.fields["ente_emittente"].queryset = enti_per_atti()

    def clean_allegato(self) -> Any:
        allegato = self.cleaned_data.get("allegato")
        if allegato:
            try:
                verifica_file(allegato, regola=documenti.regola(), campo="allegato")
            except RegolaViolata as exc:
                raise forms.ValidationError(exc.messaggio, code=exc.codice) from exc
        return allegato or None


class CollegamentoForm(ConStileBootstrap, forms.Form):
    """Which object of this Ambito an act approves: its kind and its identifier."""

    modello = forms.ChoiceField(label=_("Tipo di oggetto"), choices=())
    cerca = forms.CharField(label=_("Cerca l'oggetto"), required=False, max_length=100,
                            help_text=_("Una parola della descrizione, della denominazione o dell'oggetto."))
    # Chosen among the search results (radio buttons): never typed.
    oggetto = forms.IntegerField(label=_("Oggetto"), min_value=1, widget=forms.HiddenInput,
                                 error_messages={"required": _("Scegli l'oggetto tra i risultati della ricerca.")})
    descrizione = forms.CharField(label=_("Descrizione (facoltativa)"), required=False, max_length=250)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["modello"].choices = [("", _("Scegli…")), *modelli_collegabili()]


class FiltroAttiForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo"), required=False, choices=[("", _("Tutti i tipi")), *TipoAtto.choices])
    anno = forms.TypedChoiceField(label=_("Anno"), required=False, coerce=int, empty_value=None)
    testo = forms.CharField(label=_("Cerca nel numero o nell'oggetto"), required=False, max_length=100)
    stato = forms.ChoiceField(label=_("Pubblicazione"), required=False, choices=[
        ("", _("Pubblicati e non")), ("pubblicati", _("Pubblicati")), ("da_pubblicare", _("Non pubblicati"))])

    def __init__(self, *args: Any, anni: list[int], con_stato: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["anno"].choices = [("", _("Tutti gli anni")), *[(a, str(a)) for a in anni]]
        if not con_stato:  # who sees published acts only has nothing to choose
            del self.fields["stato"]

    def pubblicato(self) -> bool | None:
        stato = self.cleaned_data.get("stato") if self.is_valid() else ""
        return {"pubblicati": True, "da_pubblicare": False}.get(stato or "")


class PubblicazioneOnlineForm(ConStileBootstrap, forms.Form):
    """The period an act stays in the public area (the request goes to a second person for approval)."""

    dal = CampoData(label=_("Pubblica dal"))
    al = CampoData(label=_("Pubblica fino al"),
                   help_text=_("Dopo questa data l'atto sparisce dall'area pubblica. Al massimo cinque anni."))

    def clean(self) -> dict[str, Any]:
        dati = super().clean()
        if dati.get("dal") and dati.get("al") and dati["al"] < dati["dal"]:
            self.add_error("al", _("La fine della pubblicazione deve venire dopo l'inizio."))
        return dati
