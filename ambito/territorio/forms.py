"""Forms of the territory pages (comuni of the Ambito, sub-ambiti, enti, settings).

They parse input only; rules live in ``ambito.territorio.services`` and come back as
``RegolaViolata`` shown next to the field (the form flow of :func:`ambito.web.modulo`). Choice querysets are set in
``__init__`` from selectors: nothing is queried at import.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambito.forms import CampoData, ConStileBootstrap, DataForm
from ambito.tenancy.models import Ambito, RegolaVoto, TipoISEE
from ambito.territorio.models import Comune, TipoEnte
from ambito.territorio.selectors import comune_cerca, sub_ambito_list

MESI = [(1, _("gennaio")), (2, _("febbraio")), (3, _("marzo")), (4, _("aprile")), (5, _("maggio")),
        (6, _("giugno")), (7, _("luglio")), (8, _("agosto")), (9, _("settembre")), (10, _("ottobre")),
        (11, _("novembre")), (12, _("dicembre"))]


class DataComuniForm(DataForm):
    """``?data=`` of the territory page: the comuni of the Ambito at that date (default today)."""

    data = CampoData(label=_("Comuni alla data"), required=False)


class SubAmbitoSceltaMixin(forms.Form):
    sub_ambito = forms.ModelChoiceField(label=_("Sub-ambito"), required=False, queryset=None,
                                        empty_label=_("— nessuno —"))

    def __init__(self, *args: Any, ambito: Ambito, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_ambito"].queryset = sub_ambito_list(ambito=ambito, data=timezone.localdate())


class AppartenenzaNuovaForm(ConStileBootstrap, SubAmbitoSceltaMixin):
    comune = forms.CharField(
        label=_("Comune"), max_length=250,
        help_text=_("Scrivi il nome e scegli dall'elenco, oppure indica il codice ISTAT (es. 098031)."),
        widget=forms.TextInput(attrs={"list": "comuni-suggeriti", "autocomplete": "off"}))
    valido_dal = CampoData(label=_("Nell'Ambito dal"))
    valido_al = CampoData(label=_("Fino al"), required=False, help_text=_("Lascia vuoto se non è prevista una fine."))

    field_order = ["comune", "valido_dal", "valido_al", "sub_ambito"]

    def clean_comune(self) -> Comune:
        trovati = comune_cerca(self.cleaned_data["comune"])
        if not trovati:
            raise forms.ValidationError(_("Comune non trovato: controlla il nome o usa il codice ISTAT."))
        if len(trovati) > 1:
            raise forms.ValidationError(_("Più comuni hanno questo nome: scegli dall'elenco o usa il codice ISTAT."))
        return trovati[0]


class AppartenenzaModificaForm(ConStileBootstrap, SubAmbitoSceltaMixin):
    valido_al = CampoData(label=_("Nell'Ambito fino al"), required=False,
                           help_text=_("Indica l'ultimo giorno di appartenenza se il comune lascia l'Ambito "
                                       "(ad esempio per passare a un altro Ambito)."))


class SubAmbitoForm(ConStileBootstrap, forms.Form):
    nome = forms.CharField(label=_("Nome del sub-ambito"), max_length=120,
                           help_text=_("Ad esempio Legnanese, Castanese."))


class EnteForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo di ente"), choices=TipoEnte.choices)
    denominazione = forms.CharField(label=_("Denominazione"), max_length=250)
    codice_fiscale = forms.CharField(label=_("Codice fiscale"), max_length=16, required=False,
                                     help_text=_("11 cifre (16 caratteri per una ditta individuale)."))
    partita_iva = forms.CharField(label=_("Partita IVA"), max_length=13, required=False)
    pec = forms.EmailField(label=_("PEC"), required=False,
                           error_messages={"invalid": _("Indirizzo PEC non valido.")})
    legale_rappresentante = forms.CharField(label=_("Legale rappresentante"), max_length=200, required=False)
    numero_runts = forms.CharField(label=_("Numero di iscrizione al RUNTS"), max_length=30, required=False,
                                   help_text=_("Solo per gli enti del Terzo Settore."))
    comune = forms.ModelChoiceField(label=_("Comune"), required=False, queryset=None,
                                    help_text=_("Solo se l'ente è un comune dell'Ambito."))

    def __init__(self, *args: Any, comuni: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comune"].queryset = comuni


class ImpostazioniForm(ConStileBootstrap, forms.Form):
    regola_voto = forms.ChoiceField(label=_("Regola di voto dell'Assemblea dei Sindaci"), choices=RegolaVoto.choices,
                                    help_text=_("Come stabilito dall'Accordo di programma."))
    quorum_componenti_percento = forms.IntegerField(label=_("Quorum costitutivo: % dei componenti"),
                                                    min_value=0, max_value=100)
    quorum_popolazione_percento = forms.IntegerField(
        label=_("Quorum costitutivo: % della popolazione rappresentata"), min_value=0, max_value=100,
        help_text=_("0 se l'Accordo non prevede un quorum sulla popolazione."))
    mese_inizio_esercizio = forms.TypedChoiceField(label=_("Mese di inizio dell'esercizio"), choices=MESI,
                                                   coerce=int)
    tipi_isee_default = forms.MultipleChoiceField(label=_("Tipi di ISEE proposti nei bandi"), required=False,
                                                  choices=TipoISEE.choices, widget=forms.CheckboxSelectMultiple)
    logo = forms.ImageField(label=_("Logo"), required=False, help_text=_("PNG o JPEG, al massimo 1 MB."))
    rimuovi_logo = forms.BooleanField(label=_("Rimuovi il logo attuale"), required=False)
