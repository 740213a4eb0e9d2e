"""Forms of the collegial bodies' pages: bodies, members, sessions, agenda, attendance, votes.

Choice querysets come from selectors, set in ``__init__``; the rules (who may vote, validity
dates, one vote per comune) are the services' and come back as errors next to the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambito.atti.models import TipoAtto
from ambito.forms import CampoData, ConStileBootstrap
from ambito.organi.models import Componente, OrganoCollegiale, Seduta, TipoOrgano, ValoreVoto
from ambito.organi.selectors import (
    componente_list,
    componenti_convocabili,
    comuni_dell_ambito,
    enti_per_componenti,
    utenti_collegabili,
)
from ambito.organi.services import TIPI_ATTO_DELIBERATIVI

SCELTE_TIPO_ATTO = [("", _("Nessun atto")), *[(t, TipoAtto(t).label) for t in TIPI_ATTO_DELIBERATIVI]]


class OrganoForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo"), choices=TipoOrgano.choices)
    nome = forms.CharField(label=_("Nome"), max_length=200)
    tipo_atto = forms.ChoiceField(
        label=_("Atto prodotto da un punto approvato"), choices=SCELTE_TIPO_ATTO, required=False,
        help_text=_("Per l'Assemblea: deliberazione o, se l'Ambito usa questo nome, risoluzione. "
                    "Lasciare vuoto per i tavoli, che non adottano atti."))

    def __init__(self, *args: Any, modifica: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if modifica:
            del self.fields["tipo"]
        else:
            self.fields["tipo_atto"].help_text += " " + str(_("Se non scegli, vale il predefinito del tipo di organo."))


class ComponenteForm(ConStileBootstrap, forms.Form):
    nominativo = forms.CharField(label=_("Nominativo"), max_length=200)
    qualifica = forms.CharField(label=_("Qualifica"), max_length=120, required=False,
                                help_text=_("Es. Sindaco, Assessore delegato, Presidente"))
    comune = forms.ModelChoiceField(label=_("Comune rappresentato"), required=False, queryset=None)
    ente = forms.ModelChoiceField(label=_("Ente rappresentato"), required=False, queryset=None,
                                  help_text=_("Per i tavoli: ente del Terzo Settore, ATS, ASST…"))
    delegato_di = forms.ModelChoiceField(
        label=_("Delegato di"), required=False, queryset=None,
        help_text=_("Se è un delegato: il componente che sostituisce (ne rappresenta il comune o l'ente)."))
    utente = forms.ModelChoiceField(label=_("Utente collegato"), required=False, queryset=None,
                                    help_text=_("Facoltativo: il suo account sulla piattaforma."))
    valido_dal = CampoData(label=_("In carica dal"))
    valido_al = CampoData(label=_("In carica fino al"), required=False)

    def __init__(self, *args: Any, organo: OrganoCollegiale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comune"].queryset = comuni_dell_ambito(ambito=organo.ambito, dal=timezone.localdate())
        self.fields["ente"].queryset = enti_per_componenti()
        self.fields["delegato_di"].queryset = componente_list(organo=organo).filter(delegato_di__isnull=True)
        self.fields["utente"].queryset = utenti_collegabili(ambito=organo.ambito)


class ComponenteModificaForm(ConStileBootstrap, forms.Form):
    nominativo = forms.CharField(label=_("Nominativo"), max_length=200)
    qualifica = forms.CharField(label=_("Qualifica"), max_length=120, required=False)
    valido_dal = CampoData(label=_("In carica dal"))
    valido_al = CampoData(label=_("In carica fino al"), required=False,
                          help_text=_("Indica la data di fine per chiudere l'incarico."))


class SedutaForm(ConStileBootstrap, forms.Form):
    data = forms.DateTimeField(label=_("Data e ora"), widget=forms.DateTimeInput(
        format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}))
    luogo = forms.CharField(label=_("Luogo"), max_length=200, required=False)
    data_riferimento_popolazione = CampoData(
        label=_("Data di riferimento della popolazione"), required=False,
        help_text=_("Per il voto ponderato. Se vuota, vale la data della seduta."))


class PuntoForm(ConStileBootstrap, forms.Form):
    oggetto = forms.CharField(label=_("Oggetto del punto"), widget=forms.Textarea(attrs={"rows": 2}))
    richiede_votazione = forms.BooleanField(label=_("Richiede una votazione"), required=False, initial=True)


class PresenzeForm(forms.Form):
    presenti = forms.ModelMultipleChoiceField(label=_("Presenti"), required=False, queryset=None,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, seduta: Seduta, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenti"].queryset = componenti_convocabili(seduta=seduta)


SCELTE_VOTO = [("", _("— non ha votato —")), *ValoreVoto.choices]


class VotiForm(ConStileBootstrap, forms.Form):
    """One choice per member who may vote (present and in office): ``voto_<componente pk>``."""

    def __init__(self, *args: Any, votanti: list[Componente], voti: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.votanti = votanti
        for c in votanti:
            etichetta = c.nominativo + (f" ({c.comune.denominazione})" if c.comune_id else "")
            if c.delegato_di_id:
                etichetta += " — " + str(_("delegato"))
            self.fields[f"voto_{c.pk}"] = forms.ChoiceField(label=etichetta, choices=SCELTE_VOTO, required=False,
                                                            initial=voti.get(c.pk, ""))

    def voti_espressi(self) -> list[tuple[Componente, str]]:
        return [(c, self.cleaned_data[f"voto_{c.pk}"]) for c in self.votanti if self.cleaned_data.get(f"voto_{c.pk}")]

    def righe(self) -> list[forms.BoundField]:
        return [self[f"voto_{c.pk}"] for c in self.votanti]


def prefisso_voti(punto_pk: int) -> str:
    return f"punto{punto_pk}"


def nuovo_organo_iniziali() -> dict[str, Any]:
    return {"tipo": TipoOrgano.ASSEMBLEA, "nome": _("Assemblea dei Sindaci")}
