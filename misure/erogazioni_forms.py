"""Forms of the erogazioni pages (the API validates with its own serializers; the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ambito.atti.models import Atto
from ambito.forms import CampoData, CampoImporto, ConStileBootstrap
from ambito.territorio.models import Ente
from misure.models import TipoDestinatario, TipoEventoBeneficio


class PianoForm(ConStileBootstrap, forms.Form):
    mese_inizio = CampoData(label=_("Primo mese (primo giorno del mese)"))
    tipo_destinatario = forms.ChoiceField(label=_("Pagato a"), choices=TipoDestinatario.choices)
    ente = forms.ModelChoiceField(label=_("Ente erogatore accreditato (solo voucher)"), required=False,
                                  queryset=Ente.objects.none())
    iban = forms.CharField(label=_("IBAN (vuoto: quello del beneficiario)"), max_length=60, required=False)
    intestatario = forms.CharField(label=_("Intestatario del conto"), max_length=200, required=False)
    importo_mensile = CampoImporto(label=_("Importo mensile (vuoto: quello finanziato)"), required=False)
    mesi = forms.IntegerField(label=_("Mesi (vuoto: quelli finanziati)"), min_value=1, max_value=60, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ente"].queryset = Ente.objects.order_by("denominazione")


class EventoForm(ConStileBootstrap, forms.Form):
    tipo = forms.ChoiceField(label=_("Evento"), choices=TipoEventoBeneficio.choices)
    dal = CampoData(label=_("Dal"))
    al = CampoData(label=_("Al (solo sospensione, se nota)"), required=False)
    motivo = forms.CharField(label=_("Motivo"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class DistintaForm(ConStileBootstrap, forms.Form):
    mese = CampoData(label=_("Mese (primo giorno del mese)"))


class ConfermaForm(ConStileBootstrap, forms.Form):
    atto = forms.ModelChoiceField(label=_("Atto di liquidazione (determina)"), queryset=Atto.objects.none())

    def __init__(self, *args: Any, ambito: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["atto"].queryset = Atto.objects.filter(ambito=ambito).order_by("-data", "-pk")


class SepaForm(ConStileBootstrap, forms.Form):
    debitore = forms.CharField(label=_("Ordinante (ente capofila)"), max_length=70)
    iban = forms.CharField(label=_("IBAN dell'ordinante"), max_length=60)
